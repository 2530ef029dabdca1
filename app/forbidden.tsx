import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations("common");
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-3 px-4 text-center">
      <p className="text-5xl font-bold text-slate-300">403</p>
      <h1 className="text-xl font-semibold" data-testid="forbidden">{t("forbiddenTitle")}</h1>
      <p className="text-slate-600">{t("forbiddenBody")}</p>
      <Link href="/" className="text-sky-700 hover:underline">{t("forbiddenAction")}</Link>
    </main>
  );
}
