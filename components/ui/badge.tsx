const TONES: Record<string, string> = {
  active: "bg-emerald-100 text-emerald-800",
  paid: "bg-emerald-100 text-emerald-800",
  succeeded: "bg-emerald-100 text-emerald-800",
  installed: "bg-emerald-100 text-emerald-800",
  done: "bg-emerald-100 text-emerald-800",
  resolved: "bg-emerald-100 text-emerald-800",
  open: "bg-sky-100 text-sky-800",
  in_progress: "bg-sky-100 text-sky-800",
  assigned: "bg-sky-100 text-sky-800",
  en_route: "bg-sky-100 text-sky-800",
  on_site: "bg-indigo-100 text-indigo-800",
  suspended: "bg-amber-100 text-amber-800",
  waiting: "bg-amber-100 text-amber-800",
  pending: "bg-amber-100 text-amber-800",
  unassigned: "bg-amber-100 text-amber-800",
  cancelled: "bg-slate-200 text-slate-700",
  closed: "bg-slate-200 text-slate-700",
  void: "bg-slate-200 text-slate-700",
  removed: "bg-slate-200 text-slate-700",
  failed: "bg-rose-100 text-rose-800",
  defective: "bg-rose-100 text-rose-800",
  disconnected: "bg-rose-100 text-rose-800",
};

export function Badge({ value, label }: { value: string; label: string }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${TONES[value] ?? "bg-slate-100 text-slate-700"}`}
    >
      {label}
    </span>
  );
}
