/**
 * Applies a phone's action once per client key (see technician_actions in the schema). The
 * ledger row is inserted first, inside the transaction that applies the effect: two arrivals
 * of the same key race on the primary key, the loser waits for the winner's commit and then
 * reads the kept outcome. A key reused for another job or kind is refused, never applied.
 */
import { eq } from "drizzle-orm";
import type { Database, Queryable, Transaction } from "../../db/client";
import { technicianActions } from "../../db/schema";
import type { TechActOutcome, TechRefusalCode, TechRefusalText } from "../../../lib/schemas/tech";

export interface LedgerEntry {
  clientKey: string;
  technicianId: number;
  jobId: number;
  kind: string;
}

export type ApplyResult =
  | { accepted: true; result: Record<string, unknown> }
  | ({ accepted: false; code: TechRefusalCode; message: string } & TechRefusalText);

/** The translatable detail of a refusal, when it has one (kept in the ledger with the code and message). */
const textOf = (refusal: TechRefusalText): TechRefusalText =>
  refusal.key ? { key: refusal.key, params: refusal.params ?? {} } : {};

function outcomeOf(row: typeof technicianActions.$inferSelect, replayed: boolean): TechActOutcome {
  const outcome = row.outcome as {
    result?: Record<string, unknown>;
    code?: TechRefusalCode;
    message?: string;
  } & TechRefusalText;
  return row.accepted
    ? { accepted: true, replayed, result: outcome.result ?? {} }
    : {
        accepted: false,
        replayed,
        code: outcome.code ?? "bad_transition",
        message: outcome.message ?? "refused",
        ...textOf(outcome),
      };
}

export async function applyOnce(
  db: Database,
  entry: LedgerEntry,
  apply: (tx: Transaction) => Promise<ApplyResult>,
): Promise<TechActOutcome> {
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .insert(technicianActions)
      .values({ ...entry, accepted: false, outcome: {} })
      .onConflictDoNothing({ target: technicianActions.clientKey })
      .returning();
    if (!claimed) {
      const [kept] = await tx.select().from(technicianActions).where(eq(technicianActions.clientKey, entry.clientKey));
      if (!kept) throw new Error(`technician action ${entry.clientKey} vanished`);
      if (kept.technicianId !== entry.technicianId || kept.jobId !== entry.jobId || kept.kind !== entry.kind) {
        return {
          accepted: false,
          replayed: true,
          code: "key_reused",
          message: `The key ${entry.clientKey} was already used for another action`,
          key: "errors.tech.keyReused",
          params: {},
        };
      }
      return outcomeOf(kept, true);
    }
    const applied = await apply(tx);
    const outcome = applied.accepted
      ? { result: applied.result }
      : { code: applied.code, message: applied.message, ...textOf(applied) };
    await tx
      .update(technicianActions)
      .set({ accepted: applied.accepted, outcome })
      .where(eq(technicianActions.clientKey, entry.clientKey));
    return applied.accepted
      ? { accepted: true, replayed: false, result: applied.result }
      : { accepted: false, replayed: false, code: applied.code, message: applied.message, ...textOf(applied) };
  });
}

/** Whether an action with this key already arrived (its outcome is kept): a replay, which writes nothing new. */
export async function actionKeyKnown(db: Queryable, clientKey: string): Promise<boolean> {
  const [row] = await db
    .select({ key: technicianActions.clientKey })
    .from(technicianActions)
    .where(eq(technicianActions.clientKey, clientKey));
  return row !== undefined;
}
