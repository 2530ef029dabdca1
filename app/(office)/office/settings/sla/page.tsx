import { getLocale, getTranslations } from "next-intl/server";
import { SlaPolicyRow } from "@/components/office/sla/sla-policy-row";
import { formatDateTime } from "@/components/ui/format";
import { can } from "@/lib/domain/capabilities";
import { quebecHolidays } from "@/lib/domain/sla/quebec-holidays";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { saveSlaPolicyAction } from "./actions";

export const dynamic = "force-dynamic";

/** SLA targets by ticket type and priority: everyone who reads tickets sees them, admins edit them. */
export default async function SlaSettingsPage() {
  const ctx = await requireStaffPage("tickets.read", "/office/settings/sla");
  const [t, tTypes, locale] = [await getTranslations("sla"), await getTranslations("ticketType"), await getLocale()];
  const policies = await callerFor(ctx).tickets.slaPolicies();
  const editable = can(ctx.staff.role, "sla.manage");
  const year = new Date().getFullYear();
  const dateFormat = new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  });
  const holidays = quebecHolidays(year)
    .map((h) => `${t(`holiday.${h.holiday}`)} (${dateFormat.format(new Date(`${h.date}T12:00:00Z`))})`)
    .join(", ");

  return (
    <section className="space-y-4" data-testid="sla-settings">
      <h1 className="text-2xl font-semibold">{t("settings.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("settings.intro")}</p>
      <p className="max-w-3xl text-sm text-slate-600">{t("settings.hours", { year, holidays })}</p>
      {!editable && <p className="text-sm text-amber-800">{t("settings.readOnly")}</p>}
      <div className="overflow-x-auto">
        <table className="min-w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="px-2 py-1">
                {t("settings.type")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("settings.priority")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("settings.firstResponse")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("settings.resolution")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("settings.businessHours")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("settings.updated")}
              </th>
            </tr>
          </thead>
          <tbody>
            {policies.map((p) => (
              <SlaPolicyRow
                key={`${p.ticketType}/${p.priority}`}
                save={saveSlaPolicyAction}
                policy={p}
                editable={editable}
                labels={{
                  type: tTypes(p.ticketType),
                  priority: t(`priority.${p.priority}`),
                  firstResponse: `${t("settings.firstResponse")} — ${tTypes(p.ticketType)}, ${t(`priority.${p.priority}`)}`,
                  resolution: `${t("settings.resolution")} — ${tTypes(p.ticketType)}, ${t(`priority.${p.priority}`)}`,
                  businessHours: t("settings.businessHours"),
                  save: t("settings.save"),
                  updated: p.updatedAt
                    ? `${formatDateTime(p.updatedAt, locale)}${p.updatedByName ? ` · ${p.updatedByName}` : ""}`
                    : "—",
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
