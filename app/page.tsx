import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/ui/language-switch";
import { HOME_OF_ROLE, pageContext } from "@/server/web/page-access";
import { switchLocale } from "@/app/actions/locale";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const ctx = await pageContext();
  if (ctx.staff) redirect(HOME_OF_ROLE[ctx.staff.role]);
  if (ctx.customer) redirect("/portal");
  const t = await getTranslations();
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center gap-8 px-4">
      <div className="flex items-start justify-between">
        <div>
          <h1 className="text-3xl font-semibold text-sky-900">{t("app.name")}</h1>
          <p className="text-slate-600">{t("app.tagline")}</p>
        </div>
        <LanguageSwitch switchLocale={switchLocale} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Link
          href="/sign-in"
          className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm hover:border-sky-400"
        >
          <h2 className="text-lg font-medium">{t("home.staff")}</h2>
          <p className="text-sm text-slate-600">{t("home.staffBody")}</p>
        </Link>
        <Link
          href="/portal/sign-in"
          className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm hover:border-sky-400"
        >
          <h2 className="text-lg font-medium">{t("home.customer")}</h2>
          <p className="text-sm text-slate-600">{t("home.customerBody")}</p>
        </Link>
      </div>
    </main>
  );
}
