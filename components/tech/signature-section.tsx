"use client";
import { useCallback, useId, useRef, useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import type { TechAction, TechJob } from "@/lib/schemas/tech";
import { INPUT, LABEL, PRIMARY, SECONDARY, Section } from "./section";
import { SignaturePad, type SignaturePadHandle } from "./signature-pad";

/** The customer signs on the phone and gives their name; both go with the job. */
export function SignatureSection({
  job,
  editable,
  act,
}: {
  job: TechJob;
  editable: boolean;
  act: (jobId: number, action: TechAction) => Promise<void>;
}) {
  const t = useTranslations("techApp.signature");
  const format = useFormatter();
  const id = useId();
  const pad = useRef<SignaturePadHandle>(null);
  const [name, setName] = useState(job.customer?.name ?? "");
  const [inked, setInked] = useState(false);
  const [signing, setSigning] = useState(job.signature === null);
  const [error, setError] = useState<string | null>(null);
  const onInk = useCallback((value: boolean) => setInked(value), []);

  function save(event: React.FormEvent) {
    event.preventDefault();
    const image = pad.current?.toPng() ?? null;
    if (name.trim().length < 2) {
      setError(t("nameNeeded"));
      return;
    }
    if (!image) {
      setError(t("inkNeeded"));
      return;
    }
    setError(null);
    void act(job.id, { kind: "signature", signerName: name.trim(), image });
    setSigning(false);
  }

  return (
    <Section id="signature" title={t("title")} testId="signature">
      {job.signature && (
        <figure className="space-y-1" data-testid="signature-saved">
          {/* The customer's signature, as signed on the pad. */}
          <img
            src={job.signature.url}
            alt={t("signedBy", { name: job.signature.name })}
            className="h-24 rounded border border-slate-200 bg-white object-contain"
          />
          <figcaption className="text-sm text-slate-700">
            {t("signedBy", { name: job.signature.name })} ·{" "}
            {format.dateTime(new Date(job.signature.signedAt), { hour: "numeric", minute: "2-digit" })}
          </figcaption>
        </figure>
      )}
      {!job.signature && !editable && <p className="text-slate-600">{t("none")}</p>}
      {editable && !signing && job.signature && (
        <button type="button" className={SECONDARY} onClick={() => setSigning(true)}>
          {t("again")}
        </button>
      )}
      {editable && signing && (
        <form className="space-y-2" onSubmit={save} noValidate>
          <p className="text-sm text-slate-600" id={`${id}-help`}>
            {t("help")}
          </p>
          <SignaturePad ref={pad} label={t("padLabel")} onInk={onInk} />
          <div>
            <label htmlFor={`${id}-name`} className={LABEL}>
              {t("name")}
            </label>
            <input
              id={`${id}-name`}
              className={INPUT}
              value={name}
              autoComplete="off"
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
              data-testid="signer-name"
            />
          </div>
          {error && (
            <p role="alert" className="text-sm font-medium text-rose-700">
              {error}
            </p>
          )}
          <div className="grid grid-cols-2 gap-2">
            <button type="button" className={SECONDARY} onClick={() => pad.current?.clear()} disabled={!inked}>
              {t("clear")}
            </button>
            <button type="submit" className={PRIMARY} data-testid="signature-save">
              {t("save")}
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}
