/**
 * Outgoing email behind one small interface. With SMTP_URL set, messages go to that SMTP
 * server; without it they are written as .eml files under <dataDir>/outbox, so the product runs
 * on a fresh machine with no mail server and a developer can still open what was "sent".
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { ServerConfig } from "../../config";

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface MailReceipt {
  /** The Message-ID header, kept in the outbound ledger. */
  messageId: string;
  /** Where the message went: the SMTP server's answer, or the .eml file written. */
  destination: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<MailReceipt>;
}

type Log = (line: string) => void;

function toNodemailer(from: string, message: MailMessage) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.attachments?.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  // Bounded timeouts: a dead SMTP server must fail the send (recorded as failed), not hang a batch.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail(toNodemailer(from, message));
      if (info.rejected.length > 0)
        throw new Error(`the SMTP server refused ${info.rejected.map(String).join(", ")}: ${info.response}`);
      return { messageId: info.messageId, destination: info.response };
    },
  };
}

export function createOutboxMailer(outboxDir: string, from: string, log: Log = (line) => console.info(line)): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await transport.sendMail(toNodemailer(from, message));
      if (!Buffer.isBuffer(info.message))
        throw new Error("the stream transport did not return the message as a buffer");
      await mkdir(outboxDir, { recursive: true });
      // A timestamp first so the outbox lists in sending order; a UUID so two sends never collide.
      const file = path.join(outboxDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID()}.eml`);
      await writeFile(file, info.message, { flag: "wx" });
      log(`mail: no SMTP_URL set; "${message.subject}" to ${message.to} was written to ${file}`);
      return { messageId: info.messageId, destination: file };
    },
  };
}

/** The mailer a configuration asks for: SMTP with SMTP_URL, else the outbox under DATA_DIR. */
export function createMailer(config: Pick<ServerConfig, "mail" | "dataDir">): Mailer {
  return config.mail.smtpUrl
    ? createSmtpMailer(config.mail.smtpUrl, config.mail.from)
    : createOutboxMailer(path.join(config.dataDir, "outbox"), config.mail.from);
}
