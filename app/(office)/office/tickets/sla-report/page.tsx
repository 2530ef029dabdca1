import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { slaReportInput } from "@/lib/schemas/tickets";
import { zodIssueText } from "@/server/web/action-errors";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/** Deadlines met and missed, by the week they fell due (Toronto weeks, Monday first). */
export default async function SlaReportPage({ searchParams }: { searchParams: Promise<{ weeks?: string }> }) {
  const ctx = await requireStaffPage("tickets.read", "/office/tickets/sla-report");
  const params = await searchParams;
  const [t, tl, tAll, locale] = [
    await getTranslations("sla.report"),
    await getTranslations("ticketList"),
    await getTranslations(),
    await getLocale(),
  ];
  const input = slaReportInput.safeParse({ weeks: params.weeks ? Number(params.weeks) : undefined });
  const rows = input.success ? await callerFor(ctx).tickets.slaReport(input.data) : [];
  const dateFormat = new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    dateStyle: "medium",
    timeZone: "UTC",
  });
  const anything = rows.some((r) => r.firstResponseDue + r.resolutionDue > 0);

  return (
    <section className="space-y-4" data-testid="sla-report">
      <p className="text-sm">
        <Link href="/office/tickets" className="text-sky-800 hover:underline">
          ← {tAll("tickets.title")}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      <form className="flex items-end gap-2 text-sm" action="/office/tickets/sla-report">
        <label className="flex flex-col">
          {t("weeks")}
          <input
            name="weeks"
            type="number"
            min={1}
            max={52}
            defaultValue={input.success ? input.data.weeks : 12}
            className="w-20 rounded border border-slate-300 px-2 py-1.5"
          />
        </label>
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
          {t("show")}
        </button>
      </form>
      {!input.success && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {zodIssueText(input.error.issues[0], tAll)}
        </p>
      )}
      {input.success && !anything && <p className="text-slate-600">{t("empty")}</p>}
      {anything && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("week")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("responseDue")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("responseBreached")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("resolutionDue")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("resolutionBreached")}
                </th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {[...rows].reverse().map((r) => (
                <tr key={r.week} className="border-t border-slate-100">
                  <td className="px-3 py-1.5">{dateFormat.format(new Date(`${r.week}T12:00:00Z`))}</td>
                  <td className="px-3 py-1.5 text-right">{r.firstResponseDue}</td>
                  <td className={`px-3 py-1.5 text-right ${r.firstResponseBreached > 0 ? "text-rose-700" : ""}`}>
                    {r.firstResponseBreached} ({t("rate", { rate: pct(r.firstResponseBreached, r.firstResponseDue) })})
                  </td>
                  <td className="px-3 py-1.5 text-right">{r.resolutionDue}</td>
                  <td className={`px-3 py-1.5 text-right ${r.resolutionBreached > 0 ? "text-rose-700" : ""}`}>
                    {r.resolutionBreached} ({t("rate", { rate: pct(r.resolutionBreached, r.resolutionDue) })})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-sm">
        <Link href="/office/tickets?view=breaching" className="text-sky-800 hover:underline">
          {tl("views.breaching")} →
        </Link>
      </p>
    </section>
  );
}
