import { bigint, customType, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * Collaboration documents (the live boards), durable to the last acknowledged edit:
 * every update a client sends is appended to `collab_updates` before the server
 * acknowledges it; a store merges the log rows it read into `collab_documents.state` (v2 encoding)
 * and deletes exactly those rows, so a document is always state + remaining rows.
 */
export const collabDocuments = pgTable("collab_documents", {
  name: text().primaryKey(),
  state: bytea().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const collabUpdates = pgTable(
  "collab_updates",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    documentName: text().notNull(),
    update: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.documentName, t.id)],
);
