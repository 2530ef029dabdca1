import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { TICKET_STATUSES, TICKET_TYPES } from "@/lib/domain/tickets";
import { ticketListInput } from "@/lib/schemas/tickets";
import { zodIssueText } from "@/server/web/action-errors";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

type Params = {
  status?: string;
  type?: string;
  important?: string;
  assignedTo?: string;
  customerId?: string;
  q?: string;
  after?: string;
};

/** Filters live in the URL, so a filtered list can be bookmarked and shared. */
function parseFilters(p: Params) {
  const [afterAt, afterId] = (p.after ?? "").split("_");
  return ticketListInput.safeParse({
    status: p.status ? [p.status] : undefined,
    type: p.type ? [p.type] : undefined,
    important: p.important === "1" ? true : undefined,
    assignedTo: p.assignedTo || undefined,
    customerId: p.customerId ? Number(p.customerId) : undefined,
    q: p.q?.trim() || undefined,
    cursor: afterAt && afterId ? { createdAt: afterAt, id: Number(afterId) } : undefined,
  });
}

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await requireStaffPage("tickets.read", "/office/tickets");
  const params = await searchParams;
  const [t, locale] = [await getTranslations(), await getLocale()];
  const filters = parseFilters(params);
  const page = filters.success ? await callerFor(ctx).tickets.list(filters.data) : null;
  const nextHref = page?.nextCursor
    ? `/office/tickets?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([k, v]) => k !== "after" && v)), after: `${page.nextCursor.createdAt}_${page.nextCursor.id}` })}`
    : null;

  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("tickets.title")}</h1>
      <form className="flex flex-wrap items-end gap-2 text-sm" action="/office/tickets">
        <label className="flex flex-col">
          {t("tickets.status")}
          <select
            name="status"
            defaultValue={params.status ?? ""}
            className="rounded border border-slate-300 bg-white px-2 py-1.5"
          >
            <option value="">{t("tickets.any")}</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("tickets.type")}
          <select
            name="type"
            defaultValue={params.type ?? ""}
            className="rounded border border-slate-300 bg-white px-2 py-1.5"
          >
            <option value="">{t("tickets.any")}</option>
            {TICKET_TYPES.map((s) => (
              <option key={s} value={s}>
                {t(`ticketType.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("tickets.assigned")}
          <select
            name="assignedTo"
            defaultValue={params.assignedTo ?? ""}
            className="rounded border border-slate-300 bg-white px-2 py-1.5"
          >
            <option value="">{t("tickets.any")}</option>
            <option value="me">{t("tickets.assignedToMe")}</option>
            <option value="unassigned">{t("tickets.unassigned")}</option>
          </select>
        </label>
        <label className="flex flex-col">
          {t("customer.subject")}
          <input
            name="q"
            defaultValue={params.q ?? ""}
            className="rounded border border-slate-300 bg-white px-2 py-1.5"
          />
        </label>
        <label className="flex items-center gap-1 py-1.5">
          <input type="checkbox" name="important" value="1" defaultChecked={params.important === "1"} />{" "}
          {t("tickets.importantOnly")}
        </label>
        {params.customerId && <input type="hidden" name="customerId" value={params.customerId} />}
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
          {t("tickets.filter")}
        </button>
      </form>
      {!filters.success && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {zodIssueText(filters.error.issues[0], t)}
        </p>
      )}
      {page && page.items.length === 0 && (
        <p className="text-slate-600" data-testid="tickets-empty">
          {t("tickets.empty")}
        </p>
      )}
      {page && page.items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="ticket-list">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">#</th>
                <th className="px-3 py-2">{t("customer.subject")}</th>
                <th className="px-3 py-2">{t("tickets.customer")}</th>
                <th className="px-3 py-2">{t("tickets.type")}</th>
                <th className="px-3 py-2">{t("tickets.assigned")}</th>
                <th className="px-3 py-2">{t("customer.created")}</th>
                <th className="px-3 py-2">{t("tickets.sla")}</th>
                <th className="px-3 py-2">{t("tickets.status")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((k) => (
                <tr key={k.id} className="border-t border-slate-100">
                  <td className="px-3 py-1.5 font-mono text-xs">
                    {k.id}
                    {k.parentId ? <span className="block text-slate-400">↳ {k.parentId}</span> : null}
                  </td>
                  <td className="px-3 py-1.5">
                    {k.important && <span className="mr-1 text-rose-700">●</span>}
                    {k.subject} <span className="text-xs text-slate-400">({k.messageCount})</span>
                  </td>
                  <td className="px-3 py-1.5">
                    {k.customerId ? (
                      <Link className="text-sky-800 hover:underline" href={`/office/customers/${k.customerId}`}>
                        {k.customerName}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-3 py-1.5">{t(`ticketType.${k.type}`)}</td>
                  <td className="px-3 py-1.5">{k.assignedToName ?? "—"}</td>
                  <td className="px-3 py-1.5">{formatDateTime(k.createdAt, locale)}</td>
                  <td className="px-3 py-1.5">{formatDateTime(k.slaDueAt, locale)}</td>
                  <td className="px-3 py-1.5">
                    <Badge value={k.status} label={t(`status.${k.status}`)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextHref && (
        <Link href={nextHref} className="inline-block text-sm text-sky-700 hover:underline">
          {t("tickets.more")} →
        </Link>
      )}
    </section>
  );
}
