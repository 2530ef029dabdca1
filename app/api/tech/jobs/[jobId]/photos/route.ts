import { z } from "zod";
import { idParam, withStaff } from "@/server/web/route-handler";
import { photoUploadAccess, readBodyUpTo, savePhoto } from "@/server/services/tech/photos";
import {
  baseContentType,
  checkImage,
  imageRefusalMessage,
  isImageType,
  PHOTO_LIMITS,
  type ImageRefusalReason,
} from "@/lib/domain/media/image";
import { clientKey as clientKeySchema, type TechRefusalCode } from "@/lib/schemas/tech";

const headers = { "cache-control": "no-store" };
const fail = (status: number, error: string, extra: { code?: TechRefusalCode; reason?: ImageRefusalReason } = {}) =>
  Response.json({ error, ...extra }, { status, headers });

const STATUS_OF_REASON: Record<ImageRefusalReason, number> = {
  empty: 400,
  too_large: 413,
  not_an_image: 415,
  type_not_allowed: 415,
  type_mismatch: 415,
  unreadable: 422,
  too_many_pixels: 422,
};
const imageRefusal = (reason: ImageRefusalReason, message = imageRefusalMessage(reason, PHOTO_LIMITS)) =>
  fail(STATUS_OF_REASON[reason], message, { code: "invalid_image", reason });

/** X-Caption carries UTF-8 percent-encoded (encodeURIComponent), since header values are not UTF-8. */
function readCaption(header: string | null): { ok: true; caption: string | null } | { ok: false } {
  if (!header) return { ok: true, caption: null };
  try {
    const caption = decodeURIComponent(header).trim();
    return caption.length <= 500 ? { ok: true, caption: caption || null } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/**
 * A job photo from the technician's phone: the raw image as the body, `Idempotency-Key` set to
 * the phone's client key. 201 the first time, 200 with the same body for every replay of the key.
 * Everything that can be refused without the body is refused before reading it. The job's
 * technician ("tech.work", scoped by photoUploadAccess) or anyone with "jobs.files.write".
 * `errorBody: "flat"`: the phone's queue (components/tech/tech-api.ts) reads `error` as a sentence
 * and `code` as a TechRefusalCode, as in this route's own refusals.
 */
export const POST = withStaff(
  ["jobs.files.write", "tech.work"],
  {
    params: z.object({ jobId: idParam }),
    headers,
    errorBody: "flat",
  },
  async ({ req, deps, staff, params: { jobId } }) => {
    const key = clientKeySchema.safeParse(req.headers.get("idempotency-key") ?? "");
    if (!key.success) return fail(400, `Idempotency-Key header: ${key.error.issues[0]!.message}`);
    const caption = readCaption(req.headers.get("x-caption"));
    if (!caption.ok)
      return fail(
        400,
        "X-Caption must be percent-encoded UTF-8, at most 500 characters / X-Caption doit être de l'UTF-8 encodé en %, 500 caractères au plus",
      );
    const declaredType = baseContentType(req.headers.get("content-type"));
    if (!isImageType(declaredType)) return imageRefusal("not_an_image");
    const declaredLength = Number(req.headers.get("content-length") ?? 0);
    if (declaredLength > PHOTO_LIMITS.maxBytes) return imageRefusal("too_large");

    const access = await photoUploadAccess(deps.db, staff, jobId);
    if (!access.ok) return fail(access.code === "reassigned" ? 409 : 403, access.message, { code: access.code });

    const bytes = await readBodyUpTo(req.body, PHOTO_LIMITS.maxBytes);
    if (!bytes) return imageRefusal("too_large");
    const image = checkImage(bytes, declaredType, PHOTO_LIMITS);
    if (!image.ok) return imageRefusal(image.reason, image.message);

    const outcome = await savePhoto(
      deps,
      { userId: staff.userId, technicianId: access.technicianId },
      {
        jobId,
        clientKey: key.data,
        caption: caption.caption,
        image: { bytes, type: image.type, width: image.width, height: image.height },
      },
    );
    if (!outcome.accepted) {
      return fail(
        outcome.code === "not_your_job" ? 403 : outcome.code === "invalid_image" ? 415 : 409,
        outcome.message,
        { code: outcome.code },
      );
    }
    return Response.json(outcome.photo, {
      status: outcome.replayed ? 200 : 201,
      headers: { location: outcome.photo.url },
    });
  },
);
