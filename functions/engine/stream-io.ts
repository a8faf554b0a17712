/**
 * Reading from a connected socket within a check: the first answer (tcp monitors),
 * and reply lines of a plain-text protocol (the STARTTLS dialogue). Each read settles
 * on data, on the peer closing, on a socket error or when the check's time runs out.
 */
import type { Socket } from 'node:net';
import { codeOf, describeError, ProbeFailure } from './failure.ts';

export interface ReadContext {
  readonly signal: AbortSignal;
  readonly onAbort: () => ProbeFailure;
}

function brokeOff(error: unknown): ProbeFailure {
  return new ProbeFailure('connect', codeOf(error, 'connect_failed'), `the connection broke: ${describeError(error)}`, { cause: error });
}

/**
 * Waits until `take(chunks so far)` returns a value (or the peer closes: `onEnd`).
 * Listeners are removed when it settles; unread data stays with the caller's socket.
 */
function readUntil<T>(socket: Socket, context: ReadContext, take: (received: Buffer) => T | null, onEnd: (received: Buffer) => T | ProbeFailure): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let received = Buffer.alloc(0);
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('end', onClose);
      socket.off('error', onError);
      context.signal.removeEventListener('abort', onAbortSignal);
      socket.pause();
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      let value: T | null;
      try {
        value = take(received);
      } catch (error) {
        cleanup();
        return reject(error);
      }
      if (value !== null) {
        cleanup();
        resolve(value);
      }
    };
    const onClose = (): void => {
      cleanup();
      const value = onEnd(received);
      if (value instanceof ProbeFailure) reject(value);
      else resolve(value);
    };
    const onError = (error: unknown): void => {
      cleanup();
      reject(brokeOff(error));
    };
    const onAbortSignal = (): void => {
      cleanup();
      reject(context.onAbort());
    };
    if (context.signal.aborted) return onAbortSignal();
    context.signal.addEventListener('abort', onAbortSignal, { once: true });
    socket.on('data', onData);
    socket.once('end', onClose);
    socket.once('error', onError);
    socket.resume();
  });
}

/** The first chunk the peer sends, cut to `maxBytes`; empty when it closes without a byte (as Gatus reads: one read). */
export function readFirstAnswer(socket: Socket, maxBytes: number, context: ReadContext): Promise<Buffer> {
  return readUntil(
    socket,
    context,
    (received) => (received.length > 0 ? received.subarray(0, maxBytes) : null),
    (received) => received.subarray(0, maxBytes),
  );
}

/** Sends `data` on the socket; a failed write is a broken connection. */
export function send(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.write(data, (error) => (error ? reject(brokeOff(error)) : resolve()));
  });
}

/** The longest a plain-text reply may be before the server is taken to be broken. */
const MAX_REPLY_BYTES = 16 * 1024;

/**
 * Reply lines (CRLF or LF) up to and including the first for which `isLast` holds.
 * Fails with cause `protocol` when the peer closes first or the reply runs too long.
 */
export function readReply(socket: Socket, isLast: (line: string) => boolean, what: string, context: ReadContext): Promise<string[]> {
  const complete = (received: Buffer): string[] | null => {
    const text = received.toString('latin1');
    const lines = text.split('\n');
    lines.pop(); // an unfinished line
    const at = lines.findIndex((line) => isLast(line.replace(/\r$/, '')));
    if (at >= 0) return lines.slice(0, at + 1).map((line) => line.replace(/\r$/, ''));
    if (received.length > MAX_REPLY_BYTES) throw new ProbeFailure('protocol', 'reply_too_long', `${what}: the reply runs over ${MAX_REPLY_BYTES} bytes`);
    return null;
  };
  return readUntil(socket, context, complete, () => new ProbeFailure('protocol', 'closed_early', `${what}: the server closed the connection`));
}
