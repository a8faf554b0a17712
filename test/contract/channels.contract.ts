/**
 * The store contract for channels and the delivery log, run inside the store contract
 * suite (stores.contract.ts) against every adapter.
 */
import { describe, expect, it } from 'vitest';
import { parseChannel, type Channel } from '../../functions/core/channel.ts';
import type { Delivery } from '../../functions/core/delivery.ts';
import { ConflictError, NotFoundError } from '../../functions/core/errors.ts';
import type { Stores } from '../../functions/ports/stores.ts';
import { iso, T0 } from '../helpers/fixtures.ts';

const slack = (name: string, overrides: Record<string, unknown> = {}): Channel =>
  parseChannel({ name, type: 'slack', webhookUrl: `https://hooks.slack.test/services/${name}`, ...overrides });

export function delivery(id: string, overrides: Partial<Delivery> = {}): Delivery {
  return {
    id,
    alertId: 'down:i1',
    kind: 'down',
    incidentId: 'i1',
    monitorId: 'm1',
    channel: 'ops',
    channelType: 'slack',
    status: 'sending',
    attempts: 0,
    lastStatus: null,
    lastError: null,
    createdAt: iso(T0),
    updatedAt: iso(T0),
    ...overrides,
  };
}

export function describeChannelContract(stores: () => Stores): void {
  describe('ChannelStore', () => {
    it('creates, gets, lists in name order, replaces and deletes a channel', async () => {
      const s = stores();
      expect(await s.channels.get('ops')).toBeNull();
      await s.channels.create(slack('ops'));
      await s.channels.create(parseChannel({ name: 'alpha', type: 'ntfy', topic: 'crosscheck' }));
      expect(await s.channels.get('ops')).toEqual(slack('ops'));
      expect((await s.channels.all()).map((c) => c.name)).toEqual(['alpha', 'ops']);
      await s.channels.replace(slack('ops', { description: 'on call' }));
      expect(await s.channels.get('ops')).toEqual(slack('ops', { description: 'on call' }));
      expect(await s.channels.delete('ops')).toBe(true);
      expect(await s.channels.delete('ops')).toBe(false);
      expect(await s.channels.get('ops')).toBeNull();
    });

    it('a second channel of one name is a conflict; a replace of a missing one is NotFound; neither writes', async () => {
      const s = stores();
      await s.channels.create(slack('ops'));
      await expect(s.channels.create(slack('ops', { description: 'other' }))).rejects.toBeInstanceOf(ConflictError);
      await expect(s.channels.replace(slack('missing'))).rejects.toBeInstanceOf(NotFoundError);
      expect(await s.channels.get('ops')).toEqual(slack('ops'));
      expect(await s.channels.get('missing')).toBeNull();
    });
  });

  describe('DeliveryLog', () => {
    it('the first claim of a delivery wins, also when claims race; the outcome is recorded', async () => {
      const s = stores();
      const claims = await Promise.all(Array.from({ length: 5 }, () => s.deliveries.claim(delivery('down:i1|ops'))));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const done = delivery('down:i1|ops', { status: 'delivered', attempts: 2, lastStatus: 200, updatedAt: iso(T0 + 2000) });
      await s.deliveries.update(done);
      expect(await s.deliveries.forIncident('i1')).toEqual([done]);
    });

    it('lists an incident\'s deliveries oldest first, and no other incident\'s', async () => {
      const s = stores();
      const later = delivery('recovered:i1|ops', { alertId: 'recovered:i1', kind: 'recovered', createdAt: iso(T0 + 60_000) });
      await s.deliveries.claim(later);
      await s.deliveries.claim(delivery('down:i1|ops'));
      await s.deliveries.claim(delivery('down:i1|pager', { channel: 'pager', channelType: 'pagerduty' }));
      await s.deliveries.claim(delivery('down:i2|ops', { alertId: 'down:i2', incidentId: 'i2' }));
      expect((await s.deliveries.forIncident('i1')).map((d) => d.id)).toEqual(['down:i1|ops', 'down:i1|pager', 'recovered:i1|ops']);
      expect(await s.deliveries.forIncident('none')).toEqual([]);
    });

    it('an update of a delivery never claimed is NotFound and writes nothing', async () => {
      const s = stores();
      await expect(s.deliveries.update(delivery('down:i9|ops', { incidentId: 'i9' }))).rejects.toBeInstanceOf(NotFoundError);
      expect(await s.deliveries.forIncident('i9')).toEqual([]);
    });
  });
}
