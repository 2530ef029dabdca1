import { describe, expect, it } from "vitest";
import type { TechDay, TechJob } from "@/lib/schemas/tech";
import {
  backoffMs,
  jobRecap,
  nextJobId,
  nextStatus,
  pendingByJob,
  projectDay,
  resultOfFailure,
  resultOfOutcome,
  type TechChange,
} from "./tech-state";

function job(id: number, overrides: Partial<TechJob> = {}): TechJob {
  return {
    id,
    title: `Job ${id}`,
    kind: "install",
    status: "assigned",
    priority: 3,
    scheduledStart: null,
    durationMin: 60,
    windowStart: null,
    windowEnd: null,
    notes: null,
    customer: null,
    address: "1 rue Principale",
    lat: 45.4,
    lng: -72.7,
    accessNotes: null,
    navigationUrl: "geo:45.4,-72.7",
    equipment: [{ id: 7, kind: "router", serial: "OLD1234", mac: null, model: null, status: "installed" }],
    tickets: [],
    checklist: [
      { id: 1, label: "Signal", required: true, done: false },
      { id: 2, label: "Wi-Fi", required: false, done: false },
    ],
    materials: [],
    photos: [],
    signature: null,
    completedAt: null,
    ...overrides,
  };
}

const day: TechDay = {
  date: "2026-11-24",
  technician: { id: 1, name: "Tech" },
  jobs: [job(10, { status: "done" }), job(11), job(12)],
  materials: [{ id: 100, code: "DROP-30", name: "Câble de branchement 30 m" }],
};

let n = 0;
const act = (jobId: number, action: Extract<TechChange, { type: "action" }>["action"]): TechChange => ({
  type: "action",
  clientKey: `key-${String(++n).padStart(8, "0")}`,
  jobId,
  createdAt: "2026-11-24T15:00:00.000Z",
  action,
});
const jobOf = (d: TechDay, id: number) => d.jobs.find((j) => j.id === id)!;

describe("nextStatus", () => {
  it.each([
    ["assigned", "en_route"],
    ["en_route", "on_site"],
    ["on_site", "done"],
    ["done", null],
    ["cancelled", null],
    ["unassigned", null],
  ] as const)("%s → %s", (from, to) => {
    expect(nextStatus(from)).toBe(to);
  });
});

describe("projectDay", () => {
  it("returns the server copy untouched when nothing is pending", () => {
    expect(projectDay(day, [])).toBe(day);
  });

  it("applies a whole visit in order: statuses, checklist, material, equipment, signature, photo", () => {
    const changes: TechChange[] = [
      act(11, { kind: "status", status: "en_route" }),
      act(11, { kind: "status", status: "on_site" }),
      act(11, { kind: "checklist", itemId: 1, done: true }),
      act(11, { kind: "checklist", itemId: 2, done: true }),
      act(11, { kind: "checklist", itemId: 2, done: false }),
      act(11, { kind: "material", itemId: 100, quantity: 2 }),
      act(11, {
        kind: "equipment",
        operation: "install",
        serial: "ZTEG1234",
        mac: "aa-bb-cc-dd-ee-ff",
        equipmentKind: "ont",
      }),
      act(11, { kind: "equipment", operation: "remove", serial: "old1234" }),
      act(11, { kind: "signature", signerName: "Marie Tremblay", image: "data:image/png;base64,AAAA" }),
      {
        type: "photo",
        clientKey: "photo-0001",
        jobId: 11,
        createdAt: "2026-11-24T15:05:00.000Z",
        caption: "Boîtier",
        previewUrl: "blob:x",
      },
      act(11, { kind: "status", status: "done", summary: "Installé" }),
    ];
    const projected = jobOf(projectDay(day, changes), 11);
    expect(projected.status).toBe("done");
    expect(projected.completedAt).toBe("2026-11-24T15:00:00.000Z");
    expect(projected.checklist.map((i) => i.done)).toEqual([true, false]);
    expect(projected.materials).toEqual([
      expect.objectContaining({ itemId: 100, name: "Câble de branchement 30 m", quantity: 2 }),
    ]);
    expect(projected.equipment.map((e) => [e.serial, e.status, e.mac])).toEqual([
      ["OLD1234", "removed", null],
      ["ZTEG1234", "installed", "AA:BB:CC:DD:EE:FF"],
    ]);
    expect(projected.signature).toEqual({
      name: "Marie Tremblay",
      signedAt: "2026-11-24T15:00:00.000Z",
      url: "data:image/png;base64,AAAA",
    });
    expect(projected.photos).toEqual([expect.objectContaining({ caption: "Boîtier", url: "blob:x" })]);
    // Other jobs are the same objects.
    expect(jobOf(projectDay(day, changes), 12)).toBe(jobOf(day, 12));
  });

  it("is idempotent: applying changes the server copy already shows changes nothing", () => {
    const changes = [
      act(11, { kind: "status", status: "en_route" }),
      act(11, { kind: "material", itemId: 100, quantity: 3 }),
      act(11, { kind: "equipment", operation: "install", serial: "ZTEG1", mac: undefined }),
    ];
    const once = projectDay(day, changes);
    const twice = projectDay(once, changes);
    expect(jobOf(twice, 11)).toEqual(jobOf(once, 11));
    expect(jobOf(twice, 11).materials).toHaveLength(1);
    // Two recorded uses of one item are two lines, as the server keeps them.
    expect(
      jobOf(projectDay(day, [...changes, act(11, { kind: "material", itemId: 100, quantity: 1 })]), 11).materials.map(
        (m) => m.quantity,
      ),
    ).toEqual([3, 1]);
    expect(jobOf(twice, 11).equipment).toHaveLength(2);
  });

  it("never moves a status backwards nor reopens a finished job", () => {
    const fresher = { ...day, jobs: [job(11, { status: "on_site" }), job(10, { status: "done" })] };
    expect(jobOf(projectDay(fresher, [act(11, { kind: "status", status: "en_route" })]), 11).status).toBe("on_site");
    expect(jobOf(projectDay(fresher, [act(10, { kind: "status", status: "en_route" })]), 10).status).toBe("done");
  });

  it("ignores changes for a job no longer on the day (reassigned away)", () => {
    const projected = projectDay(day, [act(99, { kind: "status", status: "done" })]);
    expect(projected.jobs.map((j) => j.id)).toEqual([10, 11, 12]);
  });
});

describe("helpers", () => {
  it("counts pending changes per job", () => {
    expect([...pendingByJob([{ jobId: 1 }, { jobId: 2 }, { jobId: 1 }])]).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
  it("picks the first unfinished job as the next one", () => {
    expect(nextJobId(day)).toBe(11);
    expect(nextJobId({ ...day, jobs: [job(1, { status: "done" })] })).toBeNull();
  });
  it("sums up what was recorded", () => {
    const recap = jobRecap(jobOf(projectDay(day, [act(12, { kind: "checklist", itemId: 1, done: true })]), 12));
    expect(recap).toEqual({
      checklistDone: 1,
      checklistTotal: 2,
      materials: [],
      equipment: [{ serial: "OLD1234", status: "installed" }],
      photos: 0,
      signedBy: null,
    });
  });
});

describe("replay outcomes", () => {
  it.each([
    [{ accepted: true, replayed: false, result: {} }, { kind: "stored" }],
    [{ accepted: true, replayed: true, result: {} }, { kind: "stored" }],
    [
      { accepted: false, replayed: false, code: "reassigned", message: "Job 4 was reassigned" },
      { kind: "refused", code: "reassigned", message: "Job 4 was reassigned" },
    ],
  ] as const)("%j", (outcome, expected) => {
    expect(resultOfOutcome(outcome)).toEqual(expected);
  });

  it.each([
    [null, "retry"],
    [500, "retry"],
    [503, "retry"],
    [401, "retry"],
    [429, "retry"],
    [400, "refused"],
    [403, "refused"],
    [404, "refused"],
    [413, "refused"],
  ] as const)("HTTP %s → %s", (status, kind) => {
    expect(resultOfFailure(status, "x").kind).toBe(kind);
  });

  it("backs off exponentially up to two minutes", () => {
    expect([1, 2, 3, 4, 10, 50].map(backoffMs)).toEqual([2_000, 4_000, 8_000, 16_000, 120_000, 120_000]);
  });
});
