import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { getMaps, initBoard, readBoard, upsertJob, upsertTech, type FieldMap } from "./doc";
import {
  BOARD_MIGRATION_STEPS,
  FIRST_BOARD_SCHEMA_VERSION,
  LEGACY_CONFLICTS_MAP,
  describeBoardMigrationRefusal,
  migrateBoard,
  supportedBoardSchemaVersion,
  type BoardMigrationResult,
  type BoardMigrationStep,
} from "./migrations";
import { BOARD_SCHEMA_VERSION } from "./types";
import { recordUpdates } from "./test-fixtures";

const ORIGIN = { source: "server" };
const ABSENT = Symbol("no schemaVersion");

/** A version-1 board as plain data, the way the server seeds one from the tables. */
const V1_BOARD = {
  date: "2026-06-15",
  techs: [
    {
      id: "t1",
      name: "Amélie",
      color: "#336699",
      skills: ["fiber"],
      shiftStart: "2026-06-15T08:00:00-04:00",
      shiftEnd: "2026-06-15T16:00:00-04:00",
      homeLat: 45.5,
      homeLng: -73.6,
    },
  ],
  jobs: [
    {
      id: "j1",
      title: "Installation",
      status: "assigned" as const,
      priority: 2,
      lat: 45.51,
      lng: -73.55,
      address: "1 rue Principale",
      durationMin: 90,
      windowStart: "2026-06-15T08:00:00-04:00",
      windowEnd: "2026-06-15T12:00:00-04:00",
      skills: ["fiber"],
      techId: "t1",
      start: "2026-06-15T09:00:00-04:00",
      updatedBy: "seed",
    },
    {
      id: "j2",
      title: "Réparation",
      status: "unassigned" as const,
      priority: 3,
      lat: 45.52,
      lng: -73.57,
      address: "2 rue Principale",
      durationMin: 60,
      windowStart: null,
      windowEnd: null,
      skills: [],
      techId: null,
      start: null,
      updatedBy: "seed",
    },
  ],
};

/** The fixture board as stored with `schemaVersion` set to `version` (or without one). */
function storedBoard(version: unknown): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, V1_BOARD.date);
  for (const tech of V1_BOARD.techs) upsertTech(doc, tech);
  for (const job of V1_BOARD.jobs) upsertJob(doc, job);
  const { meta } = getMaps(doc);
  if (version === ABSENT) meta.delete("schemaVersion");
  else meta.set("schemaVersion", version);
  return doc;
}

const schemaVersionOf = (doc: Y.Doc) => getMaps(doc).meta.get("schemaVersion");
const jobMaps = (doc: Y.Doc): FieldMap[] => Array.from(getMaps(doc).jobs.values());

// Fake future steps, shaped like the ones the contract announces (a visit's confirmation).
const addConfirmation: BoardMigrationStep = (doc) => {
  for (const job of jobMaps(doc)) job.set("confirmation", "pending");
};
const confirmUnassigned: BoardMigrationStep = (doc) => {
  // Reads what the previous step wrote: proof that the steps run in order, on one document.
  for (const job of jobMaps(doc))
    if (job.get("confirmation") === "pending" && job.get("status") === "unassigned")
      job.set("confirmation", "not_needed");
};
const renameTechsToCrew: BoardMigrationStep = (doc) => {
  const crew = doc.getMap<unknown>("crew");
  for (const [id, tech] of getMaps(doc).techs.entries()) crew.set(id, tech.get("name"));
};

describe("the shipped migrations", () => {
  it("lead to the version initBoard stamps", () => {
    expect(supportedBoardSchemaVersion()).toBe(BOARD_SCHEMA_VERSION);
    expect(FIRST_BOARD_SCHEMA_VERSION + BOARD_MIGRATION_STEPS.length).toBe(BOARD_SCHEMA_VERSION);
  });

  const lockedOf = (doc: Y.Doc) =>
    Object.fromEntries(Array.from(getMaps(doc).jobs.entries()).map(([id, job]) => [id, job.get("locked")]));

  // Stored boards as older code left them: no job has a `locked` field (or a stray one).
  const stored = [
    ["a version-2 board", 2, {}, { from: 2, to: 5 }, { j1: false, j2: false }],
    ["a version-1 board, through every step", 1, {}, { from: 1, to: 5 }, { j1: false, j2: false }],
    ["a board without a version", ABSENT, {}, { from: 1, to: 5 }, { j1: false, j2: false }],
    ["a version-2 board with a stray non-boolean lock", 2, { j1: "yes" }, { from: 2, to: 5 }, { j1: false, j2: false }],
    [
      "a version-2 board where a job already says it is pinned",
      2,
      { j1: true },
      { from: 2, to: 5 },
      { j1: true, j2: false },
    ],
  ] as const;

  it.each(stored)(
    "give every job of %s a lock flag, unlocked unless it said so",
    (_what, version, preset, range, locked) => {
      const doc = storedBoard(version);
      for (const [id, value] of Object.entries(preset)) getMaps(doc).jobs.get(id)!.set("locked", value);
      const origins: unknown[] = [];
      doc.on("update", (_update: Uint8Array, origin: unknown) => origins.push(origin));
      expect(migrateBoard(doc, ORIGIN)).toEqual({ ok: true, ...range, migrated: true });
      expect(origins).toEqual([ORIGIN]);
      expect(schemaVersionOf(doc)).toBe(5);
      expect(lockedOf(doc)).toEqual(locked);
      // Everything else reads as before, and a second load has nothing left to do.
      const { jobs: after, ...rest } = readBoard(doc);
      const { jobs: before, ...restBefore } = readBoard(storedBoard(version));
      expect(rest).toEqual(restBefore);
      for (const id of Object.keys(before)) expect(after[id]).toEqual({ ...before[id], locked: locked[id as "j1"] });
      expect(migrateBoard(doc, ORIGIN)).toEqual({ ok: true, from: 5, to: 5, migrated: false });
    },
  );

  const confirmationsOf = (doc: Y.Doc) =>
    Object.fromEntries(
      Array.from(getMaps(doc).jobs.entries()).map(([id, job]) => [
        id,
        job.has("confirmation") ? job.get("confirmation") : "absent",
      ]),
    );

  // Stored version-3 boards: jobs have no `confirmation`, or a value a client once wrote.
  const version3 = [
    ["no job has a confirmation", {}, { j1: null, j2: null }],
    ["a job already confirmed", { j1: "confirmed" }, { j1: "confirmed", j2: null }],
    ["a job asked to reschedule", { j2: "reschedule_requested" }, { j1: null, j2: "reschedule_requested" }],
    ["a stray value", { j1: "yes", j2: 1 }, { j1: null, j2: null }],
    ["an explicit null", { j1: null }, { j1: null, j2: null }],
  ] as const;

  it.each(version3)("give every job of a version-3 board a confirmation when %s", (_what, preset, expected) => {
    const doc = storedBoard(3);
    for (const job of jobMaps(doc)) job.delete("confirmation");
    for (const [id, value] of Object.entries(preset)) getMaps(doc).jobs.get(id)!.set("confirmation", value);
    expect(confirmationsOf(doc)).not.toEqual(expected);
    expect(migrateBoard(doc, ORIGIN)).toEqual({ ok: true, from: 3, to: 5, migrated: true });
    expect(schemaVersionOf(doc)).toBe(5);
    expect(confirmationsOf(doc)).toEqual(expected);
    for (const [id, job] of Object.entries(readBoard(doc).jobs)) expect(job.confirmation).toBe(expected[id as "j1"]);
    const updates = recordUpdates(doc);
    expect(migrateBoard(doc, ORIGIN)).toEqual({ ok: true, from: 5, to: 5, migrated: false });
    expect(updates).toHaveLength(0);
  });

  it("empty the conflicts map of a version-4 board, so that a new replica's sync carries none of it", () => {
    const doc = storedBoard(4);
    const legacy = doc.getMap<unknown>(LEGACY_CONFLICTS_MAP);
    // What the version-4 server wrote: a list per job, rewritten on every change of the lane.
    for (let round = 0; round < 20; round++)
      for (const id of ["j1", "j2"]) legacy.set(id, [{ kind: "overlap", otherJobId: `other-${round}` }]);
    const before = readBoard(doc);
    const storedBytes = Y.encodeStateAsUpdate(doc).byteLength;

    expect(migrateBoard(doc, ORIGIN)).toEqual({ ok: true, from: 4, to: 5, migrated: true });
    expect(schemaVersionOf(doc)).toBe(5);
    expect(legacy.size).toBe(0);
    expect(readBoard(doc)).toEqual(before);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(replica.getMap(LEGACY_CONFLICTS_MAP).size).toBe(0);
    // The lists' content is collected; only their tombstones' ids remain.
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(storedBytes);
    expect(migrateBoard(doc, ORIGIN)).toEqual({ ok: true, from: 5, to: 5, migrated: false });
  });
});

describe("migrateBoard", () => {
  const unchanged = [
    [
      "a board at the current version",
      BOARD_SCHEMA_VERSION,
      BOARD_MIGRATION_STEPS,
      { ok: true, from: BOARD_SCHEMA_VERSION, to: BOARD_SCHEMA_VERSION, migrated: false },
    ],
    [
      "a board without a version (written before versioning): version 1",
      ABSENT,
      [],
      { ok: true, from: 1, to: 1, migrated: false },
    ],
    ["a board newer than the code", 99, [], { ok: false, reason: "newer_version", stored: 99, supported: 1 }],
    [
      "a board one version newer than the injected steps",
      3,
      [addConfirmation],
      { ok: false, reason: "newer_version", stored: 3, supported: 2 },
    ],
    [
      "a version as a string",
      "2",
      [addConfirmation],
      { ok: false, reason: "invalid_version", stored: "2", supported: 2 },
    ],
    [
      "a fractional version",
      1.5,
      [addConfirmation],
      { ok: false, reason: "invalid_version", stored: 1.5, supported: 2 },
    ],
    ["version zero", 0, [addConfirmation], { ok: false, reason: "invalid_version", stored: 0, supported: 2 }],
    ["a null version", null, [addConfirmation], { ok: false, reason: "invalid_version", stored: null, supported: 2 }],
  ] as const satisfies ReadonlyArray<readonly [string, unknown, readonly BoardMigrationStep[], BoardMigrationResult]>;

  it.each(unchanged)("leaves %s byte for byte as stored", (_what, version, steps, expected) => {
    const doc = storedBoard(version);
    const before = Y.encodeStateAsUpdate(doc);
    const updates = recordUpdates(doc);
    expect(migrateBoard(doc, ORIGIN, steps)).toEqual(expected);
    expect(updates).toHaveLength(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  const migrated = [
    ["version 1 through one step", 1, [addConfirmation], { from: 1, to: 2 }, { j1: "pending", j2: "pending" }],
    [
      "a board without a version, as version 1",
      ABSENT,
      [addConfirmation],
      { from: 1, to: 2 },
      { j1: "pending", j2: "pending" },
    ],
    [
      "version 1 through two steps, in order",
      1,
      [addConfirmation, confirmUnassigned],
      { from: 1, to: 3 },
      { j1: "pending", j2: "not_needed" },
    ],
    [
      "version 2 through the second step only",
      2,
      [addConfirmation, confirmUnassigned],
      { from: 2, to: 3 },
      { j1: undefined, j2: undefined },
    ],
  ] as const;

  it.each(migrated)(
    "migrates %s, in one update with the caller's origin",
    (_what, version, steps, range, confirmations) => {
      const doc = storedBoard(version);
      const origins: unknown[] = [];
      doc.on("update", (_update: Uint8Array, origin: unknown) => origins.push(origin));
      expect(migrateBoard(doc, ORIGIN, steps)).toEqual({ ok: true, ...range, migrated: true });
      expect(origins).toEqual([ORIGIN]);
      expect(schemaVersionOf(doc)).toBe(range.to);
      const { jobs } = getMaps(doc);
      expect({ j1: jobs.get("j1")!.get("confirmation"), j2: jobs.get("j2")!.get("confirmation") }).toEqual(
        confirmations,
      );
      // What a step does not touch reads as before.
      expect(readBoard(doc)).toEqual(readBoard(storedBoard(version)));
    },
  );

  it("runs a step that adds a root map, and then has nothing left to do", () => {
    const doc = storedBoard(1);
    const steps = [addConfirmation, renameTechsToCrew];
    expect(migrateBoard(doc, ORIGIN, steps)).toMatchObject({ ok: true, from: 1, to: 3 });
    expect(doc.getMap("crew").toJSON()).toEqual({ t1: "Amélie" });
    const updates = recordUpdates(doc);
    expect(migrateBoard(doc, ORIGIN, steps)).toEqual({ ok: true, from: 3, to: 3, migrated: false });
    expect(updates).toHaveLength(0);
  });

  it("migrates a board that was never stored (no content at all) as version 1", () => {
    const doc = new Y.Doc();
    expect(migrateBoard(doc, ORIGIN, [addConfirmation])).toEqual({ ok: true, from: 1, to: 2, migrated: true });
    expect(schemaVersionOf(doc)).toBe(2);
  });
});

describe("describeBoardMigrationRefusal", () => {
  it.each([
    [{ ok: false, reason: "newer_version", stored: 99, supported: 1 } as const, /version 99, newer than the 1/],
    [{ ok: false, reason: "invalid_version", stored: "2", supported: 1 } as const, /not a version number \("2"\)/],
  ])("names the board and the stored version (%o)", (refusal, message) => {
    expect(describeBoardMigrationRefusal("board:2026-06-15", refusal)).toMatch(message);
    expect(describeBoardMigrationRefusal("board:2026-06-15", refusal)).toMatch(/^board:2026-06-15 /);
  });
});
