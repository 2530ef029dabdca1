import { getLocale, getTranslations } from "next-intl/server";
import { EquipmentHealthList } from "@/components/portal/equipment-health-list";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/** The signed-in customer's own devices, read-only; the customer comes from the session. */
export default async function PortalEquipmentPage() {
  const ctx = await requireCustomerPage();
  const items = await callerFor(ctx).portalEquipment.list();
  const [t, locale] = [await getTranslations(), await getLocale()];
  return <EquipmentHealthList items={items} locale={locale} t={t} />;
}
