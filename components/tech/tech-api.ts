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
  const body = (await response.json().catch(() => ({}))) as { code?: string; error?: string; message?: string };
  const message = body.error ?? body.message ?? `HTTP ${response.status}`;
  const retry = resultOfFailure(response.status, message);
  if (retry.kind === "retry") return retry;
  const byStatus =
    response.status === 403
      ? "not_your_job"
      : [413, 415, 422].includes(response.status)
        ? "invalid_image"
        : response.status === 409
          ? "reassigned"
          : "rejected";
  return { kind: "refused", code: body.code ?? byStatus, message };
}
