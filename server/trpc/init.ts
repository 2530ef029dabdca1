import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { createTranslator } from "use-intl/core";
import { ZodError, z } from "zod";
import type { Context } from "./context";
import { serviceErrorOf, type ServiceError, type ServiceErrorCode } from "../services/errors";
import { messagesFor } from "../../i18n/catalog";

/** The one mapping from the services' codes to tRPC's. */
const TRPC_CODE_OF: Record<ServiceErrorCode, TRPCError["code"]> = {
  not_found: "NOT_FOUND",
  forbidden: "FORBIDDEN",
  conflict: "CONFLICT",
  invalid: "BAD_REQUEST",
  unavailable: "SERVICE_UNAVAILABLE",
};

/** What a client reads to translate the refusal: `data.serviceError` next to tRPC's own `code`. */
export interface ServiceErrorData {
  code: ServiceErrorCode;
  key: string;
  params: Record<string, string | number>;
  field: string | null;
}

function serviceErrorData(error: ServiceError): ServiceErrorData {
  return { code: error.code, key: error.key, params: error.params, field: error.field ?? null };
}

/**
 * An error the code did not foresee (a failed query, a bug) must not tell the caller its text: SQL,
 * parameters and stacks stay in the log, under a request id that the caller's generic sentence
 * quotes (as server/web/action-errors.ts does for server actions and route handlers).
 */
function internalErrorShape<S extends { message: string; data: object }>(
  shape: S,
  error: TRPCError,
  path: string | undefined,
  ctx: Context | undefined,
): S {
  const requestId = randomUUID();
  console.error(`[${requestId}] trpc ${path ?? "(unknown procedure)"} failed`, error.cause ?? error);
  const locale = ctx?.locale ?? "fr";
  const translate = createTranslator({ locale, messages: messagesFor(locale) }) as unknown as (
    key: string,
    params: Record<string, string>,
  ) => string;
  const { stack: _stack, ...data } = shape.data as { stack?: string };
  return {
    ...shape,
    message: translate("errors.internal", { requestId }),
    data: { ...data, requestId, zodError: null, serviceError: null },
  };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error, path, ctx }) {
    if (error.code === "INTERNAL_SERVER_ERROR") return internalErrorShape(shape, error, path, ctx);
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    const service = serviceErrorOf(error.cause);
    return { ...shape, data: { ...shape.data, zodError, serviceError: service ? serviceErrorData(service) : null } };
  },
});

/** Service errors become the matching tRPC codes here, so services stay transport-free. */
const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const service = serviceErrorOf(result.error.cause);
    if (service) throw new TRPCError({ code: TRPC_CODE_OF[service.code], message: service.message, cause: service });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapServiceErrors);
