/** The board domain: document contract and its migrations, edits, conflict rules and server-side reconciliation. */
export * from "./types";
export * from "./time";
export * from "./doc";
export * from "./conflicts";
export * from "./reconcile";
export {
  assignJob,
  unassignJob,
  moveJob,
  resizeJob,
  setJobStatus,
  setJobLocked,
  transitionProblem,
  allowedStatuses,
  type OpResult,
} from "./operations";
export {
  migrateBoard,
  describeBoardMigrationRefusal,
  supportedBoardSchemaVersion,
  BOARD_MIGRATION_STEPS,
  FIRST_BOARD_SCHEMA_VERSION,
  type BoardMigrationStep,
  type BoardMigrationResult,
  type BoardMigrationRefusal,
} from "./migrations";
export { jobIdOfKey, isOnDay, boardMayWriteJob } from "./job-keys";
export { stampPresence, MAX_SELECTION, type PresenceState, type PresenceUser, type PresenceCursor } from "./presence";
