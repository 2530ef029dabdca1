import { getTranslations } from "next-intl/server";
import { AppShell, staffNavFor } from "./app-shell";
import type { PlainFormAction } from "@/lib/schemas/actions";
import type { StaffSession } from "@/lib/schemas/session";

export async function StaffShell({
  staff,
  switchLocale,
  children,
}: {
  staff: StaffSession;
  switchLocale: PlainFormAction;
  children: React.ReactNode;
}) {
  const t = await getTranslations();
  const nav = staffNavFor(staff.role).map((item) => ({ href: item.href, label: t(`nav.${item.key}`) }));
  return (
    <AppShell realm="staff" user={staff} subtitle={t(`roles.${staff.role}`)} nav={nav} switchLocale={switchLocale}>
      {children}
    </AppShell>
  );
}
