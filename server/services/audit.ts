import { auditLog } from "../db/schema";
import type { Queryable } from "../db/client";
import type { Actor } from "./actor";

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** Only the fields whose value actually changes; an edit that changes nothing logs nothing. */
export function diffFields<T extends Record<string, unknown>>(before: T, patch: Partial<T>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [key, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    const from = before[key];
    if (from !== to) changes[key] = { from, to };
  }
  return changes;
}

/**
 * Call inside the transaction that makes the change, so both land or neither does. Only the
 * actor's realm and id are stored (the log joins names at read time), so a caller that knows
 * just who acted (an uploader's user id) passes those two.
 */
export async function recordAudit(
  tx: Queryable,
  actor: Pick<Actor, "realm" | "userId">,
  entry: { action: string; entityType: string; entityId: string | number; changes?: FieldChanges },
): Promise<void> {
  await tx.insert(auditLog).values({
    actorRealm: actor.realm,
    actorId: actor.userId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    changes: entry.changes ?? {},
  });
}
