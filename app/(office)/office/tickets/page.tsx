import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { HighlightedText } from "@/components/office/ticket-list/highlighted-text";
import { ROW_TONE, SlaCell, slaStateOf } from "@/components/office/ticket-list/sla-cell";
import { can } from "@/lib/domain/capabilities";
import { TICKET_STATUSES, TICKET_TYPES } from "@/lib/domain/tickets";
import { TICKET_VIEWS, type TicketView } from "@/lib/domain/ticket-views";
import { ticketListInput, ticketSearchInput } from "@/lib/schemas/tickets";
import { zodIssueText } from "@/server/web/action-errors";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

type Params = {
  view?: string;
  status?: string;
  type?: string;
  important?: string;
  assignedTo?: string;
  customerId?: string;
  q?: string;
  after?: string;
};

const FILTER_KEYS = ["view", "status", "type", "important", "assignedTo", "customerId", "q"] as const;

/** This list's URL with some parameters changed (undefined drops one); the cursor always resets. */
function hrefWith(params: Params, changes: Partial<Params>): string {
  const next = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = key in changes ? changes[key] : params[key];
    if (value) next.set(key, value);
  }
  if (changes.after) next.set("after", changes.after);
  const query = next.toString();
  return query ? `/office/tickets?${query}` : "/office/tickets";
}

const isView = (v: string | undefined): v is TicketView => !!v && (TICKET_VIEWS as readonly string[]).includes(v);

/** Filters live in the URL, so a view or a search can be bookmarked and shared. */
function parseList(p: Params) {
  // c_<createdAt>_<id>, or d_<dueAt>_<createdAt>_<id> in the breaching view.
  const [kind, ...rest] = (p.after ?? "").split("_");
  const [dueAt, createdAt, id] = kind === "d" ? rest : [undefined, ...rest];
  return ticketListInput.safeParse({
    view: isView(p.view) ? p.view : undefined,
    status: p.status ? [p.status] : undefined,
    type: p.type ? [p.type] : undefined,
    important: p.important === "1" ? true : undefined,
    assignedTo: p.assignedTo || undefined,
    customerId: p.customerId ? Number(p.customerId) : undefined,
    cursor: (kind === "c" || kind === "d") && createdAt && id ? { createdAt, id: Number(id), dueAt } : undefined,
  });
}

function parseSearch(p: Params, q: string) {
  const [kind, rank, at, id] = (p.after ?? "").split("_");
  const view = isView(p.view) ? p.view : "all";
  return ticketSearchInput.safeParse({
    q,
    status: p.status ? [p.status] : undefined,
    type: p.type ? [p.type] : undefined,
    customerId: p.customerId ? Number(p.customerId) : undefined,
    assignedTo: p.assignedTo || (view === "mine" ? "me" : view === "unassigned" ? "unassigned" : undefined),
    cursor: kind === "r" && rank && at && id ? { rank, createdAt: at, id: Number(id) } : undefined,
  });
}

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await requireStaffPage("tickets.read", "/office/tickets");
  const params = await searchParams;
  const [t, tl, ts, locale] = [
    await getTranslations(),
    await getTranslations("ticketList"),
    await getTranslations("sla"),
    await getLocale(),
  ];
  const now = new Date();
  const view: TicketView = isView(params.view) ? params.view : "all";
  const q = params.q?.trim() ?? "";
  const caller = callerFor(ctx);

  const listFilters = q ? null : parseList(params);
  const searchFilters = q ? parseSearch(params, q) : null;
  const problem =
    listFilters?.success === false ? listFilters.error : searchFilters?.success === false ? searchFilters.error : null;
  const list = listFilters?.success ? await caller.tickets.list(listFilters.data) : null;
  const found = searchFilters?.success ? await caller.tickets.search(searchFilters.data) : null;

  const rows = [...(list?.items ?? []), ...(found?.items ?? [])].map((k) => ({
    ...k,
    hit: found ? found.items.find((h) => h.id === k.id) : undefined,
    sla: slaStateOf(k, now),
  }));
  const nextAfter = list?.nextCursor
    ? list.nextCursor.dueAt
      ? `d_${list.nextCursor.dueAt}_${list.nextCursor.createdAt}_${list.nextCursor.id}`
      : `c_${list.nextCursor.createdAt}_${list.nextCursor.id}`
    : found?.nextCursor
      ? `r_${found.nextCursor.rank}_${found.nextCursor.createdAt}_${found.nextCursor.id}`
      : null;

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("tickets.title")}</h1>
        <p className="flex gap-3 text-sm">
          <Link className="text-sky-800 hover:underline" href="/office/tickets/sla-report">
            {tl("slaReport")}
          </Link>
          <Link className="text-sky-800 hover:underline" href="/office/tickets/sms-inbox">
            {t("smsInbox.title")}
          </Link>
          <Link className="text-sky-800 hover:underline" href="/office/tickets/email-inbox">
            {t("emailInbox.title")}
          </Link>
          {can(ctx.staff.role, "sla.manage") && (
            <Link className="text-sky-800 hover:underline" href="/office/settings/sla">
              {tl("slaSettings")}
            </Link>
          )}
        </p>
      </div>

      <nav aria-label={tl("views.label")} className="flex flex-wrap gap-1 text-sm" data-testid="ticket-views">
        {TICKET_VIEWS.map((v) => (
          <Link
            key={v}
            href={hrefWith(params, { view: v === "all" ? undefined : v, status: undefined, assignedTo: undefined })}
            aria-current={v === view ? "page" : undefined}
            className={`rounded-full border px-3 py-1 ${v === view ? "border-sky-700 bg-sky-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:border-sky-600"}`}
          >
            {tl(`views.${v}`)}
          </Link>
        ))}
      </nav>
      <nav aria-label={tl("byType")} className="flex flex-wrap items-center gap-1 text-xs">
        <span className="text-slate-500">{tl("byType")} :</span>
        {[undefined, ...TICKET_TYPES].map((type) => (
          <Link
            key={type ?? "any"}
            href={hrefWith(params, { type })}
            aria-current={(params.type ?? undefined) === type ? "page" : undefined}
            className={`rounded border px-2 py-0.5 ${(params.type ?? undefined) === type ? "border-slate-700 bg-slate-700 text-white" : "border-slate-300 bg-white text-slate-700"}`}
          >
            {type ? t(`ticketType.${type}`) : tl("anyType")}
          </Link>
        ))}
      </nav>

      <form className="flex flex-wrap items-end gap-2 text-sm" action="/office/tickets" role="search">
        {view !== "all" && <input type="hidden" name="view" value={view} />}
        <label className="flex min-w-64 flex-1 flex-col">
          {tl("search")}
          <input
            name="q"
            type="search"
            defaultValue={q}
            aria-describedby="ticket-search-hint"
            className="rounded border border-slate-300 bg-white px-2 py-1.5"
          />
          <span id="ticket-search-hint" className="text-xs text-slate-500">
            {tl("searchHint")}
          </span>
        </label>
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
        {!q && (
          <label className="flex items-center gap-1 py-1.5">
            <input type="checkbox" name="important" value="1" defaultChecked={params.important === "1"} />{" "}
            {t("tickets.importantOnly")}
          </label>
        )}
        {params.customerId && <input type="hidden" name="customerId" value={params.customerId} />}
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
          {t("tickets.filter")}
        </button>
      </form>

      {problem && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {zodIssueText(problem.issues[0], t)}
        </p>
      )}
      {found && <p className="text-sm text-slate-600">{tl("searchResults", { q })}</p>}
      {view === "breaching" && !q && <p className="text-sm text-slate-600">{tl("breachingIntro")}</p>}
      {(list || found) && rows.length === 0 && (
        <p className="text-slate-600" data-testid="tickets-empty">
          {found ? tl("noResults") : t("tickets.empty")}
        </p>
      )}
      {rows.length > 0 && (
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
                <th className="px-3 py-2">{tl("columns.due")}</th>
                <th className="px-3 py-2">{t("tickets.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((k) => (
                <tr
                  key={k.id}
                  className={`border-t border-slate-100 align-top ${ROW_TONE[k.sla]}`}
                  data-testid={`ticket-row-${k.id}`}
                >
                  <td className="px-3 py-1.5 font-mono text-xs">
                    <Link
                      href={`/office/tickets/${k.id}`}
                      className="text-sky-800 hover:underline"
                      aria-label={tl("open", { id: k.id })}
                    >
                      {k.id}
                    </Link>
                    {"parentId" in k && k.parentId ? (
                      <span className="block text-slate-400">↳ {k.parentId}</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-1.5">
                    {k.important && <span className="mr-1 text-rose-700">●</span>}
                    <Link href={`/office/tickets/${k.id}`} className="hover:underline">
                      {k.hit ? <HighlightedText value={k.hit.subjectHighlight} /> : k.subject}
                    </Link>{" "}
                    {"messageCount" in k && <span className="text-xs text-slate-400">({k.messageCount})</span>}
                    {k.hit?.snippet && (
                      <p className="mt-0.5 text-xs text-slate-600">
                        {k.hit.snippetInternal && (
                          <span className="mr-1 rounded bg-amber-100 px-1 text-amber-900">{tl("internalNote")}</span>
                        )}
                        <HighlightedText value={k.hit.snippet} />
                      </p>
                    )}
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
                  <td className="px-3 py-1.5">
                    <SlaCell
                      state={k.sla}
                      label={ts(`state.${k.sla}`)}
                      due={formatDateTime(k.slaNextDueAt ?? k.slaDueAt, locale)}
                    />
                  </td>
                  <td className="px-3 py-1.5">
                    <Badge value={k.status} label={t(`status.${k.status}`)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 0 && <p className="text-xs text-slate-500">{tl("legend")}</p>}
      <p className="flex gap-4 text-sm">
        {params.after && (
          <Link href={hrefWith(params, {})} className="text-sky-700 hover:underline">
            ← {tl("firstPage")}
          </Link>
        )}
        {nextAfter && (
          <Link href={hrefWith(params, { after: nextAfter })} className="text-sky-700 hover:underline">
            {tl("next")} →
          </Link>
        )}
      </p>
    </section>
  );
}
