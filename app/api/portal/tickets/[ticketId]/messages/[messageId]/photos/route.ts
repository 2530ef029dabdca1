import { z } from "zod";
import { idParam, translatorFor, withCustomer } from "@/server/web/route-handler";
import { readBodyUpTo } from "@/server/services/tech/photos";
import { portalPhotoAccess, savePortalPhoto } from "@/server/services/tickets/ticket-attachments";
import {
  baseContentType,
  checkImage,
  imageRefusalText,
  isImageType,
  PHOTO_LIMITS,
  type ImageRefusalReason,
} from "@/lib/domain/media/image";
import { requestKey } from "@/lib/schemas/ticket-desk";

const headers = { "cache-control": "no-store" };

const STATUS_OF_REASON: Record<ImageRefusalReason, number> = {
  empty: 400,
  too_large: 413,
  not_an_image: 415,
  type_not_allowed: 415,
  type_mismatch: 415,
  unreadable: 422,
  too_many_pixels: 422,
};

const FILE_NAME_MAX = 255;

/** X-File-Name carries the photo's name as UTF-8 percent-encoded (encodeURIComponent): header values are not UTF-8. */
function readFileName(header: string | null): { ok: true; name: string | null } | { ok: false } {
  if (!header) return { ok: true, name: null };
  try {
    const name = decodeURIComponent(header);
    return name.length <= FILE_NAME_MAX ? { ok: true, name } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/**
 * A photo the customer adds to a message of theirs, right after sending it from the portal: the
 * raw image as the body, `Idempotency-Key` the browser's key for this photo (201 the first time,
 * 200 with the same body for every replay), `X-File-Name` its name. The customer comes from the
 * session; the ticket must be theirs (another's is 404) and the message a recent one of theirs,
 * all checked before the body is read. Technicians' rules for the image: type sniffed from the
 * bytes, size and pixel caps (lib/domain/media/image). Refusals in the request's language.
 */
export const POST = withCustomer(
  {
    params: z.object({ ticketId: idParam, messageId: idParam }),
    headers,
  },
  async ({ req, deps, customer, locale, refuse, params: { ticketId, messageId } }) => {
    // The check's own text names what it found (the sniffed type, the size); a refusal without the body has none.
    const imageRefusal = (reason: ImageRefusalReason, text = imageRefusalText(reason, PHOTO_LIMITS)) => {
      const message = translatorFor(locale)(text.key, text.params);
      return Response.json(
        { error: { code: "invalid", message, reason, key: text.key, params: text.params } },
        { status: STATUS_OF_REASON[reason], headers },
      );
    };
    const key = requestKey.safeParse(req.headers.get("idempotency-key") ?? "");
    if (!key.success) return refuse(400, "invalid", "errors.http.idempotencyKey");
    const fileName = readFileName(req.headers.get("x-file-name"));
    if (!fileName.ok) return refuse(400, "invalid", "errors.ticketAttachment.fileName", { max: FILE_NAME_MAX });
    const declaredType = baseContentType(req.headers.get("content-type"));
    if (!isImageType(declaredType)) return imageRefusal("not_an_image");
    if (Number(req.headers.get("content-length") ?? 0) > PHOTO_LIMITS.maxBytes) return imageRefusal("too_large");

    const actor = {
      realm: "customer" as const,
      userId: customer.userId,
      customerId: customer.customerId,
      name: customer.name,
    };
    const target = { ticketId, messageId, uploadKey: key.data };
    const now = new Date();
    await portalPhotoAccess(deps.db, actor, target, now);

    const bytes = await readBodyUpTo(req.body, PHOTO_LIMITS.maxBytes);
    if (!bytes) return imageRefusal("too_large");
    const image = checkImage(bytes, declaredType, PHOTO_LIMITS);
    if (!image.ok) return imageRefusal(image.reason, image);

    const outcome = await savePortalPhoto(
      deps,
      actor,
      { ...target, fileName: fileName.name, image: { bytes, type: image.type } },
      now,
    );
    return Response.json(outcome.attachment, {
      status: outcome.replayed ? 200 : 201,
      headers: { location: outcome.attachment.url },
    });
  },
);
