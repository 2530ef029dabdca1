import { getTranslations } from "next-intl/server";
import { AppShell } from "@/components/ui/app-shell";
import { requireCustomerPage } from "@/server/web/page-access";
import { switchLocale } from "@/app/actions/locale";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireCustomerPage();
  const [t, tp] = [await getTranslations("nav"), await getTranslations("portalPay")];
  const account = await getTranslations("portalAccount.account");
  const equipment = await getTranslations("portalEquipment");
  const services = await getTranslations("portalNav");
  const wifi = await getTranslations("portalWifi");
  const tickets = await getTranslations("portalTickets");
  return (
    <AppShell
      realm="customer"
      user={ctx.customer}
      nav={[
        { href: "/portal", label: t("portal") },
        { href: "/portal/pay", label: tp("nav") },
        { href: "/portal/equipment", label: equipment("nav") },
        { href: "/portal/plans", label: services("plans") },
        { href: "/portal/visits", label: services("visits") },
        { href: "/portal/documents", label: services("documents") },
        { href: "/portal/wifi", label: wifi("nav") },
        { href: "/portal/tickets", label: tickets("nav") },
        { href: "/portal/account", label: account("title") },
      ]}
      switchLocale={switchLocale}
    >
      {children}
    </AppShell>
  );
}
