/** An outgoing HTTP request to a channel's provider, as a renderer builds it; and text helpers every renderer uses. */
export interface ChannelRequest {
  readonly url: string;
  readonly method: 'POST' | 'PUT' | 'GET';
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text. */
  readonly body: string;
}

export function jsonRequest(url: string, payload: unknown, headers: Readonly<Record<string, string>> = {}): ChannelRequest {
  return { url, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(payload) };
}

/** At most `max` characters (code points), with an ellipsis when cut: providers refuse longer fields. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A base URL and a path, with exactly one slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
