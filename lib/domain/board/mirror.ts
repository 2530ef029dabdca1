/**
 * A board as plain JSON (its top-level maps meta, techs and jobs, each entry's fields as plain
 * values) and the effects of one Yjs transaction on it. The board's history keeps, beside each
 * update, what the update did to the board (its effects, read from the document right after Yjs
 * applied it), so a past instant is rebuilt from a JSON checkpoint and those effects alone: no Yjs
 * document to decode. A day of heavy editing leaves a document of a million tombstones that takes seconds
 * to decode; its JSON stays the size of the board.
 */
import * as Y from "yjs";
import { getMaps, readJob, readTech } from "./doc";
import { jobChange, type JobChange } from "./history";
import type { BoardSnapshot } from "./types";

/**
 * Up to board version 4 the server also wrote a `conflicts` map (types.ts). Checkpoints and
 * effects stored then still name it; applyEffects skips a map the mirror does not have, and
 * nothing reads it back.
 */
export const BOARD_MAP_NAMES = ["meta", "techs", "jobs"] as const;
export type BoardMapName = (typeof BOARD_MAP_NAMES)[number];
export type BoardMirror = Record<BoardMapName, Record<string, unknown>>;

/**
 * One change, in order: `[map, key, null, value]` sets a whole entry (a new or replaced job, a
 * tech, a meta field), `[map, key, null]` deletes it; `[map, key, field, value]`
 * sets one field of an entry that is a map (a job's techId), `[map, key, field]` deletes it.
 */
export type BoardEffect = [BoardMapName, string, string | null, unknown?];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A field as readBoard sees it: plain values as they are; a Yjs type where a plain value belongs
 * (only a foreign client writes one) reads as null, which every field reader takes for "absent",
 * as it takes the type itself.
 */
function fieldValue(value: unknown): unknown {
  return value instanceof Y.AbstractType ? null : value;
}

/** An entry of one of the three maps: techs and jobs are maps of fields (anything else reads as no entry). */
function entryValue(name: BoardMapName, value: unknown): unknown {
  if (name !== "techs" && name !== "jobs") return fieldValue(value);
  if (!(value instanceof Y.Map)) return null;
  const entry: Record<string, unknown> = {};
  for (const [field, fieldContent] of (value as Y.Map<unknown>).entries()) entry[field] = fieldValue(fieldContent);
  return entry;
}

export function emptyMirror(): BoardMirror {
  return { meta: {}, techs: {}, jobs: {} };
}

export function mirrorOf(doc: Y.Doc): BoardMirror {
  const mirror = emptyMirror();
  const maps = getMaps(doc);
  for (const name of BOARD_MAP_NAMES)
    for (const [key, value] of maps[name].entries()) mirror[name][key] = entryValue(name, value);
  return mirror;
}

/**
 * What a transaction did to the board, from Yjs' own record of the types and keys it changed
 * (`transaction.changed`), read once it has been applied: concurrent writes are already
 * resolved, so the effects are exactly what a reader of the document saw next.
 */
export function effectsOf(doc: Y.Doc, transaction: Y.Transaction): BoardEffect[] {
  const maps = getMaps(doc);
  const nameOf = new Map<unknown, BoardMapName>(BOARD_MAP_NAMES.map((name) => [maps[name], name]));
  const entries: BoardEffect[] = [];
  const fields: BoardEffect[] = [];
  for (const [type, keys] of transaction.changed) {
    const top = nameOf.get(type);
    if (top) {
      const map = maps[top] as Y.Map<unknown>;
      for (const key of keys) {
        if (key === null) continue;
        entries.push(map.has(key) ? [top, key, null, entryValue(top, map.get(key))] : [top, key, null]);
      }
      continue;
    }
    // A field of an entry: the entry is a map held directly by one of the three.
    const item = type._item;
    if (!item || item.deleted || typeof item.parentSub !== "string" || !(type instanceof Y.Map)) continue;
    const parent = nameOf.get(item.parent);
    if (parent !== "techs" && parent !== "jobs") continue;
    for (const key of keys) {
      if (key === null) continue;
      fields.push(
        type.has(key) ? [parent, item.parentSub, key, fieldValue(type.get(key))] : [parent, item.parentSub, key],
      );
    }
  }
  // A whole entry written in the same transaction as fields of the one it replaced wins.
  return [...fields, ...entries];
}

/** Applies effects in order; the mirror is changed in place. */
export function applyEffects(mirror: BoardMirror, effects: readonly BoardEffect[]): void {
  for (const [name, key, field, ...value] of effects) {
    const map = mirror[name];
    if (!map) continue;
    if (field === null) {
      if (value.length === 0) delete map[key];
      else map[key] = value[0];
      continue;
    }
    const entry = map[key];
    if (!isRecord(entry)) continue;
    if (value.length === 0) delete entry[field];
    else entry[field] = value[0];
  }
}

const fieldsOf = (entry: Record<string, unknown>) => ({ get: (key: string) => entry[key] });

/**
 * What readBoard gives for the document the mirror copies, with only `jobIds` of its jobs (in that
 * order): what jobChange reads, without reading the jobs an edit left alone.
 */
function boardOfJobs(mirror: BoardMirror, jobIds: readonly string[]): BoardSnapshot {
  const date = mirror.meta.date;
  const snapshot: BoardSnapshot = { date: typeof date === "string" ? date : "", techs: {}, jobs: {} };
  for (const id of Object.keys(mirror.techs).sort()) {
    const entry = mirror.techs[id];
    if (isRecord(entry)) snapshot.techs[id] = readTech(fieldsOf(entry), id);
  }
  for (const id of jobIds) {
    const entry = mirror.jobs[id];
    if (isRecord(entry)) snapshot.jobs[id] = readJob(fieldsOf(entry), id);
  }
  return snapshot;
}

/** What readBoard gives for the document the mirror copies: same defaults, same order. */
export function readBoardMirror(mirror: BoardMirror): BoardSnapshot {
  return boardOfJobs(mirror, Object.keys(mirror.jobs).sort());
}

/**
 * Applies one update's effects and returns the jobs it changed, in job id order: what jobChange
 * gives between the whole boards before and after, reading only the jobs the effects name.
 */
export function applyEffectsWithChanges(mirror: BoardMirror, effects: readonly BoardEffect[]): JobChange[] {
  const jobIds = [...new Set(effects.filter(([name]) => name === "jobs").map(([, key]) => key))].sort();
  const before = boardOfJobs(mirror, jobIds);
  applyEffects(mirror, effects);
  const after = boardOfJobs(mirror, jobIds);
  return jobIds.flatMap((id) => {
    const change = jobChange(before, after, id);
    return change ? [change] : [];
  });
}
