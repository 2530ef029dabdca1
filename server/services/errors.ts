/**
 * Errors services raise; the tRPC layer maps them to HTTP-ish codes.
 * Services never import TRPCError (ARCHITECTURE: no TRPCError below server/routers).
 */
export class NotFoundError extends Error {
  constructor(public readonly entity: string, public readonly id: string | number) {
    super(`${entity} ${id} was not found`);
    this.name = "NotFoundError";
  }
}

/** The request is well-formed but breaks a business rule; nothing was written. */
export class RuleViolationError extends Error {
  constructor(message: string, public readonly field?: string) {
    super(message);
    this.name = "RuleViolationError";
  }
}

/** The actor may call the procedure but not on this record (record scoping). */
export class RecordAccessError extends Error {
  constructor(message = "You do not have access to this record") {
    super(message);
    this.name = "RecordAccessError";
  }
}
