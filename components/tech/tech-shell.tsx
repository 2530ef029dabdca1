import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/ui/language-switch";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { PlainFormAction } from "@/lib/schemas/actions";
import type { StaffSession } from "@/lib/schemas/session";
import { ServiceWorkerRegistration } from "./sw-register";

/** The phone's frame: a slim bar (the app's name, who is signed in, language, sign-out). */
export async function TechShell({
  staff,
  switchLocale,
  children,
}: {
  staff: StaffSession;
  switchLocale: PlainFormAction;
  children: React.ReactNode;
}) {
  const t = await getTranslations("techApp");
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-lg items-center gap-1 px-3 py-1">
          <div className="min-w-0 flex-1">
            <Link href="/tech" className="block font-semibold leading-tight text-sky-800">
              {t("appName")}
            </Link>
            <span className="block truncate text-xs text-slate-600" data-testid="signed-in-user">
              {staff.name}
            </span>
          </div>
          <LanguageSwitch switchLocale={switchLocale} />
          <SignOutButton realm="staff" />
        </div>
      </header>
      <main className="mx-auto max-w-lg px-3 py-3">{children}</main>
      <ServiceWorkerRegistration userId={staff.userId} />
    </div>
  );
}
