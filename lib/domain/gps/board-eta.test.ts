import { describe, expect, it } from "vitest";
import { job } from "../board/test-fixtures";
import { boardEtas, remainingRoute, type TechnicianFix } from "./board-eta";
import { legMinutes } from "./eta";

const now = new Date("2026-06-15T14:00:00Z");
const here = { lat: 45.4, lng: -72.7 };
/** A point `km` kilometres north of `here`. */
const north = (km: number) => ({ lat: here.lat + km / 111.195, lng: here.lng });
const fresh = { ...here, fixTime: "2026-06-15T13:59:30Z" };
const jobsOf = (...list: ReturnType<typeof job>[]) => Object.fromEntries(list.map((j) => [j.id, j]));

describe("remainingRoute", () => {
  it.each([
    {
      name: "assigned jobs by planned start",
      jobs: [
        job("b", { techId: "t", status: "assigned", start: "2026-06-15T15:00:00Z" }),
        job("a", { techId: "t", status: "assigned", start: "2026-06-15T13:00:00Z" }),
      ],
      expected: ["a", "b"],
    },
    {
      name: "on site, then en route, then the plan, whatever the planned starts say",
      jobs: [
        job("plan", { techId: "t", status: "assigned", start: "2026-06-15T09:00:00Z" }),
        job("driving", { techId: "t", status: "en_route", start: "2026-06-15T16:00:00Z" }),
        job("here", { techId: "t", status: "on_site", start: "2026-06-15T12:00:00Z" }),
      ],
      expected: ["here", "driving", "plan"],
    },
    {
      name: "done, cancelled, unassigned and other technicians' jobs are left out",
      jobs: [
        job("done", { techId: "t", status: "done", start: "2026-06-15T09:00:00Z" }),
        job("cancelled", { techId: "t", status: "cancelled", start: "2026-06-15T10:00:00Z" }),
        job("queue", { status: "unassigned" }),
        job("other", { techId: "u", status: "assigned", start: "2026-06-15T10:00:00Z" }),
        job("mine", { techId: "t", status: "assigned", start: "2026-06-15T11:00:00Z" }),
      ],
      expected: ["mine"],
    },
  ])("$name", ({ jobs, expected }) => {
    expect(remainingRoute(jobsOf(...jobs), "t").map((j) => j.id)).toEqual(expected);
  });
});

describe("boardEtas", () => {
  it("chains the technician's stops from the current position", () => {
    const first = job("1", {
      techId: "t",
      status: "en_route",
      start: "2026-06-15T14:00:00Z",
      durationMin: 30,
      ...north(1),
    });
    const second = job("2", {
      techId: "t",
      status: "assigned",
      start: "2026-06-15T15:00:00Z",
      durationMin: 60,
      ...north(11),
    });
    const etas = boardEtas({ jobs: jobsOf(first, second) }, { t: fresh }, now);
    const firstLeg = legMinutes(here, north(1));
    const firstArrival = now.getTime() + Math.round(firstLeg.minutes * 60) * 1000;
    expect(etas["1"]).toMatchObject({ techId: "t", arrival: new Date(firstArrival).toISOString(), late: false });
    const secondLeg = legMinutes(north(1), north(11));
    expect(Date.parse(etas["2"]!.arrival)).toBe(firstArrival + 30 * 60_000 + Math.round(secondLeg.minutes * 60) * 1000);
  });

  it("counts only what is left of the job on site before the next leg", () => {
    // On site since 13:30 for 60 minutes: 30 minutes left at 14:00.
    const onSite = job("here", {
      techId: "t",
      status: "on_site",
      start: "2026-06-15T13:30:00Z",
      durationMin: 60,
      ...here,
    });
    const next = job("next", { techId: "t", status: "assigned", start: "2026-06-15T15:00:00Z", ...north(2) });
    const etas = boardEtas({ jobs: jobsOf(onSite, next) }, { t: fresh }, now);
    expect(etas.here).toBeUndefined();
    const leg = legMinutes(here, north(2));
    expect(Date.parse(etas.next!.arrival)).toBe(now.getTime() + 30 * 60_000 + Math.round(leg.minutes * 60) * 1000);
  });

  it("flags an arrival after the window closes", () => {
    const far = job("far", {
      techId: "t",
      status: "assigned",
      start: "2026-06-15T14:00:00Z",
      windowEnd: "2026-06-15T14:10:00Z",
      ...north(40),
    });
    expect(boardEtas({ jobs: jobsOf(far) }, { t: fresh }, now).far!.late).toBe(true);
  });

  it.each<{ name: string; positions: Record<string, TechnicianFix> }>([
    { name: "a stale position", positions: { t: { ...here, fixTime: "2026-06-15T13:50:00Z" } } },
    { name: "no position", positions: {} },
  ])("gives no estimate with $name", ({ positions }) => {
    const planned = job("1", { techId: "t", status: "assigned", start: "2026-06-15T15:00:00Z", ...north(3) });
    expect(boardEtas({ jobs: jobsOf(planned) }, positions, now)).toEqual({});
  });
});
