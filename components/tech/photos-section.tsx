"use client";
import { useId, useState } from "react";
import { useTranslations } from "next-intl";
import type { TechJob } from "@/lib/schemas/tech";
import { resizePhoto } from "./photo-resize";
import { INPUT, LABEL, Section } from "./section";

/** Camera photos, shrunk on the phone and queued like every other change. */
export function PhotosSection({
  job,
  editable,
  addPhoto,
}: {
  job: TechJob;
  editable: boolean;
  addPhoto: (jobId: number, image: Blob, caption: string | null) => Promise<void>;
}) {
  const t = useTranslations("techApp.photos");
  const id = useId();
  const [caption, setCaption] = useState("");
  const [state, setState] = useState<"idle" | "working" | "failed">("idle");

  async function take(event: React.ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    event.target.value = "";
    if (files.length === 0) return;
    setState("working");
    try {
      for (const file of files) {
        const { image } = await resizePhoto(file);
        await addPhoto(job.id, image, caption.trim() || null);
      }
      setCaption("");
      setState("idle");
    } catch {
      setState("failed");
    }
  }

  return (
    <Section id="photos" title={t("title", { count: job.photos.length })} testId="photos">
      {job.photos.length === 0 && <p className="text-slate-600">{t("none")}</p>}
      <ul className="grid grid-cols-3 gap-2">
        {job.photos.map((photo) => (
          <li key={photo.id} className="overflow-hidden rounded-lg bg-slate-100">
            <img
              src={photo.url}
              alt={photo.caption ?? t("untitled")}
              className="aspect-square w-full object-cover"
              loading="lazy"
            />
            {photo.caption && <p className="truncate px-1 text-xs text-slate-700">{photo.caption}</p>}
          </li>
        ))}
      </ul>
      {editable && (
        <div className="space-y-2">
          <div>
            <label htmlFor={`${id}-caption`} className={LABEL}>
              {t("caption")}
            </label>
            <input
              id={`${id}-caption`}
              className={INPUT}
              value={caption}
              maxLength={200}
              onChange={(e) => setCaption(e.target.value)}
            />
          </div>
          <label className="flex min-h-12 w-full cursor-pointer items-center justify-center rounded-lg bg-slate-800 px-4 font-semibold text-white focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-sky-600">
            {state === "working" ? t("working") : t("take")}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              className="sr-only"
              onChange={(e) => void take(e)}
              disabled={state === "working"}
              data-testid="photo-input"
            />
          </label>
          {state === "failed" && (
            <p role="alert" className="text-sm font-medium text-rose-700">
              {t("failed")}
            </p>
          )}
        </div>
      )}
    </Section>
  );
}
