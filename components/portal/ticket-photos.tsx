"use client";
/**
 * Photos on a portal request: the customer picks up to MAX_PHOTOS_PER_MESSAGE images, checked
 * here for type and size so a wrong file is named at once (the server checks again, from the
 * bytes); once the message is written, each photo goes to the upload route with its own key,
 * kept across retries, so sending again after a failure never stores a photo twice.
 */
import { useId } from "react";
import { useTranslations } from "next-intl";
import { newRequestKey } from "@/components/office/tickets/error-text";
import { IMAGE_TYPES, PHOTO_LIMITS } from "@/lib/domain/media/image";
import { MAX_PHOTOS_PER_MESSAGE } from "@/lib/domain/ticket-desk/attachments";

export interface PickedPhoto {
  key: string;
  file: File;
}

const MAX_MB = Math.round(PHOTO_LIMITS.maxBytes / 1024 / 1024);

/** The files kept from a pick, and the sentence for the first one refused (null: all kept). */
function pick(
  current: PickedPhoto[],
  files: File[],
  t: ReturnType<typeof useTranslations>,
): { photos: PickedPhoto[]; problem: string | null } {
  const photos = [...current];
  let problem: string | null = null;
  for (const file of files) {
    if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) problem ??= t("pick.type", { name: file.name });
    else if (file.size > PHOTO_LIMITS.maxBytes) problem ??= t("pick.size", { name: file.name, max: MAX_MB });
    else if (photos.length >= MAX_PHOTOS_PER_MESSAGE) problem ??= t("pick.tooMany", { max: MAX_PHOTOS_PER_MESSAGE });
    else photos.push({ key: newRequestKey(), file });
  }
  return { photos, problem };
}

export function PhotoPicker({
  photos,
  onChange,
  problem,
  onProblem,
  disabled,
}: {
  photos: PickedPhoto[];
  onChange: (photos: PickedPhoto[]) => void;
  problem: string | null;
  onProblem: (problem: string | null) => void;
  disabled?: boolean;
}) {
  const t = useTranslations("ticketAttachments");
  const id = useId();
  return (
    <div className="space-y-2" data-testid="photo-picker">
      <label htmlFor={`${id}-files`} className="block">
        {t("pick.label", { max: MAX_PHOTOS_PER_MESSAGE })}
      </label>
      <input
        id={`${id}-files`}
        type="file"
        accept={IMAGE_TYPES.join(",")}
        multiple
        disabled={disabled || photos.length >= MAX_PHOTOS_PER_MESSAGE}
        aria-describedby={`${id}-rules`}
        className="block w-full text-sm file:mr-3 file:rounded file:border file:border-slate-300 file:bg-white file:px-3 file:py-2"
        onChange={(e) => {
          const picked = pick(photos, [...(e.target.files ?? [])], t);
          onChange(picked.photos);
          onProblem(picked.problem);
          e.target.value = "";
        }}
      />
      <p id={`${id}-rules`} className="text-xs text-slate-500">
        {t("pick.rules", { max: MAX_PHOTOS_PER_MESSAGE, size: MAX_MB })}
      </p>
      {problem && (
        <p role="alert" className="text-sm text-rose-800">
          {problem}
        </p>
      )}
      {photos.length > 0 && (
        <ul className="space-y-1 text-sm" aria-label={t("pick.chosen")}>
          {photos.map((p) => (
            <li key={p.key} className="flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate">{p.file.name}</span>
              <button
                type="button"
                disabled={disabled}
                className="rounded border border-slate-300 px-2 py-1 text-xs"
                onClick={() => onChange(photos.filter((other) => other.key !== p.key))}
                aria-label={t("pick.remove", { name: p.file.name })}
              >
                {t("pick.removeShort")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Sends the photos one after the other to the message just written. Returns the photos still to
 * send (the failed one and those after it) and the server's sentence, already in the page's
 * language, or an empty list and null when all arrived.
 */
export async function uploadPhotos(
  ticketId: number,
  messageId: number,
  photos: PickedPhoto[],
  networkError: string,
): Promise<{ remaining: PickedPhoto[]; error: string | null }> {
  for (const [index, photo] of photos.entries()) {
    let error: string | null = null;
    try {
      const response = await fetch(`/api/portal/tickets/${ticketId}/messages/${messageId}/photos`, {
        method: "POST",
        headers: {
          "content-type": photo.file.type,
          "idempotency-key": photo.key,
          "x-file-name": encodeURIComponent(photo.file.name),
        },
        body: photo.file,
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        error = body?.error?.message ?? networkError;
      }
    } catch {
      error = networkError;
    }
    if (error) return { remaining: photos.slice(index), error };
  }
  return { remaining: [], error: null };
}
