import { ticketSlaState, type SlaState, type TicketSlaFacts } from "@/lib/domain/sla/policy";

const TONE: Record<SlaState, string> = {
  breached: "bg-rose-100 text-rose-800",
  near: "bg-amber-100 text-amber-900",
  running: "bg-emerald-50 text-emerald-800",
  met: "bg-slate-100 text-slate-700",
  none: "text-slate-400",
};

/** Row background by SLA state: breaches and near-breaches stand out in any list. */
export const ROW_TONE: Record<SlaState, string> = {
  breached: "bg-rose-50",
  near: "bg-amber-50",
  running: "",
  met: "",
  none: "",
};

export function slaStateOf(facts: TicketSlaFacts, now: Date): SlaState {
  return ticketSlaState(facts, now);
}

/** The ticket's SLA state and its next deadline (or, when done, the resolution deadline). */
export function SlaCell({
  state,
  label,
  due,
}: {
  state: SlaState;
  label: string;
  /** The deadline, already formatted. */
  due: string;
}) {
  return (
    <span className="flex flex-col gap-0.5" data-sla-state={state}>
      {state !== "none" && (
        <span className={`inline-block w-fit rounded px-1.5 py-0.5 text-xs font-medium ${TONE[state]}`}>{label}</span>
      )}
      <span className="text-xs text-slate-600">{due}</span>
    </span>
  );
}
