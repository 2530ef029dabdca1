/**
 * Real images for tests, as encoders wrote them: the first four by Chromium's canvas
 * (toDataURL, as the phone makes its uploads), the two 1×1 WebP files from Google's WebP FAQ.
 */

/** 37×21 JPEG, JFIF with an ICC profile segment before the frame header (as a phone's canvas writes). */
export const JPEG_37x21 =
  "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAVACUDASIAAhEBAxEB/8QAGAABAQADAAAAAAAAAAAAAAAAAAUEBgf/xAAgEAABBAEFAQEAAAAAAAAAAAABAAIDBAUGBxEhIjFB/8QAGAEBAAMBAAAAAAAAAAAAAAAAAAIDBQb/xAAaEQEAAgMBAAAAAAAAAAAAAAAAAgMBBBEh/9oADAMBAAIRAxEAPwCzpfT9rUd+SpRkgjkZEZSZnEDgED8B79BX8htrmKFCzbms490deJ0rg2R5JDQSePH3pYG3uoKunM1NbvRzyRvruiAhaCeS5p/SOvJW6ZvcrD38LfqQ1sg2SxXkiaXRsABc0gc+/narxzjlNarUlTmVsuS9cjREUWWIiICIiAiIgIiIP//Z";
/** 37×21 WebP, extended format (VP8X) with an ICC profile. */
export const WEBP_37x21 =
  "UklGRmoCAABXRUJQVlA4WAoAAAAgAAAAJAAAFAAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggfAAAAJADAJ0BKiUAFQA+bTaXSKQioiElaACADYljACPAACFbcql3heAAW6eQ54qui3a8I2q1JQjNOzuI0Ssija6ya+CkNQr/xZ0N0Kr2fxagVxzt431U/3q///5jHZNXb9/Xy/gZCv5lgwuGU+UeUjhNcnZv5E492zNg63AAAAA=";
/** 37×21 PNG. */
export const PNG_37x21 =
  "iVBORw0KGgoAAAANSUhEUgAAACUAAAAVCAYAAADB5CeuAAAAXUlEQVR4AezSQQ0AIQxE0QZLu1bQAhLQAlbwBBZ+Ew6FDElvc2Bem75eVrRJFvDpU3Qp90jN3IwMbe7N3SPlbXY6LykqKqn3pP5RjQxt7s3ppqiYpCRFBWgu5E1tAAAA//96pcFnAAAABklEQVQDAJlPdCqdBHqZAAAAAElFTkSuQmCC";
/** 60×20 PNG of a stroke on a transparent background: what a signature pad sends. */
export const SIGNATURE_PNG_60x20 =
  "iVBORw0KGgoAAAANSUhEUgAAADwAAAAUCAYAAADRA14pAAABCElEQVR4AezW0Q0CIQwGYHQWnUNfdRfdwRV0F33UPXQX/X8SE2KKhTuoBM9c6aWScF/aB+buz34T2KjhG5yzQpg/1h3eQXhHMB+QrwhTuAV4AdQR8UQsEezuFnmNIJphBq8JJuwM1AXBrs6Q94gH4v3c8GIKrwHmuBLIfAKIXWXGa/Qxg5cCx8aW3Y0qhT+qw8eCU8ZWcKmlavChYI5r7tiqSmFDcXgOuNTYCi61VAyeAq41tqpS2DAa/g1sNbaCSy0Nhn+Cfzm2qlLYkA0PwdolQTivmVIyPATzcpBySWhGKXyICg/BuZcE4bxmShKcH+dCsC90toRwT+sd7JFYCEdy3XfYI8PlBQAA//8aqnOGAAAABklEQVQDAFcXUikz7k46AAAAAElFTkSuQmCC";
/** 1×1 lossy WebP (simple format, VP8). */
export const WEBP_LOSSY_1x1 = "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA";
/** 1×1 lossless WebP (VP8L). */
export const WEBP_LOSSLESS_1x1 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==";

export const bytesOf = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/**
 * A JPEG's header up to its frame (EXIF, quantization and Huffman segments, then SOF): enough
 * for the header checks at any declared size, without megabytes of pixels.
 */
export function syntheticJpeg(width: number, height: number, frameMarker = 0xc0): Uint8Array {
  const segment = (marker: number, body: number[]) => [
    0xff,
    marker,
    (body.length + 2) >> 8,
    (body.length + 2) & 0xff,
    ...body,
  ];
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xe1, [...[..."Exif"].map((c) => c.charCodeAt(0)), 0, 0, ...new Array<number>(20).fill(0)]),
    ...segment(0xdb, new Array<number>(65).fill(1)),
    ...segment(0xc4, new Array<number>(30).fill(0)),
    0xff,
    0xff, // fill byte before the next marker
    ...segment(frameMarker, [
      8,
      height >> 8,
      height & 0xff,
      width >> 8,
      width & 0xff,
      3,
      1,
      0x22,
      0,
      2,
      0x11,
      1,
      3,
      0x11,
      1,
    ]),
    ...segment(0xda, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0]),
    0x12,
    0x34,
    0xff,
    0xd9,
  ]);
}
