import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { customerSearchInput } from "@/lib/schemas/customers";
import { zodIssueText } from "@/server/web/action-errors";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";
const FIELDS = ["any", "name", "phone", "email", "address", "legacyId"] as const;

export default async function CustomerSearchPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; field?: string }>;
}) {
  const ctx = await requireStaffPage("customers.read", "/office");
  const params = await searchParams;
  const t = await getTranslations("search");
  const q = params.q?.trim() ?? "";
  const field = FIELDS.find((f) => f === params.field) ?? "any";
  const parsed = q ? customerSearchInput.safeParse({ q, field }) : null;
  const hits = parsed?.success ? await callerFor(ctx).customers.search(parsed.data) : [];
  const validationError =
    parsed && !parsed.success ? zodIssueText(parsed.error.issues[0], await getTranslations()) : null;

  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <form role="search" className="flex flex-wrap gap-2" action="/office">
        <input
          name="q"
          defaultValue={q}
          placeholder={t("placeholder")}
          aria-label={t("placeholder")}
          autoFocus
          className="min-w-72 flex-1 rounded border border-slate-300 bg-white px-3 py-2"
          data-testid="customer-search-input"
        />
        <select
          name="field"
          defaultValue={field}
          aria-label={t("field")}
          className="rounded border border-slate-300 bg-white px-2 py-2"
        >
          {FIELDS.map((f) => (
            <option key={f} value={f}>
              {t(f)}
            </option>
          ))}
        </select>
        <button type="submit" className="rounded bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800">
          {t("title")}
        </button>
      </form>
      {validationError && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {validationError}
        </p>
      )}
      {!q && <p className="text-slate-600">{t("hint")}</p>}
      {parsed?.success && hits.length === 0 && (
        <p className="text-slate-600" data-testid="search-empty">
          {t("empty", { q })}
        </p>
      )}
      {hits.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <p className="border-b border-slate-100 px-3 py-2 text-sm text-slate-500">
            {t("results", { count: hits.length })}
          </p>
          <table className="w-full text-sm" data-testid="search-results">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">{t("name")}</th>
                <th className="px-3 py-2">{t("account")}</th>
                <th className="px-3 py-2">{t("phone")}</th>
                <th className="px-3 py-2">{t("email")}</th>
                <th className="px-3 py-2">{t("address")}</th>
                <th className="px-3 py-2">{t("matchedOn")}</th>
              </tr>
            </thead>
            <tbody>
              {hits.map((hit) => (
                <tr key={hit.id} className="border-t border-slate-100 hover:bg-sky-50">
                  <td className="px-3 py-2">
                    <Link href={`/office/customers/${hit.id}`} className="font-medium text-sky-800 hover:underline">
                      {hit.displayName}
                    </Link>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{hit.legacyAccountId}</td>
                  <td className="px-3 py-2">{hit.phone ?? "—"}</td>
                  <td className="px-3 py-2">{hit.email ?? "—"}</td>
                  <td className="px-3 py-2">{hit.firstAddress ?? "—"}</td>
                  <td className="px-3 py-2 text-slate-500">{t(hit.matchedOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
