import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/ui/language-switch";
import type { PlainFormAction } from "@/lib/schemas/actions";
import { SignInForm } from "./sign-in-form";

export async function SignInPage({
  realm,
  next,
  ssoEnabled,
  switchLocale,
  children,
}: {
  realm: "staff" | "customer";
  next: string | null;
  ssoEnabled: boolean;
  switchLocale: PlainFormAction;
  /** What a realm adds below the password form (the portal's emailed links). */
  children?: React.ReactNode;
}) {
  const t = await getTranslations("signIn");
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold text-sky-900">
          {realm === "staff" ? t("staffTitle") : t("customerTitle")}
        </h1>
        <LanguageSwitch switchLocale={switchLocale} />
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <SignInForm realm={realm} next={next} ssoEnabled={ssoEnabled} />
      </div>
      {children}
      <Link
        href={realm === "staff" ? "/portal/sign-in" : "/sign-in"}
        className="text-center text-sm text-sky-700 hover:underline"
      >
        {realm === "staff" ? t("otherRealmStaff") : t("otherRealmCustomer")}
      </Link>
    </main>
  );
}
