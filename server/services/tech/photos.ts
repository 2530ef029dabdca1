/**
 * Job photos: the technician's phone uploads each one once per client key (it queues them
 * offline and replays them), and the job's technician and the dispatch staff read them back.
 * The route checks access before reading the body and the image before calling savePhoto.
 */
import type { ServiceDeps } from "../deps";
import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { dispatchJobPhotos, dispatchJobs } from "../../db/schema";
import type { ImageType } from "../../../lib/domain/media/image";
import { EXTENSION_OF } from "../../../lib/domain/media/image";
import type { TechRefusalCode, TechRefusalText } from "../../../lib/schemas/tech";
import { can } from "../../../lib/domain/capabilities";
import type { StaffRole } from "../actor";
import { NotFoundError, RecordAccessError } from "../errors";
import { recordAudit } from "../audit";
import { photoStorageKey, type StoredFile } from "../../storage";
import { applyOnce, type ApplyResult } from "./action-ledger";
import { techJobAccess, technicianOfUser } from "./tech-access";
import { clearStorageIntent, recordStorageIntent } from "../sweepers/storage-intents";

export interface StaffMember {
  userId: string;
  role: StaffRole;
}

export const photoUrl = (photoId: number) => `/api/tech/photos/${photoId}`;

export type UploadAccess =
  | { ok: true; technicianId: number | null }
  | ({ ok: false; code: "not_your_job" | "reassigned"; message: string } & TechRefusalText);

/**
 * Whether this staff member may add photos to the job: its technicians, or an admin (who is
 * not on the roster and uploads without the phone's ledger). Throws NotFoundError for an
 * unknown job and RecordAccessError for other roles and technicians missing from the roster.
 */
export async function photoUploadAccess(db: Queryable, uploader: StaffMember, jobId: number): Promise<UploadAccess> {
  if (can(uploader.role, "jobs.files.write")) {
    const [job] = await db.select({ id: dispatchJobs.id }).from(dispatchJobs).where(eq(dispatchJobs.id, jobId));
    if (!job) throw new NotFoundError("Job", jobId);
    return { ok: true, technicianId: null };
  }
  if (!can(uploader.role, "tech.work"))
    throw new RecordAccessError(`Your role (${uploader.role}) cannot add job photos`);
  const technician = await technicianOfUser(db, uploader.userId);
  const access = await techJobAccess(db, technician.id, jobId);
  return access.ok ? { ok: true, technicianId: technician.id } : access;
}

/**
 * The request body, or null as soon as it passes `limit` bytes: the rest is never read, so a
 * client that lies about (or omits) Content-Length cannot make the server buffer it.
 */
export async function readBodyUpTo(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

export interface CheckedImage {
  bytes: Uint8Array;
  type: ImageType;
  width: number;
  height: number;
}
export interface PhotoView {
  id: number;
  url: string;
  width: number | null;
  height: number | null;
}

export type PhotoOutcome =
  | { accepted: true; replayed: boolean; photo: PhotoView }
  | ({ accepted: false; replayed: boolean; code: TechRefusalCode; message: string } & TechRefusalText);

type PhotoRow = typeof dispatchJobPhotos.$inferSelect;
const viewOf = (row: Pick<PhotoRow, "id" | "width" | "height">): PhotoView => ({
  id: row.id,
  url: photoUrl(row.id),
  width: row.width,
  height: row.height,
});

/**
 * Stores the photo and records it, once per client key. The file is written inside the
 * transaction that claims the key, so a duplicate arriving meanwhile waits for the first and
 * then answers with its outcome: the object is written once, not once per replay. If the
 * transaction fails after the write, the phone retries with the same key and the same object
 * is rewritten, never a second one.
 */
export async function savePhoto(
  deps: Pick<ServiceDeps, "db" | "storage">,
  uploader: { userId: string; technicianId: number | null },
  upload: {
    jobId: number;
    clientKey: string;
    caption: string | null;
    image: CheckedImage;
  },
): Promise<PhotoOutcome> {
  const { db, storage } = deps;
  const storageKey = photoStorageKey(upload.jobId, upload.clientKey, EXTENSION_OF[upload.image.type]);
  const insert = async (
    tx: Queryable,
  ): Promise<{ row: Pick<PhotoRow, "id" | "width" | "height">; created: boolean }> => {
    const [existing] = await tx.select().from(dispatchJobPhotos).where(eq(dispatchJobPhotos.storageKey, storageKey));
    if (existing) {
      await clearStorageIntent(tx, storageKey);
      return { row: existing, created: false };
    }
    await storage.put(storageKey, upload.image.bytes, upload.image.type);
    // Committed with the photo row; if this transaction fails, the intent stays and the sweeper removes the file.
    await clearStorageIntent(tx, storageKey);
    const [row] = await tx
      .insert(dispatchJobPhotos)
      .values({
        jobId: upload.jobId,
        storageKey,
        contentType: upload.image.type,
        bytes: upload.image.bytes.length,
        width: upload.image.width,
        height: upload.image.height,
        caption: upload.caption,
        uploadedBy: uploader.userId,
      })
      .onConflictDoNothing({ target: dispatchJobPhotos.storageKey })
      .returning();
    if (row) {
      // The uploader is staff: a technician on the job, or an office admin ("jobs.files.write").
      await recordAudit(
        tx,
        { realm: "staff", userId: uploader.userId },
        {
          action: "dispatch.job.photo_added",
          entityType: "dispatch_job",
          entityId: upload.jobId,
          changes: { [`photo:${row.id}`]: { from: null, to: upload.caption ?? row.storageKey } },
        },
      );
      return { row, created: true };
    }
    const [kept] = await tx.select().from(dispatchJobPhotos).where(eq(dispatchJobPhotos.storageKey, storageKey));
    if (!kept) throw new Error(`photo ${storageKey} vanished`);
    return { row: kept, created: false };
  };

  await recordStorageIntent(db, storageKey);
  if (uploader.technicianId === null) {
    const { row, created } = await db.transaction((tx) => insert(tx));
    return { accepted: true, replayed: !created, photo: viewOf(row) };
  }
  const technicianId = uploader.technicianId;
  const outcome = await applyOnce(
    db,
    { clientKey: upload.clientKey, technicianId, jobId: upload.jobId, kind: "photo" },
    async (tx): Promise<ApplyResult> => {
      // Checked again under the key's claim: the board may have reassigned the job since the
      // route looked. No row lock: a slow bucket must not hold up the board's writes to the job.
      const access = await techJobAccess(tx, technicianId, upload.jobId);
      if (!access.ok)
        return { accepted: false, code: access.code, message: access.message, key: access.key, params: access.params };
      const { row } = await insert(tx);
      return { accepted: true, result: { ...viewOf(row) } };
    },
  );
  return outcome.accepted
    ? { accepted: true, replayed: outcome.replayed, photo: outcome.result as unknown as PhotoView }
    : outcome;
}

/**
 * Whether the staff member may read the job's photos and signature: the board's people, or a
 * technician of the job. Throws RecordAccessError otherwise, NotFoundError for an unknown job.
 */
export async function requireJobFileReader(db: Queryable, reader: StaffMember, jobId: number): Promise<void> {
  if (can(reader.role, "jobs.files.read")) return;
  if (!can(reader.role, "tech.work"))
    throw new RecordAccessError(`Your role (${reader.role}) cannot see job photos or signatures`);
  const technician = await technicianOfUser(db, reader.userId);
  const access = await techJobAccess(db, technician.id, jobId);
  if (!access.ok) throw new RecordAccessError(access.message);
}

/** The photo's bytes for someone allowed to see it. The role is checked before the lookup, so other roles learn nothing about which ids exist. */
export async function photoForReader(
  deps: Pick<ServiceDeps, "db" | "storage">,
  reader: StaffMember,
  photoId: number,
): Promise<StoredFile & { id: number }> {
  const { db, storage } = deps;
  if (!can(reader.role, "jobs.files.read") && !can(reader.role, "tech.work")) {
    throw new RecordAccessError(`Your role (${reader.role}) cannot see job photos or signatures`);
  }
  const [photo] = Number.isSafeInteger(photoId)
    ? await db.select().from(dispatchJobPhotos).where(eq(dispatchJobPhotos.id, photoId))
    : [];
  if (!photo) throw new NotFoundError("Photo", photoId);
  await requireJobFileReader(db, reader, photo.jobId);
  const file = await storage.get(photo.storageKey);
  if (!file) throw new NotFoundError("Photo file", photo.storageKey);
  // The type recorded at upload was checked against the bytes; the store's own label was not.
  return { id: photo.id, bytes: file.bytes, contentType: photo.contentType };
}
