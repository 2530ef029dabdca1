import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDate, formatMoney } from "@/components/ui/format";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

export default async function PortalHome() {
  const ctx = await requireCustomerPage();
  const account = await callerFor(ctx).portal.account();
  const [t, locale] = [await getTranslations(), await getLocale()];
  const status = (s: string) => <Badge value={s} label={t(`status.${s}` as never)} />;
  return (
    <div className="space-y-4" data-testid="portal-account">
      <div className="flex flex-wrap items-end justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("portal.hello", { name: account.customer.displayName })}</h1>
          <p className="font-mono text-sm text-slate-500">{account.customer.legacyAccountId}</p>
        </div>
        <div className="text-right">
          <p className="text-sm text-slate-500">{t("portal.balance")}</p>
          <p className="text-2xl font-semibold">{formatMoney(account.invoices.balanceCents, locale)}</p>
        </div>
      </div>
      <Section title={t("portal.services")}>
        {account.subscriptions.length === 0 ? (
          <Empty>{t("customer.noSubscriptions")}</Empty>
        ) : (
          <Table head={[t("customer.plan"), t("customer.price"), t("customer.since"), t("customer.status")]}>
            {account.subscriptions.map((s) => (
              <tr key={s.id}>
                <td>{locale === "en" ? s.item.nameEn : s.item.nameFr}</td>
                <td>{formatMoney(s.priceOverrideCents ?? s.item.priceCents, locale)}</td>
                <td>{formatDate(s.startDate, locale)}</td>
                <td>{status(s.status)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section
          title={t("portal.recentInvoices")}
          aside={
            <Link href="/portal/invoices" className="text-sm text-sky-800 hover:underline">
              {t("portalInvoices.viewAll")}
            </Link>
          }
        >
          {account.invoices.recent.length === 0 ? (
            <Empty>{t("customer.noInvoices")}</Empty>
          ) : (
            <Table head={[t("customer.number"), t("customer.issued"), t("customer.total"), t("customer.status")]}>
              {account.invoices.recent.slice(0, 12).map((i) => (
                <tr key={i.id}>
                  <td className="font-mono text-xs">{i.number}</td>
                  <td>{formatDate(i.issueDate, locale)}</td>
                  <td>{formatMoney(i.totalCents, locale)}</td>
                  <td>{status(i.status)}</td>
                </tr>
              ))}
            </Table>
          )}
        </Section>
        <Section title={t("portal.recentTickets")}>
          {account.tickets.recent.length === 0 ? (
            <Empty>{t("customer.noTickets")}</Empty>
          ) : (
            <Table head={["#", t("customer.subject"), t("customer.status")]}>
              {account.tickets.recent.slice(0, 12).map((k) => (
                <tr key={k.id}>
                  <td className="font-mono text-xs">{k.id}</td>
                  <td>{k.subject}</td>
                  <td>{status(k.status)}</td>
                </tr>
              ))}
            </Table>
          )}
        </Section>
      </div>
    </div>
  );
}
