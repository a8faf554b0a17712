/** A DOWN alert and a channel message as the channel tests use them. */
import type { Alert } from '../../functions/core/alert.ts';
import type { ChannelMessage } from '../../functions/core/channel-message.ts';

export function downAlertFixture(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'down:inc-1',
    kind: 'down',
    time: '2026-11-21T10:15:02.000Z',
    monitor: { id: 'mon-1', name: 'Checkout API', url: 'https://checkout.example.test/health' },
    subject: '[CrossCheck] DOWN: Checkout API (HTTP 503) confirmed from local-a and local-b',
    text: 'Checkout API is DOWN since 2026-11-21T10:15:00.000Z.\n',
    incident: {
      id: 'inc-1',
      cause: 'condition',
      openedAt: '2026-11-21T10:15:00.000Z',
      resolvedAt: null,
      verification: 'confirmed',
      ledgerSeq: 7,
      reasons: ['[STATUS] (503) == 200'],
      locations: ['local-a', 'local-b'],
    },
    recipients: { email: [], webhooks: [], channels: [{ channel: 'ops' }] },
    ...overrides,
  };
}

export function recoveredAlertFixture(): Alert {
  const down = downAlertFixture();
  return {
    ...down,
    id: 'recovered:inc-1',
    kind: 'recovered',
    time: '2026-11-21T10:27:30.000Z',
    subject: '[CrossCheck] RECOVERED: Checkout API after 12m 30s',
    incident: { ...down.incident!, resolvedAt: '2026-11-21T10:27:30.000Z', ledgerSeq: 9 },
  };
}

export function messageFixture(overrides: Partial<ChannelMessage> = {}): ChannelMessage {
  return {
    kind: 'down',
    alert: downAlertFixture(),
    incidentUrl: 'http://crosscheck.test/v1/incidents/inc-1',
    ledgerEntry: { seq: 7, jws: 'eyJhbGciOiJFUzI1NiJ9.eyJzZXEiOjd9.c2ln' },
    jwksUrl: 'http://crosscheck.test/.well-known/jwks.json',
    sentAt: '2026-11-21T10:15:02.000Z',
    ...overrides,
  };
}
