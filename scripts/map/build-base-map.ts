/**
 * `npm run map:base`: writes the offline base map shipped in public/map/.
 *
 *   public/map/base.geojson                      land, border, lakes, roads, towns, labels
 *   public/map/glyphs/<font>/<range>.pbf         SDF glyphs for the style's one font stack
 *   public/map/glyphs/<font>/LICENSE.txt         the font's licence
 *   public/map/ATTRIBUTION.txt                   where the data comes from, under which licence
 *
 * Rerunnable and deterministic: the same inputs give the same bytes. Needs the npm registry
 * (to `npm pack` the two data packages into a temp dir; they are never dependencies) and
 * Debian's Chromium + DejaVu fonts for the glyphs. Flags: --data-only, --glyphs-only, --help.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Geometry } from "geojson";
import type { Topology } from "topojson-specification";
import { BASE_MAP_DATA_PATH, BASE_MAP_FONT, BASE_MAP_GLYPH_RANGES } from "../../lib/map/base-style";
import { COTTAGE_TOWNS, TOWNS } from "../../server/seed/names";
import { buildBaseMap } from "./base-features";
import { fontCodePoints } from "./font-cmap";
import { encodeGlyphRange, glyphFromTinySdf } from "./glyph-pbf";
import { renderGlyphs } from "./render-glyphs";
import { AREA_LABELS, CONTEXT_PLACES, ROADS } from "./roads";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PUBLIC_MAP = path.join(ROOT, "public/map");
const FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const FONT_COPYRIGHT = "/usr/share/doc/fonts-dejavu-core/copyright";
/** Pinned so a rerun gives the same file; bump deliberately. */
const LAKES_PACKAGE = "@geo-maps/earth-lakes-1m@0.6.0";
const ATLAS_PACKAGE = "world-atlas@2.0.2";

const USAGE = `Usage: npm run map:base [-- --data-only | --glyphs-only]

Writes the offline base map shipped in public/map/: base.geojson (land, border, lakes, roads,
towns), the SDF glyphs of the style's font and ATTRIBUTION.txt. The same inputs give the same bytes.

  --data-only    only base.geojson and ATTRIBUTION.txt (needs the npm registry, for npm pack)
  --glyphs-only  only the glyphs (needs Debian's chromium and fonts-dejavu-core)
  --help, -h     show this help`;

/** One line on stderr and exit status 2: a bad command line is not a crash. */
function usageError(message: string): never {
  console.error(`map:base: ${message}. See npm run map:base -- --help.`);
  process.exit(2);
}

function parseFlags(): { "data-only"?: boolean; "glyphs-only"?: boolean } {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== "--"),
      options: {
        "data-only": { type: "boolean" },
        "glyphs-only": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    if (values["data-only"] && values["glyphs-only"])
      usageError("--data-only and --glyphs-only together leave nothing to build");
    return values;
  } catch (error) {
    // parseArgs's own messages (unknown option, unexpected argument) carry a hint about "--" that does not apply here.
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))
      usageError((error as Error).message.split(". ")[0]!);
    throw error;
  }
}

const flags = parseFlags();

/** `npm pack` a package into `dir` and extract one file of it; returns the file's path. */
function packAndExtract(spec: string, dir: string, file: string): string {
  const out = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", dir], { cwd: dir, encoding: "utf8" })
    .trim()
    .split("\n")
    .pop()!;
  execFileSync("tar", ["-xzf", path.join(dir, out), "-C", dir, `package/${file}`]);
  return path.join(dir, "package", file);
}

async function buildData() {
  const dir = mkdtempSync(path.join(tmpdir(), "base-map-"));
  try {
    console.log(`fetching ${LAKES_PACKAGE} and ${ATLAS_PACKAGE} with npm pack…`);
    const lakesFile = packAndExtract(LAKES_PACKAGE, dir, "map.geo.json");
    const lakes = JSON.parse(await readFile(lakesFile, "utf8")) as Geometry;
    const atlasFile = packAndExtract(ATLAS_PACKAGE, dir, "countries-10m.json");
    const countries = JSON.parse(await readFile(atlasFile, "utf8")) as Topology;

    const collection = buildBaseMap({
      lakes,
      countries,
      towns: TOWNS,
      cottageTowns: COTTAGE_TOWNS,
      roads: ROADS,
      contextPlaces: CONTEXT_PLACES,
      areaLabels: AREA_LABELS,
    });
    // One feature per line: small diffs when a road moves, still compact.
    const body = `{"type":"FeatureCollection","features":[\n${collection.features.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;
    const target = path.join(ROOT, "public", BASE_MAP_DATA_PATH);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, body);

    const count = (layer: string) => collection.features.filter((f) => f.properties.layer === layer).length;
    console.log(
      `wrote ${path.relative(ROOT, target)}: ${(body.length / 1024).toFixed(1)} KB, ${count("land")} land, ${count("lake")} lake, ${count("road")} roads, ${count("town")} towns`,
    );

    await writeFile(
      path.join(PUBLIC_MAP, "ATTRIBUTION.txt"),
      [
        "Offline base map of the fibre-ops dispatch map (generated by `npm run map:base`).",
        "",
        `Lakes: ${LAKES_PACKAGE} (github.com/simonepri/geo-maps), derived from OpenStreetMap.`,
        "  © OpenStreetMap contributors. Available under the Open Database License (ODbL) 1.0,",
        "  https://www.openstreetmap.org/copyright. The lake polygons in base.geojson are a derived",
        "  database of OpenStreetMap data and are likewise available under the ODbL.",
        "",
        `Land and the Canada–United States border: ${ATLAS_PACKAGE} (countries-10m), made from`,
        "  Natural Earth 1:10m data (public domain, naturalearthdata.com); world-atlas is ISC-licensed.",
        "",
        "Roads: hand-drawn simplified approximations of the main highways (scripts/map/roads.ts);",
        "  not survey data, not for routing.",
        "",
        "Towns: the coordinates of the seed data (server/seed/names.ts).",
        "",
        `Glyphs: ${BASE_MAP_FONT} (DejaVu Sans), see glyphs/${BASE_MAP_FONT}/LICENSE.txt.`,
        "",
      ].join("\n"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `Files: *` stanza of Debian's copyright file: the Bitstream Vera licence, unindented. */
async function fontLicence(): Promise<string> {
  const text = await readFile(FONT_COPYRIGHT, "utf8");
  const stanza = text.split(/\n\s*\n/).find((s) => s.startsWith("Files: *"));
  if (!stanza) throw new Error(`no "Files: *" stanza in ${FONT_COPYRIGHT}`);
  const lines = stanza
    .split("\n")
    .map((l) => (l.startsWith(" ") ? l.slice(1) : l))
    .map((l) => (l === "." ? "" : l));
  return `DejaVu Sans (https://dejavu-fonts.github.io/), glyphs rendered as SDF for MapLibre.\n\n${lines.join("\n")}\n`;
}

async function buildGlyphs() {
  const font = new Uint8Array(await readFile(FONT_FILE));
  const available = fontCodePoints(font);
  const dir = path.join(PUBLIC_MAP, "glyphs", BASE_MAP_FONT);
  await mkdir(dir, { recursive: true });

  for (const range of BASE_MAP_GLYPH_RANGES) {
    const [start, end] = range.split("-").map(Number) as [number, number];
    const codePoints: number[] = [];
    // C0/C1 controls never reach a label; everything else the font has goes in.
    for (let cp = start; cp <= end; cp++)
      if (available.has(cp) && !/\p{Cc}/u.test(String.fromCodePoint(cp))) codePoints.push(cp);
    const rendered = await renderGlyphs({ fontFile: FONT_FILE, codePoints });
    const glyphs = rendered.map((g) => glyphFromTinySdf(g.id, g));
    const bytes = encodeGlyphRange({ name: BASE_MAP_FONT, range, glyphs });
    await writeFile(path.join(dir, `${range}.pbf`), bytes);
    console.log(
      `wrote glyphs/${BASE_MAP_FONT}/${range}.pbf: ${glyphs.length} glyphs, ${(bytes.length / 1024).toFixed(1)} KB`,
    );
  }
  await writeFile(path.join(dir, "LICENSE.txt"), await fontLicence());
}

async function totalSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? await totalSize(p) : (await stat(p)).size;
  }
  return total;
}

if (!flags["glyphs-only"]) await buildData();
if (!flags["data-only"]) await buildGlyphs();
console.log(`public/map: ${((await totalSize(PUBLIC_MAP)) / 1024).toFixed(1)} KB in all`);
