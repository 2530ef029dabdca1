/**
 * Files on ticket messages: a customer's photos, added from the portal to a message of their own
 * right after sending it, and (written by the inbound email service) the attachments of an email.
 * The upload route checks the target before reading the body and the image before calling
 * savePortalPhoto. Readers: staff who read tickets (any file), and the ticket's own customer
 * (files of public messages only: an internal note's files never reach the portal).
 */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { ticketAttachments, ticketMessages, tickets } from "../../db/schema";
import type { Actor, CustomerSession, StaffSession } from "../actor";
import type { ServiceDeps } from "../deps";
import { NotFoundError, RecordAccessError, ServiceError } from "../errors";
import { recordAudit } from "../audit";
import { ticketAttachmentStorageKey } from "../../storage";
import { clearStorageIntent, recordStorageIntent } from "../sweepers/storage-intents";
import { can } from "../../../lib/domain/capabilities";
import { EXTENSION_OF, isImageType, sniffImageType, type ImageType } from "../../../lib/domain/media/image";
import {
  MAX_PHOTOS_PER_MESSAGE,
  photoAttachRule,
  photoFileName,
  type PhotoRefusal,
} from "../../../lib/domain/ticket-desk/attachments";
import type { AttachmentView } from "../../../lib/schemas/ticket-desk";
import { ticketFor } from "./ticket-access";

export const attachmentUrl = (id: number) => `/api/tickets/attachments/${id}`;

type AttachmentRow = typeof ticketAttachments.$inferSelect;

const viewOf = (row: Pick<AttachmentRow, "id" | "fileName" | "contentType" | "bytes">): AttachmentView => ({
  id: row.id,
  fileName: row.fileName,
  contentType: row.contentType,
  bytes: row.bytes,
  url: attachmentUrl(row.id),
  image: isImageType(row.contentType),
});

/** A photo's destination, and the browser's key for this one upload (kept across its retries). */
export interface PhotoTarget {
  ticketId: number;
  messageId: number;
  uploadKey: string;
}

/** Portal uploads get their own key space beside inbound email's files on the same ticket. */
const portalKey = (uploadKey: string) => `portal-${uploadKey}`;

const REFUSALS: Record<PhotoRefusal, () => ServiceError> = {
  not_customer_message: () =>
    new ServiceError("forbidden", "Photos go on the customer's own messages only", {
      key: "errors.ticketAttachment.notYourMessage",
    }),
  window_closed: () =>
    new ServiceError("conflict", "The message is too old to take photos", {
      key: "errors.ticketAttachment.windowClosed",
    }),
  too_many: () =>
    new ServiceError("conflict", `A message holds at most ${MAX_PHOTOS_PER_MESSAGE} photos`, {
      key: "errors.ticketAttachment.tooMany",
      params: { max: MAX_PHOTOS_PER_MESSAGE },
    }),
};

const keyReused = () =>
  new ServiceError("conflict", "This upload key already holds another file", {
    key: "errors.ticketAttachment.keyReused",
  });

/**
 * Whether the customer may add this photo: the ticket must be theirs (another customer's answers
 * as a ticket that does not exist), the message a public one on it, written by them, recently,
 * with room for one more (lib/domain/ticket-desk/attachments). A replay of an upload already
 * stored passes whatever the count, so a retried request gets its first answer. Throws the
 * refusal. With `lock`, holds the message's row so concurrent uploads are counted in turn.
 */
export async function portalPhotoAccess(
  db: Queryable,
  actor: Actor,
  target: PhotoTarget,
  now: Date,
  lock = false,
): Promise<{ replay: AttachmentRow | null }> {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer adds photos to their ticket");
  const ticket = await ticketFor(db, actor, target.ticketId);
  const query = db
    .select({
      id: ticketMessages.id,
      authorKind: ticketMessages.authorKind,
      internal: ticketMessages.internal,
      createdAt: ticketMessages.createdAt,
    })
    .from(ticketMessages)
    .where(
      and(
        eq(ticketMessages.id, target.messageId),
        eq(ticketMessages.ticketId, ticket.id),
        // An internal note is not there for the customer, not even to be refused.
        eq(ticketMessages.internal, false),
      ),
    );
  const [message] = lock ? await query.for("update") : await query;
  if (!message) throw new NotFoundError("Ticket message", target.messageId);
  const prefix = `tickets/${ticket.id}/attachments/${portalKey(target.uploadKey)}.`;
  const [replay] = await db
    .select()
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticket.id), sql`starts_with(${ticketAttachments.storageKey}, ${prefix})`))
    .limit(1);
  if (replay) {
    if (replay.messageId !== message.id) throw keyReused();
    return { replay };
  }
  const [attached] = await db
    .select({ n: count() })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.messageId, message.id));
  const verdict = photoAttachRule({ message, attached: attached?.n ?? 0, now });
  if (!verdict.ok) throw REFUSALS[verdict.reason]();
  return { replay: null };
}

/**
 * Stores the photo, then records it, once per upload key. The file is written inside the
 * transaction that holds the message's row, so a duplicate arriving meanwhile waits and then
 * answers with the first one's row. The storage intent, committed before, outlives a transaction
 * that fails after the write, and the orphan-files sweeper then removes the file.
 */
export async function savePortalPhoto(
  deps: Pick<ServiceDeps, "db" | "storage">,
  actor: Actor,
  upload: PhotoTarget & { fileName: string | null; image: { bytes: Uint8Array; type: ImageType } },
  now: Date,
): Promise<{ replayed: boolean; attachment: AttachmentView }> {
  const storageKey = ticketAttachmentStorageKey(
    upload.ticketId,
    portalKey(upload.uploadKey),
    EXTENSION_OF[upload.image.type],
  );
  await recordStorageIntent(deps.db, storageKey);
  return deps.db.transaction(async (tx) => {
    const { replay } = await portalPhotoAccess(tx, actor, upload, now, true);
    if (replay) {
      // The same key with another type of image is another file, not a retry of the first.
      if (replay.storageKey !== storageKey) throw keyReused();
      await clearStorageIntent(tx, storageKey);
      return { replayed: true, attachment: viewOf(replay) };
    }
    await deps.storage.put(storageKey, upload.image.bytes, upload.image.type);
    await clearStorageIntent(tx, storageKey);
    const [row] = await tx
      .insert(ticketAttachments)
      .values({
        ticketId: upload.ticketId,
        messageId: upload.messageId,
        storageKey,
        fileName: photoFileName(upload.fileName, upload.image.type),
        contentType: upload.image.type,
        bytes: upload.image.bytes.length,
      })
      .onConflictDoNothing({ target: ticketAttachments.storageKey })
      .returning();
    // Only a concurrent upload of the same key to another message of the ticket gets here.
    if (!row) throw keyReused();
    await recordAudit(tx, actor, {
      action: "ticket.attachment",
      entityType: "ticket",
      entityId: upload.ticketId,
      changes: {
        [`attachment:${row.id}`]: { from: null, to: row.fileName },
        message: { from: null, to: row.messageId },
      },
    });
    return { replayed: false, attachment: viewOf(row) };
  });
}

/** The files of these messages of one ticket, oldest first, by message. */
export async function attachmentsOfMessages(
  db: Queryable,
  ticketId: number,
  messageIds: readonly number[],
): Promise<Map<number, AttachmentView[]>> {
  const byMessage = new Map<number, AttachmentView[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({
      id: ticketAttachments.id,
      messageId: ticketAttachments.messageId,
      fileName: ticketAttachments.fileName,
      contentType: ticketAttachments.contentType,
      bytes: ticketAttachments.bytes,
    })
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), inArray(ticketAttachments.messageId, [...messageIds])))
    .orderBy(asc(ticketAttachments.id));
  for (const row of rows) {
    const list = byMessage.get(row.messageId) ?? [];
    list.push(viewOf(row));
    byMessage.set(row.messageId, list);
  }
  return byMessage;
}

export interface AttachmentReader {
  staff: StaffSession | null;
  customer: CustomerSession | null;
}

export interface AttachmentDownload {
  id: number;
  fileName: string;
  /** The recorded image type when the bytes are that image; otherwise application/octet-stream. */
  contentType: string;
  bytes: Uint8Array;
  /** Shown in the page (a checked image) rather than saved (anything else). */
  inline: boolean;
}

/**
 * One file for someone allowed to see it: staff who read tickets, any file; a customer, the
 * files of public messages of their own tickets. Anything else is not found, as an id that does
 * not exist; staff of a role that reads no ticket are refused before the lookup.
 */
export async function attachmentForReader(
  deps: Pick<ServiceDeps, "db" | "storage">,
  reader: AttachmentReader,
  attachmentId: number,
): Promise<AttachmentDownload> {
  const staffReads = reader.staff !== null && can(reader.staff.role, "tickets.read");
  // Both realms can be signed in from one browser: the customer's own files stay reachable.
  if (!staffReads && !reader.customer)
    throw new RecordAccessError(`Your role (${reader.staff?.role ?? "none"}) cannot open ticket files`);
  const scope = staffReads
    ? eq(ticketAttachments.id, attachmentId)
    : and(
        eq(ticketAttachments.id, attachmentId),
        eq(tickets.customerId, reader.customer!.customerId),
        eq(ticketMessages.internal, false),
      );
  const [row] = await deps.db
    .select({
      id: ticketAttachments.id,
      storageKey: ticketAttachments.storageKey,
      fileName: ticketAttachments.fileName,
      contentType: ticketAttachments.contentType,
    })
    .from(ticketAttachments)
    .innerJoin(
      ticketMessages,
      and(eq(ticketMessages.id, ticketAttachments.messageId), eq(ticketMessages.ticketId, ticketAttachments.ticketId)),
    )
    .innerJoin(tickets, eq(tickets.id, ticketAttachments.ticketId))
    .where(scope);
  if (!row) throw new NotFoundError("Ticket attachment", attachmentId);
  const file = await deps.storage.get(row.storageKey);
  if (!file) throw new NotFoundError("Ticket attachment file", row.storageKey);
  // Rendered from our origin only when the bytes are the image recorded; an email's HTML or SVG is saved, never shown.
  const inline = isImageType(row.contentType) && sniffImageType(file.bytes) === row.contentType;
  return {
    id: row.id,
    fileName: row.fileName,
    contentType: inline ? row.contentType : "application/octet-stream",
    bytes: file.bytes,
    inline,
  };
}
