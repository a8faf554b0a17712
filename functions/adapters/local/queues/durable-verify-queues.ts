/**
 * The local verify queues, made to survive a stop: the in-process queues deliver, and a
 * journal (a table in the local database, see ../sqlite/verification-requests.ts) keeps
 * every request from the moment it is sent until its handler has run. At the next start
 * `redeliver` queues again whatever the journal still holds, so a verification requested
 * just before SIGTERM, SIGKILL or a crash is carried out after the restart, not asked
 * again only once it has gone stale.
 *
 * The journal write is synchronous and committed before `send` resolves, which is before
 * the state machine clears the request from the monitor's pending effects: at every
 * moment a requested verification is in the state's pending effects (carried out by
 * the next check of the monitor, see services/transition.ts), in the journal, or both.
 *
 * A request older than its verification's stale age (2 x interval + timeout, the state
 * machine's own bound) is dropped at start instead: by then the next failure asks anew,
 * and a late answer could open an incident dated before the stop. One whose region is
 * no longer configured is dropped too. Delivery stays at least once: a request handled
 * just before a crash, but not yet removed, runs again, and the state machine ignores
 * an answer to a verification that is no longer pending.
 */
import { RegionUnavailableError } from '../../../core/errors.ts';
import type { VerifyRequest } from '../../../core/jobs.ts';
import { verificationStaleAfterMs } from '../../../core/state-machine.ts';
import type { VerifyQueue } from '../../../ports/queues.ts';
import type { InProcessQueue } from './in-process-queue.ts';

export interface JournaledRequest {
  readonly region: string;
  readonly request: VerifyRequest;
}

/** Where requests wait until handled. Synchronous: a request is kept before `send` returns. */
export interface VerificationRequestJournal {
  /** Keeps `request` for `region` (again: replaces the earlier copy). */
  add(region: string, request: VerifyRequest): void;
  remove(region: string, verificationId: string): void;
  /** Every kept request, oldest first. */
  all(): JournaledRequest[];
}

export interface Redelivery {
  /** Queued again. */
  readonly redelivered: number;
  /** Dropped: stale, or for a region not configured now. */
  readonly dropped: number;
}

export interface DurableVerifyQueues {
  /** The VerifyQueue port: a request is journaled, then queued. */
  readonly port: VerifyQueue;
  /** Registers each region's verifier; a request leaves the journal once its handler has resolved. */
  consume(handler: (request: VerifyRequest, region: string) => Promise<void>): void;
  /** At start: queues again each journaled request that is not stale; drops the others. */
  redeliver(now: number): Redelivery;
}

export function createDurableVerifyQueues(
  queues: ReadonlyMap<string, InProcessQueue<VerifyRequest>>,
  journal: VerificationRequestJournal,
): DurableVerifyQueues {
  return {
    port: {
      send(region, request) {
        const queue = queues.get(region);
        if (queue === undefined) return Promise.reject(new RegionUnavailableError(region));
        try {
          journal.add(region, request);
        } catch (error) {
          return Promise.reject(error as Error);
        }
        try {
          queue.send(request);
        } catch {
          // The queue is closed: the runtime is stopping. The request stays journaled and
          // is delivered at the next start; the region is not unreachable.
        }
        return Promise.resolve();
      },
    },
    consume(handler) {
      for (const [region, queue] of queues) {
        queue.consume(async (request) => {
          await handler(request, region);
          journal.remove(region, request.verificationId);
        });
      }
    },
    redeliver(now) {
      let redelivered = 0;
      let dropped = 0;
      for (const { region, request } of journal.all()) {
        const queue = queues.get(region);
        const age = now - Date.parse(request.requestedAt);
        if (queue === undefined || !(age <= verificationStaleAfterMs(request.monitor))) {
          journal.remove(region, request.verificationId);
          dropped += 1;
          continue;
        }
        queue.send(request);
        redelivered += 1;
      }
      return { redelivered, dropped };
    },
  };
}
