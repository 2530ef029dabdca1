import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The ZXing decoder (WebAssembly) of the barcode-detector polyfill, served from the installed
 * package: phones without a native BarcodeDetector scan with it, and nothing is fetched from
 * a CDN. Versioned by the package, so it may be cached for long.
 */
const DECODER = "zxing_reader.wasm";

let cached: Promise<Buffer> | null = null;

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (file !== DECODER) return new Response("Not found", { status: 404 });
  // Read at run time from the app's root (a require() of the .wasm would make the bundler
  // compile it into the route); the path is static, so the file tracer keeps just this file.
  cached ??= readFile(path.join(process.cwd(), "node_modules/zxing-wasm/dist/reader/zxing_reader.wasm"));
  const bytes = await cached;
  return new Response(new Uint8Array(bytes), {
    headers: { "content-type": "application/wasm", "cache-control": "public, max-age=604800" },
  });
}
