import Link from "next/link";
import type { getTranslations } from "next-intl/server";
import { formatDateTime } from "@/components/ui/format";
import { installCheckFailed } from "@/lib/domain/network/install-check";
import type { TicketWorkspace } from "@/lib/schemas/ticket-desk";

type T = Awaited<ReturnType<typeof getTranslations>>;

type EquipmentCheck = NonNullable<NonNullable<TicketWorkspace["customer"]>["equipment"][number]["installCheck"]>;

/** The network's verdict on a device's latest install, with the job it came from and, when it failed, why. */
export function InstallVerdict({ check, locale, t }: { check: EquipmentCheck; locale: string; t: T }) {
  const failed = installCheckFailed(check.status);
  const tone = failed
    ? "font-medium text-red-800"
    : check.status === "verified"
      ? "text-emerald-800"
      : "text-slate-700";
  return (
    <p className="text-xs" data-testid="ticket-install-check" data-status={check.status}>
      <span className="text-slate-500">{t("installCheck.panel.label")}</span>{" "}
      <span className={tone}>{t(`installCheck.status.${check.status}`)}</span>
      {" · "}
      <Link className="text-sky-800 hover:underline" href={`/office/jobs/${check.jobId}`}>
        {t("installCheck.panel.job", { job: check.jobId })}
      </Link>
      {" · "}
      <time dateTime={check.checkedAt ?? check.requestedAt}>
        {formatDateTime(check.checkedAt ?? check.requestedAt, locale)}
      </time>
      {failed && check.reasonKey && (
        <span className="block text-slate-700">{t(check.reasonKey as never, check.reasonParams as never)}</span>
      )}
    </p>
  );
}
