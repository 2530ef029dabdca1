/**
 * The customer's signature on a job: a signature pad's PNG (as a data URL in the phone's
 * signature action) and the signer's name. saveSignature runs inside the action ledger's
 * transaction (applyOnce), which makes the phone's replays land once.
 */
import type { ServiceDeps } from "../deps";
import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { dispatchJobs } from "../../db/schema";
import { checkImage, imageRefusalMessage, imageRefusalText, SIGNATURE_LIMITS } from "../../../lib/domain/media/image";
import { NotFoundError } from "../errors";
import { signatureStorageKey, type FileStorage, type StoredFile } from "../../storage";
import type { ApplyResult } from "./action-ledger";
import { requireJobFileReader, type StaffMember } from "./photos";
import { clearStorageIntent } from "../sweepers/storage-intents";

const DATA_URL_PREFIX = "data:image/png;base64,";
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const signatureUrl = (jobId: number) => `/api/tech/jobs/${jobId}/signature`;

type Refused = { ok: false; message: string; key: string; params: Record<string, string | number> };

const invalid = ({ message, key, params }: Omit<Refused, "ok">): ApplyResult => ({
  accepted: false,
  code: "invalid_image",
  message,
  key,
  params,
});

/** The PNG inside a `data:image/png;base64,…` URL, or why there is none (a key under `errors` for the phone to translate). */
export function decodeSignatureDataUrl(image: string): { ok: true; bytes: Uint8Array } | Refused {
  if (!image.startsWith(DATA_URL_PREFIX))
    return {
      ok: false,
      message: "The signature must be a data:image/png;base64 URL",
      key: "errors.signature.notDataUrl",
      params: {},
    };
  const payload = image.slice(DATA_URL_PREFIX.length);
  // Checked before decoding: four base64 characters make three bytes.
  if ((payload.length / 4) * 3 > SIGNATURE_LIMITS.maxBytes + 2)
    return {
      ok: false,
      message: imageRefusalMessage("too_large", SIGNATURE_LIMITS),
      ...imageRefusalText("too_large", SIGNATURE_LIMITS),
    };
  // Buffer.from skips characters that are not base64; a strict check keeps a damaged upload from passing as a shorter image.
  if (payload.length % 4 !== 0 || !BASE64.test(payload))
    return {
      ok: false,
      message: "The signature's data is not valid base64",
      key: "errors.signature.notBase64",
      params: {},
    };
  const buffer = Buffer.from(payload, "base64");
  return { ok: true, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
}

/**
 * Checks the signature is a real PNG within limits, stores it and records it on the job.
 * Refuses with `invalid_image` (nothing written) otherwise. The caller has checked the
 * technician's access to the job; signerName comes trimmed and bounded by the phone contract.
 * A second signature replaces the job's reference; the earlier file stays stored as evidence.
 */
export async function saveSignature(
  tx: Queryable,
  storage: FileStorage,
  input: {
    jobId: number;
    clientKey: string;
    signerName: string;
    image: string;
    now?: Date;
  },
): Promise<ApplyResult> {
  const decoded = decodeSignatureDataUrl(input.image);
  if (!decoded.ok) return invalid(decoded);
  const check = checkImage(decoded.bytes, "image/png", SIGNATURE_LIMITS);
  if (!check.ok) return invalid(check);
  const signatureKey = signatureStorageKey(input.jobId, input.clientKey);
  const signedAt = input.now ?? new Date();
  // The job row first: an unknown job writes no file.
  const [job] = await tx
    .update(dispatchJobs)
    .set({ signatureName: input.signerName.trim(), signatureKey, signedAt, updatedAt: signedAt })
    .where(eq(dispatchJobs.id, input.jobId))
    .returning({ id: dispatchJobs.id });
  if (!job) throw new NotFoundError("Job", input.jobId);
  await storage.put(signatureKey, decoded.bytes, "image/png");
  // The caller recorded the intent before its transaction (techAct); it goes with this commit.
  await clearStorageIntent(tx, signatureKey);
  return { accepted: true, result: { signatureKey, signedAt: signedAt.toISOString(), url: signatureUrl(input.jobId) } };
}

/** The job's current signature image for someone allowed to see it (see requireJobFileReader). */
export async function signatureForReader(
  deps: Pick<ServiceDeps, "db" | "storage">,
  reader: StaffMember,
  jobId: number,
): Promise<StoredFile & { signerName: string }> {
  const { db, storage } = deps;
  await requireJobFileReader(db, reader, jobId);
  const [job] = await db
    .select({ key: dispatchJobs.signatureKey, name: dispatchJobs.signatureName })
    .from(dispatchJobs)
    .where(eq(dispatchJobs.id, jobId));
  if (!job) throw new NotFoundError("Job", jobId);
  if (!job.key) throw new NotFoundError("Signature of job", jobId);
  const file = await storage.get(job.key);
  if (!file) throw new NotFoundError("Signature file", job.key);
  return { bytes: file.bytes, contentType: "image/png", signerName: job.name ?? "" };
}
