/**
 * Counts AWS requests per service and operation, as a middleware on SDK clients: what
 * the cost model multiplies by prices. It sits in the `deserialize` step, after the
 * retry middleware, so each HTTP attempt counts once (AWS bills every attempt).
 * Request body bytes are summed too (SQS bills per 64 KB chunk).
 */

type Handler = (args: { readonly request?: unknown }) => Promise<unknown>;
type Middleware = (next: Handler, context: Record<string, unknown>) => Handler;

export interface OperationCount {
  readonly requests: number;
  readonly bodyBytes: number;
}

/** service (e.g. `DynamoDB`) -> operation (e.g. `PutItem`) -> counts. */
export type RequestCounts = Record<string, Record<string, OperationCount>>;

/** Any SDK v3 client (only its middleware stack is used). */
export interface CountableClient {
  readonly middlewareStack: { add(middleware: never, options: { step: 'deserialize'; name: string; override: boolean }): void };
}

export interface RequestCounter {
  /** Adds the counting middleware to a client (once per client). */
  attach(client: CountableClient): void;
  /** A copy of the counts so far. */
  snapshot(): RequestCounts;
  /** Requests so far, of one service or of all. */
  total(service?: string): number;
  reset(): void;
}

export interface RequestCounterOptions {
  /** Counts a request only when this says so (e.g. only inside one function's async context). @default always */
  readonly when?: () => boolean;
}

let instances = 0;

function bodyLength(body: unknown): number {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return 0;
}

export function createRequestCounter(options: RequestCounterOptions = {}): RequestCounter {
  // Each counter is its own middleware, so that several can watch the same client.
  const name = `crosscheckRequestCounter${(instances += 1)}`;
  let counts: Record<string, Record<string, { requests: number; bodyBytes: number }>> = {};
  const attached = new WeakSet<object>();

  const middleware: Middleware = (next, context) => async (args) => {
    if (options.when && !options.when()) return next(args);
    const service = String(context['clientName'] ?? 'Unknown').replace(/Client$/, '');
    const operation = String(context['commandName'] ?? 'Unknown').replace(/Command$/, '');
    const perService = (counts[service] ??= {});
    const count = (perService[operation] ??= { requests: 0, bodyBytes: 0 });
    count.requests += 1;
    count.bodyBytes += bodyLength((args.request as { body?: unknown } | undefined)?.body);
    return next(args);
  };

  return {
    attach(client) {
      if (attached.has(client)) return;
      attached.add(client);
      client.middlewareStack.add(middleware as never, { step: 'deserialize', name, override: true });
    },
    snapshot: () => structuredClone(counts),
    total(service) {
      const services = service === undefined ? Object.values(counts) : [counts[service] ?? {}];
      return services.reduce((sum, operations) => sum + Object.values(operations).reduce((s, c) => s + c.requests, 0), 0);
    },
    reset() {
      counts = {};
    },
  };
}
