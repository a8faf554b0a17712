/**
 * The outbox notifier: each alert becomes `<time>-<kind>-<monitorId>.eml` (ready to
 * open in a mail client or hand to a relay) and a `.json` twin holding the Alert.
 * Files appear whole (written beside, then renamed) and once per alert id, across
 * restarts too: a marker under `.sent/` remembers each id delivered.
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordedAlert, type Alert } from '../../../core/alert.ts';
import type { Notifier } from '../../../ports/notifier.ts';
import { renderEmail, type EmailOptions } from '../../common/notifiers/email.ts';

export type OutboxOptions = EmailOptions;

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

async function writeAtomically(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, content, { flag: 'wx' });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** `2026-11-21T10-15-00Z`: sortable, and safe in file names everywhere. */
function fileTime(time: string): string {
  const ms = Date.parse(time);
  const iso = Number.isNaN(ms) ? time : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return iso.replace(/:/g, '-');
}

const safeName = (text: string): string => text.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 100);

export function outboxBasename(alert: Alert): string {
  return `${fileTime(alert.time)}-${alert.kind}-${safeName(alert.monitor.id)}`;
}

export function createOutboxNotifier(dir: string, options: OutboxOptions = {}): Notifier {
  const sentDir = join(dir, '.sent');
  // Concurrent sends of one alert id share one write.
  const pending = new Map<string, Promise<void>>();

  async function deliver(alert: Alert): Promise<void> {
    const marker = join(sentDir, createHash('sha256').update(alert.id).digest('hex'));
    if (await exists(marker)) return;
    await mkdir(sentDir, { recursive: true });
    const base = outboxBasename(alert);
    let name = base;
    // A different alert with the same time, kind and monitor keeps its own pair of files.
    for (let n = 2; (await exists(join(dir, `${name}.json`))) || (await exists(join(dir, `${name}.eml`))); n += 1) name = `${base}-${n}`;
    await writeAtomically(join(dir, `${name}.eml`), renderEmail(alert, options));
    await writeAtomically(join(dir, `${name}.json`), `${JSON.stringify(recordedAlert(alert), null, 2)}\n`);
    await writeFile(marker, `${name}\n`);
  }

  return {
    send(alert) {
      const running = pending.get(alert.id);
      if (running) return running;
      const delivery = deliver(alert).finally(() => pending.delete(alert.id));
      pending.set(alert.id, delivery);
      return delivery;
    },
  };
}
