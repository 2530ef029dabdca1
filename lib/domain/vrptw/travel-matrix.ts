/**
 * Where travel times come from. The solver only asks `time(a, b)` and `distance(a, b)` between
 * location indices, so a routing engine's table can replace the defaults without touching it.
 */
import { legMinutes } from "../gps/eta";
import type { LatLng } from "../gps/geo";

export interface TravelMatrix {
  /** Number of locations; indices run 0..size-1. */
  size: number;
  /** Travel time in the problem's time unit. */
  time(from: number, to: number): number;
  /** What the objective's third level minimises. */
  distance(from: number, to: number): number;
}

/** Plane coordinates, time = distance (the Solomon and Gehring–Homberger convention). */
export function euclideanMatrix(points: readonly { x: number; y: number }[]): TravelMatrix {
  const d = (a: number, b: number) => Math.hypot(points[a]!.x - points[b]!.x, points[a]!.y - points[b]!.y);
  return { size: points.length, time: d, distance: d };
}

/**
 * The board's own estimate (detour factor and speeds of gps/eta.ts), so a planned route and the
 * ETAs the board shows for it agree. Time in minutes, distance in road kilometres.
 */
export function haversineMatrix(points: readonly LatLng[]): TravelMatrix {
  const n = points.length;
  const minutes = new Float64Array(n * n);
  const km = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const leg = legMinutes(points[a]!, points[b]!);
      minutes[a * n + b] = leg.minutes;
      km[a * n + b] = leg.km;
    }
  return { size: n, time: (a, b) => minutes[a * n + b]!, distance: (a, b) => km[a * n + b]! };
}

/** Row-major n × n tables: the form a matrix takes to cross into a worker thread (functions cannot). */
export interface DenseMatrix {
  size: number;
  time: Float64Array;
  distance: Float64Array;
}

export function toDense(matrix: TravelMatrix): DenseMatrix {
  const n = matrix.size;
  const time = new Float64Array(n * n);
  const distance = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      time[a * n + b] = matrix.time(a, b);
      distance[a * n + b] = matrix.distance(a, b);
    }
  return { size: n, time, distance };
}

export function fromDense(dense: DenseMatrix): TravelMatrix {
  const { size: n, time, distance } = dense;
  if (time.length !== n * n || distance.length !== n * n)
    throw new RangeError(`a ${n}-location matrix needs ${n * n} entries`);
  return { size: n, time: (a, b) => time[a * n + b]!, distance: (a, b) => distance[a * n + b]! };
}
