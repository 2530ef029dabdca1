import { asc, eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { snmpModelOids } from "../../db/schema";
import type { ModelOidInput, ModelOidRow } from "../../../lib/schemas/network";
import type { Actor } from "../actor";
import { diffFields, recordAudit } from "../audit";
import { NotFoundError, ServiceError } from "../errors";

const columns = {
  id: snmpModelOids.id,
  model: snmpModelOids.model,
  rxPowerOid: snmpModelOids.rxPowerOid,
  txPowerOid: snmpModelOids.txPowerOid,
  valueDivisor: snmpModelOids.valueDivisor,
  updatedAt: snmpModelOids.updatedAt,
};

export function listModelOids(db: Queryable): Promise<ModelOidRow[]> {
  return db.select(columns).from(snmpModelOids).orderBy(asc(snmpModelOids.model));
}

/** The optical OIDs of an equipment model, matched without regard to case. */
export async function modelOidsFor(db: Queryable, model: string | null): Promise<ModelOidRow | null> {
  if (!model) return null;
  const [row] = await db
    .select(columns)
    .from(snmpModelOids)
    .where(sql`lower(${snmpModelOids.model}) = lower(${model.trim()})`)
    .limit(1);
  return row ?? null;
}

/** Adds a model's row, or edits one (`id`); audited. Two rows for one model are refused. */
export async function saveModelOid(db: Database, actor: Actor, input: ModelOidInput): Promise<ModelOidRow> {
  const values = {
    model: input.model,
    rxPowerOid: input.rxPowerOid,
    txPowerOid: input.txPowerOid,
    valueDivisor: input.valueDivisor,
  };
  return db.transaction(async (tx) => {
    const clash = await modelOidsFor(tx, input.model);
    if (clash && clash.id !== input.id) {
      throw new ServiceError("conflict", `model ${input.model} already has a row (${clash.id})`, {
        key: "errors.network.modelTaken",
        params: { model: clash.model },
        field: "model",
      });
    }
    if (input.id === undefined) {
      const [row] = await tx
        .insert(snmpModelOids)
        .values({ ...values, updatedBy: actor.userId })
        .returning(columns);
      await recordAudit(tx, actor, {
        action: "network.model_oids.create",
        entityType: "snmp_model_oids",
        entityId: row!.id,
        changes: diffFields({}, values),
      });
      return row!;
    }
    const [before] = await tx.select().from(snmpModelOids).where(eq(snmpModelOids.id, input.id)).for("update");
    if (!before) throw new NotFoundError("SNMP model", input.id);
    const changes = diffFields(before, values);
    if (Object.keys(changes).length === 0) return (await modelOidsFor(tx, before.model))!;
    const [row] = await tx
      .update(snmpModelOids)
      .set({ ...values, updatedBy: actor.userId, updatedAt: new Date() })
      .where(eq(snmpModelOids.id, input.id))
      .returning(columns);
    await recordAudit(tx, actor, {
      action: "network.model_oids.update",
      entityType: "snmp_model_oids",
      entityId: input.id,
      changes,
    });
    return row!;
  });
}
