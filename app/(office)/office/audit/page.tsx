import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatDateTime } from "@/components/ui/format";
import { AUDIT_ENTITY_TYPES, auditListInput, SYSTEM_ACTOR, type AuditEntryView } from "@/lib/schemas/audit";
import { auditDiffLines } from "@/lib/domain/audit/diff";
import { toActionError, zodIssueText } from "@/server/web/action-errors";
import { callerFailure, callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

type Params = {
  person?: string;
  type?: string;
  id?: string;
  kind?: string;
  from?: string;
  to?: string;
  after?: string;
};

const inputClass = "rounded border border-slate-300 bg-white px-2 py-1.5";
const FILTER_NAMES = ["person", "type", "id", "kind", "from", "to"] as const;

/** Filters live in the URL, so "every change to invoice 42" can be bookmarked or linked from a record. */
function listInputOf(p: Params) {
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  return {
    filters: {
      person: text(p.person),
      entityType: text(p.type),
      entityId: text(p.id),
      kind: text(p.kind),
      from: text(p.from),
      to: text(p.to),
    },
    cursor: text(p.after),
    limit: 50,
  };
}

function hrefWith(params: Params, change: Partial<Params>): string {
  const merged: Record<string, string> = {};
  for (const name of [...FILTER_NAMES, "after"] as const) {
    const value = name in change ? change[name] : params[name];
    if (value) merged[name] = value;
  }
  const query = new URLSearchParams(merged).toString();
  return query ? `/office/audit?${query}` : "/office/audit";
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await requireStaffPage("audit.read", "/office/audit");
  const params = await searchParams;
  const [t, locale] = [await getTranslations(), await getLocale()];
  const caller = callerFor(ctx);
  const input = listInputOf(params);
  // Checked here too, so a bad filter is a sentence on the page rather than a failed render.
  const filters = auditListInput.safeParse(input);
  const people = await caller.audit.people();
  let problem: string | null = filters.success ? null : zodIssueText(filters.error.issues[0], t);
  let page: { items: AuditEntryView[]; nextCursor: string | null } | null = null;
  if (filters.success) {
    try {
      page = await caller.audit.list(input);
    } catch (error) {
      // An unknown person is refused with a sentence; anything else is a real failure.
      if (callerFailure(error)?.code !== "BAD_REQUEST") throw error;
      problem = toActionError(error, t, "audit page").message;
    }
  }
  const hasFilters = FILTER_NAMES.some((name) => params[name]);
  const exportHref = `/api/audit/export?${new URLSearchParams(
    Object.fromEntries(FILTER_NAMES.filter((name) => params[name]).map((name) => [name, params[name]!])),
  )}`;
  const typeLabel = (type: string) =>
    (AUDIT_ENTITY_TYPES as readonly string[]).includes(type) ? t(`audit.types.${type}`) : type;
  const actorLabel = (entry: AuditEntryView) => {
    if (entry.actorRealm === "system") return t("audit.system");
    if (!entry.actorName) return t("audit.unknownActor", { id: entry.actorId ?? "?" });
    return entry.actorRealm === "customer" ? t("audit.customerActor", { name: entry.actorName }) : entry.actorName;
  };

  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("audit.title")}</h1>
      <p className="text-sm text-slate-600">{t("audit.intro")}</p>
      <form className="flex flex-wrap items-end gap-2 text-sm" action="/office/audit">
        <label className="flex flex-col">
          {t("audit.person")}
          <select name="person" defaultValue={params.person ?? ""} className={inputClass}>
            <option value="">{t("audit.anyone")}</option>
            <option value={SYSTEM_ACTOR}>{t("audit.system")}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.active ? p.name : t("audit.inactive", { name: p.name })}
              </option>
            ))}
            {/* A customer's id, reached from "all changes by this person" on an entry. */}
            {params.person && params.person !== SYSTEM_ACTOR && !people.some((p) => p.id === params.person) && (
              <option value={params.person}>{params.person}</option>
            )}
          </select>
        </label>
        <label className="flex flex-col">
          {t("audit.entityType")}
          <select name="type" defaultValue={params.type ?? ""} className={inputClass}>
            <option value="">{t("audit.anyType")}</option>
            {AUDIT_ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`audit.types.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("audit.entityId")}
          <input name="id" defaultValue={params.id ?? ""} className={`${inputClass} w-28`} />
        </label>
        <label className="flex flex-col">
          {t("audit.kind")}
          <input
            name="kind"
            defaultValue={params.kind ?? ""}
            placeholder={t("audit.kindHint")}
            className={`${inputClass} w-56`}
          />
        </label>
        <label className="flex flex-col">
          {t("audit.from")}
          <input type="date" name="from" defaultValue={params.from ?? ""} className={inputClass} />
        </label>
        <label className="flex flex-col">
          {t("audit.to")}
          <input type="date" name="to" defaultValue={params.to ?? ""} className={inputClass} />
        </label>
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
          {t("audit.filter")}
        </button>
        {hasFilters && (
          <Link href="/office/audit" className="py-1.5 text-sky-800 hover:underline">
            {t("audit.clear")}
          </Link>
        )}
      </form>
      {problem !== null && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("audit.badFilter", { message: problem })}
        </p>
      )}
      {page && (
        <p className="text-sm">
          {/* A plain link: the browser downloads the file as the route writes it. */}
          <a href={exportHref} className="text-sky-800 hover:underline" data-testid="audit-export" download>
            {t("audit.export")}
          </a>{" "}
          <span className="text-slate-500">{t("audit.exportHint")}</span>
        </p>
      )}
      {page && page.items.length === 0 && (
        <p className="text-slate-600" data-testid="audit-empty">
          {t("audit.empty")}
        </p>
      )}
      {page && page.items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="audit-list">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">{t("audit.when")}</th>
                <th className="px-3 py-2">{t("audit.who")}</th>
                <th className="px-3 py-2">{t("audit.what")}</th>
                <th className="px-3 py-2">{t("audit.record")}</th>
                <th className="px-3 py-2">{t("audit.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((entry) => {
                const lines = auditDiffLines(entry.changes);
                return (
                  <tr key={entry.id} className="border-t border-slate-100 align-top">
                    <td className="whitespace-nowrap px-3 py-1.5">
                      <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
                    </td>
                    <td className="px-3 py-1.5">
                      {entry.actorId ? (
                        <Link
                          className="text-sky-800 hover:underline"
                          title={t("audit.personEntries")}
                          href={hrefWith({}, { person: entry.actorId })}
                        >
                          {actorLabel(entry)}
                        </Link>
                      ) : (
                        actorLabel(entry)
                      )}
                    </td>
                    <td className="px-3 py-1.5 font-mono text-xs">{entry.action}</td>
                    <td className="whitespace-nowrap px-3 py-1.5">
                      {entry.href ? (
                        <Link className="text-sky-800 hover:underline" href={entry.href}>
                          {typeLabel(entry.entityType)} {entry.entityId}
                        </Link>
                      ) : (
                        <span>
                          {typeLabel(entry.entityType)} {entry.entityId}
                        </span>
                      )}{" "}
                      <Link
                        className="text-xs text-slate-500 hover:underline"
                        title={t("audit.recordEntries")}
                        aria-label={t("audit.recordEntries")}
                        href={hrefWith({}, { type: entry.entityType, id: entry.entityId })}
                      >
                        ⟲
                      </Link>
                    </td>
                    <td className="px-3 py-1.5">
                      {lines.length === 0 ? (
                        <span className="text-slate-500">{t("audit.noChanges")}</span>
                      ) : (
                        <ul className="space-y-0.5">
                          {lines.map((line) => (
                            <li key={line.field} className="break-all">
                              <span className="font-medium">{line.field}</span>:{" "}
                              <del className="text-rose-800">{line.from}</del> →{" "}
                              <ins className="text-emerald-800 no-underline">{line.to}</ins>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="flex gap-4 text-sm">
        {params.after && (
          <Link href={hrefWith(params, { after: undefined })} className="text-sky-700 hover:underline">
            ← {t("audit.first")}
          </Link>
        )}
        {page?.nextCursor && (
          <Link href={hrefWith(params, { after: page.nextCursor })} className="text-sky-700 hover:underline">
            {t("audit.more")} →
          </Link>
        )}
      </p>
    </section>
  );
}
