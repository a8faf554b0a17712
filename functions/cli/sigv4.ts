/**
 * SigV4 for the CLI against the IAM-authorized API Gateway API: credentials from the
 * standard AWS chain (environment, shared config and SSO profiles, instance roles),
 * signed for the `execute-api` service in the API's region.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RequestSigner } from './api-client.ts';
import { UsageError } from './io.ts';

/** `https://abc123.execute-api.eu-west-1.amazonaws.com` -> `eu-west-1`. */
export function regionOfApiUrl(url: string): string | null {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(new URL(url).hostname)?.[1] ?? null;
}

export function sigv4Signer(options: { apiUrl: string; region?: string | undefined; profile?: string | undefined }): RequestSigner {
  const region = options.region ?? regionOfApiUrl(options.apiUrl);
  if (!region) throw new UsageError(`--aws-region is needed: cannot tell the region from ${options.apiUrl}`);
  const signer = new SignatureV4({
    service: 'execute-api',
    region,
    credentials: defaultProvider(options.profile ? { profile: options.profile } : {}),
    sha256: Hash.bind(null, 'sha256'),
  });
  return async (request) => {
    const query: Record<string, string> = {};
    for (const [k, v] of request.url.searchParams) query[k] = v;
    const signed = await signer.sign({
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      port: request.url.port ? Number(request.url.port) : undefined,
      path: request.url.pathname,
      query,
      headers: { ...request.headers, host: request.url.host },
      body: request.body,
    });
    const { host: _host, ...headers } = signed.headers as Record<string, string>;
    return headers;
  };
}
