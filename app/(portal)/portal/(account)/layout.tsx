import { getTranslations } from "next-intl/server";
import { AppShell } from "@/components/ui/app-shell";
import { requireCustomerPage } from "@/server/web/page-access";
import { switchLocale } from "@/app/actions/locale";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireCustomerPage();
  const t = await getTranslations("nav");
  const account = await getTranslations("portalAccount.account");
  return (
    <AppShell
      realm="customer"
      user={ctx.customer}
      nav={[
        { href: "/portal", label: t("portal") },
        { href: "/portal/account", label: account("title") },
      ]}
      switchLocale={switchLocale}
    >
      {children}
    </AppShell>
  );
}
