/**
 * The one error vocabulary of the services (ARCHITECTURE: "one error vocabulary").
 * A service error carries a code from a small closed set, which the transports map once
 * (server/trpc/init.ts to tRPC codes, server/web/action-errors.ts to server-action results),
 * and a message key with its parameters, which the caller translates (messages/errors/*.json).
 * `message` stays an English sentence for developers and logs; tests read it.
 * Services never import TRPCError (ARCHITECTURE: no TRPCError below server/routers).
 */
import { AcsUnavailableError } from "../integrations/genieacs/acs-client";
import { PaymentGatewayUnavailableError } from "../integrations/stripe/payment-gateway";

export const SERVICE_ERROR_CODES = ["not_found", "forbidden", "conflict", "invalid", "unavailable"] as const;
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

export type MessageParams = Record<string, string | number>;

/** A translatable message: a key under the `errors` namespace and its ICU parameters. */
export interface ErrorMessage {
  key: string;
  params?: MessageParams;
}

export interface ServiceErrorOptions extends ErrorMessage {
  /** The input field the error is about, when there is one (forms highlight it). */
  field?: string;
  cause?: unknown;
}

export class ServiceError extends Error {
  readonly key: string;
  readonly params: MessageParams;
  readonly field: string | undefined;

  constructor(
    public readonly code: ServiceErrorCode,
    message: string,
    options: ServiceErrorOptions,
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ServiceError";
    this.key = options.key;
    this.params = options.params ?? {};
    this.field = options.field;
  }
}

/** "billing run" → "billingRun", "Photo file" → "photoFile": the entity's name under `errors.notFound`. */
function entityKey(entity: string): string {
  return entity
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export class NotFoundError extends ServiceError {
  constructor(
    public readonly entity: string,
    public readonly id: string | number,
  ) {
    super("not_found", `${entity} ${id} was not found`, {
      key: `errors.notFound.${entityKey(entity)}`,
      params: { id: String(id) },
    });
    this.name = "NotFoundError";
  }
}

/**
 * The request is well-formed but breaks a business rule; nothing was written. Without a key,
 * callers show the English message inside a translated sentence (`errors.rule`): give the
 * refusal a key when its words matter to the person reading it.
 */
export class RuleViolationError extends ServiceError {
  constructor(message: string, field?: string, translated?: ErrorMessage) {
    super("invalid", message, {
      key: translated?.key ?? "errors.rule",
      params: translated?.params ?? { reason: message },
      field,
    });
    this.name = "RuleViolationError";
  }
}

/** The actor may call the procedure but not on this record (record scoping). */
export class RecordAccessError extends ServiceError {
  constructor(message = "You do not have access to this record", translated?: ErrorMessage) {
    super("forbidden", message, { key: translated?.key ?? "errors.forbidden", params: translated?.params });
    this.name = "RecordAccessError";
  }
}

/**
 * The service error behind `error`, or null for anything else (a bug, an outage nobody named).
 * Integration errors that mean something to the caller are translated here, because
 * server/integrations must not depend on the services.
 */
export function serviceErrorOf(error: unknown): ServiceError | null {
  if (error instanceof ServiceError) return error;
  if (error instanceof PaymentGatewayUnavailableError) {
    return new ServiceError("unavailable", error.message, { key: "errors.paymentGatewayUnavailable", cause: error });
  }
  if (error instanceof AcsUnavailableError) {
    return new ServiceError("unavailable", error.message, { key: "errors.acs.unavailable", cause: error });
  }
  return null;
}
