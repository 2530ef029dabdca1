/**
 * The Mapbox/MapLibre glyph range format, and the conversion from @mapbox/tiny-sdf's output.
 *
 *   message glyphs    { repeated fontstack stacks = 1; }
 *   message fontstack { required string name = 1; required string range = 2; repeated glyph glyphs = 3; }
 *   message glyph     { required uint32 id = 1; optional bytes bitmap = 2; required uint32 width = 3;
 *                       required uint32 height = 4; required sint32 left = 5; required sint32 top = 6;
 *                       required uint32 advance = 7; }
 *
 * Pure: the generator renders glyphs in Chromium and hands the numbers here.
 */
import { PbfReader, PbfWriter } from "pbf";

/** Padding around every bitmap, in pixels; MapLibre's GLYPH_PBF_BORDER assumes exactly 3. */
export const GLYPH_BORDER = 3;

/**
 * The rasterisation MapLibre itself uses when it draws glyphs locally (glyph_manager.ts, at 1×):
 * 24 px em, 3 px buffer (= GLYPH_BORDER), 8 px SDF radius, edge at 0.25 of the byte range.
 * Its shaders assume these values, so glyphs drawn differently would look too bold or thin.
 */
export const SDF_OPTIONS = { fontSize: 24, buffer: GLYPH_BORDER, radius: 8, cutoff: 0.25 } as const;

/**
 * Server glyphs (node-fontnik) measure `top` from an origin above the em box, tiny-sdf from the
 * alphabetic baseline. MapLibre's local path subtracts 27.5 at its 2× scale; the PBF field is an
 * integer, so we use 27, the value MapLibre used before it drew at 2× (and the rounding of
 * 27.5 that keeps descenders inside the line box).
 */
export const TOP_ADJUSTMENT = 27;

export interface PbfGlyph {
  id: number;
  /** (width + 2·GLYPH_BORDER) × (height + 2·GLYPH_BORDER) signed-distance bytes; absent for blank glyphs. */
  bitmap?: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

export interface GlyphRange {
  name: string;
  /** "0-255" */
  range: string;
  glyphs: PbfGlyph[];
}

/** What `new TinySDF(...).draw(char)` returns (tiny-sdf 2.x). */
export interface TinySdfGlyph {
  data: ArrayLike<number>;
  width: number;
  height: number;
  glyphWidth: number;
  glyphHeight: number;
  glyphTop: number;
  glyphLeft: number;
  glyphAdvance: number;
}

/** Maps tiny-sdf's metrics onto the PBF fields, the way MapLibre's local glyph path does. */
export function glyphFromTinySdf(id: number, sdf: TinySdfGlyph, buffer: number = GLYPH_BORDER): PbfGlyph {
  // Format characters (soft hyphen, zero-width joiner…) are invisible and take no room, as in
  // MapLibre's local path; the font's visible drawing of them would show up inside names.
  if (/^\p{gc=Cf}$/u.test(String.fromCodePoint(id))) return { id, width: 0, height: 0, left: 0, top: 0, advance: 0 };
  const advance = Math.max(0, Math.round(sdf.glyphAdvance));
  // Spaces and other blank glyphs: only the advance matters; fontnik also omits the bitmap.
  if (sdf.glyphWidth <= 0 || sdf.glyphHeight <= 0) {
    return { id, width: 0, height: 0, left: 0, top: 0, advance };
  }
  if (
    sdf.width !== sdf.glyphWidth + 2 * buffer ||
    sdf.height !== sdf.glyphHeight + 2 * buffer ||
    sdf.data.length !== sdf.width * sdf.height
  ) {
    throw new RangeError(
      `glyph ${id}: tiny-sdf bitmap ${sdf.width}×${sdf.height} does not match a ${buffer} px border around ${sdf.glyphWidth}×${sdf.glyphHeight}`,
    );
  }
  return {
    id,
    bitmap: Uint8Array.from(sdf.data),
    width: sdf.glyphWidth,
    height: sdf.glyphHeight,
    left: sdf.glyphLeft,
    top: sdf.glyphTop - TOP_ADJUSTMENT,
    advance,
  };
}

/** "0-255" for any code point in 0…255: the file MapLibre asks for. */
export function rangeOf(codePoint: number): string {
  const start = Math.floor(codePoint / 256) * 256;
  return `${start}-${start + 255}`;
}

function writeGlyph(glyph: PbfGlyph, pbf: PbfWriter) {
  pbf.writeVarintField(1, glyph.id);
  if (glyph.bitmap && glyph.bitmap.length > 0) pbf.writeBytesField(2, glyph.bitmap);
  pbf.writeVarintField(3, glyph.width);
  pbf.writeVarintField(4, glyph.height);
  pbf.writeSVarintField(5, glyph.left);
  pbf.writeSVarintField(6, glyph.top);
  pbf.writeVarintField(7, glyph.advance);
}

function writeFontstack(stack: GlyphRange, pbf: PbfWriter) {
  pbf.writeStringField(1, stack.name);
  pbf.writeStringField(2, stack.range);
  // Sorted so a rerun with the same font writes the same bytes.
  for (const glyph of [...stack.glyphs].sort((a, b) => a.id - b.id)) pbf.writeMessage(3, writeGlyph, glyph);
}

export function encodeGlyphRange(stack: GlyphRange): Uint8Array {
  for (const g of stack.glyphs) {
    const expected = g.width > 0 && g.height > 0 ? (g.width + 2 * GLYPH_BORDER) * (g.height + 2 * GLYPH_BORDER) : 0;
    if ((g.bitmap?.length ?? 0) !== expected)
      throw new RangeError(`glyph ${g.id}: bitmap has ${g.bitmap?.length ?? 0} bytes, expected ${expected}`);
    if (rangeOf(g.id) !== stack.range) throw new RangeError(`glyph ${g.id} does not belong in range ${stack.range}`);
  }
  const pbf = new PbfWriter();
  pbf.writeMessage(1, writeFontstack, stack);
  return pbf.finish();
}

/** Reads a glyph range the way MapLibre's parse_glyph_pbf.ts does; for tests and checks. */
export function decodeGlyphRange(data: Uint8Array): GlyphRange[] {
  return new PbfReader(data).readFields<GlyphRange[]>((tag, stacks, pbf) => {
    if (tag !== 1) return;
    stacks.push(
      pbf.readMessage<GlyphRange>(
        (t, stack, p) => {
          if (t === 1) stack.name = p.readString();
          else if (t === 2) stack.range = p.readString();
          else if (t === 3) {
            stack.glyphs.push(
              p.readMessage<PbfGlyph>(
                (f, g, r) => {
                  if (f === 1) g.id = r.readVarint();
                  else if (f === 2) g.bitmap = r.readBytes();
                  else if (f === 3) g.width = r.readVarint();
                  else if (f === 4) g.height = r.readVarint();
                  else if (f === 5) g.left = r.readSVarint();
                  else if (f === 6) g.top = r.readSVarint();
                  else if (f === 7) g.advance = r.readVarint();
                },
                { id: 0, width: 0, height: 0, left: 0, top: 0, advance: 0 },
              ),
            );
          }
        },
        { name: "", range: "", glyphs: [] },
      ),
    );
  }, []);
}
