/** Flags shared by the commands that talk to a running CrossCheck API. */
import { createApiClient, bearerSigner, type ApiClient } from './api-client.ts';
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

export async function remoteClient(values: RemoteValues, io: CliIo): Promise<ApiClient> {
  const env = io.env ?? process.env;
  const apiUrl = values.api ?? env.CROSSCHECK_API ?? 'http://127.0.0.1:8070';
  let signer;
  if (values.aws) {
    // Loaded only when asked for: the AWS credential chain is heavy and local users never need it.
    const { sigv4Signer } = await import('./sigv4.ts');
    signer = sigv4Signer({ apiUrl, region: values['aws-region'] ?? env.AWS_REGION, profile: values['aws-profile'] });
  } else {
    signer = bearerSigner({ token: values.token, tokenFile: values['token-file'], env });
  }
  return createApiClient(apiUrl, signer, io.fetch ?? fetch);
}

/** Every monitor, following `nextCursor` across pages. */
export async function listAllMonitors<T>(client: ApiClient): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    const page: { items: T[]; nextCursor: string | null } = await client.request('GET', `v1/monitors?${query}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
