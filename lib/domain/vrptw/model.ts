/**
 * The routing problem as the dispatcher's world states it (technicians, jobs, windows, skills),
 * and its compiled form: flat typed arrays indexed by job and vehicle, which is what the
 * solver's inner loops read millions of times per solve.
 */
import type { TravelMatrix } from "./travel-matrix";

export interface VrpJob {
  id: string;
  /** Index of the job's place in the travel matrix. */
  location: number;
  /** Time on site, in the matrix's time unit. */
  service: number;
  /** Service may start no earlier than `earliest` (waiting is allowed) and no later than `latest`. */
  earliest?: number;
  latest?: number;
  demand?: number;
  /** skill name → minimum level the technician must have. */
  skills?: Record<string, number>;
  /** Weight of leaving the job unplaced (default 1): the objective places heavy jobs first. */
  priority?: number;
  /**
   * Pinned by a dispatcher: stays on this vehicle (whatever its skills: the pin is the
   * dispatcher's decision) and is never moved by the improvement.
   */
  lockedTo?: string;
  /**
   * Where the live plan has the job now (a re-plan): the search starts from that plan, and
   * placing the job on another vehicle costs `movePenalty` (SolveOptions). A vehicle that is
   * not in the problem (a technician gone off shift) is no preference at all.
   */
  assignedTo?: string;
  /** Its planned start now, in the problem's time unit: the order the starting plan visits it. */
  plannedStart?: number;
  /**
   * 2 for a job that needs a helper: a second technician (any skills) on site at the same start.
   * Modelled as a linked visit on another route whose start is fixed equal to the job's.
   */
  technicians?: 1 | 2;
}

export interface VrpVehicle {
  id: string;
  startLocation: number;
  endLocation: number;
  shiftStart: number;
  shiftEnd: number;
  capacity?: number;
  skills?: Record<string, number>;
  /** Job already under way: it stays first on this route, its window no longer applies (started). */
  underWay?: string;
}

export interface VrpProblem {
  jobs: VrpJob[];
  vehicles: VrpVehicle[];
  matrix: TravelMatrix;
}

export interface Instance {
  jobIds: string[];
  vehicleIds: string[];
  nJobs: number;
  nVehicles: number;
  loc: Int32Array;
  earliest: Float64Array;
  latest: Float64Array;
  service: Float64Array;
  demand: Float64Array;
  priority: Float64Array;
  /** The linked visit of a two-technician job (the helper's visit ↔ the job), else -1. */
  partner: Int32Array;
  /** 1 for a helper's visit (appended after the jobs; same id as its job). */
  isHelper: Uint8Array;
  /** 1 when the improvement may not remove the job from its route (pinned or under way). */
  frozen: Uint8Array;
  /** The vehicle the live plan has the job on (assignedTo), else -1. */
  preferred: Int32Array;
  plannedStart: Float64Array;
  /** Cost of each job placed off its preferred vehicle, in distance units (0: no preference). */
  movePenalty: number;
  /** allowed[j * nVehicles + v]: skills, levels and pins permit job j on vehicle v. */
  allowed: Uint8Array;
  vStart: Int32Array;
  vEnd: Int32Array;
  vShiftStart: Float64Array;
  vShiftEnd: Float64Array;
  vCapacity: Float64Array;
  /** Jobs at the head of the route nothing may be inserted before (the job under way). */
  vFixedPrefix: Int32Array;
  vUnderWay: Int32Array;
  /** Vehicles with the same class are interchangeable when opening a new route. */
  vClass: Int32Array;
  /** Dense nLoc × nLoc travel time and distance. */
  nLoc: number;
  time: Float64Array;
  dist: Float64Array;
  /** For each job, the other jobs nearest first (SISR's adjacency). */
  neighbours: Int32Array[];
}

function hasSkills(have: Record<string, number> | undefined, need: Record<string, number> | undefined): boolean {
  if (!need) return true;
  for (const [skill, level] of Object.entries(need)) if ((have?.[skill] ?? -Infinity) < level) return false;
  return true;
}

/** Checks references and builds the flat form; throws a RangeError naming the bad field. */
export function compileProblem(problem: VrpProblem): Instance {
  const { jobs, vehicles, matrix } = problem;
  const pairs: number[] = [];
  jobs.forEach((job, i) => {
    if (job.technicians !== undefined && job.technicians !== 1 && job.technicians !== 2)
      throw new RangeError(`job ${job.id}: technicians must be 1 or 2`);
    if (job.technicians === 2) pairs.push(i);
  });
  const nJobs = jobs.length + pairs.length;
  const nVehicles = vehicles.length;
  const nLoc = matrix.size;
  const jobIndex = new Map<string, number>();
  jobs.forEach((j, i) => {
    if (jobIndex.has(j.id)) throw new RangeError(`job id "${j.id}" appears twice`);
    jobIndex.set(j.id, i);
  });
  const vehicleIndex = new Map<string, number>();
  vehicles.forEach((v, i) => {
    if (vehicleIndex.has(v.id)) throw new RangeError(`vehicle id "${v.id}" appears twice`);
    vehicleIndex.set(v.id, i);
  });
  const checkLoc = (what: string, l: number) => {
    if (!Number.isInteger(l) || l < 0 || l >= nLoc) throw new RangeError(`${what}: location ${l} is not in the matrix`);
  };
  const inst: Instance = {
    jobIds: [...jobs.map((j) => j.id), ...pairs.map((i) => jobs[i]!.id)],
    vehicleIds: vehicles.map((v) => v.id),
    nJobs,
    nVehicles,
    loc: new Int32Array(nJobs),
    earliest: new Float64Array(nJobs),
    latest: new Float64Array(nJobs),
    service: new Float64Array(nJobs),
    demand: new Float64Array(nJobs),
    priority: new Float64Array(nJobs),
    partner: new Int32Array(nJobs).fill(-1),
    isHelper: new Uint8Array(nJobs),
    frozen: new Uint8Array(nJobs),
    preferred: new Int32Array(nJobs).fill(-1),
    plannedStart: new Float64Array(nJobs).fill(Infinity),
    movePenalty: 0,
    allowed: new Uint8Array(nJobs * nVehicles),
    vStart: new Int32Array(nVehicles),
    vEnd: new Int32Array(nVehicles),
    vShiftStart: new Float64Array(nVehicles),
    vShiftEnd: new Float64Array(nVehicles),
    vCapacity: new Float64Array(nVehicles),
    vFixedPrefix: new Int32Array(nVehicles),
    vUnderWay: new Int32Array(nVehicles).fill(-1),
    vClass: new Int32Array(nVehicles),
    nLoc,
    time: new Float64Array(nLoc * nLoc),
    dist: new Float64Array(nLoc * nLoc),
    neighbours: [],
  };
  jobs.forEach((job, j) => {
    checkLoc(`job ${job.id}`, job.location);
    if (!(job.service >= 0)) throw new RangeError(`job ${job.id}: service must be ≥ 0`);
    inst.loc[j] = job.location;
    inst.earliest[j] = job.earliest ?? -Infinity;
    inst.latest[j] = job.latest ?? Infinity;
    if (inst.earliest[j] > inst.latest[j]) throw new RangeError(`job ${job.id}: window closes before it opens`);
    inst.service[j] = job.service;
    inst.demand[j] = job.demand ?? 0;
    inst.priority[j] = job.priority ?? 1;
    if (!(inst.priority[j] > 0)) throw new RangeError(`job ${job.id}: priority must be > 0`);
    const pinned = job.lockedTo === undefined ? -1 : vehicleIndex.get(job.lockedTo);
    if (pinned === undefined) throw new RangeError(`job ${job.id}: locked to unknown vehicle "${job.lockedTo}"`);
    if (pinned >= 0) inst.frozen[j] = 1;
    inst.preferred[j] = job.assignedTo === undefined ? -1 : (vehicleIndex.get(job.assignedTo) ?? -1);
    if (job.plannedStart !== undefined && Number.isFinite(job.plannedStart)) inst.plannedStart[j] = job.plannedStart;
    vehicles.forEach((v, k) => {
      // A pin is the dispatcher's decision, skills included: the job stays where it was put.
      inst.allowed[j * nVehicles + k] = pinned === k || (pinned < 0 && hasSkills(v.skills, job.skills)) ? 1 : 0;
    });
  });
  pairs.forEach((i, k) => {
    const h = jobs.length + k;
    inst.partner[i] = h;
    inst.partner[h] = i;
    inst.isHelper[h] = 1;
    inst.loc[h] = inst.loc[i]!;
    inst.earliest[h] = inst.earliest[i]!;
    inst.latest[h] = inst.latest[i]!;
    inst.service[h] = inst.service[i]!;
    // A pinned job keeps its helper where it is too: neither visit is ever removed.
    inst.frozen[h] = inst.frozen[i]!;
    for (let v = 0; v < nVehicles; v++) inst.allowed[h * nVehicles + v] = 1;
  });
  const classes = new Map<string, number>();
  vehicles.forEach((v, k) => {
    checkLoc(`vehicle ${v.id} start`, v.startLocation);
    checkLoc(`vehicle ${v.id} end`, v.endLocation);
    if (!(v.shiftStart <= v.shiftEnd)) throw new RangeError(`vehicle ${v.id}: shift ends before it starts`);
    inst.vStart[k] = v.startLocation;
    inst.vEnd[k] = v.endLocation;
    inst.vShiftStart[k] = v.shiftStart;
    inst.vShiftEnd[k] = v.shiftEnd;
    inst.vCapacity[k] = v.capacity ?? Infinity;
    if (v.underWay !== undefined) {
      const j = jobIndex.get(v.underWay);
      if (j === undefined) throw new RangeError(`vehicle ${v.id}: job under way "${v.underWay}" is unknown`);
      if (inst.partner[j]! >= 0) throw new RangeError(`vehicle ${v.id}: a two-technician job cannot be under way`);
      inst.vUnderWay[k] = j;
      inst.vFixedPrefix[k] = 1;
      inst.frozen[j] = 1;
      inst.earliest[j] = -Infinity;
      inst.latest[j] = Infinity;
      for (let o = 0; o < nVehicles; o++) inst.allowed[j * nVehicles + o] = o === k ? 1 : 0;
    }
    const allowedKey = Array.from({ length: nJobs }, (_, j) => inst.allowed[j * nVehicles + k]).join("");
    const key = JSON.stringify([v.startLocation, v.endLocation, v.shiftStart, v.shiftEnd, v.capacity, v.underWay]);
    const full = `${key}|${allowedKey}`;
    if (!classes.has(full)) classes.set(full, classes.size);
    inst.vClass[k] = classes.get(full)!;
  });
  for (let a = 0; a < nLoc; a++)
    for (let b = 0; b < nLoc; b++) {
      inst.time[a * nLoc + b] = matrix.time(a, b);
      inst.dist[a * nLoc + b] = matrix.distance(a, b);
    }
  for (let j = 0; j < nJobs; j++) {
    const others = Array.from({ length: nJobs }, (_, o) => o).filter((o) => o !== j);
    const row = inst.loc[j]! * nLoc;
    others.sort((a, b) => inst.dist[row + inst.loc[a]!]! - inst.dist[row + inst.loc[b]!]! || a - b);
    inst.neighbours.push(Int32Array.from(others));
  }
  return inst;
}
