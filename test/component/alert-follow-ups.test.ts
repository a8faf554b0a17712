/**
 * Scripted, like gatus' TestHandleAlerting: one incident, three channels, the clock
 * moved a step at a time; after each step, exactly which channel heard what.
 *   ops    (no threshold, remind every 30 min)       DOWN at once, reminders at +30, +60
 *   pager  (failure threshold 3 on a monitor of 1)   DOWN after 2 more intervals (+2 min)
 *   quiet  (failure threshold 100: +99 min)          resolved before, never told: no RECOVERED either
 * Quiet during maintenance; nothing twice when a tick runs twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannelNotifier } from '../../functions/adapters/common/channels/channel-notifier.ts';
import { createChannelSender } from '../../functions/adapters/common/channels/channel-sender.ts';
import { openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { parseChannel } from '../../functions/core/channel.ts';
import type { Monitor } from '../../functions/core/monitor.ts';
import { recoveredAlert, downAlert } from '../../functions/core/state-machine-alerts.ts';
import { LOCAL_POLICY } from '../../functions/engine/index.ts';
import { sendAlertFollowUps } from '../../functions/services/alert-follow-ups.ts';
import { incident, iso, monitorWithId, T0 } from '../helpers/fixtures.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';

const MIN = 60_000;
let stores: LocalStores;
let receiver: TestServer;
let now = T0;

beforeEach(async () => {
  stores = openLocalStores({ path: ':memory:' });
  receiver = await startHttpServer((_req, res) => res.writeHead(200).end());
  now = T0;
  for (const [name, extra] of [['ops', { remindEveryMinutes: 30 }], ['pager', { failureThreshold: 3 }], ['quiet', { failureThreshold: 100 }]] as const) {
    await stores.channels.create(parseChannel({ name, type: 'slack', webhookUrl: `${receiver.origin}/${name}`, ...extra }));
  }
});
afterEach(async () => {
  stores.close();
  await receiver.close();
});

function notifier() {
  return createChannelNotifier({
    channels: stores.channels,
    monitors: stores.monitors,
    deliveries: stores.deliveries,
    ledger: stores.ledger,
    sender: createChannelSender({ policy: LOCAL_POLICY, retries: 0 }),
    clock: { now: () => now },
    logger: { warn: () => undefined, error: () => undefined },
    publicUrl: () => null,
  });
}

/** What each channel has heard so far: `ops:down`, `ops:reminder`, ... */
function heard(): string[] {
  return receiver.requests.map((r) => {
    const text = JSON.parse(r.body).text as string;
    const what = text.includes('is still DOWN') ? 'reminder' : text.includes('has RECOVERED') ? 'recovered' : 'down';
    return `${r.url.slice(1)}:${what}`;
  });
}

describe('alert follow-ups', () => {
  it('holds a DOWN back per channel threshold, reminds while open, and tells RECOVERED only to channels told of the DOWN', async () => {
    const monitor: Monitor = monitorWithId('m1', { intervalSeconds: 60, failureThreshold: 1, alerts: { email: [], webhooks: [], channels: [{ channel: 'ops' }, { channel: 'pager' }, { channel: 'quiet' }] } });
    await stores.monitors.create(monitor);
    const open = incident('inc-1', 'm1', T0);
    await stores.incidents.create(open);
    const n = notifier();
    const tick = async () => {
      await sendAlertFollowUps({ ...stores, channelNotifier: n, clock: { now: () => now } });
      await n.flush();
    };

    // The transition: only ops is told at once.
    await n.send(downAlert(monitor, open, null, iso(now)));
    await n.flush();
    expect(heard()).toEqual(['ops:down']);

    const steps: [number, string[]][] = [
      [1 * MIN, []],
      [2 * MIN, ['pager:down']],
      [2 * MIN, []], // the same tick again: nothing twice
      [29 * MIN, []],
      [30 * MIN, ['ops:reminder']],
      [45 * MIN, []],
      [60 * MIN, ['ops:reminder']],
    ];
    for (const [at, expected] of steps) {
      const before = heard().length;
      now = T0 + at;
      await tick();
      expect(heard().slice(before), `at +${at / MIN} min`).toEqual(expected);
    }

    now = T0 + 70 * MIN;
    const resolved = { ...open, status: 'resolved' as const, resolvedAt: iso(now) };
    await stores.incidents.update(resolved);
    await n.send(recoveredAlert(monitor, resolved, null, iso(now)));
    await n.flush();
    expect(heard().slice(-2).sort()).toEqual(['ops:recovered', 'pager:recovered']);
    await tick();
    expect(heard().filter((h) => h.startsWith('quiet'))).toEqual([]);
    const log = await stores.deliveries.forIncident('inc-1');
    expect(log.map((d) => d.id)).toEqual([
      'down:inc-1|ops', 'down:inc-1|pager', 'reminder:inc-1:1|ops', 'reminder:inc-1:2|ops', 'recovered:inc-1|ops', 'recovered:inc-1|pager',
    ]);
  });

  it('is quiet during maintenance and while paused', async () => {
    const windows = [{ start: iso(T0), end: iso(T0 + 3 * 3_600_000) }];
    await stores.monitors.create(monitorWithId('m1', { maintenance: windows, alerts: { email: [], webhooks: [], channels: [{ channel: 'pager' }] } }));
    await stores.monitors.create(monitorWithId('m2', { paused: true, alerts: { email: [], webhooks: [], channels: [{ channel: 'pager' }] } }));
    await stores.incidents.create(incident('inc-1', 'm1', T0));
    await stores.incidents.create(incident('inc-2', 'm2', T0));
    const n = notifier();
    now = T0 + 60 * MIN;
    expect(await sendAlertFollowUps({ ...stores, channelNotifier: n, clock: { now: () => now } })).toEqual({ sent: 0 });
    await n.flush();
    expect(receiver.requests).toHaveLength(0);
  });
});
