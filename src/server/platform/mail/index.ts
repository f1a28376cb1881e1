import nodemailer, { type Transporter } from 'nodemailer';

/**
 * Outgoing e-mail through SMTP (SMTP_URL). Without SMTP configured the message is
 * written to the log instead, so a development install still shows invitation links;
 * callers can ask `configured` to tell the user that nothing was sent.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  readonly configured: boolean;
  send(msg: MailMessage): Promise<void>;
}

export function createMailer(opts: { smtpUrl: string | undefined; from: string; log: (obj: object, msg: string) => void }): Mailer {
  if (!opts.smtpUrl) {
    return {
      configured: false,
      async send(msg) {
        opts.log({ to: msg.to, subject: msg.subject }, 'SMTP_URL is not set; e-mail not sent');
      },
    };
  }
  const transport: Transporter = nodemailer.createTransport(opts.smtpUrl);
  return {
    configured: true,
    async send(msg) {
      await transport.sendMail({ from: opts.from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html });
    },
  };
}
