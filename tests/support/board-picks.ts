import { intervalsOverlap } from "@/lib/domain/board/conflicts";
import { jobInterval } from "@/lib/domain/board/time";
import type { BoardSnapshot } from "@/lib/domain/board/types";
import { dayBounds, shiftDate } from "@/lib/domain/quebec-dates";

const HOUR_MS = 3_600_000;

/**
 * A technician and an hour of the day's board at which that technician has no active job for
 * `minutes` minutes. Tests that place jobs and assert on the conflicts they make need a slot
 * that nothing seeded already occupies; which slots are free depends on the day the seed ran.
 */
export function freeSlot(
  board: BoardSnapshot,
  minutes: number,
  options: { techIds?: string[] } = {},
): { techId: string; start: string } {
  const { start: midnight } = dayBounds(board.date);
  const techIds = options.techIds ?? Object.keys(board.techs).sort();
  const active = Object.values(board.jobs).filter(
    (j) => j.techId !== null && j.status !== "done" && j.status !== "cancelled",
  );
  for (const techId of techIds) {
    const busy = active
      .filter((j) => j.techId === techId)
      .map(jobInterval)
      .filter((i) => i !== null);
    for (let hour = 8; hour <= 16; hour++) {
      const slot = {
        start: midnight.getTime() + hour * HOUR_MS,
        end: midnight.getTime() + hour * HOUR_MS + minutes * 60_000,
      };
      if (!busy.some((interval) => intervalsOverlap(interval, slot)))
        return { techId, start: new Date(slot.start).toISOString() };
    }
  }
  throw new Error(`no technician has ${minutes} free minutes on the board of ${board.date}`);
}

/** The first weekday after `from` (a Quebec date): the demo board has jobs on every weekday, and none on weekends. */
export function nextWeekday(from: string): string {
  let day = from;
  do day = shiftDate(day, 1);
  while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()));
  return day;
}
