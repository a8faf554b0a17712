/** Flags shared by the commands that talk to a running CrossCheck API. */
import { ApiError, createApiClient, bearerSigner, type ApiClient } from './api-client.ts';
import type { CliIo } from './io.ts';

export const REMOTE_OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  aws: { type: 'boolean' },
  'aws-region': { type: 'string' },
  'aws-profile': { type: 'string' },
} as const;

export const REMOTE_USAGE = `      --api <url>          the CrossCheck API (default $CROSSCHECK_API or http://127.0.0.1:8070)
      --token <token>      admin token (default $CROSSCHECK_TOKEN, else --token-file)
      --token-file <file>  file holding the token (default ./.crosscheck/admin-token)
      --aws                sign requests with SigV4 (the API deployed to AWS), credentials
                           from the standard AWS chain; --aws-region, --aws-profile optional
`;

interface RemoteValues {
  api?: string | undefined;
  token?: string | undefined;
  'token-file'?: string | undefined;
  aws?: boolean | undefined;
  'aws-region'?: string | undefined;
  'aws-profile'?: string | undefined;
}

/** The API's base URL: --api, else $CROSSCHECK_API, else the local default. */
export function apiUrlOf(values: Pick<RemoteValues, 'api'>, io: CliIo): string {
  return values.api ?? (io.env ?? process.env).CROSSCHECK_API ?? DEFAULT_API;
}

export const DEFAULT_API = 'http://127.0.0.1:8070';

/**
 * A client for the API the flags name. `publicRoutes`: the routes need no
 * authentication (incidents, ledger), so a missing token is no error; one that is
 * there is still sent.
 */
export async function remoteClient(values: RemoteValues, io: CliIo, options: { publicRoutes?: boolean } = {}): Promise<ApiClient> {
  const env = io.env ?? process.env;
  const apiUrl = apiUrlOf(values, io);
  let signer;
  if (values.aws) {
    // Loaded only when asked for: the AWS credential chain is heavy and local users never need it.
    const { sigv4Signer } = await import('./sigv4.ts');
    signer = sigv4Signer({ apiUrl, region: values['aws-region'] ?? env.AWS_REGION, profile: values['aws-profile'] });
  } else {
    signer = bearerSigner({ token: values.token, tokenFile: values['token-file'], env, optional: options.publicRoutes ?? false });
  }
  return createApiClient(apiUrl, signer, io.fetch ?? fetch);
}

/**
 * The monitor a command names, by id or by name (names are unique). Exit 1 (an
 * ApiError) when there is none, naming what was looked for.
 */
export async function findMonitor<T extends { id: string; name: string }>(client: ApiClient, idOrName: string): Promise<T> {
  try {
    return await client.request<T>('GET', `v1/monitors/${encodeURIComponent(idOrName)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  const byName = (await listAllMonitors<T>(client)).find((m) => m.name === idOrName);
  if (!byName) throw new ApiError(404, `no monitor has the id or name '${idOrName}' (crosscheck monitors list shows them)`);
  return byName;
}

/** Every monitor, following `nextCursor` across pages. */
export async function listAllMonitors<T>(client: ApiClient, tag?: string): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '100', ...(tag ? { tag } : {}), ...(cursor ? { cursor } : {}) });
    const page: { items: T[]; nextCursor: string | null } = await client.request('GET', `v1/monitors?${query}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
