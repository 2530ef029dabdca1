import { formatDate, formatTime } from "@/components/ui/format";
import type { PortalVisit } from "@/lib/schemas/portal-services";

type Translate = (key: "noTimeYet" | "window", params?: Record<string, string>) => string;

/** "Tuesday: between 9:00 and 12:00", or "no time yet", in the page's language. */
export function visitWhen(visit: PortalVisit, t: Translate, locale: string): string {
  if (!visit.window) return t("noTimeYet");
  return t("window", {
    day: formatDate(visit.window.start, locale),
    from: formatTime(visit.window.start, locale),
    to: formatTime(visit.window.end, locale),
  });
}
