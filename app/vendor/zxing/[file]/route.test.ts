import { describe, expect, it } from "vitest";
import { GET } from "./route";
import { ZXING_WASM_URL } from "@/components/tech/barcode-scanner";

/** The scanning polyfill's decoder comes from the app itself, never from a CDN. */
describe("the ZXing decoder route", () => {
  const get = (file: string) =>
    GET(new Request(`http://localhost/vendor/zxing/${file}`), { params: Promise.resolve({ file }) });

  it("serves the WebAssembly decoder the scanner asks for", async () => {
    const file = ZXING_WASM_URL.split("/").pop()!;
    const response = await get(file);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/wasm");
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Every WebAssembly module starts with "\0asm".
    expect([...bytes.slice(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(WebAssembly.validate(bytes)).toBe(true);
  });

  it.each(["../package.json", "zxing_writer.wasm", "x"])("answers 404 for %s", async (file) => {
    expect((await get(file)).status).toBe(404);
  });
});
