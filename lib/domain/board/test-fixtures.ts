/** Builders shared by the board tests; no test-runner imports, so a server or UI test may reuse them. */
import * as Y from "yjs";
import type { BoardJob, BoardSnapshot, BoardTech } from "./types";
import { initBoard, upsertJob, upsertTech } from "./doc";

export const FIXTURE_DATE = "2026-06-15";

export function tech(id: string, overrides: Partial<BoardTech> = {}): BoardTech {
  return {
    id,
    name: `Tech ${id}`,
    color: "#336699",
    skills: ["fiber"],
    shiftStart: "2026-06-15T08:00:00-04:00",
    shiftEnd: "2026-06-15T16:00:00-04:00",
    homeLat: 45.5,
    homeLng: -73.6,
    ...overrides,
  };
}

export function job(id: string, overrides: Partial<BoardJob> = {}): BoardJob {
  return {
    id,
    title: `Job ${id}`,
    status: "unassigned",
    priority: 3,
    lat: 45.5,
    lng: -73.6,
    address: "1 rue Principale",
    durationMin: 60,
    windowStart: null,
    windowEnd: null,
    skills: [],
    techId: null,
    start: null,
    updatedBy: "seed",
    locked: false,
    confirmation: null,
    ...overrides,
  };
}

export function snapshotOf(techs: BoardTech[], jobs: BoardJob[], date = FIXTURE_DATE): BoardSnapshot {
  return {
    date,
    techs: Object.fromEntries(techs.map((t) => [t.id, t])),
    jobs: Object.fromEntries(jobs.map((j) => [j.id, j])),
  };
}

export function boardDoc(techs: BoardTech[], jobs: BoardJob[], clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  initBoard(doc, FIXTURE_DATE);
  for (const t of techs) upsertTech(doc, t);
  for (const j of jobs) upsertJob(doc, j);
  return doc;
}

/** Every update a doc emits from now on, for "did this write anything?" assertions. */
export function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  return updates;
}
