/**
 * Which code points a TrueType/OpenType font really has, read from its `cmap` table.
 *
 * The glyph generator draws with the canvas, and a canvas silently falls back to another
 * system font for a character the chosen font lacks; shipping that glyph under our font's
 * name would mix typefaces in one label. Reading the cmap lets us ship only the font's own
 * glyphs, as fontnik does (MapLibre then draws the rare missing one locally).
 */

function tableOffset(view: DataView, tag: string): number | null {
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const record = 12 + 16 * i;
    const name = String.fromCharCode(
      view.getUint8(record),
      view.getUint8(record + 1),
      view.getUint8(record + 2),
      view.getUint8(record + 3),
    );
    if (name === tag) return view.getUint32(record + 8);
  }
  return null;
}

function readFormat4(view: DataView, at: number, out: Set<number>) {
  const segCount = view.getUint16(at + 6) / 2;
  const endCodes = at + 14;
  const startCodes = endCodes + 2 * segCount + 2;
  const idDeltas = startCodes + 2 * segCount;
  const idRangeOffsets = idDeltas + 2 * segCount;
  for (let i = 0; i < segCount; i++) {
    const end = view.getUint16(endCodes + 2 * i);
    const start = view.getUint16(startCodes + 2 * i);
    const delta = view.getInt16(idDeltas + 2 * i);
    const rangeOffsetAt = idRangeOffsets + 2 * i;
    const rangeOffset = view.getUint16(rangeOffsetAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        glyph = view.getUint16(rangeOffsetAt + rangeOffset + 2 * (c - start));
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) out.add(c);
    }
  }
}

function readFormat12(view: DataView, at: number, out: Set<number>) {
  const groups = view.getUint32(at + 12);
  for (let i = 0; i < groups; i++) {
    const group = at + 16 + 12 * i;
    const start = view.getUint32(group),
      end = view.getUint32(group + 4),
      startGlyph = view.getUint32(group + 8);
    for (let c = start; c <= end; c++) if (startGlyph + (c - start) !== 0) out.add(c);
  }
}

/** The code points the font maps to a real glyph (not .notdef). */
export function fontCodePoints(font: Uint8Array): Set<number> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const cmap = tableOffset(view, "cmap");
  if (cmap === null) throw new Error("font has no cmap table");
  const count = view.getUint16(cmap + 2);
  // Prefer the full-Unicode subtable (3,10 format 12), then the BMP one (3,1 or 0,* format 4).
  let best: { at: number; format: number; score: number } | null = null;
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + 8 * i;
    const platform = view.getUint16(record),
      encoding = view.getUint16(record + 2);
    const at = cmap + view.getUint32(record + 4);
    const format = view.getUint16(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    const score = format === 12 ? 2 : 1;
    if (!best || score > best.score) best = { at, format, score };
  }
  if (!best) throw new Error("font has no Unicode cmap subtable");
  const out = new Set<number>();
  if (best.format === 12) readFormat12(view, best.at, out);
  else readFormat4(view, best.at, out);
  return out;
}
