"use client";
import { useTranslations } from "next-intl";
import type { TemplateProblem } from "@/lib/domain/checklists/template";

/** One item as edited: `uid` keeps React and focus on the same row while it moves. */
export interface EditedItem {
  uid: string;
  key: string | null;
  labelFr: string;
  labelEn: string;
  required: boolean;
}

export type FocusTarget = "labelFr" | "up" | "down" | "remove";

const field =
  "w-full rounded border bg-white px-2 py-1.5 text-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700";
const button =
  "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700 disabled:cursor-not-allowed disabled:opacity-40";

/** The row's problems in the page's language, by field; the API's own messages are bilingual. */
function useProblemText() {
  const t = useTranslations("checklists.problems");
  return (problem: TemplateProblem) => t(problem.code, problem.params);
}

export function TemplateItemRow({
  item,
  index,
  count,
  problems,
  idPrefix,
  onChange,
  onMove,
  onRemove,
}: {
  item: EditedItem;
  index: number;
  count: number;
  problems: TemplateProblem[];
  idPrefix: string;
  onChange: (patch: Partial<EditedItem>) => void;
  onMove: (direction: "up" | "down") => void;
  onRemove: () => void;
}) {
  const t = useTranslations("checklists");
  const problemText = useProblemText();
  const n = index + 1;
  const id = `${idPrefix}-${item.uid}`;
  const of = (f: TemplateProblem["field"]) => problems.filter((p) => p.field === f);
  const focusKey = (target: FocusTarget) => `${item.uid}:${target}`;

  const label = (f: "labelFr" | "labelEn") => {
    const errors = of(f);
    return (
      <div>
        <input
          id={`${id}-${f}`}
          value={item[f]}
          onChange={(e) => onChange({ [f]: e.target.value })}
          maxLength={250}
          aria-label={t(f === "labelFr" ? "itemLabelFr" : "itemLabelEn", { n })}
          aria-invalid={errors.length > 0}
          aria-describedby={errors.length > 0 ? `${id}-${f}-error` : undefined}
          lang={f === "labelFr" ? "fr" : "en"}
          data-focus={f === "labelFr" ? focusKey("labelFr") : undefined}
          className={`${field} ${errors.length > 0 ? "border-rose-500" : "border-slate-300"}`}
        />
        {errors.length > 0 && (
          <p id={`${id}-${f}-error`} className="mt-0.5 text-xs text-rose-700">
            {errors.map(problemText).join(" ")}
          </p>
        )}
      </div>
    );
  };
  const keyErrors = of("key");

  return (
    <li
      className="grid grid-cols-1 items-start gap-2 border-t border-slate-100 px-3 py-2 md:grid-cols-[2rem_1fr_1fr_7rem_auto]"
      data-testid="checklist-item"
    >
      <span className="pt-1.5 text-sm tabular-nums text-slate-500" aria-hidden>
        {n}
      </span>
      {label("labelFr")}
      {label("labelEn")}
      <label className="flex items-center gap-2 pt-1.5 text-sm" htmlFor={`${id}-required`}>
        <input
          id={`${id}-required`}
          type="checkbox"
          checked={item.required}
          onChange={(e) => onChange({ required: e.target.checked })}
          aria-label={t("itemRequired", { n })}
          className="h-4 w-4 accent-sky-700"
        />
        <span aria-hidden className="md:hidden">
          {t("columns.required")}
        </span>
      </label>
      <div className="flex gap-1">
        <button
          type="button"
          className={button}
          onClick={() => onMove("up")}
          disabled={index === 0}
          aria-label={t("moveUp", { n })}
          data-focus={focusKey("up")}
        >
          ↑
        </button>
        <button
          type="button"
          className={button}
          onClick={() => onMove("down")}
          disabled={index === count - 1}
          aria-label={t("moveDown", { n })}
          data-focus={focusKey("down")}
        >
          ↓
        </button>
        <button
          type="button"
          className={`${button} text-rose-700`}
          onClick={onRemove}
          aria-label={t("remove", { n })}
          data-focus={focusKey("remove")}
        >
          ✕
        </button>
      </div>
      {keyErrors.length > 0 && (
        <p className="text-xs text-rose-700 md:col-span-5" role="alert">
          {keyErrors.map(problemText).join(" ")}
        </p>
      )}
    </li>
  );
}
