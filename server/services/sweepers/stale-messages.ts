/**
 * A message the outbound ledger claimed (`pending`) and never finished: the process died between
 * the claim and the provider's answer, so nobody knows whether the customer has it. The ledger
 * never sends it again by itself (at most once); this turns such rows into `unknown` with the
 * reason, audited, so they wait in the undecided list (/office/reports/aging) for a person who
 * checks the provider's console and decides "sent" or "send again" (undecided-messages.ts).
 */
import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../../db/client";
import { outboundMessages } from "../../db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { STALE_PENDING_MINUTES } from "../messaging/undecided-messages";

const SWEEPER: Actor = { realm: "system", userId: null, name: "stale-messages sweep" };

export async function sweepStaleMessages(db: Database, options: { now?: Date } = {}): Promise<{ surfaced: number[] }> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - STALE_PENDING_MINUTES * 60_000);
  const surfaced = await db.transaction(async (tx) => {
    const rows = await tx
      .update(outboundMessages)
      .set({
        status: "unknown",
        error: `claimed at ${cutoff.toISOString().slice(0, 16)}Z or earlier and never answered: the sending process stopped mid-send, so the provider may or may not have it; check and decide`,
        updatedAt: now,
      })
      .where(and(eq(outboundMessages.status, "pending"), lt(outboundMessages.updatedAt, cutoff)))
      .returning({ id: outboundMessages.id, dedupeKey: outboundMessages.dedupeKey });
    for (const row of rows)
      await recordAudit(tx, SWEEPER, {
        action: "outbound.marked_unknown",
        entityType: "outbound_message",
        entityId: row.id,
        changes: { status: { from: "pending", to: "unknown" } },
      });
    return rows.map((r) => r.id);
  });
  if (surfaced.length > 0)
    console.warn(`stale-messages sweep: ${surfaced.length} message(s) left mid-send now wait for a person`);
  return { surfaced };
}
