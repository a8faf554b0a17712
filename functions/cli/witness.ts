/**
 * `crosscheck witness serve`: a minimal C2SP tlog-witness that anyone can run with one
 * command against the logs it is told about (their vkeys): `POST /add-checkpoint`
 * checks a checkpoint's signature and its consistency with the last one this witness
 * cosigned for that log, and answers an Ed25519 cosignature/v1. Requests are handled one
 * at a time, and the record is written (atomically: a temp file renamed) before the
 * answer, so two requests can never roll a log back. Its key is a note private key file
 * in Go's sumdb/note form, made on first start.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { ed25519FromSeed, formatNotePrivateKey, parseNotePrivateKey } from '../core/tlog/note-key-file.ts';
import { cosignedMessage, formatVerifierKey, noteKeyId, parseVerifierKey, SIG_COSIGNATURE_V1, signatureLine, type VerifierKey } from '../core/tlog/note.ts';
import { decideAddCheckpoint, parseAddCheckpoint, type WitnessRecord } from '../core/tlog/witness.ts';
import { parseFlags, wantsHelp } from './flags.ts';
import { EXIT_OK, EXIT_USAGE, type CliIo, UsageError } from './io.ts';

export const WITNESS_USAGE = `crosscheck witness serve --log <vkey> [--log <vkey>...] [options]
  A minimal C2SP tlog-witness: POST /add-checkpoint cosigns a log's checkpoint (Ed25519
  cosignature/v1) once its signature and its consistency with the last cosigned one hold.
      --log <vkey>      a log to witness: its note verifier key (repeatable); the key's
                        name is the log's origin
      --key <file>      the witness's note private key (default ./witness.key; made on
                        first start, named --name)
      --name <name>     the witness's name for a new key (default witness.localhost)
      --state <file>    the last cosigned checkpoint of each log (default ./witness-state.json)
      --host <addr>     (default 127.0.0.1)   --port <n>  (default 8071; 0 picks one)
  Prints the witness's vkey to configure on the log. Stops on SIGINT/SIGTERM (exit 0).
`;

const OPTIONS = {
  log: { type: 'string', multiple: true },
  key: { type: 'string' },
  name: { type: 'string' },
  state: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
} as const;

export interface WitnessOptions {
  readonly logs: readonly string[];
  readonly keyPath: string;
  readonly name: string;
  readonly statePath: string;
  readonly host: string;
  readonly port: number;
  readonly now?: () => number;
}

export interface RunningWitness {
  readonly url: string;
  readonly vkey: string;
  close(): Promise<void>;
}

async function loadOrCreateKey(path: string, name: string) {
  let text: string | null = null;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (text === null) {
    const seed = new Uint8Array(Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }).d!, 'base64url'));
    await writeFile(path, formatNotePrivateKey(name, seed), { mode: 0o600, flag: 'wx' });
    return { name, seed };
  }
  try {
    return parseNotePrivateKey(text);
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
}

export async function startWitness(options: WitnessOptions): Promise<RunningWitness> {
  const logs = new Map<string, VerifierKey[]>();
  for (const text of options.logs) {
    let key: VerifierKey;
    try {
      key = parseVerifierKey(text);
    } catch (error) {
      throw new UsageError(`--log ${text}: ${(error as Error).message}`);
    }
    logs.set(key.name, [...(logs.get(key.name) ?? []), key]);
  }
  if (logs.size === 0) throw new UsageError('give at least one --log <vkey>: the logs this witness cosigns');
  const { name, seed } = await loadOrCreateKey(options.keyPath, options.name);
  const { privateKey, publicKey } = ed25519FromSeed(seed);
  const keyId = noteKeyId(name, SIG_COSIGNATURE_V1, publicKey);
  const vkey = formatVerifierKey(name, SIG_COSIGNATURE_V1, publicKey);
  const now = options.now ?? Date.now;

  let records: Record<string, WitnessRecord> = {};
  try {
    records = JSON.parse(await readFile(options.statePath, 'utf8')) as Record<string, WitnessRecord>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`${options.statePath} is not a witness state: ${(error as Error).message}`);
  }

  async function addCheckpoint(body: string): Promise<{ status: number; type: string; text: string }> {
    let request;
    try {
      request = parseAddCheckpoint(body);
    } catch (error) {
      return { status: 400, type: 'text/plain; charset=utf-8', text: `${(error as Error).message}\n` };
    }
    const decision = decideAddCheckpoint(request, logs, (origin) => records[origin] ?? null);
    if (decision.status === 409) return { status: 409, type: 'text/x.tlog.size', text: `${decision.size}\n` };
    if (decision.status !== 200) return { status: decision.status, type: 'text/plain; charset=utf-8', text: `${decision.message}\n` };
    const next = { ...records, [decision.origin]: decision.record };
    const temp = `${options.statePath}.tmp`;
    await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`);
    await rename(temp, options.statePath);
    records = next;
    const timestamp = Math.floor(now() / 1000);
    const time = Buffer.alloc(8);
    time.writeBigUInt64BE(BigInt(timestamp));
    const signature = Buffer.concat([time, sign(null, cosignedMessage(decision.text, timestamp), privateKey)]);
    return { status: 200, type: 'text/plain; charset=utf-8', text: signatureLine({ name, keyId, signature }) };
  }

  // One request at a time: the check against the record and its update are one step.
  let tail: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    if (req.url !== '/add-checkpoint') return void res.writeHead(404).end('not found\n');
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end('POST only\n');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const run = tail.then(() => addCheckpoint(Buffer.concat(chunks).toString('utf8')));
      tail = run.catch(() => undefined);
      run.then(
        ({ status, type, text }) => res.writeHead(status, { 'content-type': type }).end(text),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    vkey,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function witnessCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h' || wantsHelp(rest)) {
    (sub === undefined ? io.stderr : io.stdout).write(WITNESS_USAGE);
    return sub === undefined ? EXIT_USAGE : EXIT_OK;
  }
  try {
    if (sub !== 'serve') throw new UsageError(`unknown subcommand 'witness ${sub}' (expected serve)`);
    const { values, positionals } = parseFlags(rest, OPTIONS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const port = Number(values.port ?? '8071');
    if (!/^\d+$/.test(values.port ?? '8071') || port > 65535) throw new UsageError(`--port '${values.port}': expected 0 to 65535`);
    const witness = await startWitness({
      logs: values.log ?? [],
      keyPath: values.key ?? 'witness.key',
      name: values.name ?? 'witness.localhost',
      statePath: values.state ?? 'witness-state.json',
      host: values.host ?? '127.0.0.1',
      port,
    });
    io.stdout.write(`witness listening on ${witness.url}/add-checkpoint\nits vkey (give it to the log): ${witness.vkey}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await witness.close();
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`crosscheck witness: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
