/**
 * Reading an inbound body with a ceiling, for every endpoint that outside systems post to
 * (webhooks, device protocols). A body announced larger than the cap is refused before a byte is
 * read; one that does not announce its length, or lies about it, stops being read as soon as it
 * passes the cap. Either way the caller answers 413 (`bodyTooLarge`) and memory holds at most the cap.
 */

export const KIB = 1024;
export const MIB = 1024 * KIB;

/** The Content-Length a client announced, or null when it sent none or something that is not a length. */
export function announcedLength(value: string | null | undefined): number | null {
  if (value == null || !/^\d{1,16}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** The body's bytes, or null once it is known to be larger than `maxBytes` (the rest is never read). */
export async function readCappedBytes(req: Request, maxBytes: number): Promise<Uint8Array | null> {
  const announced = announcedLength(req.headers.get("content-length"));
  if (announced !== null && announced > maxBytes) {
    await req.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text (as `req.text()` reads it), or null when it is larger than `maxBytes`. */
export async function readCappedText(req: Request, maxBytes: number): Promise<string | null> {
  const bytes = await readCappedBytes(req, maxBytes);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/** The 413 answer; these endpoints are read by providers' dashboards and devices, in English. */
export function bodyTooLarge(maxBytes: number): Response {
  return Response.json({ error: `the request body is larger than ${maxBytes} bytes` }, { status: 413 });
}
