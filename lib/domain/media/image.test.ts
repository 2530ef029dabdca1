import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  baseContentType,
  checkImage,
  PHOTO_LIMITS,
  readImageSize,
  SIGNATURE_LIMITS,
  sniffImageType,
  type ImageType,
} from "./image";
import {
  bytesOf,
  JPEG_37x21,
  PNG_37x21,
  SIGNATURE_PNG_60x20,
  syntheticJpeg,
  WEBP_37x21,
  WEBP_LOSSLESS_1x1,
  WEBP_LOSSY_1x1,
} from "./sample-images";

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** A PNG with a correct IHDR and IEND (its pixel data does not matter to the header checks). */
function syntheticPng(width: number, height: number, options: { badCrc?: boolean } = {}): Uint8Array {
  const chunk = (type: string, data: number[]) => {
    const body = Uint8Array.from([...ascii(type), ...data]);
    return [...u32(data.length), ...body, ...u32((crc32(body) + (options.badCrc && type === "IHDR" ? 1 : 0)) >>> 0)];
  };
  return Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk("IHDR", [...u32(width), ...u32(height), 8, 6, 0, 0, 0]),
    ...chunk("IDAT", [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
    ...chunk("IEND", []),
  ]);
}

function riff(chunkType: string, payload: number[]): Uint8Array {
  const body = [
    ...ascii("WEBP"),
    ...ascii(chunkType),
    payload.length & 0xff,
    (payload.length >> 8) & 0xff,
    0,
    0,
    ...payload,
  ];
  return Uint8Array.from([
    ...ascii("RIFF"),
    body.length & 0xff,
    (body.length >> 8) & 0xff,
    0,
    0,
    ...body,
    ...new Array<number>(16).fill(0),
  ]);
}
const vp8 = (w: number, h: number) =>
  riff("VP8 ", [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, w & 0xff, (w >> 8) & 0x3f, h & 0xff, (h >> 8) & 0x3f]);
const vp8l = (w: number, h: number) => {
  const bits = ((w - 1) | ((h - 1) << 14)) >>> 0;
  return riff("VP8L", [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff]);
};
const vp8x = (w: number, h: number) =>
  riff("VP8X", [
    0x10,
    0,
    0,
    0,
    (w - 1) & 0xff,
    ((w - 1) >> 8) & 0xff,
    (w - 1) >> 16,
    (h - 1) & 0xff,
    ((h - 1) >> 8) & 0xff,
    (h - 1) >> 16,
  ]);

const camel = (name: string) => name.replace(/_(\w)/g, (_match, letter: string) => letter.toUpperCase());

describe("sniffImageType and readImageSize", () => {
  it.each<[string, Uint8Array, ImageType, number, number]>([
    ["Chromium canvas JPEG (ICC segment first)", bytesOf(JPEG_37x21), "image/jpeg", 37, 21],
    ["Chromium canvas PNG", bytesOf(PNG_37x21), "image/png", 37, 21],
    ["Chromium canvas WebP (VP8X)", bytesOf(WEBP_37x21), "image/webp", 37, 21],
    ["signature pad PNG", bytesOf(SIGNATURE_PNG_60x20), "image/png", 60, 20],
    ["Google's lossy 1×1 WebP (VP8)", bytesOf(WEBP_LOSSY_1x1), "image/webp", 1, 1],
    ["Google's lossless 1×1 WebP (VP8L)", bytesOf(WEBP_LOSSLESS_1x1), "image/webp", 1, 1],
    ["baseline JPEG 1600×1200", syntheticJpeg(1600, 1200), "image/jpeg", 1600, 1200],
    ["progressive JPEG (SOF2) 1200×1600", syntheticJpeg(1200, 1600, 0xc2), "image/jpeg", 1200, 1600],
    ["PNG 4096×1", syntheticPng(4096, 1), "image/png", 4096, 1],
    ["VP8 16383×3", vp8(16383, 3), "image/webp", 16383, 3],
    ["VP8L 1600×900", vp8l(1600, 900), "image/webp", 1600, 900],
    ["VP8X 16777216×2 (24-bit canvas)", vp8x(16777216, 2), "image/webp", 16777216, 2],
  ])("%s", (_name, bytes, type, width, height) => {
    expect(sniffImageType(bytes)).toBe(type);
    expect(readImageSize(bytes, type)).toEqual({ width, height });
  });

  it.each<[string, Uint8Array]>([
    ["GIF", Uint8Array.from(ascii("GIF89a\x01\x00\x01\x00"))],
    ["PDF", Uint8Array.from(ascii("%PDF-1.7\n"))],
    ["HTML pretending", Uint8Array.from(ascii("<html><img src=x onerror=alert(1)>"))],
    ["RIFF that is a WAV", Uint8Array.from(ascii("RIFF\x24\x00\x00\x00WAVEfmt "))],
    ["two bytes of JPEG", Uint8Array.from([0xff, 0xd8])],
    ["nothing", new Uint8Array()],
  ])("%s is not an image we know", (_name, bytes) => expect(sniffImageType(bytes)).toBeNull());

  it.each<[string, Uint8Array, ImageType]>([
    ["JPEG cut before its frame header", bytesOf(JPEG_37x21).subarray(0, 400), "image/jpeg"],
    [
      "JPEG whose scan starts before any frame",
      Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9]),
      "image/jpeg",
    ],
    ["JPEG with garbage where a marker belongs", Uint8Array.from([0xff, 0xd8, 0x00, 0x11, 0x22]), "image/jpeg"],
    ["JPEG of zero width", syntheticJpeg(0, 10), "image/jpeg"],
    ["PNG cut off before IEND", bytesOf(PNG_37x21).subarray(0, 100), "image/png"],
    ["PNG whose IHDR checksum is wrong", syntheticPng(10, 10, { badCrc: true }), "image/png"],
    [
      "PNG without IHDR first",
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(60).fill(0)]),
      "image/png",
    ],
    ["WebP VP8 without its start code", riff("VP8 ", new Array<number>(10).fill(0)), "image/webp"],
    ["WebP VP8L without its signature byte", riff("VP8L", new Array<number>(5).fill(0)), "image/webp"],
    ["WebP with an unknown first chunk", riff("ABCD", new Array<number>(10).fill(0)), "image/webp"],
  ])("%s has no readable size", (_name, bytes, type) => expect(readImageSize(bytes, type)).toBeNull());
});

describe("checkImage", () => {
  it.each<[string, Uint8Array, string, typeof PHOTO_LIMITS, string]>([
    ["a phone's JPEG photo", bytesOf(JPEG_37x21), "image/jpeg", PHOTO_LIMITS, "ok"],
    [
      "a WebP photo, Content-Type with parameters and capitals",
      bytesOf(WEBP_37x21),
      "Image/WebP; q=1",
      PHOTO_LIMITS,
      "ok",
    ],
    ["a photo at the side limit", syntheticJpeg(4096, 3072), "image/jpeg", PHOTO_LIMITS, "ok"],
    ["a photo one pixel too wide", syntheticJpeg(4097, 3072), "image/jpeg", PHOTO_LIMITS, "too_many_pixels"],
    ["a photo one pixel too tall", vp8l(100, 4097), "image/webp", PHOTO_LIMITS, "too_many_pixels"],
    ["a PNG sent as a JPEG", bytesOf(PNG_37x21), "image/jpeg", PHOTO_LIMITS, "type_mismatch"],
    ["a JPEG without a Content-Type", bytesOf(JPEG_37x21), "", PHOTO_LIMITS, "type_mismatch"],
    ["a PDF sent as a JPEG", Uint8Array.from(ascii("%PDF-1.7\n%âãÏÓ")), "image/jpeg", PHOTO_LIMITS, "not_an_image"],
    ["an empty body", new Uint8Array(), "image/jpeg", PHOTO_LIMITS, "empty"],
    ["a body one byte over 5 MB", new Uint8Array(5 * 1024 * 1024 + 1), "image/jpeg", PHOTO_LIMITS, "too_large"],
    ["a truncated PNG", bytesOf(PNG_37x21).subarray(0, 120), "image/png", PHOTO_LIMITS, "unreadable"],
    ["a signature pad's PNG", bytesOf(SIGNATURE_PNG_60x20), "image/png", SIGNATURE_LIMITS, "ok"],
    ["a JPEG as a signature", bytesOf(JPEG_37x21), "image/png", SIGNATURE_LIMITS, "type_not_allowed"],
    ["a signature over 200 KB", new Uint8Array(200 * 1024 + 1), "image/png", SIGNATURE_LIMITS, "too_large"],
  ])("%s → %s", (_name, bytes, declared, limits, expected) => {
    const check = checkImage(bytes, declared, limits);
    expect(check.ok ? "ok" : check.reason).toBe(expected);
    // What a person reads is the key, translated; the message is the log's English sentence.
    if (!check.ok) expect(check.key).toBe(`errors.image.${camel(check.reason)}`);
  });

  it("says which sizes and types are involved", () => {
    const wide = checkImage(syntheticJpeg(5000, 100), "image/jpeg", PHOTO_LIMITS);
    expect(wide).toMatchObject({ ok: false, message: expect.stringContaining("5000×100 px; at most 4096 px") });
    const mismatch = checkImage(bytesOf(PNG_37x21), "image/webp", PHOTO_LIMITS);
    expect(mismatch).toMatchObject({
      ok: false,
      message: expect.stringContaining("is image/png but was sent as image/webp"),
    });
    expect(checkImage(new Uint8Array(6_000_000), "image/jpeg", PHOTO_LIMITS)).toMatchObject({
      message: expect.stringContaining("larger than 5 MB"),
    });
    expect(checkImage(new Uint8Array(300_000), "image/png", SIGNATURE_LIMITS)).toMatchObject({
      message: expect.stringContaining("larger than 200 KB"),
    });
    expect(checkImage(bytesOf(JPEG_37x21), "image/jpeg", PHOTO_LIMITS)).toEqual({
      ok: true,
      type: "image/jpeg",
      width: 37,
      height: 21,
    });
  });

  it.each([
    ["image/jpeg", "image/jpeg"],
    ["IMAGE/PNG ; charset=binary", "image/png"],
    [null, ""],
    ["", ""],
  ])("baseContentType(%s) is %s", (header, base) => expect(baseContentType(header)).toBe(base));
});
