import Link from "next/link";
import type { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDate, formatDateTime, formatMoney } from "@/components/ui/format";
import type { Customer360 } from "@/lib/schemas/customer-360";

type T = Awaited<ReturnType<typeof getTranslations>>;

/** The customer 360: identity and balance on top, then every related record, most recent first. */
export function CustomerOverview({ data, locale, t }: { data: Customer360; locale: string; t: T }) {
  const { customer, locations, subscriptions, equipment, invoices, payments, tickets } = data;
  const status = (s: string) => <Badge value={s} label={t(`status.${s}` as never)} />;
  const locationLabel = new Map(locations.map((l) => [l.id, `${l.address}, ${l.city}`]));
  return (
    <div className="space-y-4" data-testid="customer-360">
      <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <h1 className="text-2xl font-semibold" data-testid="customer-name">
            {customer.displayName}
          </h1>
          <p className="text-sm text-slate-600">
            <span className="font-mono">{customer.legacyAccountId}</span> · {t("customer.legacy")}{" "}
            <span className="font-mono">{customer.legacyCustomerId}</span> · {status(customer.status)}
          </p>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
            <dt className="text-slate-500">{t("search.email")}</dt>
            <dd>{customer.email ?? "—"}</dd>
            <dt className="text-slate-500">{t("search.phone")}</dt>
            <dd>{[customer.phone, customer.mobile].filter(Boolean).join(" · ") || "—"}</dd>
            <dt className="text-slate-500">{t("customer.language")}</dt>
            <dd>{customer.language === "fr" ? "Français" : "English"}</dd>
            <dt className="text-slate-500">{t("customer.preAuthorized")}</dt>
            <dd>{customer.preAuthorizedPayments ? t("common.yes") : t("common.no")}</dd>
          </dl>
        </div>
        <div className="text-right">
          <p className="text-sm text-slate-500">{t("customer.balance")}</p>
          <p className="text-2xl font-semibold" data-testid="customer-balance">
            {formatMoney(invoices.balanceCents, locale)}
          </p>
          {invoices.overdueCents > 0 && (
            <p className="text-sm text-rose-700">
              {t("customer.overdue")}: {formatMoney(invoices.overdueCents, locale)}
            </p>
          )}
        </div>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title={t("customer.locations")} testId="locations">
          {locations.length === 0 ? (
            <Empty>{t("customer.noLocations")}</Empty>
          ) : (
            <Table head={[t("search.address"), t("customer.olt"), t("customer.vlan"), t("customer.status")]}>
              {locations.map((l) => (
                <tr key={l.id}>
                  <td>
                    {l.address}
                    {l.unit ? `, ${l.unit}` : ""}
                    <br />
                    <span className="text-xs text-slate-500">
                      {l.city} {l.postalCode}
                    </span>
                  </td>
                  <td className="font-mono text-xs">
                    {l.oltName ? `${l.oltName} ${l.oltSlot}/${l.oltPort}/${l.ontId}` : "—"}
                  </td>
                  <td>{l.vlan ?? "—"}</td>
                  <td>{status(l.status)}</td>
                </tr>
              ))}
            </Table>
          )}
        </Section>

        <Section title={t("customer.subscriptions")} testId="subscriptions">
          {subscriptions.length === 0 ? (
            <Empty>{t("customer.noSubscriptions")}</Empty>
          ) : (
            <Table
              head={[
                t("customer.plan"),
                t("customer.price"),
                t("customer.since"),
                t("customer.billingDay"),
                t("customer.status"),
              ]}
            >
              {subscriptions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {locale === "en" ? s.item.nameEn : s.item.nameFr}
                    <br />
                    <span className="text-xs text-slate-500">{locationLabel.get(s.locationId)}</span>
                  </td>
                  <td>
                    {formatMoney(s.priceOverrideCents ?? s.item.priceCents, locale)}
                    {s.campaignCode ? <span className="block text-xs text-slate-500">{s.campaignCode}</span> : null}
                  </td>
                  <td>{formatDate(s.startDate, locale)}</td>
                  <td>{s.billingDay}</td>
                  <td>{status(s.status)}</td>
                </tr>
              ))}
            </Table>
          )}
        </Section>
      </div>

      <Section title={t("customer.equipment")} testId="equipment">
        {equipment.length === 0 ? (
          <Empty>{t("customer.noEquipment")}</Empty>
        ) : (
          <Table
            head={[
              t("customer.type"),
              t("customer.model"),
              t("customer.serial"),
              t("customer.mac"),
              t("customer.firmware"),
              "IP",
              t("customer.status"),
            ]}
          >
            {equipment.map((e) => (
              <tr key={e.id}>
                <td>{t(`equipmentKind.${e.kind}` as never)}</td>
                <td>{e.model ?? "—"}</td>
                <td className="font-mono text-xs">
                  <Link href={`/office/equipment/${e.id}`} className="text-sky-800 hover:underline">
                    {e.serial}
                  </Link>
                </td>
                <td className="font-mono text-xs">{e.mac ?? "—"}</td>
                <td>{e.firmware ?? "—"}</td>
                <td className="font-mono text-xs">{e.managementIp ?? "—"}</td>
                <td>{status(e.status)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <div className="grid gap-4 lg:grid-cols-2">
        <Section
          title={t("customer.invoices")}
          aside={
            invoices.total > invoices.recent.length
              ? t("customer.showingRecent", { shown: invoices.recent.length, total: invoices.total })
              : undefined
          }
          testId="invoices"
        >
          {invoices.recent.length === 0 ? (
            <Empty>{t("customer.noInvoices")}</Empty>
          ) : (
            <Table
              head={[
                t("customer.number"),
                t("customer.issued"),
                t("customer.total"),
                t("customer.balance"),
                t("customer.status"),
              ]}
            >
              {invoices.recent.map((i) => (
                <tr key={i.id}>
                  <td className="font-mono text-xs">{i.number}</td>
                  <td>{formatDate(i.issueDate, locale)}</td>
                  <td>{formatMoney(i.totalCents, locale)}</td>
                  <td>{formatMoney(i.balanceCents, locale)}</td>
                  <td>{status(i.status)}</td>
                </tr>
              ))}
            </Table>
          )}
        </Section>

        <Section
          title={t("customer.payments")}
          aside={
            payments.total > payments.recent.length
              ? t("customer.showingRecent", { shown: payments.recent.length, total: payments.total })
              : undefined
          }
          testId="payments"
        >
          {payments.recent.length === 0 ? (
            <Empty>{t("customer.noPayments")}</Empty>
          ) : (
            <Table head={[t("customer.received"), t("customer.amount"), t("customer.method"), t("customer.status")]}>
              {payments.recent.map((p) => (
                <tr key={p.id}>
                  <td>{formatDate(p.receivedAt, locale)}</td>
                  <td>{formatMoney(p.amountCents, locale)}</td>
                  <td>
                    {t(`paymentMethod.${p.method}` as never)}
                    {p.reference ? <span className="block font-mono text-xs text-slate-500">{p.reference}</span> : null}
                  </td>
                  <td>{status(p.status)}</td>
                </tr>
              ))}
            </Table>
          )}
        </Section>
      </div>

      <Section
        title={t("customer.tickets")}
        aside={Object.entries(tickets.byStatus)
          .map(([s, n]) => `${t(`status.${s}` as never)} ${n}`)
          .join(" · ")}
        testId="tickets"
      >
        {tickets.recent.length === 0 ? (
          <Empty>{t("customer.noTickets")}</Empty>
        ) : (
          <Table
            head={[
              "#",
              t("customer.subject"),
              t("customer.type"),
              t("customer.created"),
              t("customer.messages"),
              t("customer.status"),
            ]}
          >
            {tickets.recent.map((k) => (
              <tr key={k.id}>
                <td className="font-mono text-xs">
                  {k.id}
                  {k.parentId ? <span className="block text-slate-400">↳ {k.parentId}</span> : null}
                </td>
                <td>
                  {k.important && (
                    <span className="mr-1 text-rose-700" title={t("customer.important")}>
                      ●
                    </span>
                  )}
                  {k.subject}
                </td>
                <td>{t(`ticketType.${k.type}` as never)}</td>
                <td>{formatDateTime(k.createdAt, locale)}</td>
                <td>{k.messageCount}</td>
                <td>{status(k.status)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <p>
        <Link href={`/office/tickets?customerId=${customer.id}`} className="text-sm text-sky-700 hover:underline">
          {t("tickets.title")} →
        </Link>
      </p>
    </div>
  );
}
