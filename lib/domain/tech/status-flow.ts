/**
 * The technician's side of a job's status: en route → on site → done. A technician may skip
 * "en route" (already at the address) but never step back, and never touches a job that is
 * done, cancelled or back in the pool; those belong to the dispatcher. Setting the status a job
 * already has is accepted and changes nothing: two taps on a patchy network are one action.
 */
import type { JobStatus } from "../board/types";

export type TechStatus = "en_route" | "on_site" | "done";

/** A refusal carries its message key under `errors` and parameters (statuses as codes), for the phone to translate. */
export type TechTransition =
  | { ok: true; changes: boolean }
  | {
      ok: false;
      code: "job_closed" | "bad_transition";
      message: string;
      key: string;
      params: Record<string, string>;
    };

const NEXT: Record<string, readonly TechStatus[]> = {
  assigned: ["en_route", "on_site"],
  en_route: ["on_site"],
  on_site: ["done"],
};

export function techTransition(from: JobStatus, to: TechStatus): TechTransition {
  if (from === to) return { ok: true, changes: false };
  if (from === "done" || from === "cancelled")
    return {
      ok: false,
      code: "job_closed",
      message: `The job is ${from === "done" ? "already done" : "cancelled"}; it cannot become ${to.replace("_", " ")}`,
      key: "errors.tech.jobFinished",
      params: { from, to },
    };
  if (from === "unassigned")
    return {
      ok: false,
      code: "bad_transition",
      message: "The job is back in the dispatch pool; it cannot be worked until it is assigned again",
      key: "errors.tech.backInPool",
      params: {},
    };
  if (!NEXT[from]?.includes(to))
    return {
      ok: false,
      code: "bad_transition",
      message: `A job ${from.replace("_", " ")} cannot go to ${to.replace("_", " ")}`,
      key: "errors.tech.badTransition",
      params: { from, to },
    };
  return { ok: true, changes: true };
}
