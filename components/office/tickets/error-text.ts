/**
 * The sentence for a failed browser tRPC call: the service's translated refusal, else the
 * first zod issue (written as an `errors.*` key), else the server's own message.
 */
/** What next-intl's `useTranslations()` gives, reduced to what a refusal needs. */
interface Translate {
  (key: string, params?: Record<string, string | number>): string;
  has(key: string): boolean;
}

interface ErrorData {
  serviceError?: { key: string; params: Record<string, string | number> } | null;
  zodError?: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
}

export function errorText(error: unknown, t: Translate): string {
  const data = (error as { data?: ErrorData } | null)?.data;
  if (data?.serviceError && t.has(data.serviceError.key)) return t(data.serviceError.key, data.serviceError.params);
  const issue =
    data?.zodError?.formErrors[0] ?? Object.values(data?.zodError?.fieldErrors ?? {}).find((v) => v?.length)?.[0];
  if (issue?.startsWith("errors.") && t.has(issue)) return t(issue);
  return String((error as Error)?.message ?? error);
}

/** A fresh idempotency key for one send (kept across its retries). */
export function newRequestKey(): string {
  // getRandomValues works outside secure contexts too (randomUUID does not).
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
