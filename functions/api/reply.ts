/** What a route returns: a status, headers and a JSON value or raw bytes. The handler turns it into the v2 result. */

export type ReplyBody =
  | { readonly kind: 'json'; readonly value: unknown; readonly contentType?: string }
  | { readonly kind: 'raw'; readonly data: string | Uint8Array; readonly contentType: string }
  | { readonly kind: 'none' };

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ReplyBody;
}

export function jsonReply(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): Reply {
  return { status, headers, body: { kind: 'json', value } };
}

export function rawReply(status: number, data: string | Uint8Array, contentType: string, headers: Readonly<Record<string, string>> = {}): Reply {
  return { status, headers, body: { kind: 'raw', data, contentType } };
}

export function emptyReply(status: number, headers: Readonly<Record<string, string>> = {}): Reply {
  return { status, headers, body: { kind: 'none' } };
}
