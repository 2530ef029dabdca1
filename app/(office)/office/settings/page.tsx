import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { SettingsSectionForm } from "@/components/office/settings/settings-section-form";
import type { SettingsSectionState } from "@/lib/schemas/settings";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { saveSettingsAction } from "./actions";

export const dynamic = "force-dynamic";

/** The product's settings (admin only, capability `settings.manage`), and the way to the other settings pages. */
export default async function SettingsPage() {
  const ctx = await requireStaffPage("settings.manage", "/office/settings");
  const [t, locale] = [await getTranslations("settings"), await getLocale()];
  const { settings, sections, managementSubnets } = await callerFor(ctx).settings.view();
  const dateFormat = new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "America/Toronto",
  });
  const sourceOf = (state: SettingsSectionState) =>
    state.source === "configuration" || !state.updatedAt
      ? t("source.configuration")
      : t("source.stored", {
          who: state.updatedByName ?? t("source.someone"),
          when: dateFormat.format(new Date(state.updatedAt)),
        });
  const labels = { submit: t("submit"), saving: t("saving") };
  const links = [
    { href: "/office/settings/users", label: t("links.users") },
    { href: "/office/settings/sla", label: t("links.sla") },
    { href: "/office/checklists", label: t("links.checklists") },
    { href: "/office/audit?type=settings", label: t("links.audit") },
  ];

  return (
    <section className="space-y-6" data-testid="settings-page">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>

      <nav aria-label={t("links.title")}>
        <ul className="flex flex-wrap gap-2 text-sm">
          {links.map((link) => (
            <li key={link.href}>
              <Link
                href={link.href}
                className="inline-block rounded border border-slate-300 bg-white px-3 py-1.5 text-sky-800 hover:bg-sky-50"
              >
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <SettingsSectionForm
        section="provider"
        title={t("provider.title")}
        source={sourceOf(sections.provider)}
        save={saveSettingsAction}
        labels={labels}
        fields={[
          { name: "name", label: t("provider.name"), value: settings.provider.name, wide: true },
          {
            name: "address",
            label: t("provider.address"),
            value: settings.provider.address,
            hint: t("provider.addressHint"),
            wide: true,
          },
          {
            name: "gstNumber",
            label: t("provider.gstNumber"),
            value: settings.provider.gstNumber,
            hint: "123456789 RT0001",
          },
          {
            name: "qstNumber",
            label: t("provider.qstNumber"),
            value: settings.provider.qstNumber,
            hint: "1234567890 TQ0001",
          },
        ]}
      />

      <SettingsSectionForm
        section="dunning"
        title={t("dunning.title")}
        source={sourceOf(sections.dunning)}
        save={saveSettingsAction}
        labels={labels}
        fields={[
          {
            name: "reminderDays",
            label: t("dunning.reminderDays"),
            value: settings.dunning.reminderDays.join(", "),
            hint: t("dunning.reminderDaysHint"),
          },
          {
            name: "suspendDays",
            label: t("dunning.suspendDays"),
            value: String(settings.dunning.suspendDays),
            hint: t("dunning.suspendDaysHint"),
            inputMode: "numeric",
          },
        ]}
      />

      <SettingsSectionForm
        section="reminders"
        title={t("reminders.title")}
        source={sourceOf(sections.reminders)}
        save={saveSettingsAction}
        labels={labels}
        fields={[
          {
            name: "dunningHour",
            label: t("reminders.dunningHour"),
            value: String(settings.reminders.dunningHour),
            hint: t("reminders.dunningHourHint"),
            inputMode: "numeric",
          },
          {
            name: "appointmentHour",
            label: t("reminders.appointmentHour"),
            value: String(settings.reminders.appointmentHour),
            hint: t("reminders.appointmentHourHint"),
            inputMode: "numeric",
          },
        ]}
      />

      <section className="space-y-2 rounded border border-slate-200 bg-white p-4" data-testid="settings-subnets">
        <h2 className="text-lg font-semibold">{t("subnets.title")}</h2>
        <p className="text-xs text-slate-500">{t("subnets.readOnly")}</p>
        {managementSubnets ? (
          <ul className="list-inside list-disc font-mono text-sm">
            {managementSubnets.map((subnet) => (
              <li key={subnet}>{subnet}</li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-700">{t("subnets.notConfigured")}</p>
        )}
      </section>
    </section>
  );
}
