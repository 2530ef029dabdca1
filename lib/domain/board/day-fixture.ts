/**
 * A dispatch day as it looks at noon, for re-plan tests and the re-plan benchmark: technicians
 * around Montréal with day shifts, jobs with windows across the day, planned in the morning by
 * the optimizer, then advanced to `now` (jobs before it done, the one under way on site, the
 * next one en route when it starts within half an hour). Deterministic for a seed; no
 * test-runner imports.
 */
import { seededRandom } from "../seeded-random";
import { solve } from "../vrptw/solver";
import { buildPlanningProblem } from "./proposals";
import { MINUTE_MS, parseInstant, toInstant } from "./time";
import { FIXTURE_DATE, job, snapshotOf, tech } from "./test-fixtures";
import type { BoardJob, BoardSnapshot, BoardTech } from "./types";

const at = (hhmm: string) => Date.parse(`${FIXTURE_DATE}T${hhmm}:00-04:00`);

export interface PlannedDayOptions {
  techs?: number;
  jobs?: number;
  seed?: number;
  /** Local time (HH:MM, -04:00) the day is advanced to. */
  now?: string;
  /** Ruin-and-recreate iterations of the morning's plan. */
  iterations?: number;
}

export function plannedDay(options: PlannedDayOptions = {}): { board: BoardSnapshot; nowMs: number } {
  const { techs: techCount = 8, jobs: jobCount = 60, seed = 7, now = "12:30", iterations = 200 } = options;
  const rng = seededRandom(seed);
  const around = () => ({ lat: 45.35 + rng() * 0.4, lng: -73.95 + rng() * 0.6 });
  const techs: BoardTech[] = Array.from({ length: techCount }, (_, i) => {
    const home = around();
    return tech(`t${i + 1}`, {
      name: `Tech ${i + 1}`,
      skills: rng() < 0.5 ? ["aerial", "fiber"] : ["fiber"],
      shiftStart: toInstant(at("08:00")),
      shiftEnd: toInstant(at("17:00")),
      homeLat: home.lat,
      homeLng: home.lng,
    });
  });
  const jobs: BoardJob[] = Array.from({ length: jobCount }, (_, i) => {
    const place = around();
    const open = at("08:00") + 60 * Math.floor(rng() * 7) * MINUTE_MS;
    return job(`j${i + 1}`, {
      lat: place.lat,
      lng: place.lng,
      durationMin: 30 + 15 * Math.floor(rng() * 3),
      windowStart: toInstant(open),
      windowEnd: toInstant(open + (120 + 60 * Math.floor(rng() * 3)) * MINUTE_MS),
      skills: rng() < 0.2 ? ["aerial"] : [],
    });
  });
  const morning = snapshotOf(techs, jobs);
  const planning = buildPlanningProblem(morning, "all", at("07:00"));
  const result = solve(planning.problem, { seed, iterations });
  const byId = new Map(jobs.map((j) => [j.id, j]));
  for (const route of result.routes)
    route.jobIds.forEach((id, k) => {
      const planned = byId.get(id)!;
      planned.techId = route.vehicleId;
      planned.start = toInstant(planning.originMs + Math.round(route.starts[k]!) * MINUTE_MS);
      planned.status = "assigned";
    });

  const nowMs = at(now);
  const next = new Map<string, BoardJob>();
  for (const j of jobs) {
    const start = parseInstant(j.start);
    if (j.techId === null || start === null) continue;
    if (start + j.durationMin * MINUTE_MS <= nowMs) j.status = "done";
    else if (start <= nowMs) j.status = "on_site";
    else if (!next.has(j.techId) || start < parseInstant(next.get(j.techId)!.start)!) next.set(j.techId, j);
  }
  for (const j of next.values()) {
    const onSite = jobs.some((o) => o.techId === j.techId && o.status === "on_site");
    if (!onSite && parseInstant(j.start)! - nowMs <= 30 * MINUTE_MS) j.status = "en_route";
  }
  return { board: snapshotOf(techs, jobs), nowMs };
}
