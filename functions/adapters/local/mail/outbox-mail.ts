/**
 * E-mail into the outbox folder, for when no SMTP server is configured: each message an
 * `.eml` file (composed by nodemailer, as it would go over SMTP), written beside and
 * renamed, so a file appears whole. The folder is the record; nothing leaves the machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Mail, MailTransport } from '../../../ports/mail-transport.ts';

export interface OutboxMailOptions {
  /** @default 'CrossCheck <crosscheck@localhost>' */
  readonly from?: string;
  /** @default Date.now */
  readonly now?: () => number;
}

const safeName = (text: string): string => text.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 100);

export function createOutboxMailTransport(dir: string, options: OutboxMailOptions = {}): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async sendMail(mail: Mail) {
      const info = await composer.sendMail({
        from: options.from ?? 'CrossCheck <crosscheck@localhost>',
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.headers ? { headers: { ...mail.headers } } : {}),
      });
      await mkdir(dir, { recursive: true });
      const time = new Date((options.now ?? Date.now)()).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
      const name = `${time}-mail-${safeName(mail.headers?.['X-CrossCheck-Alert-Id'] ?? 'message')}-${randomBytes(3).toString('hex')}.eml`;
      const tmp = join(dir, `.${name}.tmp`);
      try {
        await writeFile(tmp, info.message as Buffer, { flag: 'wx' });
        await rename(tmp, join(dir, name));
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
  };
}
