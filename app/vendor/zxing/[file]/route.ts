import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

/**
 * The ZXing decoder (WebAssembly) of the barcode-detector polyfill, served from the installed
 * package: phones without a native BarcodeDetector scan with it, and nothing is fetched from
 * a CDN. Versioned by the package, so it may be cached for long.
 */
const FILES: Record<string, string> = { "zxing_reader.wasm": "zxing-wasm/reader/zxing_reader.wasm" };

let cached: Promise<Buffer> | null = null;

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const specifier = FILES[file];
  if (!specifier) return new Response("Not found", { status: 404 });
  cached ??= readFile(createRequire(import.meta.url).resolve(specifier));
  const bytes = await cached;
  return new Response(new Uint8Array(bytes), { headers: { "content-type": "application/wasm", "cache-control": "public, max-age=604800" } });
}
