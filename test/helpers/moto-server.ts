/**
 * moto (the AWS emulator, Python) on a free loopback port, with SDK clients pointed at
 * it with dummy credentials: for the integration tests (through moto.ts) and the cost
 * benchmark. Nothing reaches beyond this machine, and no real credentials are ever read:
 * the SDK's shared config and credential files are pointed at nothing and instance
 * metadata is off. No test framework here, so plain scripts can use it too.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

// Before any SDK client exists: no real credentials, no instance metadata, no ~/.aws.
process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
process.env['AWS_CONFIG_FILE'] = '/nonexistent/crosscheck-test/aws-config';
process.env['AWS_SHARED_CREDENTIALS_FILE'] = '/nonexistent/crosscheck-test/aws-credentials';
delete process.env['AWS_PROFILE'];

export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' } as const;
/** moto's default account. */
export const MOTO_ACCOUNT = '123456789012';

const READY_TIMEOUT_MS = 20_000;

/**
 * moto's own server (`python3 -m moto.server`), but answering one request at a time.
 * Threaded, moto loses updates: its UpdateItem reads, changes and writes an item with no
 * lock (moto/dynamodb/models, `update_item`), so two concurrent `ADD`s can count once,
 * which DynamoDB never does. One request at a time makes moto as atomic as DynamoDB.
 */
const MOTO_SERVER = [
  'import os, sys',
  'from werkzeug.serving import run_simple',
  'from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app',
  'host, port = sys.argv[1], int(sys.argv[2])',
  'os.environ.setdefault("MOTO_PORT", str(port))',
  'run_simple(host, port, DomainDispatcherApplication(create_backend_app), threaded=False, use_reloader=False)',
].join('\n');
const START_ATTEMPTS = 3;

export interface MotoAvailability {
  readonly available: boolean;
  readonly detail: string;
}

function probeMoto(): MotoAvailability {
  const probe = spawnSync('python3', ['-c', 'import moto, moto.server; print(moto.__version__)'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return { available: false, detail: `python3 could not be run (${probe.error.message})` };
  if (probe.status !== 0) return { available: false, detail: `python3 cannot import moto.server: ${probe.stderr.trim().split('\n').at(-1) ?? ''}` };
  return { available: true, detail: `moto ${probe.stdout.trim()}` };
}

export const MOTO: MotoAvailability = probeMoto();

/** Client configuration for one region of the running moto. */
export interface MotoClientConfig {
  readonly region: string;
  readonly endpoint: string;
  readonly credentials: typeof TEST_CREDENTIALS;
  readonly maxAttempts: number;
}

export interface MotoServer {
  readonly endpoint: string;
  /** Configuration for an SDK client of any service: `new SQSClient(moto.config('eu-west-1'))`. */
  config(region: string): MotoClientConfig;
  /** moto's internal state of every backend (sent SES mail under `ses.messages`...). */
  data(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`moto exited early (${child.exitCode ?? child.signalCode}): ${output()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`moto did not answer on ${endpoint} within ${READY_TIMEOUT_MS} ms: ${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startMoto(): Promise<MotoServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_')) env[name] = value;
    const child = spawn('python3', ['-c', MOTO_SERVER, '127.0.0.1', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(endpoint, child, () => log);
    } catch (error) {
      lastError = error;
      await stopChild(child);
      continue; // the port may have been taken between probing and binding: try another
    }
    return {
      endpoint,
      config: (region) => ({ region, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 2 }),
      data: async () => (await (await fetch(`${endpoint}/moto-api/data.json`)).json()) as Record<string, unknown>,
      stop: () => stopChild(child),
    };
  }
  throw lastError;
}

/** Sets environment variables (undefined deletes one); returns a function that restores the previous values. */
export function setEnvironment(values: Readonly<Record<string, string | undefined>>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (next: Readonly<Record<string, string | undefined>>) => {
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(previous);
}

/**
 * Points the SDK's own environment configuration at moto, for code that builds its
 * clients itself (the Lambda handlers): dummy credentials and `AWS_ENDPOINT_URL`.
 * Returns a function that restores the previous values.
 */
export function pointSdkEnvironmentAt(endpoint: string): () => void {
  return setEnvironment({
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: TEST_CREDENTIALS.sessionToken,
  });
}

export interface SesMessage {
  readonly destinations: readonly string[];
  readonly raw: string;
}

/** moto's SES store (`ses.messages` per account and region in /moto-api/data.json), as raw mails with their destinations. */
export function sesMessages(data: Record<string, unknown>): SesMessage[] {
  const messages: SesMessage[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (typeof record['raw_data'] === 'string') {
        const destinations = record['destinations'];
        messages.push({ raw: record['raw_data'], destinations: Array.isArray(destinations) ? (destinations as string[]) : [] });
      } else Object.values(record).forEach(visit);
    }
  };
  visit((data as { ses?: unknown }).ses);
  return messages;
}
