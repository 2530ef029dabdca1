/**
 * A real SMTP server (the smtp-server package) on a loopback port, keeping every message it
 * receives. nodemailer talks real SMTP to it, so a test sees the exact bytes a mail server would.
 * A small MIME reader below is enough for the messages nodemailer composes (multipart, base64,
 * quoted-printable, encoded-word headers); it is not a general mail parser.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string | null;
  to: string[];
  raw: string;
}

export interface FakeSmtpServer {
  url: string;
  messages: ReceivedMail[];
  /** Makes the server refuse the next messages (a 5xx to DATA), to test failures. */
  refuseMessages(refuse: boolean): void;
  /**
   * Makes the server keep the next messages (they are in `messages`) and never answer the end
   * of DATA: the client times out not knowing whether the mail went out.
   */
  hangAfterData(hang: boolean): void;
  close(): Promise<void>;
}

export async function startFakeSmtpServer(): Promise<FakeSmtpServer> {
  const messages: ReceivedMail[] = [];
  let refusing = false;
  let hanging = false;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS offered (nodemailer would try it), no login needed.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusing)
          return callback(Object.assign(new Error("mailbox unavailable (fake refusal)"), { responseCode: 550 }));
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("latin1"),
        });
        if (hanging) return;
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseMessages(refuse) {
      refusing = refuse;
    },
    hangAfterData(hang) {
      hanging = hang;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MimePart {
  headers: Map<string, string>;
  /** Decoded body bytes (base64 and quoted-printable undone). */
  body: Buffer;
  parts: MimePart[];
}

function decodeWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([BQbq])\?([^?]*)\?=\s*(?==\?)?/g,
    (_all, _charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(
              text
                .replace(/_/g, " ")
                .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              "latin1",
            );
      return bytes.toString("utf8");
    },
  );
}

function decodeBody(raw: string, encoding: string | undefined): Buffer {
  if (encoding === "base64") return Buffer.from(raw.replace(/\s+/g, ""), "base64");
  if (encoding === "quoted-printable") {
    return Buffer.from(
      raw
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      "latin1",
    );
  }
  return Buffer.from(raw, "latin1");
}

export function parseMime(raw: string): MimePart {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const type = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.startsWith("multipart/") && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    const parts = sections
      .filter((s) => !s.startsWith("--"))
      .map((s) => parseMime(s.replace(/^\r?\n/, "").replace(/\r?\n$/, "")));
    return { headers, body: Buffer.alloc(0), parts };
  }
  return { headers, body: decodeBody(body, headers.get("content-transfer-encoding")?.toLowerCase()), parts: [] };
}

/** Every leaf part, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}
