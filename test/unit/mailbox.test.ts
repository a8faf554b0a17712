import { describe, expect, it } from 'vitest';
import { mailboxAddress } from '../../functions/core/mailbox.ts';

describe('mailboxAddress', () => {
  it.each([
    ['alerts@example.org', 'alerts@example.org'],
    ['CrossCheck <alerts@example.org>', 'alerts@example.org'],
    ['  "Ops Team" <ops@example.org> ', 'ops@example.org'],
    ['<alerts@example.org>', 'alerts@example.org'],
    ['alerts', null],
    ['CrossCheck <alerts>', null],
    ['a@example.org, b@example.org', null],
    ['CrossCheck <a@example.org> <b@example.org>', null],
    ['', null],
  ])('%j -> %j', (text, expected) => {
    expect(mailboxAddress(text)).toBe(expected);
  });
});
