/**
 * The local AgentJobQueue: one mailbox per agent location, in memory. Jobs wait for their
 * delay, then for the agent's long poll; a mailbox holds at most `capacity` ready jobs
 * (an agent that went away must not grow the hub without bound: the oldest go first, and
 * are counted). Issued jobs are remembered until their result is claimed or they expire.
 */
import type { AgentJob } from '../../../core/agents/agent-job.ts';
import type { AgentJobQueue } from '../../../ports/agent-jobs.ts';

export interface AgentMailboxOptions {
  /** Ready jobs kept per agent. @default 1000 */
  readonly capacity?: number;
  /** How long an issued job waits for its result: 2 x interval + timeout of its monitor, at least this. @default 60000 */
  readonly minIssuedMs?: number;
  readonly now?: () => number;
}

interface Mailbox {
  readonly ready: AgentJob[];
  readonly issued: Map<string, { job: AgentJob; expires: number }>;
  readonly waiters: Set<() => void>;
  dropped: number;
}

export interface AgentMailboxStats {
  readonly ready: number;
  readonly issued: number;
  /** Jobs dropped because the mailbox was full (the agent did not pull them). */
  readonly dropped: number;
}

export class AgentMailbox implements AgentJobQueue {
  readonly #boxes = new Map<string, Mailbox>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #capacity: number;
  readonly #minIssuedMs: number;
  readonly #now: () => number;

  constructor(options: AgentMailboxOptions = {}) {
    this.#capacity = options.capacity ?? 1000;
    this.#minIssuedMs = options.minIssuedMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  send(job: AgentJob, delaySeconds: number): Promise<void> {
    const copy = structuredClone(job);
    if (delaySeconds <= 0) {
      this.#enqueue(copy);
    } else {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#enqueue(copy);
      }, delaySeconds * 1000);
      timer.unref();
      this.#timers.add(timer);
    }
    return Promise.resolve();
  }

  async receive(location: string, max: number, waitMs: number, signal?: AbortSignal): Promise<readonly AgentJob[]> {
    const box = this.#box(location);
    if (box.ready.length === 0 && waitMs > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          box.waiters.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        timer.unref();
        box.waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
    const now = this.#now();
    this.#expire(box, now);
    const jobs = box.ready.splice(0, Math.max(0, max));
    for (const job of jobs) {
      const patience = Math.max(this.#minIssuedMs, 2 * job.monitor.intervalSeconds * 1000 + job.monitor.timeoutMs);
      box.issued.set(job.jobId, { job, expires: now + patience });
    }
    return jobs;
  }

  claim(location: string, jobId: string): Promise<AgentJob | null> {
    const box = this.#box(location);
    this.#expire(box, this.#now());
    const entry = box.issued.get(jobId);
    if (entry === undefined) return Promise.resolve(null);
    box.issued.delete(jobId);
    return Promise.resolve(entry.job);
  }

  stats(location: string): AgentMailboxStats {
    const box = this.#box(location);
    return { ready: box.ready.length, issued: box.issued.size, dropped: box.dropped };
  }

  /** Cancels delayed jobs and wakes every waiting poll (at shutdown). */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const box of this.#boxes.values()) for (const wake of [...box.waiters]) wake();
  }

  #enqueue(job: AgentJob): void {
    const box = this.#box(job.location);
    box.ready.push(job);
    while (box.ready.length > this.#capacity) {
      box.ready.shift();
      box.dropped++;
    }
    for (const wake of [...box.waiters]) wake();
  }

  #expire(box: Mailbox, now: number): void {
    for (const [id, entry] of box.issued) if (entry.expires <= now) box.issued.delete(id);
  }

  #box(location: string): Mailbox {
    let box = this.#boxes.get(location);
    if (box === undefined) {
      box = { ready: [], issued: new Map(), waiters: new Set(), dropped: 0 };
      this.#boxes.set(location, box);
    }
    return box;
  }
}
