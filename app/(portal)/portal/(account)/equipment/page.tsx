import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { EquipmentHealthList } from "@/components/portal/equipment-health-list";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/** The signed-in customer's own devices, read-only; the customer comes from the session. Restarts are on the Wi-Fi page. */
export default async function PortalEquipmentPage() {
  const ctx = await requireCustomerPage();
  const items = await callerFor(ctx).portalEquipment.list();
  const [t, locale] = [await getTranslations(), await getLocale()];
  return (
    <div className="space-y-3">
      <EquipmentHealthList items={items} locale={locale} t={t} />
      <p className="text-sm text-slate-600" data-testid="portal-equipment-restart">
        {t("modemRestart.equipmentHint")}{" "}
        <Link className="text-sky-800 underline" href="/portal/wifi">
          {t("modemRestart.equipmentLink")}
        </Link>
        .
      </p>
    </div>
  );
}
