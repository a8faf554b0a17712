/**
 * Test harness for the API contract tests: the real handler over real local stores
 * (SQLite in memory), a real local signer in a temp folder, the real ledger writer and
 * services. Requests go in as API Gateway v2 events, exactly as the local server and
 * Lambda deliver them.
 */
import { openLocalLog } from '../../functions/runtime/local-log.ts';
import { checkpointingWriter } from '../../functions/services/checkpoints.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearerTokenAuth } from '../../functions/api/auth.ts';
import type { ApiDeps } from '../../functions/api/deps.ts';
import type { AssetSource } from '../../functions/ports/assets.ts';
import type { ApiGatewayV2Event, ApiGatewayV2Result } from '../../functions/api/event.ts';
import { createApi } from '../../functions/api/create-api.ts';
import { openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { openLocalSigner, type LocalSigner } from '../../functions/adapters/local/signer.ts';
import { recordingLifecycle } from '../helpers/lifecycle.ts';
import { createChannelSender } from '../../functions/adapters/common/channels/channel-sender.ts';
import { LOCAL_POLICY } from '../../functions/engine/index.ts';
import { createPrometheusMetrics } from '../../functions/adapters/local/metrics/prometheus.ts';
import { createLedgerWriter, type LedgerWriter } from '../../functions/services/ledger.ts';

export const TOKEN = 'test-admin-token-0123456789abcdef';
export const REGIONS = ['local-a', 'local-b'] as const;

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly raw: ApiGatewayV2Result;
  /** The body parsed as JSON (throws when it is not). */
  json<T = any>(): T;
}

export interface CallOptions {
  /** An object is sent as JSON; a string as is. */
  readonly body?: unknown;
  /** The bearer token; `null` sends none. @default TOKEN */
  readonly token?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly base64?: boolean;
}

export interface ManualClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export interface ApiHarness {
  readonly stores: LocalStores;
  readonly signer: LocalSigner;
  readonly ledgerWriter: LedgerWriter;
  readonly clock: ManualClock;
  readonly deps: ApiDeps;
  readonly errors: Array<{ message: string; fields?: Readonly<Record<string, unknown>> }>;
  call(method: string, pathAndQuery: string, options?: CallOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export const ASSETS: Readonly<Record<string, { body: string; contentType: string }>> = {
  'index.html': { body: '<!doctype html><title>CrossCheck</title><script type="module" src="/assets/app.js"></script>', contentType: 'text/html; charset=utf-8' },
  'app.js': { body: 'export const ok = true;\n', contentType: 'text/javascript; charset=utf-8' },
  'lib/chart.js': { body: 'export function chart() {}\n', contentType: 'text/javascript; charset=utf-8' },
  'logo.png': { body: '\u0089PNG', contentType: 'image/png' },
};

export function memoryAssets(files: Readonly<Record<string, { body: string; contentType: string }>> = ASSETS): AssetSource {
  return {
    async get(path) {
      // Own names only: `/assets/valueOf` must be a miss, as it is for the real asset source (a Map).
      const file = Object.hasOwn(files, path) ? files[path] : undefined;
      if (!file) return null;
      return file.contentType.startsWith('image/png') ? { body: Buffer.from(file.body, 'latin1'), contentType: file.contentType } : file;
    },
  };
}

export function manualClock(start: number): ManualClock {
  let now = start;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

export function buildEvent(method: string, pathAndQuery: string, options: CallOptions = {}): ApiGatewayV2Event {
  const [rawPath, rawQueryString = ''] = splitOnce(pathAndQuery, '?');
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    ...(body === undefined ? {} : { body: options.base64 ? Buffer.from(body).toString('base64') : body }),
    isBase64Encoded: options.base64 ?? false,
    requestContext: { http: { method, path: rawPath, sourceIp: '127.0.0.1' }, requestId: 'test' },
  };
}

function splitOnce(value: string, separator: string): [string, string?] {
  const index = value.indexOf(separator);
  return index === -1 ? [value] : [value.slice(0, index), value.slice(index + 1)];
}

export interface HarnessOptions {
  /** Start of the manual clock (epoch ms). */
  readonly now?: number;
  readonly runCheckNow?: ApiDeps['runCheckNow'];
  readonly channelSender?: ApiDeps['channelSender'];
  /** Replaces parts of the handler's deps (e.g. a store that fails). */
  readonly override?: (deps: ApiDeps, stores: LocalStores) => Partial<ApiDeps>;
}

export async function openApiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-api-'));
  const stores = openLocalStores({ path: ':memory:' });
  const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
  const clock = manualClock(options.now ?? Date.parse('2026-11-21T12:30:00Z'));
  let counter = 0;
  const ids = { next: () => `id${String(++counter).padStart(4, '0')}` };
  // The log as the runtime keeps it: a checkpoint signed after each append, with both note keys.
  const tlog = await openLocalLog({ host: 'api.test', port: 443, dataDir: dir, logOrigin: null }, stores, signer);
  const ledgerWriter = checkpointingWriter(createLedgerWriter({ ledger: stores.ledger, signer, clock }), tlog.checkpointer, (error) => {
    throw error;
  });
  const errors: ApiHarness['errors'] = [];
  const deps: ApiDeps = {
    monitors: stores.monitors,
    results: stores.results,
    states: stores.states,
    incidents: stores.incidents,
    ledger: stores.ledger,
    channels: stores.channels,
    deliveries: stores.deliveries,
    channelSender: options.channelSender ?? createChannelSender({ policy: LOCAL_POLICY, retries: 0 }),
    publicUrl: 'http://crosscheck.test',
    metrics: createPrometheusMetrics({ ...stores, now: () => clock.now() }),
    log: stores.log,
    noteKeys: tlog.noteKeys,
    statementSigner: signer,
    documents: stores.documents,
    ledgerWriter,
    lifecycle: recordingLifecycle(stores, ledgerWriter, clock, REGIONS),
    runCheckNow: options.runCheckNow ?? (async () => []),
    signer,
    clock,
    ids,
    regions: REGIONS,
    authorize: bearerTokenAuth(TOKEN),
    assets: memoryAssets(),
    logger: { error: (message, fields) => errors.push({ message, ...(fields ? { fields } : {}) }) },
  };
  const handler = createApi({ ...deps, ...options.override?.(deps, stores) });
  return {
    stores,
    signer,
    ledgerWriter,
    clock,
    deps,
    errors,
    async call(method, pathAndQuery, callOptions) {
      const raw = await handler(buildEvent(method, pathAndQuery, callOptions));
      const text = raw.isBase64Encoded ? Buffer.from(raw.body, 'base64').toString('latin1') : raw.body;
      return { status: raw.statusCode, headers: raw.headers, text, raw, json: () => JSON.parse(text) };
    },
    async close() {
      stores.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
