import { z } from "zod";
import { idParam, translatorFor, withStaff } from "@/server/web/route-handler";
import { photoUploadAccess, readBodyUpTo, savePhoto } from "@/server/services/tech/photos";
import {
  baseContentType,
  checkImage,
  imageRefusalText,
  isImageType,
  PHOTO_LIMITS,
  type ImageRefusalReason,
} from "@/lib/domain/media/image";
import { clientKey as clientKeySchema, type TechRefusalCode, type TechRefusalText } from "@/lib/schemas/tech";
import type { Locale } from "@/i18n/request";

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

/**
 * A refusal in the wrapper's shape, `{ error: { code, message } }`, plus what the phone keeps:
 * `refusal` (a TechRefusalCode), the message key and parameters (translated in the technician's
 * language when the notice is shown) and, for images, the `reason`.
 */
function refusalAnswer(
  locale: Locale,
  status: number,
  detail: Required<TechRefusalText> & { refusal?: TechRefusalCode; reason?: ImageRefusalReason },
): Response {
  const code = status === 403 ? "forbidden" : status === 409 ? "conflict" : "invalid";
  const message = translatorFor(locale)(detail.key, detail.params);
  return Response.json({ error: { code, message, ...detail } }, { status, headers });
}

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
 * `errorBody: "flat"` for the wrapper's own refusals (sign-in, role, params, internal errors):
 * phones still running the previous version read `error` as a sentence.
 */
export const POST = withStaff(
  ["jobs.files.write", "tech.work"],
  {
    params: z.object({ jobId: idParam }),
    headers,
    errorBody: "flat",
  },
  async ({ req, deps, staff, locale, params: { jobId } }) => {
    const refuse = (status: number, detail: Parameters<typeof refusalAnswer>[2]) =>
      refusalAnswer(locale, status, detail);
    const imageRefusal = (reason: ImageRefusalReason, text = imageRefusalText(reason, PHOTO_LIMITS)) =>
      refuse(STATUS_OF_REASON[reason], { refusal: "invalid_image", reason, key: text.key, params: text.params });

    const key = clientKeySchema.safeParse(req.headers.get("idempotency-key") ?? "");
    if (!key.success) return refuse(400, { key: "errors.http.idempotencyKey", params: {} });
    const caption = readCaption(req.headers.get("x-caption"));
    if (!caption.ok) return refuse(400, { key: "errors.http.caption", params: { max: 500 } });
    const declaredType = baseContentType(req.headers.get("content-type"));
    if (!isImageType(declaredType)) return imageRefusal("not_an_image");
    const declaredLength = Number(req.headers.get("content-length") ?? 0);
    if (declaredLength > PHOTO_LIMITS.maxBytes) return imageRefusal("too_large");

    const access = await photoUploadAccess(deps.db, staff, jobId);
    if (!access.ok)
      return refuse(access.code === "reassigned" ? 409 : 403, {
        refusal: access.code,
        key: access.key ?? "errors.tech.notYourJob",
        params: access.params ?? { job: jobId },
      });

    const bytes = await readBodyUpTo(req.body, PHOTO_LIMITS.maxBytes);
    if (!bytes) return imageRefusal("too_large");
    const image = checkImage(bytes, declaredType, PHOTO_LIMITS);
    if (!image.ok) return imageRefusal(image.reason, image);

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
      return refuse(outcome.code === "not_your_job" ? 403 : outcome.code === "invalid_image" ? 415 : 409, {
        refusal: outcome.code,
        key: outcome.key ?? `errors.tech.${outcome.code === "key_reused" ? "keyReused" : "notYourJob"}`,
        params: outcome.params ?? { job: jobId },
      });
    }
    return Response.json(outcome.photo, {
      status: outcome.replayed ? 200 : 201,
      headers: { location: outcome.photo.url },
    });
  },
);
