/**
 * Lambda's execution environments, in small, for races: a function in a region is a pool
 * of containers (fresh module instances of its handler, each with its own SDK clients,
 * see handler-functions.ts). One invocation runs in one container at a time; an
 * invocation that finds every container busy gets a new one, as Lambda scales out. So
 * two concurrent deliveries of a message, or two verifiers at once, run in two
 * containers, never interleaved inside one.
 *
 * A container can time out mid-invocation (`timeOut()`): its invocation fails at once
 * with Lambda's "Task timed out", the container takes no further invocation, and every
 * AWS request it still tries is refused. Lambda shuts a timed-out environment down, so
 * nothing it had not sent yet happens (what it had sent, happened).
 *
 * Harness details, not Lambda's: each new container is warmed with an invocation of `{}`
 * (an event no function accepts), so that its dependencies are built, with AWS_REGION
 * set to its region, before any real invocation runs. This process plays every region,
 * and a handler reads AWS_REGION once, at its first event; warming under a lock keeps a
 * concurrent invocation elsewhere from changing the variable under it. Loading (a fresh
 * module registry) takes the same lock.
 */
import type * as Clients from '../../../functions/adapters/aws/clients.ts';
import { contextFor, FUNCTIONS_DIR, type ContainerLoader } from './handler-functions.ts';

/** A client's middleware stack, as every SDK v3 client has it. */
interface WithStack {
  readonly middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
}

export interface Container {
  /** e.g. `checker@eu-west-1#2`. */
  readonly label: string;
  /** The handler's folder under functions/: `checker`, `verifier`, `recorder`, `http`, ... */
  readonly folder: string;
  readonly region: string;
  /** The container's own clients module (its adapters' SDK clients). */
  readonly clients: typeof Clients;
  /** true once it timed out: it takes no invocation, and AWS refuses what it still sends. */
  readonly gone: boolean;
  /** Ends its running invocation as Lambda's timeout does. */
  timeOut(): void;
}

export interface FunctionPool {
  /** Runs one invocation in an idle container, or in a new one when all are busy. */
  invoke(event: unknown): Promise<unknown>;
  /** Makes containers until `count` exist, so that a race does not wait for cold starts. */
  warm(count: number): Promise<void>;
  readonly containers: readonly Container[];
  /** Invocations so far (warming not counted). */
  readonly invocations: number;
  /** Waits until what timed-out containers still ran has ended (their requests refused). */
  settled(): Promise<void>;
}

export interface PoolOptions {
  /** The handler's folder under functions/. */
  readonly folder: string;
  /** The function's name, in its context object. */
  readonly functionName: string;
  readonly region: string;
  /** Every region a container may make clients for (their middleware is added before the handler makes them). */
  readonly clientRegions: readonly string[];
  readonly load: ContainerLoader;
  /** Called once per new container, before its first invocation (to count or fault its clients). */
  readonly onContainer?: (container: Container) => void;
}

/** A mutex for whatever must not interleave across every pool: module loading and AWS_REGION. */
function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return async function acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = tail;
    tail = new Promise((resolve) => (release = resolve));
    await previous;
    return release;
  };
}

const acquireLock = createLock();

/** The error a client of a timed-out container gets for any request. */
function goneError(label: string): Error {
  return Object.assign(new Error(`${label} timed out: its environment is shut down`), { name: 'ContainerGone' });
}

function everyClient(clients: typeof Clients, regions: readonly string[]): WithStack[] {
  return regions.flatMap((region) => [
    clients.dynamoDbClient(region),
    clients.sqsClient(region),
    clients.kmsClient(region),
    clients.sesClient(region),
    clients.lambdaClient(region),
  ]);
}

export function createFunctionPool(options: PoolOptions): FunctionPool {
  type Handler = Awaited<ReturnType<ContainerLoader>>['handler'];
  interface Slot {
    readonly container: Container;
    readonly handler: Handler;
    readonly timedOut: Promise<void>;
  }
  const slots: Slot[] = [];
  const idle: Slot[] = [];
  const abandoned = new Set<Promise<unknown>>();
  let invocations = 0;

  function takeIdle(): Slot | undefined {
    for (let slot = idle.pop(); slot !== undefined; slot = idle.pop()) if (!slot.container.gone) return slot;
    return undefined;
  }

  async function make(): Promise<Slot> {
    const release = await acquireLock();
    try {
      const { handler, clients } = await options.load(new URL(`${options.folder}/handler.ts`, FUNCTIONS_DIR));
      let gone = false;
      let signalTimeout!: () => void;
      const timedOut = new Promise<void>((resolve) => (signalTimeout = resolve));
      const label = `${options.folder}@${options.region}#${slots.length + 1}`;
      const container: Container = {
        label,
        folder: options.folder,
        region: options.region,
        clients,
        get gone() {
          return gone;
        },
        timeOut() {
          gone = true;
          signalTimeout();
        },
      };
      for (const client of everyClient(clients, options.clientRegions)) {
        client.middlewareStack.add(
          (next: (args: unknown) => Promise<unknown>) => (args: unknown) => (gone ? Promise.reject(goneError(label)) : next(args)),
          { step: 'initialize', priority: 'high', name: 'containerGone' },
        );
      }
      options.onContainer?.(container);
      process.env['AWS_REGION'] = options.region;
      await handler({}, contextFor(options.functionName, options.region)).catch(() => undefined);
      const slot = { container, handler, timedOut };
      slots.push(slot);
      return slot;
    } finally {
      release();
    }
  }

  async function start(slot: Slot, event: unknown): Promise<unknown> {
    // Set and read in one synchronous step: the warm container read its configuration already.
    const release = await acquireLock();
    try {
      process.env['AWS_REGION'] = options.region;
      return slot.handler(event, contextFor(options.functionName, options.region));
    } finally {
      release();
    }
  }

  return {
    async invoke(event) {
      invocations += 1;
      const slot = takeIdle() ?? (await make());
      const run = start(slot, event);
      const timeout = slot.timedOut.then(() => {
        throw Object.assign(new Error(`${slot.container.label}: Task timed out`), { name: 'Sandbox.Timedout' });
      });
      try {
        return await Promise.race([run, timeout]);
      } finally {
        // What a timed-out container still runs is abandoned: its AWS requests are refused.
        timeout.catch(() => undefined);
        if (slot.container.gone) {
          const rest = run.then(
            () => undefined,
            () => undefined,
          );
          abandoned.add(rest);
          void rest.finally(() => abandoned.delete(rest));
        } else idle.push(slot);
      }
    },
    async warm(count) {
      while (slots.length < count) idle.push(await make());
    },
    get containers() {
      return slots.map((slot) => slot.container);
    },
    get invocations() {
      return invocations;
    },
    async settled() {
      while (abandoned.size > 0) await Promise.all([...abandoned]);
    },
  };
}
