/**
 * Helpers over a Y.Doc that follows the board contract (types.ts). Every write is a CRDT op that
 * travels to every client and ends up as a database write, so writers compare first and only
 * set fields whose value actually differs. Readers are tolerant: a document is edited by many
 * clients and versions, so a missing or malformed field reads as a safe default, never a throw.
 */
import * as Y from "yjs";
import {
  BOARD_SCHEMA_VERSION,
  JOB_STATUSES,
  VISIT_CONFIRMATIONS,
  type BoardJob,
  type BoardSnapshot,
  type BoardTech,
  type JobStatus,
  type VisitConfirmation,
} from "./types";
import { DEFAULT_DURATION_MIN, isInstant } from "./time";
import { byCodeUnits } from "./code-unit-order";

export type FieldMap = Y.Map<unknown>;
/** What the field readers need: a job's or tech's Y.Map, or the same fields as plain JSON (mirror.ts). */
export type FieldReader = Pick<FieldMap, "get">;
export interface BoardMaps {
  meta: Y.Map<unknown>;
  techs: Y.Map<FieldMap>;
  jobs: Y.Map<FieldMap>;
}
export type TechInput = { id: string } & Partial<Omit<BoardTech, "id">>;
export type JobInput = { id: string } & Partial<Omit<BoardJob, "id">>;

/** Root maps are created lazily by Yjs and cost no op, so "creating if missing" is just asking. */
export function getMaps(doc: Y.Doc): BoardMaps {
  return {
    meta: doc.getMap<unknown>("meta"),
    techs: doc.getMap<FieldMap>("techs"),
    jobs: doc.getMap<FieldMap>("jobs"),
  };
}

export function initBoard(doc: Y.Doc, date: string, origin?: unknown): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new RangeError(`Board date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const { meta } = getMaps(doc);
  return transactIfChanged(doc, origin, [[meta, { schemaVersion: BOARD_SCHEMA_VERSION, date }]]);
}

export function upsertTech(doc: Y.Doc, tech: TechInput, origin?: unknown): boolean {
  return upsertEntry(doc, getMaps(doc).techs, tech, origin);
}

export function upsertJob(doc: Y.Doc, job: JobInput, origin?: unknown): boolean {
  return upsertEntry(doc, getMaps(doc).jobs, job, origin);
}

export function removeTech(doc: Y.Doc, techId: string, origin?: unknown): boolean {
  const { techs } = getMaps(doc);
  if (!techs.has(techId)) return false;
  doc.transact(() => techs.delete(techId), origin);
  return true;
}

export function removeJob(doc: Y.Doc, jobId: string, origin?: unknown): boolean {
  const { jobs } = getMaps(doc);
  if (!jobs.has(jobId)) return false;
  doc.transact(() => jobs.delete(jobId), origin);
  return true;
}

/**
 * Creating the entry's Y.Map is last-writer-wins on the key: two replicas creating the same id
 * concurrently would lose one map's fields. Entries are therefore created by the server only.
 */
function upsertEntry(doc: Y.Doc, parent: Y.Map<FieldMap>, input: { id: string }, origin: unknown): boolean {
  if (typeof input.id !== "string" || input.id === "") throw new RangeError("An id is required");
  const { id, ...fields } = input;
  const existing = parent.get(id);
  if (existing instanceof Y.Map) return transactIfChanged(doc, origin, [[existing, fields]]);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    parent.set(id, map);
    writeFields(map, fields);
  }, origin);
  return true;
}

/**
 * Document values compare by content (JSON data: primitives, arrays, plain objects): a field
 * holding an equal array needs no rewrite. Walked, not serialized: the reconciler compares every
 * field of the jobs an edit touched, and stringifying both sides of each was its largest cost.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  // A Yjs type or any other class where a plain value belongs is never "the same": it gets rewritten.
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys)
    if (!Object.hasOwn(b, key) || !sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
      return false;
  return true;
}

/** The entries of `fields` that differ from what `map` holds; undefined means "leave alone". */
export function diffFields(map: FieldMap, fields: Record<string, unknown>): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!map.has(key) || !sameValue(map.get(key), value)) diff[key] = value;
  }
  return diff;
}

/** Arrays are copied so a caller mutating its own array later cannot alias document content. */
export function writeFields(map: FieldMap, fields: Record<string, unknown>): boolean {
  const diff = diffFields(map, fields);
  for (const [key, value] of Object.entries(diff))
    map.set(key, Array.isArray(value) ? [...(value as unknown[])] : value);
  return Object.keys(diff).length > 0;
}

function transactIfChanged(doc: Y.Doc, origin: unknown, writes: Array<[FieldMap, Record<string, unknown>]>): boolean {
  const pending = writes.filter(([map, fields]) => Object.keys(diffFields(map, fields)).length > 0);
  if (pending.length === 0) return false;
  doc.transact(() => pending.forEach(([map, fields]) => writeFields(map, fields)), origin);
  return true;
}

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const num = (v: unknown, fallback: number): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
const instantOrNull = (v: unknown): string | null => (isInstant(v) ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
const isStatus = (v: unknown): v is JobStatus => (JOB_STATUSES as readonly unknown[]).includes(v);

/** A stored confirmation, or null for anything else (absent on boards before version 4). */
export function readConfirmation(value: unknown): VisitConfirmation | null {
  return (VISIT_CONFIRMATIONS as readonly unknown[]).includes(value) ? (value as VisitConfirmation) : null;
}

export function readTech(map: FieldReader, id: string): BoardTech {
  return {
    id,
    name: str(map.get("name"), id),
    color: str(map.get("color"), "#888888"),
    skills: strings(map.get("skills")),
    shiftStart: str(map.get("shiftStart")),
    shiftEnd: str(map.get("shiftEnd")),
    homeLat: num(map.get("homeLat"), 0),
    homeLng: num(map.get("homeLng"), 0),
  };
}

/**
 * Type-safe but not rule-safe: an out-of-range priority or an assigned job without technician
 * reads as stored, so that normalizeJob (reconcile.ts) can see it and repair the document.
 */
export function readJob(map: FieldReader, id: string): BoardJob {
  const techId = map.get("techId");
  const status = map.get("status");
  return {
    id,
    title: str(map.get("title")),
    status: isStatus(status) ? status : "unassigned",
    priority: num(map.get("priority"), 3),
    lat: num(map.get("lat"), 0),
    lng: num(map.get("lng"), 0),
    address: str(map.get("address")),
    durationMin: num(map.get("durationMin"), DEFAULT_DURATION_MIN),
    windowStart: instantOrNull(map.get("windowStart")),
    windowEnd: instantOrNull(map.get("windowEnd")),
    skills: strings(map.get("skills")),
    techId: typeof techId === "string" && techId !== "" ? techId : null,
    start: instantOrNull(map.get("start")),
    updatedBy: str(map.get("updatedBy")),
    locked: map.get("locked") === true,
    confirmation: readConfirmation(map.get("confirmation")),
  };
}

export function readBoard(doc: Y.Doc): BoardSnapshot {
  const { meta, techs, jobs } = getMaps(doc);
  const snapshot: BoardSnapshot = { date: str(meta.get("date")), techs: {}, jobs: {} };
  for (const [id, map] of sortedEntries(techs)) if (map instanceof Y.Map) snapshot.techs[id] = readTech(map, id);
  for (const [id, map] of sortedEntries(jobs)) if (map instanceof Y.Map) snapshot.jobs[id] = readJob(map, id);
  return snapshot;
}

/** Sorted so that two converged replicas produce identical snapshots, key order included. */
function sortedEntries<T>(map: Y.Map<T>): Array<[string, T]> {
  return Array.from(map.entries()).sort(([a], [b]) => byCodeUnits(a, b));
}
