import { MapPageView } from "@/components/dispatch/map/map-page-view";
import { isIsoDate, localDate } from "@/lib/domain/quebec-dates";
import { requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/** The day's map on its own page; like the board, everything live arrives in the browser. */
export default async function DispatchMapPage({ searchParams }: { searchParams: Promise<{ date?: string }> }) {
  await requireStaffPage("dispatch.enter", "/dispatch/map");
  const { date: requested } = await searchParams;
  const date = requested && isIsoDate(requested) ? requested : localDate(new Date());
  return <MapPageView key={date} date={date} />;
}
