/**
 * A small client for the CrossCheck API, shared by the CLI commands that manage
 * monitors. Authentication is a pluggable request signer: a bearer token in local
 * mode, SigV4 against API Gateway. Problem+json errors come back as one readable
 * message naming each bad field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './io.ts';

export interface ApiRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** Adds authentication headers to a request (may be async, as SigV4 is). */
export type RequestSigner = (request: ApiRequest) => Promise<Record<string, string>> | Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export interface ApiClient {
  readonly baseUrl: URL;
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export function createApiClient(baseUrl: string, sign: RequestSigner, fetchFn: typeof fetch = fetch): ApiClient {
  let base: URL;
  try {
    base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch {
    throw new UsageError(`--api '${baseUrl}': not a URL`);
  }
  return {
    baseUrl: base,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const url = new URL(path.replace(/^\//, ''), base);
      const headers: Record<string, string> = { accept: 'application/json' };
      const text = body === undefined ? undefined : JSON.stringify(body);
      if (text !== undefined) headers['content-type'] = 'application/json';
      const request: ApiRequest = text === undefined ? { method, url, headers } : { method, url, headers, body: text };
      Object.assign(headers, await sign(request));
      let response: Response;
      try {
        response = await fetchFn(url, { method, headers, body: text });
      } catch (error) {
        const reason = String((error as Error).cause ?? (error as Error).message).replace(/^Error: /, '');
        throw new ApiError(0, `cannot reach the CrossCheck API at ${base.origin} (${reason}): is it running (npm start)? Give its address with --api <url> or $CROSSCHECK_API`);
      }
      const raw = await response.text();
      const json: unknown = raw ? safeJson(raw) : null;
      if (!response.ok) throw new ApiError(response.status, describeProblem(method, url, response.status, json));
      return json as T;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeProblem(method: string, url: URL, status: number, body: unknown): string {
  const head = `${method} ${url.pathname}: HTTP ${status}`;
  if (typeof body !== 'object' || body === null) return head;
  const problem = body as { title?: string; detail?: string; errors?: { path: string; message: string }[] };
  const lines = [`${head} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`.trim()];
  for (const e of problem.errors ?? []) lines.push(`  ${e.path || '(body)'}: ${e.message}`);
  return lines.join('\n');
}

/**
 * `Authorization: Bearer <token>` from --token, --token-file, $CROSSCHECK_TOKEN or
 * ./.crosscheck/admin-token. With `optional` (public routes), no token found means no
 * header instead of an error.
 */
export function bearerSigner(options: {
  token?: string | undefined;
  tokenFile?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  optional?: boolean;
}): RequestSigner {
  const env = options.env ?? {};
  let token = options.token ?? env.CROSSCHECK_TOKEN;
  const file = options.tokenFile ?? (token ? undefined : resolve(env.CROSSCHECK_DATA_DIR ?? '.crosscheck', 'admin-token'));
  if (!token && file) {
    if (!existsSync(file)) {
      if (options.optional && options.tokenFile === undefined) return () => ({});
      throw new UsageError(`no admin token: pass --token <token> or --token-file <file>, or set CROSSCHECK_TOKEN (looked in ${file})`);
    }
    token = readFileSync(file, 'utf8').trim();
  }
  return () => ({ authorization: `Bearer ${token}` });
}
