/**
 * Reader for the LKH-3 CVRPTW encoding of the Solomon and Gehring–Homberger benchmarks
 * (../shared/data/vrptw/FORMAT.md): TSPLIB-like header, then coordinate, demand, time-window
 * and depot sections. Node 1 is the depot; node k+1 is customer k.
 */
import type { VrpProblem } from "./model";
import { euclideanMatrix } from "./travel-matrix";

export interface LkhInstance {
  name: string;
  dimension: number;
  /** Fleet size of the best known solution; informative only. */
  vehicles: number | null;
  capacity: number;
  serviceTime: number;
  depot: number;
  /** Indexed by node id − 1. */
  x: number[];
  y: number[];
  demand: number[];
  earliest: number[];
  latest: number[];
}

export class LkhFormatError extends Error {
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = "LkhFormatError";
  }
}

const SECTIONS = new Set(["NODE_COORD_SECTION", "DEMAND_SECTION", "TIME_WINDOW_SECTION", "DEPOT_SECTION"]);

export function parseLkh(text: string): LkhInstance {
  const header = new Map<string, string>();
  const sections = new Map<string, { line: number; fields: number[] }[]>();
  let current: string | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    const lineNo = i + 1;
    if (raw === "" || raw === "EOF") continue;
    const keyword = raw.split(/\s+/)[0]!;
    if (SECTIONS.has(keyword)) {
      current = keyword;
      sections.set(current, []);
      continue;
    }
    const colon = raw.match(/^([A-Z_]+)\s*:\s*(.*)$/);
    if (colon) {
      header.set(colon[1]!, colon[2]!.trim());
      current = null;
      continue;
    }
    if (!current) throw new LkhFormatError(`unexpected "${raw}" outside a section`, lineNo);
    const fields = raw.split(/\s+/).map(Number);
    if (fields.some((f) => !Number.isFinite(f))) throw new LkhFormatError(`"${raw}" is not a row of numbers`, lineNo);
    sections.get(current)!.push({ line: lineNo, fields });
  }
  const type = header.get("TYPE");
  if (type !== "CVRPTW")
    throw new LkhFormatError(`TYPE must be CVRPTW, got ${type === undefined ? "nothing" : `"${type}"`}`);
  const int = (key: string, min: number): number => {
    const v = header.get(key);
    const n = Number(v);
    if (v === undefined || v === "" || !Number.isInteger(n) || n < min)
      throw new LkhFormatError(`${key} must be a whole number ≥ ${min}, got ${v === undefined ? "nothing" : `"${v}"`}`);
    return n;
  };
  const dimension = int("DIMENSION", 2);
  const capacity = int("CAPACITY", 1);
  const serviceTime = header.has("SERVICE_TIME") ? int("SERVICE_TIME", 0) : 0;
  const vehicles = header.has("VEHICLES") ? int("VEHICLES", 1) : null;
  const table = (name: string, width: number): number[][] => {
    const rows = sections.get(name);
    if (!rows) throw new LkhFormatError(`${name} is missing`);
    const out: number[][] = new Array<number[]>(dimension);
    for (const { line, fields } of rows) {
      if (fields.length !== width + 1) throw new LkhFormatError(`${name} rows need ${width + 1} numbers`, line);
      const id = fields[0]!;
      if (!Number.isInteger(id) || id < 1 || id > dimension)
        throw new LkhFormatError(`node ${id} is outside 1..${dimension}`, line);
      if (out[id - 1]) throw new LkhFormatError(`node ${id} appears twice in ${name}`, line);
      out[id - 1] = fields.slice(1);
    }
    for (let k = 0; k < dimension; k++) if (!out[k]) throw new LkhFormatError(`${name} has no row for node ${k + 1}`);
    return out;
  };
  const coords = table("NODE_COORD_SECTION", 2);
  const demands = table("DEMAND_SECTION", 1);
  const windows = table("TIME_WINDOW_SECTION", 2);
  const depots = (sections.get("DEPOT_SECTION") ?? []).map((r) => r.fields[0]!).filter((d) => d !== -1);
  if (depots.length !== 1) throw new LkhFormatError(`DEPOT_SECTION must name exactly one depot, got ${depots.length}`);
  if (depots[0] !== 1) throw new LkhFormatError(`the depot must be node 1, got ${depots[0]}`);
  windows.forEach(([e, l], k) => {
    if (e! > l!) throw new LkhFormatError(`node ${k + 1}: time window ${e}..${l} closes before it opens`);
  });
  demands.forEach(([d], k) => {
    if (d! < 0) throw new LkhFormatError(`node ${k + 1}: negative demand ${d}`);
  });
  return {
    name: header.get("NAME") ?? "",
    dimension,
    vehicles,
    capacity,
    serviceTime,
    depot: 1,
    x: coords.map((c) => c[0]!),
    y: coords.map((c) => c[1]!),
    demand: demands.map((d) => d[0]!),
    earliest: windows.map((w) => w[0]!),
    latest: windows.map((w) => w[1]!),
  };
}

/** As a solver problem: job ids are the node ids ("2".."DIMENSION"), one vehicle per customer (fleet unbounded). */
export function lkhToProblem(inst: LkhInstance): VrpProblem {
  const points = inst.x.map((x, k) => ({ x, y: inst.y[k]! }));
  const jobs = [];
  for (let k = 1; k < inst.dimension; k++)
    jobs.push({
      id: String(k + 1),
      location: k,
      service: inst.serviceTime,
      earliest: inst.earliest[k]!,
      latest: inst.latest[k]!,
      demand: inst.demand[k]!,
    });
  const vehicles = Array.from({ length: inst.dimension - 1 }, (_, v) => ({
    id: `vehicle-${v + 1}`,
    startLocation: 0,
    endLocation: 0,
    shiftStart: inst.earliest[0]!,
    shiftEnd: inst.latest[0]!,
    capacity: inst.capacity,
  }));
  return { jobs, vehicles, matrix: euclideanMatrix(points) };
}
