/**
 * Rules for a customer's email, once parsed: which of its references may name a ticket, what of
 * its text is the customer's new words (not the history their mail client quoted), and which
 * attachments are kept. Pure: the service parses, looks up and stores.
 */
import { sniffImageType } from "../media/image";
import { MAX_RECORD_ID } from "../../schemas/ids";
import { MESSAGE_MAX_CHARS } from "./workflow";

/** The `<id@domain>` tokens of a Message-ID, In-Reply-To or References header, in header order, once each. */
export function messageIdsIn(header: string | null | undefined): string[] {
  if (!header) return [];
  const ids = header.match(/<[^<>\s]{1,250}>/g) ?? [];
  return [...new Set(ids)];
}

/** How many of a thread's Message-IDs are looked up: the latest ones name the ticket as well as all of them. */
export const MAX_THREAD_REFERENCES = 20;

/**
 * The Message-IDs an answer may be threaded on, most telling first: what it replies to, then the
 * thread's References from the newest back.
 */
export function threadReferences(
  inReplyTo: string | null | undefined,
  references: string | null | undefined,
): string[] {
  const ordered = [...messageIdsIn(inReplyTo), ...messageIdsIn(references).reverse()];
  return [...new Set(ordered)].slice(0, MAX_THREAD_REFERENCES);
}

/**
 * The ticket named in a subject as our replies write it (`Re: [#12345] No internet`), or null.
 * The first such tag counts: a forwarded chain puts the newest in front.
 */
export function subjectTicketRef(subject: string | null | undefined): number | null {
  const match = /\[#\s?(\d{1,10})\]/.exec(subject ?? "");
  if (!match) return null;
  const id = Number(match[1]);
  return id >= 1 && id <= MAX_RECORD_ID ? id : null;
}

/** An address as compared with customers' addresses: trimmed and lowercased, or null when it is not one. */
export function normalizeEmailAddress(address: string | null | undefined): string | null {
  const value = (address ?? "").trim().toLowerCase();
  return /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(value) && value.length <= 254 ? value : null;
}

// Lines a mail client writes above the history it quotes; everything from there on is history.
const REPLY_HEADERS: RegExp[] = [
  /^On\s.{4,200}\swrote:\s*$/i,
  /^Le\s.{4,200}\sa\s+écrit\s*:\s*$/i,
  /^-{2,}\s*(Original Message|Message d'origine|Message original)\s*-{2,}\s*$/i,
  /^_{20,}\s*$/,
];
// Outlook quotes with a header block, not a "wrote:" line: From/De, then Sent/Envoyé/Date within two lines.
const OUTLOOK_FROM = /^\*?(From|De)\s*:\s?\*?\s*\S/i;
const OUTLOOK_SENT = /^\*?(Sent|Envoyé|Date)\s*:\s?\*?\s*\S/i;

function replyHeaderAt(lines: string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (REPLY_HEADERS.some((re) => re.test(line))) return true;
  // Gmail wraps a long "On …, Name <address> wrote:" over two lines.
  if (/^(On|Le)\s/i.test(line) && i + 1 < lines.length) {
    const joined = `${line} ${lines[i + 1]!.trim()}`;
    if (REPLY_HEADERS.slice(0, 2).some((re) => re.test(joined))) return true;
  }
  if (OUTLOOK_FROM.test(line)) return lines.slice(i + 1, i + 3).some((next) => OUTLOOK_SENT.test(next.trim()));
  return false;
}

/**
 * The customer's new words: the text up to the first reply header ("On … wrote:", "Le … a écrit :",
 * Outlook's From/Sent block, "Original Message"), or a signature delimiter ("-- "), without the
 * quoted (`>`) lines that trail it. Quotes the customer answers in between stay: the answers need
 * them. When nothing is left (a message that is all quote), the whole text is kept rather than
 * an empty message. Longer than a ticket message may be: cut, and said so.
 */
export function trimQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === "-- " || replyHeaderAt(lines, i)) {
      end = i;
      break;
    }
  }
  let kept = lines.slice(0, end);
  while (kept.length > 0 && (kept.at(-1)!.trim() === "" || kept.at(-1)!.trimStart().startsWith(">")))
    kept = kept.slice(0, -1);
  while (kept.length > 0 && kept[0]!.trim() === "") kept = kept.slice(1);
  const body = kept.map((line) => line.trimEnd()).join("\n");
  const chosen = body.trim() === "" ? text.replace(/\r\n?/g, "\n").trim() : body;
  return chosen.length > MESSAGE_MAX_CHARS ? `${chosen.slice(0, MESSAGE_MAX_CHARS - 1)}…` : chosen;
}

/** What an inbound email may bring as a file, decided from the bytes (the declared type is a claim). */
export const ATTACHMENT_TYPES = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/heic": "heic",
  "application/pdf": "pdf",
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export interface AttachmentLimits {
  maxBytes: number;
  maxCount: number;
}

/** A phone photo or a scanned bill fits; a video or an archive does not belong on a ticket. */
export const INBOUND_ATTACHMENT_LIMITS: AttachmentLimits = { maxBytes: 10 * 1024 * 1024, maxCount: 10 };

const startsWithAscii = (bytes: Uint8Array, text: string, at = 0) =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  const image = sniffImageType(bytes);
  if (image) return image;
  if (startsWithAscii(bytes, "GIF87a") || startsWithAscii(bytes, "GIF89a")) return "image/gif";
  if (startsWithAscii(bytes, "ftyp", 4) && ["heic", "heix", "mif1"].some((brand) => startsWithAscii(bytes, brand, 8)))
    return "image/heic";
  if (startsWithAscii(bytes, "%PDF-")) return "application/pdf";
  return null;
}

export type AttachmentVerdict =
  { keep: true; contentType: AttachmentType; extension: string } | { keep: false; reason: "type" | "size" | "count" };

/** Whether the `index`-th attachment (0-based, in message order) is kept. */
export function attachmentVerdict(
  bytes: Uint8Array,
  index: number,
  limits: AttachmentLimits = INBOUND_ATTACHMENT_LIMITS,
): AttachmentVerdict {
  if (index >= limits.maxCount) return { keep: false, reason: "count" };
  if (bytes.length > limits.maxBytes) return { keep: false, reason: "size" };
  const type = bytes.length > 0 ? sniffAttachmentType(bytes) : null;
  if (!type) return { keep: false, reason: "type" };
  return { keep: true, contentType: type, extension: ATTACHMENT_TYPES[type] };
}

/**
 * The line added to the message for a file that was not kept. It is stored with the message and
 * read by agents of either language, so it carries both.
 */
export function droppedAttachmentNote(fileName: string, bytes: number, reason: "type" | "size" | "count"): string {
  const size = bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
  const why = {
    type: ["type de fichier non accepté", "file type not accepted"],
    size: ["trop volumineux", "too large"],
    count: ["trop de pièces jointes", "too many attachments"],
  }[reason];
  return `[Pièce jointe non conservée / Attachment not kept: ${fileName} (${size}) — ${why[0]} / ${why[1]}]`;
}

/** The headers that say a message was sent by a program rather than typed by a person. */
export interface AutomaticReplyHeaders {
  autoSubmitted: string | null;
  precedence: string | null;
  xAutoreply: string | null;
  xAutoResponseSuppress: string | null;
}

/**
 * Whether the email is an automatic one (out-of-office, vacation, bounce, mailing list): RFC 3834's
 * `Auto-Submitted` other than `no`, the older `Precedence: bulk | junk | list | auto_reply`, and the
 * `X-Autoreply` / Exchange `X-Auto-Response-Suppress: All | OOF | AutoReply` marks. It is still kept on the
 * ticket (an agent may want to read it) but must not reopen it: a customer's vacation notice answering
 * our "resolved" is not the customer coming back.
 */
export function isAutomaticReply(headers: AutomaticReplyHeaders): boolean {
  const auto = headers.autoSubmitted?.trim().toLowerCase();
  if (auto && !auto.startsWith("no")) return true;
  const precedence = headers.precedence?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence)) return true;
  if (headers.xAutoreply !== null && headers.xAutoreply.trim() !== "") return true;
  const suppress = headers.xAutoResponseSuppress?.toLowerCase() ?? "";
  return /\b(all|oof|autoreply)\b/.test(suppress);
}
