import { seededRandom } from "../../lib/domain/seeded-random";
import type { LatLng } from "../../lib/domain/gps/geo";
import type { VrpJob, VrpProblem, VrpVehicle } from "../../lib/domain/vrptw/model";
import { haversineMatrix } from "../../lib/domain/vrptw/travel-matrix";

/**
 * A product-shaped dispatch day (issue 17's full volume): technicians with home bases around
 * Montréal, day shifts, skills with levels; jobs with two- to four-hour windows, 20 to 80
 * minutes on site, priorities, some needing a skill, and `pinned` of them pinned to a
 * technician by a dispatcher. Minutes of the day; deterministic for a seed.
 */
export function dispatchDay(technicians = 40, jobs = 300, pinned = 10, seed = 17): VrpProblem {
  const rng = seededRandom(seed);
  const around = (): LatLng => ({ lat: 45.35 + rng() * 0.4, lng: -73.95 + rng() * 0.6 });
  const places: LatLng[] = [];
  const vehicles: VrpVehicle[] = [];
  const SKILLS = ["splicing", "aerial", "business"];
  for (let t = 0; t < technicians; t++) {
    places.push(around());
    const start = 450 + 30 * Math.floor(rng() * 3);
    vehicles.push({
      id: `tech-${t + 1}`,
      startLocation: t,
      endLocation: t,
      shiftStart: start,
      shiftEnd: start + 510,
      skills: Object.fromEntries(SKILLS.filter(() => rng() < 0.5).map((s) => [s, 1 + Math.floor(rng() * 3)])),
    });
  }
  const list: VrpJob[] = [];
  for (let j = 0; j < jobs; j++) {
    places.push(around());
    const open = 480 + 60 * Math.floor(rng() * 7);
    const skill = rng() < 0.3 ? SKILLS[Math.floor(rng() * SKILLS.length)]! : null;
    list.push({
      id: `job-${j + 1}`,
      location: technicians + j,
      service: 20 + 10 * Math.floor(rng() * 7),
      earliest: open,
      latest: open + 120 + 60 * Math.floor(rng() * 3),
      priority: rng() < 0.1 ? 5 : 1,
      ...(skill ? { skills: { [skill]: 1 + Math.floor(rng() * 2) } } : {}),
    });
  }
  // Pinned jobs go to a technician able to do them.
  for (let p = 0, j = 0; p < pinned && j < list.length; j++) {
    const job = list[j]!;
    const able = vehicles.find((v) => Object.entries(job.skills ?? {}).every(([s, l]) => (v.skills?.[s] ?? 0) >= l));
    if (able) {
      job.lockedTo = vehicles[(vehicles.indexOf(able) + p) % vehicles.length]!.id;
      if (
        !Object.entries(job.skills ?? {}).every(
          ([s, l]) => (vehicles.find((v) => v.id === job.lockedTo)!.skills?.[s] ?? 0) >= l,
        )
      )
        job.lockedTo = able.id;
      p++;
    }
  }
  return { jobs: list, vehicles, matrix: haversineMatrix(places) };
}
