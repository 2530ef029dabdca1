"use client";
import { useTranslations } from "next-intl";
import type { TechAction, TechJob } from "@/lib/schemas/tech";
import { Section } from "./section";

export function ChecklistSection({
  job,
  editable,
  act,
}: {
  job: TechJob;
  editable: boolean;
  act: (jobId: number, action: TechAction) => Promise<void>;
}) {
  const t = useTranslations("techApp.checklist");
  const done = job.checklist.filter((item) => item.done).length;
  return (
    <Section id="checklist" title={t("title", { done, total: job.checklist.length })} testId="checklist">
      {job.checklist.length === 0 && <p className="text-slate-600">{t("empty")}</p>}
      <ul className="divide-y divide-slate-100">
        {job.checklist.map((item) => (
          <li key={item.id}>
            <label
              className="flex min-h-12 cursor-pointer items-center gap-3 py-2"
              data-testid="checklist-item"
              data-item-id={item.id}
              data-done={item.done}
              data-required={item.required}
            >
              <input
                type="checkbox"
                className="h-6 w-6 shrink-0 accent-sky-700"
                checked={item.done}
                disabled={!editable}
                onChange={(event) =>
                  void act(job.id, { kind: "checklist", itemId: item.id, done: event.target.checked })
                }
              />
              <span className={item.done ? "text-slate-500 line-through" : ""}>{item.label}</span>
              {item.required && !item.done ? (
                <span className="ml-auto shrink-0 rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900">
                  {t("required")}
                </span>
              ) : null}
            </label>
          </li>
        ))}
      </ul>
    </Section>
  );
}
