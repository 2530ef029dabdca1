import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

export default async function ReportsPage() {
  await requireStaffPage("billing.read", "/office/reports");
  const t = await getTranslations("reports");
  const reports = [
    { href: "/office/reports/aging", title: t("aging.title"), body: t("aging.body") },
    { href: "/office/reports/revenue", title: t("revenue.title"), body: t("revenue.body") },
  ];
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <ul className="grid gap-3 sm:grid-cols-2" data-testid="report-index">
        {reports.map((r) => (
          <li key={r.href}>
            <Link
              href={r.href}
              className="block h-full rounded-lg border border-slate-200 bg-white p-4 hover:border-sky-300 hover:bg-sky-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700"
            >
              <span className="font-medium text-sky-800">{r.title}</span>
              <span className="mt-1 block text-sm text-slate-600">{r.body}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
