/**
 * Renders SDF glyphs in Debian's Chromium with @mapbox/tiny-sdf, the same rasteriser MapLibre
 * uses for local glyphs, so the shipped PBFs look exactly like what MapLibre would draw itself.
 *
 * The font file is loaded into the page as a FontFace from its bytes rather than by family
 * name: the result then does not depend on what fontconfig happens to resolve on the machine.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { SDF_OPTIONS, type TinySdfGlyph } from "./glyph-pbf";

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface RenderedGlyph extends TinySdfGlyph {
  id: number;
}

export async function renderGlyphs(options: {
  fontFile: string;
  codePoints: readonly number[];
  chromiumPath?: string;
}): Promise<RenderedGlyph[]> {
  const require = createRequire(import.meta.url);
  const tinySdfSource = await readFile(require.resolve("@mapbox/tiny-sdf"), "utf8");
  const fontBase64 = (await readFile(options.fontFile)).toString("base64");

  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><html><head><meta charset=utf-8></head><body></body></html>");
    // tiny-sdf is an ES module with a default export; the module scope keeps its class name.
    await page.addScriptTag({ type: "module", content: `${tinySdfSource}\nwindow.TinySDF = TinySDF;` });
    await page.waitForFunction(() => "TinySDF" in window);

    return await page.evaluate(
      async ({ fontBase64, codePoints, sdf }) => {
        const bytes = Uint8Array.from(atob(fontBase64), (ch) => ch.charCodeAt(0));
        const face = new FontFace("BaseMapFont", bytes);
        await face.load();
        document.fonts.add(face);
        // Force a DOM canvas: OffscreenCanvas is fine too, but the DOM one is certain to see
        // the document's FontFaceSet.
        (window as unknown as { OffscreenCanvas?: unknown }).OffscreenCanvas = undefined;
        type Drawn = {
          data: Uint8ClampedArray;
          width: number;
          height: number;
          glyphWidth: number;
          glyphHeight: number;
          glyphTop: number;
          glyphLeft: number;
          glyphAdvance: number;
        };
        const TinySDF = (window as unknown as { TinySDF: new (o: object) => { draw(ch: string): Drawn } }).TinySDF;
        const tiny = new TinySDF({ ...sdf, fontFamily: "BaseMapFont", fontWeight: "400", fontStyle: "normal" });
        return codePoints.map((id) => {
          const g = tiny.draw(String.fromCodePoint(id));
          return {
            id,
            data: Array.from(g.data),
            width: g.width,
            height: g.height,
            glyphWidth: g.glyphWidth,
            glyphHeight: g.glyphHeight,
            glyphTop: g.glyphTop,
            glyphLeft: g.glyphLeft,
            glyphAdvance: g.glyphAdvance,
          };
        });
      },
      { fontBase64, codePoints: [...options.codePoints], sdf: SDF_OPTIONS },
    );
  } finally {
    await browser.close();
  }
}
