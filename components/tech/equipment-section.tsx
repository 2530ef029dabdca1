"use client";
import { useId, useState } from "react";
import { useTranslations } from "next-intl";
import { EQUIPMENT_KINDS, type EquipmentKind } from "@/lib/domain/equipment/equipment-kind";
import { parseScannedCode } from "@/lib/domain/equipment/identifiers";
import type { TechAction, TechJob } from "@/lib/schemas/tech";
import { BarcodeScanner } from "./barcode-scanner";
import { checkEquipment, type EquipmentCheck, type EquipmentDraft, type Translate } from "./equipment-check";
import { INPUT, LABEL, PRIMARY, SECONDARY, Section } from "./section";
import { equipmentStatusKey } from "./status-flow";

const EMPTY: EquipmentDraft = { serial: "", mac: "", kind: "" };

/** The equipment at the address, and the devices installed or removed on this visit. */
export function EquipmentSection({
  job,
  editable,
  act,
}: {
  job: TechJob;
  editable: boolean;
  act: (jobId: number, action: TechAction) => Promise<void>;
}) {
  const t = useTranslations("techApp.equipment");
  const tAll = useTranslations() as unknown as Translate;
  const id = useId();
  const [draft, setDraft] = useState<EquipmentDraft>(EMPTY);
  const [errors, setErrors] = useState<Extract<EquipmentCheck, { ok: false }> | null>(null);
  const [scanning, setScanning] = useState(false);
  const [scanNote, setScanNote] = useState<string | null>(null);

  const check = (value: EquipmentDraft) =>
    checkEquipment(value, {
      jobKind: job.kind,
      known: job.equipment,
      say: tAll,
      duplicate: (serial) => t("duplicate", { serial }),
    });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const result = check(draft);
    if (!result.ok) {
      setErrors(result);
      return;
    }
    setErrors(null);
    setScanNote(null);
    void act(job.id, {
      kind: "equipment",
      operation: "install",
      serial: result.serial,
      ...(result.mac ? { mac: result.mac } : {}),
      ...(result.kind ? { equipmentKind: result.kind } : {}),
    });
    setDraft(EMPTY);
  }

  function scanned(text: string) {
    setScanning(false);
    const code = parseScannedCode(text);
    if (!code.serial && !code.mac) {
      setScanNote(t("scanNothing"));
      return;
    }
    const next = { ...draft, serial: code.serial ?? draft.serial, mac: code.mac ?? draft.mac };
    setDraft(next);
    setScanNote(
      t("scanFilled", {
        fields: [code.serial ? t("serial") : null, code.mac ? t("mac") : null].filter(Boolean).join(" + "),
      }),
    );
    const result = check(next);
    setErrors(result.ok ? null : result);
  }

  const installed = job.equipment.filter((item) => item.status !== "removed");
  const removed = job.equipment.filter((item) => item.status === "removed");

  return (
    <Section id="equipment" title={t("title")} testId="equipment">
      {job.equipment.length === 0 && <p className="text-slate-600">{t("none")}</p>}
      <ul className="divide-y divide-slate-100">
        {[...installed, ...removed].map((item) => (
          <li
            key={`${item.id}-${item.serial}`}
            className="flex items-center justify-between gap-2 py-2"
            data-testid="equipment-item"
            data-serial={item.serial}
            data-status={item.status}
          >
            <div className="min-w-0">
              <p className="font-mono text-sm font-medium break-all">{item.serial}</p>
              <p className="text-xs text-slate-600">
                {t(`kinds.${kindKey(item.kind)}`)}
                {item.model ? ` · ${item.model}` : ""}
                {item.mac ? ` · ${item.mac}` : ""} · {t(`status.${equipmentStatusKey(item.status)}`)}
              </p>
            </div>
            {editable && item.status === "installed" && (
              <button
                type="button"
                className={`${SECONDARY} min-h-11 shrink-0 px-3 text-sm`}
                onClick={() => void act(job.id, { kind: "equipment", operation: "remove", serial: item.serial })}
                aria-label={t("removeSerial", { serial: item.serial })}
              >
                {t("remove")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <form
          className="space-y-2 border-t border-slate-100 pt-2"
          onSubmit={submit}
          noValidate
          data-testid="equipment-form"
        >
          <h3 className="font-medium">{t("installTitle")}</h3>
          <button
            type="button"
            className={`${SECONDARY} w-full`}
            onClick={() => {
              setScanNote(null);
              setScanning(true);
            }}
            data-testid="scan"
          >
            {t("scan")}
          </button>
          {scanNote && (
            <p role="status" className="text-sm text-slate-700">
              {scanNote}
            </p>
          )}
          {scanning && (
            <BarcodeScanner
              onResult={scanned}
              onClose={(note) => {
                setScanning(false);
                setScanNote(note);
              }}
            />
          )}
          <div>
            <label htmlFor={`${id}-serial`} className={LABEL}>
              {t("serial")}
            </label>
            <input
              id={`${id}-serial`}
              className={`${INPUT} font-mono uppercase`}
              value={draft.serial}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setDraft({ ...draft, serial: e.target.value })}
              aria-invalid={errors?.serial ? true : undefined}
              aria-describedby={`${id}-serial-help`}
            />
            <p
              id={`${id}-serial-help`}
              className={`text-xs ${errors?.serial ? "font-medium text-rose-700" : "text-slate-500"}`}
              data-testid={errors?.serial ? "serial-error" : undefined}
            >
              {errors?.serial ?? t("serialHint")}
            </p>
          </div>
          <div>
            <label htmlFor={`${id}-mac`} className={LABEL}>
              {t("macOptional")}
            </label>
            <input
              id={`${id}-mac`}
              className={`${INPUT} font-mono uppercase`}
              value={draft.mac}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              placeholder="AA:BB:CC:DD:EE:FF"
              onChange={(e) => setDraft({ ...draft, mac: e.target.value })}
              aria-invalid={errors?.mac ? true : undefined}
              aria-describedby={`${id}-mac-help`}
            />
            <p
              id={`${id}-mac-help`}
              className={`text-xs ${errors?.mac ? "font-medium text-rose-700" : "text-slate-500"}`}
              data-testid={errors?.mac ? "mac-error" : undefined}
            >
              {errors?.mac ?? t("macHint")}
            </p>
          </div>
          <div>
            <label htmlFor={`${id}-kind`} className={LABEL}>
              {t("kind")}
            </label>
            <select
              id={`${id}-kind`}
              className={INPUT}
              value={draft.kind}
              onChange={(e) => setDraft({ ...draft, kind: e.target.value as EquipmentKind | "" })}
              aria-invalid={errors?.kind ? true : undefined}
              aria-describedby={errors?.kind ? `${id}-kind-help` : undefined}
            >
              <option value="">{t("kindAuto")}</option>
              {EQUIPMENT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kinds.${kind}`)}
                </option>
              ))}
            </select>
            {errors?.kind && (
              <p id={`${id}-kind-help`} className="text-xs font-medium text-rose-700">
                {t("kindNeeded")}
              </p>
            )}
          </div>
          <button type="submit" className={`${PRIMARY} w-full`} data-testid="equipment-add">
            {t("install")}
          </button>
        </form>
      )}
    </Section>
  );
}

function kindKey(kind: string): string {
  return (EQUIPMENT_KINDS as readonly string[]).includes(kind) ? kind : "other";
}
