/**
 * The values of the optimizer's shared stop flag, in their own module because the worker's entry
 * runs worker-only code when imported (it lowers its thread's priority and answers its parent).
 */
/** The caller cancelled (the board's day closed, the dispatcher cancelled). */
export const STOP_CANCELLED = 1;
/** The deadline's backstop fired: the budget ran out before the solver's own clock noticed. */
export const STOP_AT_DEADLINE = 2;

/**
 * Why a solve stopped, as its caller should read it: the solver says "cancelled" whenever the flag
 * stopped it, but a flag raised by the deadline is the budget running out (on a loaded machine the
 * backstop can reach the solver before its own clock check does).
 */
export function stoppedByOf(solverSays: "budget" | "cancelled", flag: number): "budget" | "cancelled" {
  return solverSays === "cancelled" && flag === STOP_AT_DEADLINE ? "budget" : solverSays;
}
