import { DispatchBoard } from "@/components/dispatch/dispatch-board";
import { isIsoDate, localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { requireStaffPage } from "@/server/web/page-access";
import { listRegions } from "@/server/services/dispatch/propose-plan";

export const dynamic = "force-dynamic";

/**
 * The live board. The page only settles the date; the board itself arrives over /collab
 * (a Yjs document per day), so nothing about the day is rendered on the server.
 */
export default async function DispatchBoardPage({ searchParams }: { searchParams: Promise<{ date?: string }> }) {
  const ctx = await requireStaffPage("dispatch.enter", "/dispatch");
  const { date: requested } = await searchParams;
  const date = requested && isIsoDate(requested) ? requested : localDate(new Date());
  // Keyed by date: another day is another document, so the board starts fresh (no stale jobs, undo history or presence).
  // The regions a plan may be scoped to; the rest of the board comes over /collab.
  const regions = await listRegions(ctx.db);
  return (
    <DispatchBoard
      key={date}
      date={date}
      previousDate={shiftDate(date, -1)}
      nextDate={shiftDate(date, 1)}
      regions={regions}
    />
  );
}
