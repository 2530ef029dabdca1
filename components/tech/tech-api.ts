/**
 * The phone's only door to the server: the day (tRPC `tech.day`), the actions (`tech.act`)
 * and photo uploads (POST /api/tech/jobs/<id>/photos). Failures come out as `TechApiError`
 * with the HTTP status (null when there was no answer at all), which the queue turns into
 * "retry later" or "refused" (tech-state.ts).
 */
import { TRPCClientError } from "@trpc/client";
import { browserTrpc } from "@/components/browser-trpc";
import type { TechActInput, TechDay, TechRefusalText } from "@/lib/schemas/tech";
import type { SendResult } from "./tech-state";
import { resultOfFailure, resultOfOutcome } from "./tech-state";

export class TechApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null = null,
    readonly text: TechRefusalText = {},
  ) {
    super(message);
    this.name = "TechApiError";
  }
}

interface ErrorData {
  httpStatus?: number;
  code?: string;
  /** A service's refusal as a message key (server/trpc/init.ts errorFormatter). */
  serviceError?: { key: string; params: Record<string, string | number> } | null;
  /** zod's issues by field; lib/schemas writes them as keys under `errors`. */
  zodError?: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
}

/** What the technician reads about a refusal: the service's key, or the first zod message written as one. */
function refusalText(data: ErrorData | undefined): TechRefusalText {
  if (data?.serviceError) return { key: data.serviceError.key, params: data.serviceError.params };
  const messages = data?.zodError
    ? [...data.zodError.formErrors, ...Object.values(data.zodError.fieldErrors).flat()]
    : [];
  const key = messages.find(
    (message): message is string => typeof message === "string" && message.startsWith("errors."),
  );
  return key ? { key, params: {} } : {};
}

function asApiError(error: unknown): TechApiError {
  if (error instanceof TRPCClientError) {
    const data = error.data as ErrorData | undefined;
    return new TechApiError(error.message, data?.httpStatus ?? null, data?.code ?? null, refusalText(data));
  }
  return new TechApiError(error instanceof Error ? error.message : String(error), null);
}

export async function fetchDay(date: string, language: "fr" | "en"): Promise<TechDay> {
  try {
    return await browserTrpc.tech.day.query({ date, language });
  } catch (error) {
    throw asApiError(error);
  }
}

export async function sendAction(input: TechActInput): Promise<SendResult> {
  try {
    return resultOfOutcome(await browserTrpc.tech.act.mutate(input));
  } catch (error) {
    const failure = asApiError(error);
    // A job id that was never this technician's is refused outright (403), not as an outcome.
    if (failure.status === 403) return { kind: "refused", code: "not_your_job", message: failure.message };
    return resultOfFailure(failure.status, failure.message, failure.text);
  }
}

export async function uploadPhoto(
  jobId: number,
  clientKey: string,
  image: Blob,
  caption: string | null,
): Promise<SendResult> {
  const headers: Record<string, string> = { "content-type": image.type || "image/jpeg", "idempotency-key": clientKey };
  // Header values are not UTF-8: the route reads the caption percent-encoded.
  if (caption) headers["x-caption"] = encodeURIComponent(caption);
  let response: Response;
  try {
    response = await fetch(`/api/tech/jobs/${jobId}/photos`, {
      method: "POST",
      body: image,
      headers,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (error) {
    return { kind: "retry", error: error instanceof Error ? error.message : String(error) };
  }
  if (response.ok) return { kind: "stored" };
  const refusal = photoRefusalOf(await response.json().catch(() => ({})));
  const message = refusal.message ?? `HTTP ${response.status}`;
  const text: TechRefusalText = refusal.key ? { key: refusal.key, params: refusal.params ?? {} } : {};
  const retry = resultOfFailure(response.status, message, text);
  if (retry.kind === "retry") return retry;
  const byStatus =
    response.status === 403
      ? "not_your_job"
      : [413, 415, 422].includes(response.status)
        ? "invalid_image"
        : response.status === 409
          ? "reassigned"
          : "rejected";
  return { kind: "refused", code: refusal.refusal ?? byStatus, message, ...text };
}

interface PhotoRefusal {
  message?: string;
  refusal?: string;
  key?: string;
  params?: Record<string, string | number>;
}

/**
 * The upload route's refusal: `{ error: { code, message, refusal, key, params } }` for its own,
 * `{ error: "<sentence>" }` for the route wrapper's (sign-in, role, internal errors).
 */
export function photoRefusalOf(body: unknown): PhotoRefusal {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === "string") return { message: error };
  if (!error || typeof error !== "object") return {};
  const detail = error as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  const params =
    detail.params && typeof detail.params === "object" ? (detail.params as Record<string, string | number>) : undefined;
  return { message: text(detail.message), refusal: text(detail.refusal), key: text(detail.key), params };
}
