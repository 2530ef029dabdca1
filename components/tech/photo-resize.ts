/**
 * Photos are shrunk on the phone before they are queued: a 12-megapixel camera shot is 4–6 MB,
 * which would fill the phone's storage while offline and take minutes on a weak signal.
 */
export const MAX_PHOTO_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;

/** The size that fits within `max` on both sides, keeping the proportions; never enlarged. */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function decode(
  file: Blob,
): Promise<{ source: CanvasImageSource; width: number; height: number; close(): void }> {
  if (typeof createImageBitmap === "function") {
    // "from-image" applies the EXIF rotation of phone pictures.
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  }
  const url = URL.createObjectURL(file);
  const image = new Image();
  image.src = url;
  await image.decode();
  return {
    source: image,
    width: image.naturalWidth,
    height: image.naturalHeight,
    close: () => URL.revokeObjectURL(url),
  };
}

/** A JPEG at most 1600 px on its longer side, quality 0.8. */
export async function resizePhoto(file: Blob): Promise<{ image: Blob; width: number; height: number }> {
  const decoded = await decode(file);
  try {
    const size = fitWithin(decoded.width, decoded.height, MAX_PHOTO_SIDE);
    const canvas = document.createElement("canvas");
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2D canvas");
    context.drawImage(decoded.source, 0, 0, size.width, size.height);
    const image = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error("JPEG encoding failed"))),
        "image/jpeg",
        PHOTO_QUALITY,
      ),
    );
    return { image, ...size };
  } finally {
    decoded.close();
  }
}
