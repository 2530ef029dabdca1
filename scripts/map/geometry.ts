/**
 * Plain planar geometry for the base-map generator: bounding boxes, clipping to a rectangle,
 * rounding. Pure, so the generator's choices are testable without the 64 MB inputs.
 *
 * Longitude/latitude are treated as a flat plane: over a few degrees of southern Quebec the
 * error of clipping in degrees instead of on the sphere is far below the 1 m of the inputs.
 */

export type Position = [number, number];
/** [west, south, east, north] in degrees. */
export type Bbox = readonly [number, number, number, number];

export function bboxOf(points: Iterable<readonly number[]>): Bbox {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const p of points) {
    const x = p[0]!,
      y = p[1]!;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

export function bboxesIntersect(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

export function insideBbox(p: readonly number[], b: Bbox): boolean {
  return p[0]! >= b[0] && p[0]! <= b[2] && p[1]! >= b[1] && p[1]! <= b[3];
}

/** Rounds to `decimals` places; 5 decimals is about 1 m, the resolution of the lake data. */
export function roundTo(value: number, decimals = 5): number {
  const f = 10 ** decimals;
  // `+ 0` turns -0 into 0 so the JSON never says "-0".
  return Math.round(value * f) / f + 0;
}

/** Rounds every point and drops the consecutive duplicates rounding creates. */
export function roundLine(points: readonly (readonly number[])[], decimals = 5): Position[] {
  const out: Position[] = [];
  for (const p of points) {
    const q: Position = [roundTo(p[0]!, decimals), roundTo(p[1]!, decimals)];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

/**
 * Rounds a closed ring; returns null when rounding collapses it below a triangle
 * (a pond smaller than the grid), since a degenerate ring is invalid GeoJSON.
 */
export function roundRing(ring: readonly (readonly number[])[], decimals = 5): Position[] | null {
  const out = roundLine(ring, decimals);
  if (out.length > 1) {
    const first = out[0]!,
      last = out[out.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  }
  return out.length >= 4 ? out : null;
}

type Edge = { inside: (p: Position) => boolean; cross: (a: Position, b: Position) => Position };

function edgesOf([w, s, e, n]: Bbox): Edge[] {
  const atX =
    (x: number) =>
    (a: Position, b: Position): Position => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  const atY =
    (y: number) =>
    (a: Position, b: Position): Position => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
  return [
    { inside: (p) => p[0] >= w, cross: atX(w) },
    { inside: (p) => p[0] <= e, cross: atX(e) },
    { inside: (p) => p[1] >= s, cross: atY(s) },
    { inside: (p) => p[1] <= n, cross: atY(n) },
  ];
}

/**
 * Sutherland–Hodgman clipping of a closed ring to a rectangle. A concave ring that leaves and
 * re-enters the box comes back as one ring with zero-width seams along the box edge: invisible
 * when filled, which is all the base map does with land (it never strokes land outlines).
 * Returns null when nothing of the ring is inside.
 */
export function clipRing(ring: readonly (readonly number[])[], box: Bbox): Position[] | null {
  let points: Position[] = ring.map((p) => [p[0]!, p[1]!]);
  if (points.length > 1) {
    const a = points[0]!,
      b = points[points.length - 1]!;
    if (a[0] === b[0] && a[1] === b[1]) points.pop();
  }
  for (const edge of edgesOf(box)) {
    if (points.length === 0) break;
    const input = points;
    points = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i]!;
      const previous = input[(i + input.length - 1) % input.length]!;
      const currentIn = edge.inside(current);
      if (currentIn) {
        if (!edge.inside(previous)) points.push(edge.cross(previous, current));
        points.push(current);
      } else if (edge.inside(previous)) {
        points.push(edge.cross(previous, current));
      }
    }
  }
  if (points.length < 3) return null;
  points.push([points[0]![0], points[0]![1]]);
  return points;
}

/** Clips a polygon (outer ring then holes); null when the outer ring is entirely outside. */
export function clipPolygon(rings: readonly (readonly (readonly number[])[])[], box: Bbox): Position[][] | null {
  const [outer, ...holes] = rings;
  if (!outer) return null;
  const clippedOuter = clipRing(outer, box);
  if (!clippedOuter) return null;
  const out = [clippedOuter];
  for (const hole of holes) {
    const h = clipRing(hole, box);
    if (h) out.push(h);
  }
  return out;
}

/**
 * Clips a polyline to a rectangle (Liang–Barsky per segment). A line that leaves the box and
 * comes back becomes several lines, so no segment ever cuts across the outside.
 */
export function clipLine(line: readonly (readonly number[])[], [w, s, e, n]: Bbox): Position[][] {
  const parts: Position[][] = [];
  let current: Position[] = [];
  const flush = () => {
    if (current.length >= 2) parts.push(current);
    current = [];
  };
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!,
      b = line[i + 1]!;
    const x0 = a[0]!,
      y0 = a[1]!,
      dx = b[0]! - x0,
      dy = b[1]! - y0;
    let t0 = 0,
      t1 = 1,
      visible = true;
    for (const [p, q] of [
      [-dx, x0 - w],
      [dx, e - x0],
      [-dy, y0 - s],
      [dy, n - y0],
    ] as const) {
      if (p === 0) {
        if (q < 0) visible = false;
      } else {
        const t = q / p;
        if (p < 0) t0 = Math.max(t0, t);
        else t1 = Math.min(t1, t);
      }
    }
    if (!visible || t0 > t1) {
      flush();
      continue;
    }
    const start: Position = [x0 + t0 * dx, y0 + t0 * dy];
    const end: Position = [x0 + t1 * dx, y0 + t1 * dy];
    const last = current[current.length - 1];
    if (!last || last[0] !== start[0] || last[1] !== start[1]) {
      flush();
      current.push(start);
    }
    current.push(end);
    // The segment was cut short at the far end: the line leaves the box here.
    if (t1 < 1) flush();
  }
  flush();
  return parts;
}

/**
 * One pass of Chaikin's corner cutting on a closed ring: each edge is replaced by its points at
 * 1/4 and 3/4. The lake source snaps shores to a grid of about 3 km, which draws lakes as
 * staircases; one pass turns the steps into 45° chamfers, moving no shore by more than a
 * quarter of an edge, well inside the source's own error. Doubles the point count.
 */
export function chaikinRing(ring: readonly (readonly number[])[]): Position[] {
  const points = ring.map((p): Position => [p[0]!, p[1]!]);
  const first = points[0],
    last = points[points.length - 1];
  if (first && last && first[0] === last[0] && first[1] === last[1]) points.pop();
  if (points.length < 3) return ring.map((p): Position => [p[0]!, p[1]!]);
  const out: Position[] = [];
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!,
      b = points[(i + 1) % points.length]!;
    out.push(
      [0.75 * a[0] + 0.25 * b[0], 0.75 * a[1] + 0.25 * b[1]],
      [0.25 * a[0] + 0.75 * b[0], 0.25 * a[1] + 0.75 * b[1]],
    );
  }
  out.push([out[0]![0], out[0]![1]]);
  return out;
}
