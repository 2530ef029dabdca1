/** The board domain: document contract, edits, conflict rules and server-side reconciliation. */
export * from "./types";
export * from "./time";
export * from "./doc";
export * from "./conflicts";
export * from "./reconcile";
export { assignJob, unassignJob, moveJob, resizeJob, setJobStatus, transitionProblem, allowedStatuses, type OpResult } from "./operations";
