/**
 * Outgoing email behind one small interface. With SMTP_URL set, messages go to that SMTP
 * server; without it they are written as .eml files under <dataDir>/outbox, so the product runs
 * on a fresh machine with no mail server and a developer can still open what was "sent".
 */
import { lazyImport } from "../lazy-import";
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type * as NodemailerModule from "nodemailer";
import type { Transporter } from "nodemailer";
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
  /** Our own Message-ID (`<id@domain>`), when the caller must know it before sending (to thread answers). */
  messageId?: string;
  /** Threading: the Message-ID this one answers, and the thread's earlier ones (RFC 5322). */
  inReplyTo?: string;
  references?: string[];
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

/**
 * The message was certainly not handed over: the SMTP server answered a command with a refusal
 * (4xx/5xx, a rejected recipient), the connection or login failed before any mail was given, or
 * the outbox file was not written. The outbound ledger may send it again later.
 */
export class MailRefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MailRefusedError";
  }
}

/** nodemailer's codes for failures before the message data was sent. */
const BEFORE_DATA = new Set(["ECONNECTION", "EAUTH", "EENVELOPE", "EDNS", "ETLS", "ENOAUTH"]);

/**
 * Whether a failed send certainly did not reach the SMTP server's queue. A timeout or a socket
 * error (ETIMEDOUT, ESOCKET) may have come after the server took the message: not a refusal.
 */
export function isRefusedMail(error: unknown): boolean {
  if (error instanceof MailRefusedError) return true;
  if (typeof error !== "object" || error === null) return false;
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === "number" && responseCode >= 400) return true;
  return typeof code === "string" && BEFORE_DATA.has(code);
}

export interface SmtpMailerOptions {
  /** The socket timeout (30 s by default; the connection and greeting wait at most 10 s, or this if shorter). */
  timeoutMs?: number;
  /** Where nodemailer comes from (tests give one that fails). */
  loadNodemailer?: () => Promise<Nodemailer>;
}

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
    messageId: message.messageId,
    inReplyTo: message.inReplyTo,
    references: message.references?.length ? message.references : undefined,
  };
}

type Nodemailer = typeof NodemailerModule;

/**
 * nodemailer is loaded at the first send, not with the process (a process that sends no mail,
 * such as one serving only boards, does without its few MB). One import per process; a failed
 * import refuses the send (nothing was handed over) and is tried again at the next one.
 */
export const loadNodemailer = lazyImport(
  (): Promise<Nodemailer> => import("nodemailer"),
  (module) => module,
  (error) =>
    new MailRefusedError(`nodemailer could not be loaded: ${String((error as Error)?.message ?? error)}`, {
      cause: error,
    }),
);

/** The transport built at the first send (and again after a failed load). */
function lazyTransport<T extends Transporter<unknown>>(
  create: (mailer: Nodemailer) => T,
  load: () => Promise<Nodemailer>,
): () => Promise<T> {
  let transport: Promise<T> | null = null;
  return () =>
    (transport ??= load().then(create, (error: unknown) => {
      transport = null;
      throw error;
    }));
}

export function createSmtpMailer(smtpUrl: string, from: string, options: SmtpMailerOptions = {}): Mailer {
  // Bounded timeouts: a dead SMTP server must fail the send (recorded as failed or unknown), not hang a batch.
  const socketTimeout = options.timeoutMs ?? 30_000;
  const transport = lazyTransport(
    (nodemailer) =>
      nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: Math.min(10_000, socketTimeout),
        greetingTimeout: Math.min(10_000, socketTimeout),
        socketTimeout,
      }),
    options.loadNodemailer ?? loadNodemailer,
  );
  return {
    async send(message) {
      const info = await (await transport()).sendMail(toNodemailer(from, message));
      if (info.rejected.length > 0)
        throw new MailRefusedError(`the SMTP server refused ${info.rejected.map(String).join(", ")}: ${info.response}`);
      return { messageId: info.messageId, destination: info.response };
    },
  };
}

export function createOutboxMailer(
  outboxDir: string,
  from: string,
  log: Log = (line) => console.info(line),
  load: () => Promise<Nodemailer> = loadNodemailer,
): Mailer {
  const transport = lazyTransport(
    (nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }),
    load,
  );
  return {
    async send(message) {
      const info = await (await transport()).sendMail(toNodemailer(from, message));
      if (!Buffer.isBuffer(info.message))
        throw new MailRefusedError("the stream transport did not return the message as a buffer");
      // A timestamp first so the outbox lists in sending order; a UUID so two sends never collide.
      const file = path.join(outboxDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID()}.eml`);
      try {
        await mkdir(outboxDir, { recursive: true });
        await writeFile(file, info.message, { flag: "wx" });
      } catch (error) {
        // No file, no message: nobody can have read it.
        throw new MailRefusedError(`the outbox file ${file} could not be written: ${String(error)}`, { cause: error });
      }
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
