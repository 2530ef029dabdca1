/**
 * Pure generation of the seed data: every row of every table, deterministic for a given
 * scale and reference day. Nothing here touches a database; write.ts does.
 */
import { getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import * as schema from "../db/schema";
import { ITEMS } from "./generate/catalog";
import { BATCH_SIZE, inBatches, makeContext, type SeedContext, type SeedOptions } from "./generate/context";
import { customerRows, locationRows, portalOf } from "./generate/customer-rows";
import { equipmentRows } from "./generate/equipment";
import { invoiceLineRows, invoiceRows } from "./generate/invoices";
import {
  dispatchChecklistRows,
  dispatchJobHelperRows,
  dispatchJobRows,
  dispatchJobTagRows,
  dispatchMaterialRows,
} from "./generate/job-rows";
import { ticketMessageRows } from "./generate/messages";
import { paymentAllocationRows, paymentRows } from "./generate/payments";
import { subscriptionRows } from "./generate/services";
import { staffOf } from "./generate/staff";
import { dispatchTagRows, technicianRows, technicianTagRows } from "./generate/technicians";
import { ticketRows } from "./generate/tickets";

export type { SeedOptions } from "./generate/context";
export type { SeedScale } from "./generate/volumes";
export { VOLUMES } from "./generate/volumes";

export type SeedRow = Record<string, unknown>;

export interface SeedTable {
  /** SQL table name. */
  name: string;
  table: PgTable;
  /** Rows keyed by drizzle field names, in batches; each call starts over from the first row. */
  batches(size?: number): Generator<SeedRow[]>;
}

type RowSource = (ctx: SeedContext) => Iterable<object>;

/** Insertion order: every table comes after the tables it references. */
const SOURCES: ReadonlyArray<readonly [PgTable, RowSource]> = [
  [schema.items, () => ITEMS],
  [schema.staffUsers, (ctx) => staffOf(ctx).users],
  [schema.staffAccounts, (ctx) => staffOf(ctx).accounts],
  [schema.customers, customerRows],
  [schema.portalUsers, (ctx) => portalOf(ctx).users],
  [schema.portalAccounts, (ctx) => portalOf(ctx).accounts],
  [schema.serviceLocations, locationRows],
  [schema.serviceSubscriptions, subscriptionRows],
  [schema.serviceEquipment, equipmentRows],
  [schema.invoices, invoiceRows],
  [schema.invoiceLines, invoiceLineRows],
  [schema.payments, paymentRows],
  [schema.paymentAllocations, paymentAllocationRows],
  [schema.tickets, ticketRows],
  [schema.ticketMessages, ticketMessageRows],
  [schema.dispatchTags, dispatchTagRows],
  [schema.dispatchTechnicians, technicianRows],
  [schema.technicianTags, technicianTagRows],
  [schema.dispatchJobs, dispatchJobRows],
  [schema.dispatchJobTags, dispatchJobTagRows],
  [schema.dispatchJobHelpers, dispatchJobHelperRows],
  [schema.dispatchJobChecklistItems, dispatchChecklistRows],
  [schema.dispatchJobMaterials, dispatchMaterialRows],
];

/**
 * The seed, table by table. Plans shared between tables (customers, invoices, tickets...)
 * are computed on first use and kept for the other tables of this one seed.
 */
export function generateSeed(options: SeedOptions): SeedTable[] {
  const ctx = makeContext(options);
  return SOURCES.map(([table, source]) => ({
    name: getTableName(table),
    table,
    batches: (size = BATCH_SIZE) => inBatches(source(ctx) as Iterable<SeedRow>, size),
  }));
}
