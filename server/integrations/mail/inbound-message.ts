/**
 * Reading a raw RFC 5322 message (what an inbound relay or an MTA pipe hands us) into the few
 * things the desk uses: who sent it, its ids for threading, its subject, its text and its files.
 *
 * A narrow MIME reader, written because no mail parser is installed (nodemailer composes but
 * does not parse; `mailparser` is the package to swap in, behind this same function). It covers
 * what mail clients send: folded headers, RFC 2047 encoded words, RFC 2231 parameters (through
 * nodemailer's own header parser), nested multipart, base64 and quoted-printable, any charset
 * Node's TextDecoder knows, HTML-only messages reduced to text. Everything is bounded: the route
 * caps the message's size and this caps nesting depth and part count, so a hostile message costs
 * at most a linear pass over bytes we already hold.
 */
import { parseHeaderValue } from "nodemailer/lib/mime-funcs";
import addressparser from "nodemailer/lib/addressparser";

export interface InboundAttachment {
  /** The sender's name for the file, decoded; never used as a path. */
  fileName: string;
  /** As declared; the desk decides from the bytes. */
  declaredType: string;
  content: Buffer;
}

export interface InboundMessage {
  /** `<id@domain>` as sent, or null when the message has none. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  from: { address: string; name: string } | null;
  subject: string;
  /** The text part (or the HTML part reduced to text), decoded; quoted history still in. */
  text: string;
  attachments: InboundAttachment[];
  /** The headers that mark mail sent by a program (out-of-office, bounce, list), as sent; the desk judges them. */
  automationHeaders: {
    autoSubmitted: string | null;
    precedence: string | null;
    xAutoreply: string | null;
    xAutoResponseSuppress: string | null;
  };
}

const MAX_DEPTH = 8;
const MAX_PARTS = 200;

interface Part {
  headers: Map<string, string>;
  /** The body as a latin1 string: one character per byte, so slicing never splits a byte. */
  body: string;
}

function splitHead(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: "" };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

/** Header names lowercased, folded lines joined; the first of a repeated header wins (as receivers read it). */
function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const label = (charset ?? "utf-8").trim().toLowerCase().replace(/^"|"$/g, "") || "utf-8";
  try {
    return new TextDecoder(label === "us-ascii" || label === "ascii" ? "utf-8" : label).decode(bytes);
  } catch {
    // An unknown charset label: Latin-1 shows every byte, which beats losing the message.
    return bytes.toString("latin1");
  }
}

const latin1 = (text: string) => Buffer.from(text, "latin1");

function decodeQuotedPrintable(text: string, inHeader = false): Buffer {
  const source = inHeader ? text.replace(/_/g, " ") : text.replace(/=\r?\n/g, "");
  return latin1(source.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

/** RFC 2047 encoded words (`=?utf-8?B?…?=`), adjacent ones joined as the RFC says; raw 8-bit header bytes read as UTF-8. */
export function decodeHeaderText(value: string): string {
  const joined = value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, "$1");
  const decoded = joined.replace(
    /=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g,
    (_all, charset: string, encoding: string, text: string) =>
      "\u0000" +
      decodeCharset(
        encoding.toUpperCase() === "B" ? Buffer.from(text, "base64") : decodeQuotedPrintable(text, true),
        charset,
      ) +
      "\u0000",
  );
  // Text outside encoded words is still one char per byte: mailers that send 8-bit headers send UTF-8.
  return decoded
    .split("\u0000")
    .map((piece, i) => (i % 2 === 1 ? piece : decodeCharset(latin1(piece), "utf-8")))
    .join("");
}

function decodeBody(part: Part): Buffer {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "").trim().toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body);
  return latin1(part.body);
}

function contentTypeOf(part: Part, fallback: string) {
  const parsed = parseHeaderValue(part.headers.get("content-type") ?? fallback);
  return { type: (parsed.value || fallback).toLowerCase(), params: parsed.params };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Leaf parts in message order; a multipart's preamble and epilogue are skipped. */
function leaves(part: Part, depth: number, out: { part: Part; parent: string }[], parent: string): void {
  if (out.length >= MAX_PARTS) return;
  const { type, params } = contentTypeOf(part, parent === "multipart/digest" ? "message/rfc822" : "text/plain");
  const boundary = params.boundary;
  if (type.startsWith("multipart/") && boundary && depth < MAX_DEPTH) {
    const delimiter = `--${boundary}`;
    const sections = part.body.split(new RegExp(`(?:^|\\r?\\n)${escapeRegExp(delimiter)}`));
    for (const section of sections.slice(1)) {
      if (section.startsWith("--")) break;
      const { head, body } = splitHead(section.replace(/^[ \t]*\r?\n/, ""));
      leaves({ headers: parseHeaders(head), body }, depth + 1, out, type);
    }
    return;
  }
  out.push({ part, parent });
}

/** An HTML-only message as readable text: blocks become lines, tags and scripts go, entities are undone. */
export function htmlToText(html: string): string {
  const named: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<blockquote\b[^>]*>/gi, "\n> ")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (all, entity: string) => {
      if (entity.startsWith("#")) {
        const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
      }
      return named[entity.toLowerCase()] ?? all;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function fileNameOf(part: Part, index: number): string {
  const disposition = parseHeaderValue(part.headers.get("content-disposition") ?? "");
  const { params } = contentTypeOf(part, "application/octet-stream");
  const given = disposition.params.filename ?? params.name ?? "";
  const name = decodeHeaderText(given)
    .replace(/[\\/]/g, "_")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, 200);
  return name || `attachment-${index + 1}`;
}

export function parseRawEmail(raw: Uint8Array): InboundMessage {
  const { head, body } = splitHead(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1"));
  const root: Part = { headers: parseHeaders(head), body };
  const found: { part: Part; parent: string }[] = [];
  leaves(root, 0, found, "");

  let text: string | null = null;
  let html: string | null = null;
  const attachments: InboundAttachment[] = [];
  for (const { part, parent } of found) {
    const { type, params } = contentTypeOf(part, parent === "multipart/digest" ? "message/rfc822" : "text/plain");
    const disposition = parseHeaderValue(part.headers.get("content-disposition") ?? "").value.toLowerCase();
    const inline = disposition !== "attachment";
    if (inline && type === "text/plain") {
      // Apple Mail splits the text around an inline picture into several text parts: all are the message.
      const piece = decodeCharset(decodeBody(part), params.charset);
      text = text === null ? piece : `${text}\n${piece}`;
    } else if (inline && type === "text/html") {
      html ??= decodeCharset(decodeBody(part), params.charset);
    } else if (!type.startsWith("multipart/")) {
      attachments.push({
        fileName: fileNameOf(part, attachments.length),
        declaredType: type,
        content: decodeBody(part),
      });
    }
  }

  const header = (name: string) => {
    const value = root.headers.get(name);
    return value === undefined ? null : value;
  };
  const sender = addressparser(decodeHeaderText(header("from") ?? ""), { flatten: true })[0];
  return {
    messageId: /<[^<>\s]+>/.exec(header("message-id") ?? "")?.[0] ?? null,
    inReplyTo: header("in-reply-to"),
    references: header("references"),
    from: sender?.address ? { address: sender.address, name: sender.name } : null,
    subject: decodeHeaderText(header("subject") ?? "").trim(),
    text: (text ?? (html !== null ? htmlToText(html) : "")).replace(/\r\n?/g, "\n"),
    attachments,
    automationHeaders: {
      autoSubmitted: header("auto-submitted"),
      precedence: header("precedence"),
      xAutoreply: header("x-autoreply"),
      xAutoResponseSuppress: header("x-auto-response-suppress"),
    },
  };
}
