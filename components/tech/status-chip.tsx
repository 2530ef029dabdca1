"use client";
import { useTranslations } from "next-intl";
import type { TechJob } from "@/lib/schemas/tech";

const TONES: Record<TechJob["status"], string> = {
  unassigned: "bg-amber-100 text-amber-900",
  assigned: "bg-slate-100 text-slate-800",
  en_route: "bg-sky-100 text-sky-900",
  on_site: "bg-indigo-100 text-indigo-900",
  done: "bg-emerald-100 text-emerald-900",
  cancelled: "bg-slate-200 text-slate-700",
};

export function StatusChip({ status }: { status: TechJob["status"] }) {
  const t = useTranslations("techApp.status");
  return (
    <span
      className={`inline-block shrink-0 rounded-full px-2.5 py-0.5 text-xs font-semibold ${TONES[status]}`}
      data-testid="status-chip"
    >
      {t(status)}
    </span>
  );
}
