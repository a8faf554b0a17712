/** A sender as SES takes it: `alerts@example.org` or `CrossCheck <alerts@example.org>`. */
import * as z from 'zod';

const address = z.email();

/** The e-mail address inside a mailbox, or null when it is not one. */
export function mailboxAddress(text: string): string | null {
  const match = /^\s*(?:[^<>@]*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(text);
  const candidate = match?.[1] ?? match?.[2];
  return candidate !== undefined && address.safeParse(candidate).success ? candidate : null;
}

export const MailboxSchema = z.string().refine((text) => mailboxAddress(text) !== null, 'must be an e-mail address, optionally with a name: Name <address>');
