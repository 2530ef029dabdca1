"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import type { TechAction, TechJob } from "@/lib/schemas/tech";
import { PRIMARY, SECONDARY, Section } from "./section";
import { jobRecap, nextStatus, type JobRecap } from "./tech-state";
import { checkCompletion } from "@/lib/domain/checklists/completion";

type Act = (jobId: number, action: TechAction) => Promise<void>;

/** En route → on site → done; "done" first shows what was recorded and asks for a summary. */
export function StatusFlow({ job, act }: { job: TechJob; act: Act }) {
  const t = useTranslations("techApp.flow");
  const [finishing, setFinishing] = useState(false);
  const [summary, setSummary] = useState("");
  const next = nextStatus(job.status);
  const recap = jobRecap(job);
  // The server refuses "done" with a required item unticked; the phone says so before it queues anything.
  const completion = checkCompletion(job.checklist);
  const setStatus = (status: "en_route" | "on_site" | "done", text?: string) =>
    void act(job.id, { kind: "status", status, ...(text?.trim() ? { summary: text.trim() } : {}) });

  if (job.status === "done") {
    return (
      <Section id="completion" title={t("completedTitle")} testId="completion-summary">
        <Recap recap={recap} completedAt={job.completedAt} />
      </Section>
    );
  }
  if (job.status === "cancelled" || job.status === "unassigned") {
    return (
      <p role="status" className="rounded-lg bg-slate-100 px-4 py-3 text-slate-700">
        {t(job.status === "cancelled" ? "cancelled" : "unassigned")}
      </p>
    );
  }

  return (
    <Section id="status-flow" title={t("title")} testId="status-flow">
      <ol className="flex gap-1 text-xs font-medium" aria-label={t("steps")}>
        {(["en_route", "on_site", "done"] as const).map((step) => {
          const reached = rank(job.status) >= rank(step);
          return (
            <li
              key={step}
              className={`flex-1 rounded px-2 py-1 text-center ${reached ? "bg-sky-700 text-white" : "bg-slate-100 text-slate-600"}`}
              aria-current={job.status === step ? "step" : undefined}
            >
              {t(`step.${step}`)}
            </li>
          );
        })}
      </ol>
      {next === "en_route" && (
        <div className="grid gap-2">
          <button type="button" className={PRIMARY} onClick={() => setStatus("en_route")} data-testid="status-en_route">
            {t("goEnRoute")}
          </button>
          <button
            type="button"
            className={SECONDARY}
            onClick={() => setStatus("on_site")}
            data-testid="status-on_site-direct"
          >
            {t("alreadyOnSite")}
          </button>
        </div>
      )}
      {next === "on_site" && (
        <button
          type="button"
          className={`${PRIMARY} w-full`}
          onClick={() => setStatus("on_site")}
          data-testid="status-on_site"
        >
          {t("arrive")}
        </button>
      )}
      {next === "done" && !finishing && (
        <button
          type="button"
          className={`${PRIMARY} w-full bg-emerald-700 active:bg-emerald-800`}
          onClick={() => setFinishing(true)}
          data-testid="status-done"
        >
          {t("finish")}
        </button>
      )}
      {next === "done" && finishing && (
        <form
          className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 p-3"
          aria-labelledby="finish-title"
          onSubmit={(event) => {
            event.preventDefault();
            if (!completion.ok) return;
            setStatus("done", summary);
            setFinishing(false);
          }}
          data-testid="finish-form"
        >
          <h3 id="finish-title" className="font-semibold">
            {t("finishTitle")}
          </h3>
          <Recap recap={recap} completedAt={null} />
          {!completion.ok && (
            <p
              id="required-missing"
              role="alert"
              className="text-sm font-semibold text-rose-800"
              data-testid="required-missing"
            >
              {t("requiredMissing", completion.params)}
            </p>
          )}
          {completion.ok && recap.checklistDone < recap.checklistTotal && (
            <p className="text-sm font-medium text-amber-800">
              {t("checklistIncomplete", { left: recap.checklistTotal - recap.checklistDone })}
            </p>
          )}
          {!recap.signedBy && <p className="text-sm font-medium text-amber-800">{t("notSigned")}</p>}
          <label className="block text-sm font-medium text-slate-700" htmlFor="completion-summary">
            {t("summaryLabel")}
          </label>
          <textarea
            id="completion-summary"
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            maxLength={2000}
            rows={4}
            className="block w-full rounded-lg border border-slate-300 bg-white p-3 text-base"
            placeholder={t("summaryPlaceholder")}
          />
          <div className="grid grid-cols-2 gap-2">
            <button type="button" className={SECONDARY} onClick={() => setFinishing(false)}>
              {t("cancel")}
            </button>
            <button
              type="submit"
              disabled={!completion.ok}
              aria-describedby={completion.ok ? undefined : "required-missing"}
              className={`${PRIMARY} bg-emerald-700 active:bg-emerald-800 disabled:opacity-50`}
              data-testid="confirm-done"
            >
              {t("confirmDone")}
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}

const RANKS = { assigned: 0, en_route: 1, on_site: 2, done: 3 } as const;
function rank(status: string): number {
  return RANKS[status as keyof typeof RANKS] ?? -1;
}

function Recap({ recap, completedAt }: { recap: JobRecap; completedAt: string | null }) {
  const t = useTranslations("techApp.flow");
  const format = useFormatter();
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="recap">
      {completedAt && (
        <>
          <dt className="text-slate-600">{t("completedAt")}</dt>
          <dd>{format.dateTime(new Date(completedAt), { hour: "numeric", minute: "2-digit" })}</dd>
        </>
      )}
      <dt className="text-slate-600">{t("recapChecklist")}</dt>
      <dd data-testid="recap-checklist">
        {recap.checklistDone}/{recap.checklistTotal}
      </dd>
      <dt className="text-slate-600">{t("recapEquipment")}</dt>
      <dd data-testid="recap-equipment">
        {recap.equipment.length
          ? recap.equipment
              .map((e) => `${e.serial} (${t(`equipmentStatus.${equipmentStatusKey(e.status)}`)})`)
              .join(", ")
          : "—"}
      </dd>
      <dt className="text-slate-600">{t("recapMaterials")}</dt>
      <dd>{recap.materials.length ? recap.materials.map((m) => `${m.quantity} × ${m.name}`).join(", ") : "—"}</dd>
      <dt className="text-slate-600">{t("recapPhotos")}</dt>
      <dd>{recap.photos}</dd>
      <dt className="text-slate-600">{t("recapSignature")}</dt>
      <dd data-testid="recap-signature">{recap.signedBy ?? "—"}</dd>
    </dl>
  );
}

const EQUIPMENT_STATUSES = ["in_stock", "installed", "removed", "defective", "returned"] as const;
export function equipmentStatusKey(status: string): string {
  return (EQUIPMENT_STATUSES as readonly string[]).includes(status) ? status : "other";
}
