import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "../../db/client";
import { reportWeeks } from "../../../lib/domain/sla/report-weeks";

export interface SlaWeekRow {
  /** Monday of the week (Toronto), YYYY-MM-DD. */
  week: string;
  /** Tickets whose first response fell due that week, and how many got it late or not at all. */
  firstResponseDue: number;
  firstResponseBreached: number;
  /** Tickets whose resolution fell due that week, and how many were resolved late or are still open past it. */
  resolutionDue: number;
  resolutionBreached: number;
}

/**
 * Breaches by week: a deadline belongs to the week it fell due in. A clock still running past
 * its deadline counts as breached; one not yet due counts as due only.
 */
export async function slaBreachReport(db: Queryable, input: { weeks: number; now: Date }): Promise<SlaWeekRow[]> {
  const weeks = reportWeeks(input.now, input.weeks);
  const bounds = [...weeks.map((w) => w.start), weeks.at(-1)!.end].map((d) => d.toISOString());
  const from = bounds[0]!;
  const to = bounds.at(-1)!;
  const now = input.now.toISOString();
  const boundsArray = sql`${`{${bounds.join(",")}}`}::timestamptz[]`;
  const done = sql`t.status in ('resolved', 'closed')`;
  const rows = await rowsOf<{ clock: "response" | "resolution"; bucket: number; due: string; breached: string }>(
    db,
    sql`
      select 'response' as clock, width_bucket(t.first_response_due_at, ${boundsArray}) as bucket,
        count(*) as due,
        count(*) filter (where coalesce(t.first_responded_at, case when ${done} then coalesce(t.closed_at, t.updated_at) end, ${now}::timestamptz) > t.first_response_due_at) as breached
      from tickets t
      where t.first_response_due_at >= ${from}::timestamptz and t.first_response_due_at < ${to}::timestamptz
      group by 2
      union all
      select 'resolution', width_bucket(t.sla_due_at, ${boundsArray}),
        count(*),
        count(*) filter (where (case when ${done} then coalesce(t.closed_at, t.updated_at) else ${now}::timestamptz end) > t.sla_due_at)
      from tickets t
      where t.sla_due_at >= ${from}::timestamptz and t.sla_due_at < ${to}::timestamptz
      group by 2`,
  );
  return weeks.map((w, i) => {
    const of = (clock: "response" | "resolution") => rows.find((r) => r.clock === clock && Number(r.bucket) === i + 1);
    return {
      week: w.monday,
      firstResponseDue: Number(of("response")?.due ?? 0),
      firstResponseBreached: Number(of("response")?.breached ?? 0),
      resolutionDue: Number(of("resolution")?.due ?? 0),
      resolutionBreached: Number(of("resolution")?.breached ?? 0),
    };
  });
}
