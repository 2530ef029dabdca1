/**
 * Files on ticket messages: when a customer may still add a photo to a message of theirs, and
 * the file name a download offers. Photos travel after the message they belong to (the browser
 * sends the message, then each photo), so a message takes photos for a short while after it was
 * written, up to a cap; after that it is history, which nobody edits.
 */
import { EXTENSION_OF, type ImageType } from "../media/image";

/** Photos a customer may add to one message. */
export const MAX_PHOTOS_PER_MESSAGE = 5;
/** How long after writing a message its photos may still arrive (a slow phone, a retried send). */
export const PHOTO_WINDOW_MS = 60 * 60 * 1000;

export type PhotoRefusal = "not_customer_message" | "window_closed" | "too_many";

export interface PhotoTarget {
  authorKind: "staff" | "customer" | "system";
  internal: boolean;
  createdAt: Date;
}

/** Whether one more photo may go on this message, which already carries `attached` files. */
export function photoAttachRule(input: {
  message: PhotoTarget;
  attached: number;
  now: Date;
}): { ok: true } | { ok: false; reason: PhotoRefusal } {
  const { message, attached, now } = input;
  if (message.authorKind !== "customer" || message.internal) return { ok: false, reason: "not_customer_message" };
  if (now.getTime() - message.createdAt.getTime() > PHOTO_WINDOW_MS) return { ok: false, reason: "window_closed" };
  if (attached >= MAX_PHOTOS_PER_MESSAGE) return { ok: false, reason: "too_many" };
  return { ok: true };
}

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"\\/:*?<>|]/gu;

/**
 * The name to keep for an uploaded photo: the sender's name without its folders, control
 * characters or characters a file system refuses, at most 100 characters, and always the
 * extension of the type the bytes are (never the one the sender claimed).
 */
export function photoFileName(given: string | null | undefined, type: ImageType): string {
  const base = (given ?? "").normalize("NFC").split(/[/\\]/).pop()!.replace(UNSAFE, "_").trim();
  const stem = base
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .replace(/^\.+/, "")
    .slice(0, 100)
    .trim();
  return `${stem || "photo"}.${EXTENSION_OF[type]}`;
}

/** RFC 5987's attr-char: what may stay unencoded in `filename*`. */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A Content-Disposition header for a stored file's name, whatever the sender put in it: an ASCII
 * `filename` (anything else becomes `_`) for old clients and the exact name, percent-encoded,
 * in `filename*`. No quote, backslash or line break can reach the header.
 */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const name = fileName.replace(UNSAFE, "_").trim().slice(0, 200) || "file";
  const ascii = name.replace(/[^A-Za-z0-9._ ()+,=@-]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
