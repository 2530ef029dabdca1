import { useTranslations } from "next-intl";
import { installCheckFailed } from "@/lib/domain/network/install-check";
import type { InstallCheckView } from "@/lib/schemas/network";

const TONE: Record<InstallCheckView["status"], string> = {
  pending: "text-slate-700",
  verified: "text-emerald-800",
  no_answer: "text-red-800",
  signal_weak: "text-amber-800",
  signal_bad: "text-red-800",
  failed: "text-red-800",
};

/**
 * The network's verdict on each device installed on a job, in words, with the reason when it
 * failed; a failed check opens with a warning (role alert) so the technician sees it before leaving.
 * Used by the office's job record and the technician's phone (no hooks but translations).
 */
export function InstallCheckList({ checks, when }: { checks: InstallCheckView[]; when: (iso: string) => string }) {
  const t = useTranslations("installCheck");
  const tAll = useTranslations();
  if (checks.length === 0) return <p className="px-4 py-3 text-sm text-slate-600">{t("empty")}</p>;
  const failed = checks.some((c) => installCheckFailed(c.status));
  return (
    <div className="space-y-2 text-sm" data-testid="install-checks">
      {failed ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 font-medium text-red-900">
          {t("warning")}
        </p>
      ) : null}
      <ul className="divide-y divide-slate-100">
        {checks.map((c) => (
          <li key={c.id} className="space-y-0.5 px-1 py-1.5" data-testid="install-check" data-status={c.status}>
            <p>
              <span>{tAll(`equipmentKind.${c.equipmentKind}` as never)}</span>{" "}
              <span className="font-mono text-xs">{c.serial}</span>
              {" — "}
              <span className={`font-medium ${TONE[c.status]}`}>{t(`status.${c.status}`)}</span>
            </p>
            {c.reasonKey ? (
              <p className="text-xs text-slate-700">{tAll(c.reasonKey as never, c.reasonParams as never)}</p>
            ) : null}
            <p className="text-xs text-slate-500">
              {c.rxDbm !== null ? `${t("rx", { dbm: c.rxDbm })} · ` : ""}
              {t("attempts", { count: c.attempts })} · {when(c.checkedAt ?? c.requestedAt)}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
