// Tests for scripts/map/glyph-pbf.ts: they live here because the unit project collects lib/**.
import { PbfReader } from "pbf";
import { describe, expect, it } from "vitest";
import {
  GLYPH_BORDER,
  TOP_ADJUSTMENT,
  decodeGlyphRange,
  encodeGlyphRange,
  glyphFromTinySdf,
  rangeOf,
  type PbfGlyph,
  type TinySdfGlyph,
} from "../../scripts/map/glyph-pbf";

/** A tiny-sdf result for a glyph of w×h ink pixels, with a recognisable byte pattern. */
function sdf(w: number, h: number, metrics: Partial<TinySdfGlyph> = {}): TinySdfGlyph {
  const width = w + 2 * GLYPH_BORDER,
    height = h + 2 * GLYPH_BORDER;
  return {
    data: Uint8ClampedArray.from({ length: width * height }, (_, i) => (i * 7) % 256),
    width,
    height,
    glyphWidth: w,
    glyphHeight: h,
    glyphTop: 17,
    glyphLeft: 1,
    glyphAdvance: 14.6,
    ...metrics,
  };
}

describe("glyphFromTinySdf", () => {
  it.each([
    // name, code point, tiny-sdf glyph, expected PBF metrics
    ["capital H", 0x48, sdf(12, 17), { width: 12, height: 17, left: 1, top: 17 - TOP_ADJUSTMENT, advance: 15 }],
    [
      "descender g",
      0x67,
      sdf(11, 18, { glyphTop: 13, glyphLeft: 0, glyphAdvance: 15.2 }),
      { width: 11, height: 18, left: 0, top: 13 - TOP_ADJUSTMENT, advance: 15 },
    ],
    [
      "overhanging j",
      0x6a,
      sdf(6, 22, { glyphTop: 18, glyphLeft: -2, glyphAdvance: 6.4 }),
      { width: 6, height: 22, left: -2, top: 18 - TOP_ADJUSTMENT, advance: 6 },
    ],
    ["space", 0x20, sdf(0, 0, { glyphAdvance: 7.6 }), { width: 0, height: 0, left: 0, top: 0, advance: 8 }],
    ["soft hyphen (format character)", 0xad, sdf(8, 2), { width: 0, height: 0, left: 0, top: 0, advance: 0 }],
  ])("%s", (_name, id, input, expected) => {
    const glyph = glyphFromTinySdf(id, input);
    expect(glyph).toMatchObject({ id, ...expected });
    if (expected.width > 0) expect(Array.from(glyph.bitmap!)).toEqual(Array.from(input.data));
    else expect(glyph.bitmap).toBeUndefined();
  });

  it("refuses a bitmap whose border is not the 3 px MapLibre assumes", () => {
    expect(() => glyphFromTinySdf(0x48, { ...sdf(12, 17), width: 12 + 4 })).toThrow(RangeError);
  });
});

describe("encodeGlyphRange / decodeGlyphRange", () => {
  const glyphs: PbfGlyph[] = [
    glyphFromTinySdf(0x67, sdf(11, 18, { glyphTop: 13 })),
    glyphFromTinySdf(0x20, sdf(0, 0)),
    glyphFromTinySdf(0xe9, sdf(11, 19, { glyphLeft: -1 })),
  ];

  it("round-trips every field, glyphs sorted by code point", () => {
    const [stack, ...rest] = decodeGlyphRange(encodeGlyphRange({ name: "DejaVu Sans Book", range: "0-255", glyphs }));
    expect(rest).toEqual([]);
    expect(stack!.name).toBe("DejaVu Sans Book");
    expect(stack!.range).toBe("0-255");
    expect(stack!.glyphs.map((g) => g.id)).toEqual([0x20, 0x67, 0xe9]);
    for (const decoded of stack!.glyphs) {
      const original = glyphs.find((g) => g.id === decoded.id)!;
      expect({ ...decoded, bitmap: decoded.bitmap && Array.from(decoded.bitmap) }).toEqual({
        ...original,
        bitmap: original.bitmap && Array.from(original.bitmap),
      });
    }
  });

  it("writes the wire format MapLibre reads: field 1 fontstack; name 1, range 2, glyph 3; sint32 left/top", () => {
    const bytes = encodeGlyphRange({
      name: "F",
      range: "0-255",
      glyphs: [glyphFromTinySdf(0x6a, sdf(1, 1, { glyphTop: 18, glyphLeft: -2, glyphAdvance: 6 }))],
    });
    const tags: number[][] = [];
    new PbfReader(bytes).readFields((tag, _acc, pbf) => {
      tags.push([tag]);
      pbf.readMessage((t, _s, p) => {
        tags.push([1, t]);
        if (t === 1 || t === 2) p.readString();
        else
          p.readMessage((f, _g, r) => {
            tags.push([1, 3, f]);
            if (f === 2) r.readBytes();
            else if (f === 5) expect(r.readSVarint()).toBe(-2);
            else if (f === 6) expect(r.readSVarint()).toBe(18 - TOP_ADJUSTMENT);
            else r.readVarint();
          }, null);
      }, null);
    }, null);
    expect(tags).toEqual([
      [1],
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 3, 1],
      [1, 3, 2],
      [1, 3, 3],
      [1, 3, 4],
      [1, 3, 5],
      [1, 3, 6],
      [1, 3, 7],
    ]);
  });

  it("refuses a glyph outside its range or with a bitmap of the wrong size", () => {
    expect(() => encodeGlyphRange({ name: "F", range: "256-511", glyphs: [glyphs[0]!] })).toThrow(RangeError);
    expect(() =>
      encodeGlyphRange({ name: "F", range: "0-255", glyphs: [{ ...glyphs[0]!, bitmap: new Uint8Array(3) }] }),
    ).toThrow(RangeError);
  });

  it.each([
    [0, "0-255"],
    [255, "0-255"],
    [0x153, "256-511"], // œ
    [0x2019, "8192-8447"], // ’
  ])("code point %i is in range %s", (cp, range) => {
    expect(rangeOf(cp)).toBe(range);
  });
});
