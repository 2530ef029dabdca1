"use client";
import { useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import {
  checkTemplate,
  moveItem,
  TEMPLATE_LIMITS,
  type TemplateItem,
  type TemplateItemDraft,
} from "@/lib/domain/checklists/template";
import type { SaveChecklistTemplate } from "@/lib/schemas/actions";
import type { ChecklistTemplateView } from "@/lib/schemas/checklists";
import { formatDateTime, formatTime } from "@/components/ui/format";
import { TemplateItemRow, type EditedItem, type FocusTarget } from "./template-item-row";

type Outcome =
  | { kind: "saved"; at: Date }
  | { kind: "unchanged" }
  | { kind: "problems"; count: number }
  | { kind: "error"; message: string; stale: boolean }
  | null;

const editable = (items: readonly TemplateItem[]): EditedItem[] =>
  items.map((item) => ({ ...item, uid: `k-${item.key}` }));
const draftsOf = (rows: readonly EditedItem[]): TemplateItemDraft[] =>
  rows.map(({ key, labelFr, labelEn, required }) => ({ key, labelFr, labelEn, required }));
const action =
  "rounded px-3 py-1.5 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60";

/**
 * One job kind's checklist, edited in place and saved on its own. The template rules run live
 * once a save was tried, so each problem sits beside its item and goes away when fixed.
 */
export function TemplateEditor({
  saveTemplate,
  template,
  locale,
}: {
  saveTemplate: SaveChecklistTemplate;
  template: ChecklistTemplateView;
  locale: string;
}) {
  const t = useTranslations("checklists");
  const router = useRouter();
  const idPrefix = useId();
  const listRef = useRef<HTMLElement>(null);
  const newIds = useRef(0);
  const [saved, setSaved] = useState(template);
  const [rows, setRows] = useState(() => editable(template.items));
  const [attempted, setAttempted] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  // A selector to focus once the next render is on screen (a ref, so setting it renders nothing).
  const pendingFocus = useRef<string | null>(null);
  const [pending, startTransition] = useTransition();

  const drafts = useMemo(() => draftsOf(rows), [rows]);
  const dirty = JSON.stringify(drafts) !== JSON.stringify(draftsOf(editable(saved.items)));
  const check = useMemo(() => checkTemplate(drafts), [drafts]);
  const problems = attempted && !check.ok ? check.problems : [];
  const listProblems = problems.filter((p) => p.index === null);

  // Focus follows the item a button moved or removed, so a keyboard user keeps their place.
  useEffect(() => {
    if (!pendingFocus.current) return;
    listRef.current?.querySelector<HTMLElement>(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });
  const focusNext = (uid: string, target: FocusTarget) => {
    pendingFocus.current = `[data-focus="${uid}:${target}"]`;
  };

  // Leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const edit = (next: EditedItem[]) => {
    setRows(next);
    if (outcome?.kind !== "problems") setOutcome(null);
  };

  const move = (index: number, direction: "up" | "down") => {
    const uid = rows[index]!.uid;
    const target = direction === "up" ? index - 1 : index + 1;
    edit(moveItem(rows, index, direction));
    // At the top (or bottom) the pressed button turns off; its twin takes the focus.
    const atEdge = target === 0 || target === rows.length - 1;
    focusNext(uid, atEdge ? (direction === "up" ? "down" : "up") : direction);
  };

  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    edit(next);
    const neighbour = next[index] ?? next[index - 1];
    if (neighbour) focusNext(neighbour.uid, "remove");
    else pendingFocus.current = `[data-focus="${idPrefix}:add"]`;
  };

  const add = () => {
    const uid = `n-${++newIds.current}`;
    edit([...rows, { uid, key: null, labelFr: "", labelEn: "", required: false }]);
    focusNext(uid, "labelFr");
  };

  const save = () => {
    setAttempted(true);
    if (!check.ok) {
      setOutcome({ kind: "problems", count: check.problems.length });
      pendingFocus.current = "[aria-invalid=true]";
      return;
    }
    startTransition(async () => {
      const result = await saveTemplate({ jobKind: saved.jobKind, items: drafts, expectedUpdatedAt: saved.updatedAt });
      if (result.ok) {
        setSaved(result.template);
        setRows(editable(result.template.items));
        setAttempted(false);
        setOutcome(result.changed ? { kind: "saved", at: new Date() } : { kind: "unchanged" });
      } else if ("problems" in result) {
        setOutcome({ kind: "problems", count: result.problems.length });
      } else {
        setOutcome({ kind: "error", message: result.error, stale: result.stale });
      }
    });
  };

  const discard = () => {
    setRows(editable(saved.items));
    setAttempted(false);
    setOutcome(null);
  };

  const headingId = `${idPrefix}-heading`;
  return (
    <section
      id={`checklist-${saved.jobKind}`}
      aria-labelledby={headingId}
      ref={listRef}
      className="scroll-mt-4 rounded-lg border border-slate-200 bg-white"
      data-testid={`checklist-editor-${saved.jobKind}`}
    >
      <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-b border-slate-100 px-4 py-2">
        <h2 id={headingId} className="font-medium">
          {t(`kinds.${saved.jobKind}`)}
        </h2>
        <span className="text-xs text-slate-500">{t("itemCount", { count: rows.length })}</span>
        <span className="text-xs text-slate-500">
          {saved.source === "default"
            ? t("source.default")
            : saved.updatedByName
              ? t("source.stored", { name: saved.updatedByName, date: formatDateTime(saved.updatedAt, locale) })
              : t("source.storedUnknown", { date: formatDateTime(saved.updatedAt, locale) })}
        </span>
        {dirty && <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">{t("unsaved")}</span>}
      </header>

      {listProblems.length > 0 && (
        <p className="mx-4 mt-2 rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {listProblems.map((p) => t(`problems.${p.code}`, p.params)).join(" ")}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-600" data-testid="checklist-empty">
          {t("empty")}
        </p>
      ) : (
        <>
          <div
            className="hidden grid-cols-[2rem_1fr_1fr_7rem_auto] gap-2 px-3 pt-2 text-xs font-medium text-slate-600 md:grid"
            aria-hidden
          >
            <span>{t("columns.position")}</span>
            <span>{t("columns.labelFr")}</span>
            <span>{t("columns.labelEn")}</span>
            <span>{t("columns.required")}</span>
            <span>{t("columns.actions")}</span>
          </div>
          <ol className="mt-1" aria-labelledby={headingId}>
            {rows.map((item, index) => (
              <TemplateItemRow
                key={item.uid}
                item={item}
                index={index}
                count={rows.length}
                idPrefix={idPrefix}
                problems={problems.filter((p) => p.index === index)}
                onChange={(patch) => edit(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)))}
                onMove={(direction) => move(index, direction)}
                onRemove={() => remove(index)}
              />
            ))}
          </ol>
        </>
      )}

      <footer className="flex flex-wrap items-center gap-2 border-t border-slate-100 px-4 py-2">
        <button
          type="button"
          onClick={add}
          disabled={rows.length >= TEMPLATE_LIMITS.maxItems}
          data-focus={`${idPrefix}:add`}
          className={`${action} border border-slate-300 text-slate-800 hover:bg-slate-50`}
        >
          + {t("add")}
        </button>
        <span className="flex-1" />
        <button
          type="button"
          onClick={discard}
          disabled={!dirty || pending}
          className={`${action} text-slate-700 hover:bg-slate-100`}
        >
          {t("discard")}
        </button>
        <button
          type="button"
          onClick={save}
          disabled={!dirty || pending}
          data-testid={`checklist-save-${saved.jobKind}`}
          className={`${action} bg-sky-700 text-white hover:bg-sky-800`}
        >
          {pending ? t("saving") : t("save")}
        </button>
      </footer>

      <div className="px-4 pb-2 empty:hidden" aria-live="polite">
        {outcome?.kind === "saved" && (
          <p role="status" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {t("saved", { time: formatTime(outcome.at, locale) })}
          </p>
        )}
        {outcome?.kind === "unchanged" && (
          <p role="status" className="text-sm text-slate-600">
            {t("unchanged")}
          </p>
        )}
        {outcome?.kind === "problems" && problems.length > 0 && (
          <p role="alert" className="text-sm text-rose-800">
            {t("fixProblems", { count: problems.length })}
          </p>
        )}
        {outcome?.kind === "error" && (
          <p
            role="alert"
            className="flex flex-wrap items-center gap-2 rounded bg-rose-50 px-3 py-2 text-sm text-rose-800"
          >
            {outcome.message}
            {outcome.stale && (
              <button
                type="button"
                onClick={() => router.refresh()}
                className="underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700"
              >
                {t("reload")}
              </button>
            )}
          </p>
        )}
      </div>
    </section>
  );
}
