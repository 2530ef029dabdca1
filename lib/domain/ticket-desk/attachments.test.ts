import { describe, expect, it } from "vitest";
import {
  contentDisposition,
  MAX_PHOTOS_PER_MESSAGE,
  PHOTO_WINDOW_MS,
  photoAttachRule,
  photoFileName,
  type PhotoTarget,
} from "./attachments";

const now = new Date("2026-12-07T15:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const customerMessage: PhotoTarget = { authorKind: "customer", internal: false, createdAt: ago(60_000) };

describe("photoAttachRule", () => {
  it.each<[string, PhotoTarget, number, string]>([
    ["the customer's own message, just written", customerMessage, 0, "ok"],
    ["the last photo the cap allows", customerMessage, MAX_PHOTOS_PER_MESSAGE - 1, "ok"],
    ["one photo past the cap", customerMessage, MAX_PHOTOS_PER_MESSAGE, "too_many"],
    ["a message at the window's very end", { ...customerMessage, createdAt: ago(PHOTO_WINDOW_MS) }, 0, "ok"],
    ["a message past the window", { ...customerMessage, createdAt: ago(PHOTO_WINDOW_MS + 1) }, 0, "window_closed"],
    ["a staff reply", { ...customerMessage, authorKind: "staff" }, 0, "not_customer_message"],
    ["a system note", { ...customerMessage, authorKind: "system" }, 0, "not_customer_message"],
    ["an internal note", { ...customerMessage, internal: true }, 0, "not_customer_message"],
    // The message's own kind is judged first: a full staff reply is still not the customer's.
    ["a staff reply past the cap", { ...customerMessage, authorKind: "staff" }, 9, "not_customer_message"],
  ])("%s: %s", (_what, message, attached, expected) => {
    const verdict = photoAttachRule({ message, attached, now });
    expect(verdict.ok ? "ok" : verdict.reason).toBe(expected);
  });
});

describe("photoFileName", () => {
  it.each<[string | null, "image/jpeg" | "image/png" | "image/webp", string]>([
    ["IMG_2041.jpg", "image/jpeg", "IMG_2041.jpg"],
    ["IMG_2041.JPEG", "image/jpeg", "IMG_2041.jpg"],
    // The bytes decide the extension, not the name.
    ["modem.png", "image/jpeg", "modem.jpg"],
    ["photo du modem été", "image/webp", "photo du modem été.webp"],
    ["C:\\Users\\me\\Desktop\\box.png", "image/png", "box.png"],
    ["../../etc/passwd", "image/png", "passwd.png"],
    ['a"b\r\nc.jpg', "image/jpeg", "a_b__c.jpg"],
    [".hidden.png", "image/png", "hidden.png"],
    ["", "image/png", "photo.png"],
    [null, "image/jpeg", "photo.jpg"],
    ["   ", "image/jpeg", "photo.jpg"],
    ["x".repeat(300) + ".jpg", "image/jpeg", "x".repeat(100) + ".jpg"],
  ])("%j as %s → %s", (given, type, expected) => {
    expect(photoFileName(given, type)).toBe(expected);
  });
});

describe("contentDisposition", () => {
  it.each<[string, string]>([
    ["box.jpg", `inline; filename="box.jpg"; filename*=UTF-8''box.jpg`],
    ["modem été.png", `inline; filename="modem _t_.png"; filename*=UTF-8''modem%20%C3%A9t%C3%A9.png`],
    [
      'evil"; filename="x.html',
      `inline; filename="evil__ filename=_x.html"; filename*=UTF-8''evil_%3B%20filename%3D_x.html`,
    ],
    ["line\r\nbreak.pdf", `inline; filename="line__break.pdf"; filename*=UTF-8''line__break.pdf`],
    ["it's (1).jpg", `inline; filename="it_s (1).jpg"; filename*=UTF-8''it%27s%20%281%29.jpg`],
    ["", `inline; filename="file"; filename*=UTF-8''file`],
  ])("%j", (name, expected) => {
    expect(contentDisposition("inline", name)).toBe(expected);
  });

  it("never lets a quote, a backslash or a line break into the header", () => {
    const header = contentDisposition("attachment", 'a"\\\r\n\u0000\u202eb.exe');
    expect(header.startsWith("attachment; ")).toBe(true);
    const quoted = header.slice(header.indexOf('"') + 1, header.lastIndexOf('"'));
    for (const c of ['"', "\\", "\r", "\n", "\u0000"]) expect(quoted).not.toContain(c);
    for (const c of ["\r", "\n", "\u0000", "\u202e"]) expect(header).not.toContain(c);
  });
});
