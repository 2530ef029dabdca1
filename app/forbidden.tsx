import { getTranslations } from "next-intl/server";
import { StatusPage } from "@/components/ui/status-page";

export default async function Forbidden() {
  const t = await getTranslations("common");
  return (
    <StatusPage
      code={403}
      title={t("forbiddenTitle")}
      body={t("forbiddenBody")}
      action={t("forbiddenAction")}
      testId="forbidden"
      fullHeight
    />
  );
}
