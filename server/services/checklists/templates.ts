/**
 * Checklist templates per job kind (edited in the office) and the per-job copy a technician
 * ticks. A job copies its template once, when first read, so later template edits never change
 * a checklist already under way; kinds the office never saved use DEFAULT_TEMPLATES.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import {
  checklistTemplates,
  customers,
  dispatchJobChecklistItems,
  dispatchJobs,
  jobKind,
  staffUsers,
} from "../../db/schema";
import {
  checkTemplate,
  checklistLabelsFor,
  type ChecklistLanguage,
  type TemplateItem,
  type TemplateItemDraft,
  type TemplateProblem,
} from "../../../lib/domain/checklists/template";
import { can } from "../../../lib/domain/capabilities";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, RecordAccessError, RuleViolationError } from "../errors";
import { DEFAULT_TEMPLATES, type JobKind } from "./default-templates";
import type { ChecklistTemplateView } from "../../../lib/schemas/checklists";

export type { JobKind } from "./default-templates";
export const JOB_KINDS = jobKind.enumValues;

export type { ChecklistTemplateView } from "../../../lib/schemas/checklists";

export interface SaveTemplateInput {
  jobKind: JobKind;
  items: TemplateItemDraft[];
  /** The `updatedAt` the editor loaded (null: it showed the default). Omitted: last save wins. */
  expectedUpdatedAt?: string | null;
}

export interface JobChecklistItem {
  id: number;
  position: number;
  label: string;
  /** The template's flag, copied: the job cannot be marked done while this item is unticked. */
  required: boolean;
  done: boolean;
  doneAt: Date | null;
  doneBy: string | null;
}

/** Advisory lock namespace of checklist copies (the second key is the job id). */
const INSTANTIATE_LOCK = 7_420_050;

const KIND_NAMES: Record<JobKind, { en: string; fr: string }> = {
  install: { en: "installation", fr: "installation" },
  repair: { en: "repair", fr: "réparation" },
  removal: { en: "removal", fr: "retrait" },
  move: { en: "move", fr: "déménagement" },
  maintenance: { en: "maintenance", fr: "entretien" },
  survey: { en: "site survey", fr: "visite technique" },
};

// jsonb does not keep key order, so stored items are rebuilt in one shape before any comparison.
const itemOf = (i: TemplateItem): TemplateItem => ({
  key: i.key,
  labelFr: i.labelFr,
  labelEn: i.labelEn,
  required: i.required,
});

function defaultView(kind: JobKind): ChecklistTemplateView {
  return {
    jobKind: kind,
    items: DEFAULT_TEMPLATES[kind].map(itemOf),
    source: "default",
    updatedAt: null,
    updatedByName: null,
  };
}

async function storedTemplates(db: Queryable, kind?: JobKind) {
  const query = db
    .select({
      jobKind: checklistTemplates.jobKind,
      items: checklistTemplates.items,
      updatedAt: checklistTemplates.updatedAt,
      updatedByName: staffUsers.name,
    })
    .from(checklistTemplates)
    .leftJoin(staffUsers, eq(staffUsers.id, checklistTemplates.updatedBy));
  const rows = kind ? await query.where(eq(checklistTemplates.jobKind, kind)) : await query;
  return rows.map((row): ChecklistTemplateView => ({
    jobKind: row.jobKind,
    items: row.items.map(itemOf),
    source: "stored",
    updatedAt: row.updatedAt.toISOString(),
    updatedByName: row.updatedByName,
  }));
}

/** Every job kind, in the enum's order: its stored template, or the default. */
export async function listTemplates(db: Queryable): Promise<ChecklistTemplateView[]> {
  const stored = new Map((await storedTemplates(db)).map((t) => [t.jobKind, t]));
  return JOB_KINDS.map((kind) => stored.get(kind) ?? defaultView(kind));
}

export async function getTemplate(db: Queryable, kind: JobKind): Promise<ChecklistTemplateView> {
  const [stored] = await storedTemplates(db, kind);
  return stored ?? defaultView(kind);
}

const sameItems = (a: readonly TemplateItem[], b: readonly TemplateItem[]) =>
  JSON.stringify(a.map(itemOf)) === JSON.stringify(b.map(itemOf));

function staleRefusal(kind: JobKind, current: ChecklistTemplateView): RuleViolationError {
  const who = current.updatedByName ?? "someone";
  const whoFr = current.updatedByName ?? "quelqu'un";
  return new RuleViolationError(
    `${who} saved the ${KIND_NAMES[kind].en} checklist after you opened it; reload the page to see their version / ` +
      `${whoFr} a enregistré la liste « ${KIND_NAMES[kind].fr} » après que vous l'avez ouverte; rechargez la page pour voir sa version`,
    "expectedUpdatedAt",
    { key: "errors.checklists.stale", params: { who: current.updatedByName ?? "nobody" } },
  );
}

/**
 * A template the rules refuse: every problem in the English message, the first one as the key a
 * person reads (errors.checklists.<code>), with its item (1-based) and the label's language.
 */
function templateRefusal(problems: readonly TemplateProblem[]): RuleViolationError {
  const first = problems[0]!;
  const params = {
    ...first.params,
    item: first.index === null ? 0 : first.index + 1,
    language: first.field === "labelEn" ? "en" : "fr",
  };
  return new RuleViolationError(
    problems.map((p) => p.message).join("; "),
    first.index === null ? "items" : `items.${first.index}.${first.field}`,
    { key: `errors.checklists.${first.code}`, params },
  );
}

/**
 * Validates (lib/domain/checklists/template) and stores the template of one job kind, with an
 * audit entry in the same transaction. An edit that changes nothing writes nothing.
 */
export async function saveTemplate(
  db: Queryable,
  actor: Actor,
  input: SaveTemplateInput,
): Promise<{ changed: boolean; template: ChecklistTemplateView }> {
  // Second layer: the procedure already checked the role; a service caller (a page action, a
  // script) that is not an editor is refused here too.
  if (actor.realm !== "staff" || !can(actor.role, "checklists.edit")) {
    throw new RecordAccessError("Only administrators and dispatchers edit checklist templates");
  }
  if (!JOB_KINDS.includes(input.jobKind)) throw new NotFoundError("Job kind", input.jobKind);
  const check = checkTemplate(input.items);
  if (!check.ok) throw templateRefusal(check.problems);

  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: checklistTemplates.id })
      .from(checklistTemplates)
      .where(eq(checklistTemplates.jobKind, input.jobKind))
      .for("update");
    const current = await getTemplate(tx, input.jobKind);
    if (input.expectedUpdatedAt !== undefined && !sameTime(current.updatedAt, input.expectedUpdatedAt))
      throw staleRefusal(input.jobKind, current);
    if (sameItems(current.items, check.items)) return { changed: false, template: current };

    const values = { items: check.items, updatedBy: actor.userId, updatedAt: new Date() };
    if (row) {
      await tx.update(checklistTemplates).set(values).where(eq(checklistTemplates.id, row.id));
    } else {
      // Two first saves at once: with an expected version the later one is refused like any
      // stale save; without one it overwrites (last save wins).
      const insert = tx.insert(checklistTemplates).values({ jobKind: input.jobKind, ...values });
      const inserted =
        input.expectedUpdatedAt === undefined
          ? await insert
              .onConflictDoUpdate({ target: checklistTemplates.jobKind, set: values })
              .returning({ id: checklistTemplates.id })
          : await insert
              .onConflictDoNothing({ target: checklistTemplates.jobKind })
              .returning({ id: checklistTemplates.id });
      if (inserted.length === 0) throw staleRefusal(input.jobKind, await getTemplate(tx, input.jobKind));
    }
    await recordAudit(tx, actor, {
      action: "checklist_template.save",
      entityType: "checklist_template",
      entityId: input.jobKind,
      changes: { items: { from: current.source === "stored" ? current.items : null, to: check.items } },
    });
    return { changed: true, template: await getTemplate(tx, input.jobKind) };
  });
}

function sameTime(stored: string | null, expected: string | null): boolean {
  if (stored === null || expected === null) return stored === expected;
  return Date.parse(stored) === Date.parse(expected);
}

async function itemsOfJob(db: Queryable, jobId: number): Promise<JobChecklistItem[]> {
  return db
    .select({
      id: dispatchJobChecklistItems.id,
      position: dispatchJobChecklistItems.position,
      label: dispatchJobChecklistItems.label,
      required: dispatchJobChecklistItems.required,
      done: dispatchJobChecklistItems.done,
      doneAt: dispatchJobChecklistItems.doneAt,
      doneBy: dispatchJobChecklistItems.doneBy,
    })
    .from(dispatchJobChecklistItems)
    .where(eq(dispatchJobChecklistItems.jobId, jobId))
    .orderBy(asc(dispatchJobChecklistItems.position));
}

/**
 * The job's checklist, copied from its kind's template the first time (labels in `language`,
 * positions 1..n). `jobKind` and `language` default to the job's kind and its customer's
 * language (French without a customer). Safe to call from any read: once a job has items this
 * is one select. Two first calls at once copy once: a per-job advisory lock serializes them (so
 * the copy comes whole from one template) and the unique (job_id, position) index backs it up.
 * Accepts an open transaction (the copy then runs in a savepoint) or the database.
 */
export async function instantiateChecklist(
  tx: Queryable,
  input: { jobId: number; jobKind?: JobKind; language?: ChecklistLanguage },
): Promise<JobChecklistItem[]> {
  const existing = await itemsOfJob(tx, input.jobId);
  if (existing.length > 0) return existing;
  return tx.transaction(async (inner) => {
    await inner.execute(sql`select pg_advisory_xact_lock(${INSTANTIATE_LOCK}::int, ${input.jobId}::int)`);
    const copied = await itemsOfJob(inner, input.jobId);
    if (copied.length > 0) return copied;
    const [job] = await inner
      .select({ kind: dispatchJobs.kind, language: customers.language })
      .from(dispatchJobs)
      .leftJoin(customers, eq(customers.id, dispatchJobs.customerId))
      .where(eq(dispatchJobs.id, input.jobId));
    if (!job) throw new NotFoundError("Job", input.jobId);
    const template = await getTemplate(inner, input.jobKind ?? job.kind);
    const lines = checklistLabelsFor(template, input.language ?? job.language ?? "fr");
    if (lines.length > 0) {
      await inner
        .insert(dispatchJobChecklistItems)
        .values(
          lines.map((line, i) => ({
            jobId: input.jobId,
            position: i + 1,
            label: line.label,
            required: line.required,
          })),
        )
        .onConflictDoNothing({ target: [dispatchJobChecklistItems.jobId, dispatchJobChecklistItems.position] });
    }
    return itemsOfJob(inner, input.jobId);
  });
}
