import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "./language-switch";
import { SignOutButton } from "../auth/sign-out-button";
import type { PlainFormAction } from "@/lib/schemas/actions";
import type { StaffRole } from "@/lib/schemas/session";
import { can } from "@/lib/domain/capabilities";

interface NavItem {
  href: string;
  label: string;
}

/** Which sections each staff role sees in the navigation, from the capability map; the pages check again. */
type NavKey =
  | "customers"
  | "tickets"
  | "subscriptions"
  | "invoices"
  | "payments"
  | "billingRuns"
  | "reports"
  | "dispatch"
  | "checklists"
  | "audit"
  | "tech"
  | "staff"
  | "settings"
  | "cannedReplies"
  | "sla";

export function staffNavFor(role: StaffRole): Array<{ href: string; key: NavKey }> {
  const items: Array<{ href: string; key: NavKey }> = [];
  if (can(role, "customers.read")) items.push({ href: "/office", key: "customers" });
  if (can(role, "tickets.read")) items.push({ href: "/office/tickets", key: "tickets" });
  // The billing sections are in the menu of those who work them; support, who may read them
  // ("billing.read"), reaches them from a customer's page.
  if (can(role, "billing.write")) {
    items.push(
      { href: "/office/subscriptions", key: "subscriptions" },
      { href: "/office/invoices", key: "invoices" },
      { href: "/office/payments", key: "payments" },
      { href: "/office/billing/runs", key: "billingRuns" },
      { href: "/office/reports", key: "reports" },
    );
  }
  if (can(role, "dispatch.enter")) items.push({ href: "/dispatch", key: "dispatch" });
  if (can(role, "checklists.edit")) items.push({ href: "/office/checklists", key: "checklists" });
  if (can(role, "audit.read")) items.push({ href: "/office/audit", key: "audit" });
  if (can(role, "tech.work")) items.push({ href: "/tech", key: "tech" });
  if (can(role, "staff.manage")) items.push({ href: "/office/settings/users", key: "staff" });
  if (can(role, "settings.manage")) items.push({ href: "/office/settings", key: "settings" });
  if (can(role, "tickets.canned.manage")) items.push({ href: "/office/settings/canned-replies", key: "cannedReplies" });
  if (can(role, "sla.manage")) items.push({ href: "/office/settings/sla", key: "sla" });
  return items;
}

export async function AppShell({
  realm,
  user,
  subtitle,
  nav,
  switchLocale,
  children,
}: {
  realm: "staff" | "customer";
  user: { name: string; email: string };
  subtitle?: string;
  nav: NavItem[];
  /** The language switch's server action (app/actions/locale). */
  switchLocale: PlainFormAction;
  children: React.ReactNode;
}) {
  const t = await getTranslations("app");
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
          <Link href="/" className="font-semibold text-sky-800">
            {t("name")}
          </Link>
          <nav aria-label="Navigation" className="flex flex-1 flex-wrap gap-1">
            {nav.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                className="rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <span className="text-sm text-slate-600" data-testid="signed-in-user">
            {user.name}
            {subtitle ? ` · ${subtitle}` : ""}
          </span>
          <LanguageSwitch switchLocale={switchLocale} />
          <SignOutButton realm={realm} />
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
