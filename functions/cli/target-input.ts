/**
 * The target a user types after `crosscheck check` or `monitors add`, as the fields of
 * its monitor type: an http(s) URL, `tcp://host:port`, `tls://host:port`,
 * `starttls://host:port` (Gatus' SMTP STARTTLS), or an RFC 4501 DNS URI:
 * `dns://8.8.8.8/example.org?type=MX` asks 8.8.8.8, `dns:example.org?type=A` asks the
 * system's resolver (the type is A when absent).
 */
import { UsageError } from './io.ts';

export interface TargetFlags {
  readonly method?: string | undefined;
  readonly header?: readonly string[] | undefined;
  readonly 'no-follow'?: boolean | undefined;
  readonly starttls?: string | undefined;
  readonly data?: string | undefined;
}

/** The type's fields for `target` (`type`, `url` or the query), or null for an http(s) URL (or anything else: the schema says what is wrong). */
export function typedTarget(target: string, flags: TargetFlags): Record<string, unknown> | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1]?.toLowerCase();
  if (scheme !== 'tcp' && scheme !== 'tls' && scheme !== 'starttls' && scheme !== 'dns') {
    if (flags.starttls !== undefined) throw new UsageError('--starttls applies to tls://host:port targets only');
    return null;
  }
  const httpOnly = [flags.method !== undefined && '--method', (flags.header?.length ?? 0) > 0 && '--header', flags['no-follow'] && '--no-follow'].filter(Boolean);
  if (httpOnly.length > 0) throw new UsageError(`${httpOnly.join(', ')} ${httpOnly.length > 1 ? 'apply' : 'applies'} to http(s) URLs only, not to ${scheme}: targets`);
  if (flags.starttls !== undefined && scheme !== 'tls') throw new UsageError('--starttls applies to tls://host:port targets only');
  if (flags.data !== undefined && scheme !== 'tcp') throw new UsageError('--data applies to http(s) URLs and tcp://host:port targets only');
  switch (scheme) {
    case 'tcp':
      return { type: 'tcp', url: target };
    case 'tls':
      return { type: 'tls', url: target, ...(flags.starttls === undefined ? {} : { starttls: flags.starttls }) };
    case 'starttls':
      return { type: 'tls', url: target.replace(/^starttls:/i, 'tls:'), starttls: 'smtp' };
    default:
      return dnsTarget(target);
  }
}

function dnsTarget(target: string): Record<string, unknown> {
  const match = /^dns:(?:\/\/([^/]*)\/)?([^?]+)(?:\?(.*))?$/i.exec(target);
  if (!match) throw new UsageError(`${target}: a DNS target is dns://<resolver>/<name>?type=<TYPE> or dns:<name>?type=<TYPE> (RFC 4501)`);
  const [, resolver, name, query] = match;
  const params = new Map((query ?? '').split(/[;&]/).filter(Boolean).map((pair) => pair.split('=') as [string, string | undefined]));
  const unknown = [...params.keys()].filter((key) => key.toLowerCase() !== 'type' && key.toLowerCase() !== 'class');
  if (unknown.length > 0) throw new UsageError(`${target}: unknown parameter ${unknown.join(', ')} (type= and class=IN are understood)`);
  const klass = [...params].find(([key]) => key.toLowerCase() === 'class')?.[1];
  if (klass !== undefined && klass.toUpperCase() !== 'IN') throw new UsageError(`${target}: only class=IN is supported`);
  const type = [...params].find(([key]) => key.toLowerCase() === 'type')?.[1];
  return {
    type: 'dns',
    queryName: decodeURIComponent(name!),
    queryType: (type ?? 'A').toUpperCase(),
    ...(resolver ? { resolver } : {}),
  };
}
