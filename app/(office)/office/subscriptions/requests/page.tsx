import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDate, formatMoney } from "@/components/ui/format";
import { ChangeRequestActions } from "@/components/office/subscriptions/change-request-actions";
import { can } from "@/lib/domain/capabilities";
import { CHANGE_REQUEST_STATUSES, type ChangeRequestStatus } from "@/lib/schemas/portal-services";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { decideChangeRequestAction } from "./actions";

export const dynamic = "force-dynamic";

/** Plan changes and cancellations customers asked for in the portal, oldest first, to approve or refuse. */
export default async function ChangeRequestsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const ctx = await requireStaffPage("billing.read", "/office/subscriptions/requests");
  const { status: asked } = await searchParams;
  const status: ChangeRequestStatus = CHANGE_REQUEST_STATUSES.includes(asked as ChangeRequestStatus)
    ? (asked as ChangeRequestStatus)
    : "pending";
  const requests = await callerFor(ctx).subscriptions.changeRequests({ status });
  const [t, locale] = [await getTranslations("changeRequests"), await getLocale()];
  const canDecide = can(ctx.staff.role, "billing.write");
  const name = (p: { nameFr: string; nameEn: string } | null) => (p ? (locale === "en" ? p.nameEn : p.nameFr) : "—");
  return (
    <section className="space-y-4" data-testid="change-requests">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <nav className="flex gap-3 text-sm">
        {CHANGE_REQUEST_STATUSES.map((s) => (
          <Link
            key={s}
            href={`/office/subscriptions/requests?status=${s}`}
            aria-current={s === status ? "page" : undefined}
            className={s === status ? "font-semibold" : "text-sky-800 hover:underline"}
          >
            {t(`status.${s}`)}
          </Link>
        ))}
      </nav>
      <Section title={t(`status.${status}`)}>
        {requests.length === 0 ? (
          <Empty>{t("none")}</Empty>
        ) : (
          <Table head={[t("customer"), t("request"), t("date"), t("total"), ""]}>
            {requests.map((r) => (
              <tr key={r.id} data-testid={`change-request-${r.id}`}>
                <td>
                  <Link href={`/office/customers/${r.customer.id}`} className="text-sky-800 hover:underline">
                    {r.customer.displayName}
                  </Link>
                  <br />
                  <Link href={`/office/subscriptions/${r.subscriptionId}`} className="text-xs text-sky-800">
                    #{r.subscriptionId}
                  </Link>
                </td>
                <td>
                  {r.action === "cancel"
                    ? t("cancel", { plan: name(r.plan) })
                    : t("changePlan", { from: name(r.plan), to: name(r.target) })}
                  {r.refusalReason && <span className="block text-xs text-slate-600">{r.refusalReason}</span>}
                </td>
                <td>{formatDate(r.changeDate, locale)}</td>
                <td className="tabular-nums">
                  {formatMoney(Number((r.preview as { totalCents?: number }).totalCents ?? 0), locale)}
                </td>
                <td>
                  {status === "pending" && canDecide ? (
                    <ChangeRequestActions requestId={r.id} decide={decideChangeRequestAction} />
                  ) : (
                    formatDate(r.decidedAt, locale)
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </section>
  );
}
