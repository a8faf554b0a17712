/**
 * Where `crosscheck ledger` reads from: an export file or a live API (pages of
 * GET /v1/ledger merged), and a JWKS from a file or a URL. Anything unreadable is an
 * InputError: the command reports it and exits 2, having verified nothing.
 */
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import * as z from 'zod';

export class InputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}

export interface LedgerExport {
  readonly entries: { seq: number; jws: string }[];
  /** The head seq the source reported, null when it did not. */
  readonly head: number | null;
}

/** `head` as the API may spell it: a seq, a record with a seq, or null for an empty ledger. */
const HeadSchema = z
  .union([z.number().int().min(0), z.looseObject({ seq: z.number().int().min(1) }), z.null()])
  .transform((head) => (head === null ? null : typeof head === 'number' ? head : head.seq));

const PageSchema = z.looseObject({
  entries: z.array(z.looseObject({ seq: z.number(), jws: z.string() })),
  head: HeadSchema.optional(),
});

const JwksSchema = z.looseObject({ keys: z.array(z.looseObject({ kty: z.string() })) });

export const isUrl = (source: string): boolean => /^https?:\/\//i.test(source);

/** `http://host:8080`, `http://host:8080/prefix/` or `.../v1/ledger` -> the `/v1/ledger` URL. */
export function ledgerUrl(apiUrl: string): URL {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new InputError(`${apiUrl} is not a URL`);
  }
  url.search = '';
  url.hash = '';
  if (!/\/v1\/ledger\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/$/, '')}/v1/ledger`;
  return url;
}

async function getJson(url: string | URL, fetchFn: typeof fetch): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new InputError(`cannot fetch ${url}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new InputError(`cannot fetch ${url}: HTTP ${response.status}`);
  try {
    return await response.json();
  } catch (error) {
    throw new InputError(`${url} did not return JSON`, { cause: error });
  }
}

async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

function shaped<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
  throw new InputError(`${what} is not ${schema === JwksSchema ? 'a JWKS' : 'a ledger export'}: ${path ? `${path.replace(/^\./, '')}: ` : ''}${issue?.message ?? 'malformed'}`);
}

export async function readLedgerFile(path: string): Promise<LedgerExport> {
  const page = shaped(PageSchema, await readJsonFile(path), path);
  return { entries: page.entries.map(({ seq, jws }) => ({ seq, jws })), head: page.head ?? null };
}

/**
 * Every entry from the API, page after page (`?after=<last seq>&limit=`), until the
 * head the API reports is reached.
 */
export async function fetchLedger(apiUrl: string, fetchFn: typeof fetch, pageSize = 1000): Promise<LedgerExport> {
  const base = ledgerUrl(apiUrl);
  const entries: { seq: number; jws: string }[] = [];
  let after = 0;
  let head: number | null = null;
  for (;;) {
    const url = new URL(base);
    url.searchParams.set('after', String(after));
    url.searchParams.set('limit', String(pageSize));
    const page = shaped(PageSchema, await getJson(url, fetchFn), url.toString());
    if (page.head !== undefined) head = page.head;
    const last = page.entries.at(-1);
    if (last === undefined) break;
    if (!(last.seq > after)) throw new InputError(`${url} returned entries that do not move past seq ${after}`);
    entries.push(...page.entries.map(({ seq, jws }) => ({ seq, jws })));
    after = last.seq;
    if (head !== null && after >= head) break;
  }
  return { entries, head };
}

export async function readJwks(source: string, fetchFn: typeof fetch): Promise<JSONWebKeySet> {
  const value = isUrl(source) ? await getJson(source, fetchFn) : await readJsonFile(source);
  return shaped(JwksSchema, value, source) as unknown as JSONWebKeySet;
}
