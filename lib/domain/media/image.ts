/**
 * What the server accepts as a job photo or a signature, decided from the bytes alone: the
 * declared Content-Type is a claim, the magic bytes are the truth, and the pixel size comes
 * from the header so no decoder (and no decoder bug) runs on untrusted uploads. Only the
 * formats a phone's canvas produces are allowed: JPEG, PNG and WebP.
 */

export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const EXTENSION_OF: Record<ImageType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};

export interface ImageLimits {
  maxBytes: number;
  maxSide: number;
  types: readonly ImageType[];
}

/** The phone resizes to about 1600 px before upload; these leave room for a phone that could not. */
export const PHOTO_LIMITS: ImageLimits = { maxBytes: 5 * 1024 * 1024, maxSide: 4096, types: IMAGE_TYPES };
/** A signature pad's PNG is a few kilobytes; anything near the limit is not a signature. */
export const SIGNATURE_LIMITS: ImageLimits = { maxBytes: 200 * 1024, maxSide: 4096, types: ["image/png"] };

export type ImageRefusalReason =
  "empty" | "too_large" | "not_an_image" | "type_not_allowed" | "type_mismatch" | "unreadable" | "too_many_pixels";

export type ImageCheck =
  | { ok: true; type: ImageType; width: number; height: number }
  | { ok: false; reason: ImageRefusalReason; message: string; key: string; params: Record<string, string | number> };

export function isImageType(value: string): value is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(value);
}

/** `image/JPEG; charset=x` → `image/jpeg`; the parameters of a Content-Type never matter here. */
export function baseContentType(header: string | null | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((value, i) => bytes[at + i] === value);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IEND = [0, 0, 0, 0, ...ascii("IEND"), 0xae, 0x42, 0x60, 0x82];

export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);

type Size = { width: number; height: number };

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * IHDR must be the first chunk, with a correct CRC, and the file must end with IEND: every
 * encoder writes both, and a cut-off upload (a phone losing signal mid-request) fails here.
 */
function pngSize(b: Uint8Array): Size | null {
  if (b.length < 33 + PNG_IEND.length || u32be(b, 8) !== 13 || !startsWith(b, ascii("IHDR"), 12)) return null;
  if (crc32(b.subarray(12, 29)) !== u32be(b, 29)) return null;
  if (!startsWith(b, PNG_IEND, b.length - PNG_IEND.length)) return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** Start-of-frame markers carry the size; C4 (Huffman tables), C8 and CC (arithmetic coding) share the range but do not. */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers that stand alone, without a length: TEM, RST0-7, SOI. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

/** Walks the JPEG's segments (EXIF and ICC profiles come first on phones) to the first frame header. */
function jpegSize(b: Uint8Array): Size | null {
  let at = 2;
  while (at < b.length) {
    if (b[at] !== 0xff) return null;
    while (b[at] === 0xff) at++; // fill bytes before a marker
    const marker = b[at++];
    if (marker === undefined || marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame
    if (isStandalone(marker)) continue;
    if (at + 2 > b.length) return null;
    const length = u16be(b, at);
    if (length < 2) return null;
    if (isStartOfFrame(marker))
      return at + 7 <= b.length && length >= 7 ? { width: u16be(b, at + 5), height: u16be(b, at + 3) } : null;
    at += length;
  }
  return null;
}

/** The three WebP flavours: VP8 (lossy), VP8L (lossless) and VP8X (extended: alpha, ICC, animation). */
function webpSize(b: Uint8Array): Size | null {
  if (b.length < 30) return null;
  if (startsWith(b, ascii("VP8 "), 12)) {
    return startsWith(b, [0x9d, 0x01, 0x2a], 23)
      ? { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff }
      : null;
  }
  if (startsWith(b, ascii("VP8L"), 12)) {
    if (b[20] !== 0x2f) return null;
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (startsWith(b, ascii("VP8X"), 12)) return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return null;
}

/** Width and height in pixels as stored (before any EXIF rotation), or null when the header is broken. */
export function readImageSize(bytes: Uint8Array, type: ImageType): Size | null {
  const size = type === "image/png" ? pngSize(bytes) : type === "image/jpeg" ? jpegSize(bytes) : webpSize(bytes);
  return size && size.width > 0 && size.height > 0 ? size : null;
}

const kib = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB` : `${Math.round(n / 1024)} KB`;

/** A refusal as an English sentence for logs; people read it translated from `imageRefusalText`'s key. */
export function imageRefusalMessage(
  reason: ImageRefusalReason,
  limits: ImageLimits,
  detail: { type?: string; declared?: string; width?: number; height?: number } = {},
): string {
  const allowed = limits.types.map((t) => EXTENSION_OF[t].toUpperCase()).join(", ");
  switch (reason) {
    case "empty":
      return "The image is empty";
    case "too_large":
      return `The image is larger than ${kib(limits.maxBytes)}`;
    case "not_an_image":
      return `The file is not a ${allowed} image`;
    case "type_not_allowed":
      return `Only ${allowed} images are accepted here, not ${detail.type}`;
    case "type_mismatch":
      return `The file is ${detail.type} but was sent as ${detail.declared}`;
    case "unreadable":
      return "The image's header is damaged or the file is cut off";
    case "too_many_pixels":
      return `The image is ${detail.width}×${detail.height} px; at most ${limits.maxSide} px a side`;
  }
}

const REFUSAL_KEY: Record<ImageRefusalReason, string> = {
  empty: "errors.image.empty",
  too_large: "errors.image.tooLarge",
  not_an_image: "errors.image.notAnImage",
  type_not_allowed: "errors.image.typeNotAllowed",
  type_mismatch: "errors.image.typeMismatch",
  unreadable: "errors.image.unreadable",
  too_many_pixels: "errors.image.tooManyPixels",
};

/** The refusal as a message key under `errors` (messages/errors/*.json) and its parameters, for the reader's language. */
export function imageRefusalText(
  reason: ImageRefusalReason,
  limits: ImageLimits,
  detail: Parameters<typeof imageRefusalMessage>[2] = {},
): { key: string; params: Record<string, string | number> } {
  const allowed = limits.types.map((t) => EXTENSION_OF[t].toUpperCase()).join(", ");
  return {
    key: REFUSAL_KEY[reason],
    params: {
      allowed,
      maxSize: kib(limits.maxBytes),
      maxSide: limits.maxSide,
      type: detail.type ?? "",
      declared: detail.declared ?? "",
      width: detail.width ?? 0,
      height: detail.height ?? 0,
    },
  };
}

/** Checks an upload against its declared Content-Type and the limits; the first problem found is the answer. */
export function checkImage(bytes: Uint8Array, declaredType: string, limits: ImageLimits): ImageCheck {
  const refuse = (reason: ImageRefusalReason, detail?: Parameters<typeof imageRefusalMessage>[2]): ImageCheck => ({
    ok: false,
    reason,
    message: imageRefusalMessage(reason, limits, detail),
    ...imageRefusalText(reason, limits, detail),
  });
  if (bytes.length === 0) return refuse("empty");
  if (bytes.length > limits.maxBytes) return refuse("too_large");
  const type = sniffImageType(bytes);
  if (!type) return refuse("not_an_image");
  if (!limits.types.includes(type)) return refuse("type_not_allowed", { type });
  const declared = baseContentType(declaredType);
  if (declared !== type) return refuse("type_mismatch", { type, declared: declared || "(none)" });
  const size = readImageSize(bytes, type);
  if (!size) return refuse("unreadable");
  if (size.width > limits.maxSide || size.height > limits.maxSide) return refuse("too_many_pixels", size);
  return { ok: true, type, ...size };
}
