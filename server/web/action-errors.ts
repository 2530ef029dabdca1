import { randomUUID } from "node:crypto";
import { getTranslations } from "next-intl/server";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { serviceErrorOf, type MessageParams, type ServiceErrorCode } from "../services/errors";

/**
 * The one mapping from a failed call to what a server action answers (ARCHITECTURE: "one error
 * vocabulary"; docs/architecture.md, D6). Service errors come back through the in-process tRPC
 * caller as the cause of a TRPCError (server/trpc/init.ts); the procedures' own refusals
 * (UNAUTHORIZED, FORBIDDEN) and zod's are TRPCErrors without one. Anything else is a bug or an
 * outage: it is logged with a request id and the person sees a generic sentence with that id,
 * never the error's own text.
 */
export type ActionErrorCode = ServiceErrorCode | "unauthorized" | "internal";

export interface ActionError {
  code: ActionErrorCode;
  /** The message key under `errors` (messages/errors/*.json) and the sentence it gives in the request's language. */
  key: string;
  message: string;
  /** The input field the refusal is about, when the service named one. */
  field: string | null;
  /** Set for internal errors: the id written in the log next to the error. */
  requestId: string | null;
}

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: ActionError };

/** What `getTranslations()` returns, reduced to what is used here (and easy to fake in a test). */
export interface Translate {
  (key: string, params?: MessageParams): string;
  has(key: string): boolean;
}

interface Described {
  code: ActionErrorCode;
  key: string;
  params: MessageParams;
  field: string | null;
}

/**
 * A zod issue's message in the reader's language: schemas write their messages as keys under
 * `errors` (lib/schemas); a message that is not one (zod's own English default) is shown as it is.
 * Pages that validate their search parameters with a schema show the first issue through this.
 */
export function zodIssueText(issue: { message: string } | undefined, t: Translate): string {
  if (!issue) return "";
  return issue.message.startsWith("errors.") && t.has(issue.message) ? t(issue.message) : issue.message;
}

/** Every issue of a zod error, each as `path: message` in the reader's language. */
export function zodReason(error: ZodError, t: Translate): string {
  return error.issues
    .map((issue) => {
      const text = zodIssueText(issue, t);
      return issue.path.length ? `${issue.path.join(".")}: ${text}` : text;
    })
    .join("; ");
}

function describe(error: unknown, t: Translate): Described | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  const service = serviceErrorOf(cause);
  if (service) return { code: service.code, key: service.key, params: service.params, field: service.field ?? null };
  if (cause instanceof ZodError)
    return {
      code: "invalid",
      key: "errors.invalidInput",
      params: { reason: zodReason(cause, t) },
      field: cause.issues[0]?.path.join(".") || null,
    };
  if (!(error instanceof TRPCError)) return null;
  switch (error.code) {
    case "UNAUTHORIZED":
      return { code: "unauthorized", key: "errors.unauthorized", params: {}, field: null };
    case "FORBIDDEN":
      return { code: "forbidden", key: "errors.forbidden", params: {}, field: null };
    case "NOT_FOUND":
      return { code: "not_found", key: "errors.notFound.other", params: {}, field: null };
    case "BAD_REQUEST":
      return { code: "invalid", key: "errors.rule", params: { reason: error.message }, field: null };
    default:
      return null;
  }
}

/** The answer for `error` in the request's language; `context` names the action in the log line. */
export function toActionError(error: unknown, t: Translate, context: string): ActionError {
  const described = describe(error, t);
  if (described) {
    // A key nobody translated yet (a new entity under errors.notFound) falls back to its family's sentence.
    const key = t.has(described.key)
      ? described.key
      : described.code === "not_found"
        ? "errors.notFound.other"
        : described.key;
    return { ...described, key, message: t(key, described.params), requestId: null };
  }
  const requestId = randomUUID();
  console.error(`[${requestId}] ${context} failed`, error);
  return {
    code: "internal",
    key: "errors.internal",
    message: t("errors.internal", { requestId }),
    field: null,
    requestId,
  };
}

/** `toActionError` in the request's language. */
export async function actionError(error: unknown, context: string): Promise<ActionError> {
  return toActionError(error, await getTranslations(), context);
}

/** Runs the action's call; a failure becomes its ActionError. `redirect()` belongs after this, not inside `run`. */
export async function actionResult<T>(context: string, run: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: await actionError(error, context) };
  }
}
