import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { getMaps, initBoard, readBoard, readJob, readTech, removeJob, sameValue, upsertJob, upsertTech } from "./doc";
import { BOARD_SCHEMA_VERSION } from "./types";
import { boardDoc, job, recordUpdates, tech } from "./test-fixtures";
import { LEGACY_CONFLICTS_MAP } from "./migrations";

describe("sameValue", () => {
  const yMap = new Y.Map();
  it.each([
    { a: 1, b: 1, same: true },
    { a: 1, b: "1", same: false },
    { a: null, b: undefined, same: false },
    { a: Number.NaN, b: Number.NaN, same: true },
    { a: ["fiber", "splice"], b: ["fiber", "splice"], same: true },
    { a: ["fiber", "splice"], b: ["splice", "fiber"], same: false },
    { a: ["fiber"], b: ["fiber", "splice"], same: false },
    { a: [], b: {}, same: false },
    { a: [{ kind: "overlap", with: "7" }], b: [{ with: "7", kind: "overlap" }], same: true },
    { a: [{ kind: "overlap", with: "7" }], b: [{ kind: "overlap", with: "8" }], same: false },
    { a: { kind: "overlap" }, b: { kind: "overlap", with: "7" }, same: false },
    { a: { nested: [1, [2, 3]] }, b: { nested: [1, [2, 3]] }, same: true },
    { a: { nested: [1, [2, 3]] }, b: { nested: [1, [2, 4]] }, same: false },
    { a: yMap, b: {}, same: false },
    { a: {}, b: yMap, same: false },
  ])("$a and $b: $same", ({ a, b, same }) => {
    expect(sameValue(a, b)).toBe(same);
    expect(sameValue(b, a)).toBe(same);
  });
});

describe("initBoard", () => {
  it("writes meta once", () => {
    const doc = new Y.Doc();
    expect(initBoard(doc, "2026-03-08")).toBe(true);
    expect(initBoard(doc, "2026-03-08")).toBe(false);
    expect(getMaps(doc).meta.toJSON()).toEqual({ schemaVersion: BOARD_SCHEMA_VERSION, date: "2026-03-08" });
    expect(readBoard(doc)).toEqual({ date: "2026-03-08", techs: {}, jobs: {} });
  });
  it("refuses a malformed date", () => expect(() => initBoard(new Y.Doc(), "08/03/2026")).toThrow(/YYYY-MM-DD/));
});

describe("upsert", () => {
  it("creates, then writes only differing fields, and nothing when equal", () => {
    const doc = boardDoc([tech("t1")], [job("j1", { skills: ["fiber"] })]);
    const updates = recordUpdates(doc);
    expect(upsertJob(doc, job("j1", { skills: ["fiber"] }))).toBe(false);
    expect(upsertTech(doc, tech("t1"))).toBe(false);
    expect(updates).toHaveLength(0);

    const keys: string[] = [];
    getMaps(doc)
      .jobs.get("j1")!
      .observe((e) => keys.push(...e.keysChanged));
    expect(upsertJob(doc, job("j1", { skills: ["fiber", "ont"], title: "Job j1", priority: 1 }))).toBe(true);
    expect(keys.sort()).toEqual(["priority", "skills"]);
    expect(updates).toHaveLength(1);
  });

  it("accepts a partial job and leaves other fields alone", () => {
    const doc = boardDoc([], [job("j1", { techId: "t1", status: "assigned" })]);
    upsertJob(doc, { id: "j1", title: "Nouveau titre" });
    expect(readBoard(doc).jobs.j1).toMatchObject({ title: "Nouveau titre", techId: "t1", status: "assigned" });
  });

  it("does not alias the caller's arrays", () => {
    const doc = new Y.Doc();
    const skills = ["fiber"];
    upsertTech(doc, tech("t1", { skills }));
    skills.push("ont");
    expect(readBoard(doc).techs.t1!.skills).toEqual(["fiber"]);
  });

  it("removes a job once", () => {
    const doc = boardDoc([], [job("j1")]);
    expect(removeJob(doc, "j1")).toBe(true);
    expect(removeJob(doc, "j1")).toBe(false);
    expect(readBoard(doc).jobs).toEqual({});
  });
});

describe("tolerant reads", () => {
  it("gives safe defaults for a missing or malformed job", () => {
    const map = new Y.Doc().getMap<unknown>("x");
    map.set("status", "bogus");
    map.set("priority", "high");
    map.set("skills", ["fiber", 3, null]);
    map.set("start", "2026-06-15T09:00");
    map.set("windowEnd", "2026-06-15T12:00:00-04:00");
    map.set("techId", "");
    expect(readJob(map, "j")).toEqual({
      id: "j",
      title: "",
      status: "unassigned",
      priority: 3,
      lat: 0,
      lng: 0,
      address: "",
      durationMin: 60,
      windowStart: null,
      windowEnd: "2026-06-15T12:00:00-04:00",
      skills: ["fiber"],
      techId: null,
      start: null,
      updatedBy: "",
      locked: false,
      confirmation: null,
    });
  });

  it("keeps out-of-range numbers so the reconciler can see them", () => {
    const map = new Y.Doc().getMap<unknown>("x");
    map.set("priority", 9);
    map.set("durationMin", 0);
    expect(readJob(map, "j")).toMatchObject({ priority: 9, durationMin: 0 });
  });

  it("defaults a tech", () => {
    expect(readTech(new Y.Doc().getMap<unknown>("x"), "t")).toEqual({
      id: "t",
      name: "t",
      color: "#888888",
      skills: [],
      shiftStart: "",
      shiftEnd: "",
      homeLat: 0,
      homeLng: 0,
    });
  });

  it("skips non-map entries, and reads no conflicts list a version-4 board still holds", () => {
    const doc = boardDoc([], [job("j1")]);
    (getMaps(doc).jobs as Y.Map<unknown>).set("junk", 42);
    doc.getMap(LEGACY_CONFLICTS_MAP).set("j1", [{ kind: "overlap", otherJobId: "j2" }]);
    expect(readBoard(doc)).toEqual({ date: readBoard(doc).date, techs: {}, jobs: { j1: job("j1") } });
  });
});
