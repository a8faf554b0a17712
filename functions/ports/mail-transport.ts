/** One e-mail: a plain-text and an HTML part. */
export interface Mail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Extra headers (Auto-Submitted, X-CrossCheck-Alert-Id, ...). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Where e-mail goes: SMTP (nodemailer) or the outbox folder locally, SES in AWS. */
export interface MailTransport {
  /** Resolves once the server accepted the message; rejects with MailError otherwise. */
  sendMail(mail: Mail): Promise<void>;
}
