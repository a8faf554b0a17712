/**
 * Faults and races at the SDK client, where AWS would cause them: middleware on the real
 * clients of the functions' containers (containers.ts), so that the product's code, the
 * SDK's own retries included, meets them unchanged. Nothing in the product knows.
 *
 * - `failNext`: the next N attempts of a command fail with an AWS error (e.g. KMS `Sign`
 *   with `ThrottlingException`). It sits inside the SDK's retry middleware, so each
 *   attempt counts, and the SDK retries a throttled one with its own backoff.
 * - `gather`: requests matching a predicate are held until `count` of them wait, then
 *   all go at once: a race made certain (every racer read the same version before any
 *   conditional write lands), instead of one left to timing.
 * - `after`: runs an action once a matching request has succeeded (e.g. time a
 *   container out right after its state write, before its effects).
 * - `errors`: the AWS errors the functions' code received (after retries), by name:
 *   `ConditionalCheckFailedException`, `TransactionCanceledException`, ...
 */

/** What a middleware sees of a request. */
export interface RequestInfo {
  /** e.g. `SignCommand`, `PutItemCommand`. */
  readonly command: string;
  readonly input: Record<string, unknown>;
}

type Owner = unknown;
type Next = (args: { input: Record<string, unknown> }) => Promise<unknown>;
type Context = { commandName?: string };
interface WithStack {
  readonly middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
}

/** An error shaped as the SDK raises a service's error: its code as `name`, the HTTP status in `$metadata`. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode, attempts: 1, totalRetryDelay: 0 } });
}

export interface RequestFaults {
  /** Adds the middleware to a client; `owner` (e.g. its container) is handed to `after` actions and predicates. */
  attach(client: WithStack, owner?: Owner): void;
  /** The next `times` attempts of `command` whose input matches fail with `error()`; `failed()` says how many did so far. */
  failNext(command: string, times: number, error: () => Error, matches?: (request: RequestInfo, owner: Owner) => boolean): { failed(): number };
  /**
   * Holds matching requests until `count` wait (or `timeoutMs` passed since the first), then
   * lets them go at once. Resolves with how many were gathered. One round.
   */
  gather(matches: (request: RequestInfo, owner: Owner) => boolean, count: number, timeoutMs: number): Promise<number>;
  /** Once, after the first matching request that succeeded: `action(owner)`. */
  after(matches: (request: RequestInfo, owner: Owner) => boolean, action: (owner: Owner) => void): void;
  /** AWS errors the functions received (after the SDK's retries), by error name. */
  readonly errors: Map<string, number>;
  /** Disarms every fault (counts stay). */
  reset(): void;
}

export function createRequestFaults(): RequestFaults {
  const errors = new Map<string, number>();
  let failures: { command: string; left: number; done: number; error: () => Error; matches: (r: RequestInfo, o: Owner) => boolean }[] = [];
  let gathers: { matches: (r: RequestInfo, o: Owner) => boolean; waiting: (() => void)[]; count: number; timeoutMs: number; timer: NodeJS.Timeout | null; done: (n: number) => void; open: boolean }[] = [];
  let afters: { matches: (r: RequestInfo, o: Owner) => boolean; action: (o: Owner) => void }[] = [];

  function release(gathering: (typeof gathers)[number]): void {
    if (!gathering.open) return;
    gathering.open = false;
    if (gathering.timer) clearTimeout(gathering.timer);
    gathering.done(gathering.waiting.length);
    for (const go of gathering.waiting.splice(0)) go();
  }

  return {
    errors,
    attach(client, owner) {
      // Outermost: gathers, actions after success, and the errors the caller finally gets.
      client.middlewareStack.add(
        (next: Next, context: Context) => async (args: { input: Record<string, unknown> }) => {
          const request: RequestInfo = { command: context.commandName ?? '', input: args.input };
          const gathering = gathers.find((g) => g.open && g.matches(request, owner));
          if (gathering) {
            await new Promise<void>((resolve) => {
              gathering.waiting.push(resolve);
              if (gathering.waiting.length >= gathering.count) release(gathering);
              else gathering.timer ??= setTimeout(() => release(gathering), gathering.timeoutMs);
            });
          }
          try {
            const out = await next(args);
            const trigger = afters.find((a) => a.matches(request, owner));
            if (trigger) {
              afters = afters.filter((a) => a !== trigger);
              trigger.action(owner);
            }
            return out;
          } catch (error) {
            const name = (error as Error).name ?? 'Error';
            errors.set(name, (errors.get(name) ?? 0) + 1);
            throw error;
          }
        },
        { step: 'initialize', priority: 'low', name: 'raceFaultsOuter' },
      );
      // Inside the SDK's retry middleware: every attempt passes here.
      client.middlewareStack.add(
        (next: Next, context: Context) => async (args: { input: Record<string, unknown> }) => {
          const request: RequestInfo = { command: context.commandName ?? '', input: args.input };
          const failure = failures.find((f) => f.left > 0 && f.command === request.command && f.matches(request, owner));
          if (failure) {
            failure.left -= 1;
            failure.done += 1;
            throw failure.error();
          }
          return next(args);
        },
        { step: 'finalizeRequest', priority: 'low', name: 'raceFaultsAttempt' },
      );
    },
    failNext(command, times, error, matches = () => true) {
      const failure = { command, left: times, done: 0, error, matches };
      failures.push(failure);
      return { failed: () => failure.done };
    },
    gather(matches, count, timeoutMs) {
      return new Promise((done) => {
        gathers.push({ matches, waiting: [], count, timeoutMs, timer: null, done, open: true });
      });
    },
    after(matches, action) {
      afters.push({ matches, action });
    },
    reset() {
      for (const gathering of gathers) release(gathering);
      failures = [];
      gathers = [];
      afters = [];
    },
  };
}
