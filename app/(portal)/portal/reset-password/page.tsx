import { getTranslations } from "next-intl/server";
import { ResetPasswordForm } from "@/components/portal/reset-password-form";

export const dynamic = "force-dynamic";

export default async function PortalResetPassword({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const t = await getTranslations("portalAccount.reset");
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-4">
      <h1 className="text-2xl font-semibold text-sky-900">{t("title")}</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <ResetPasswordForm token={token ?? ""} />
      </div>
    </main>
  );
}
