import type { SecretBinding } from "./secret-box";

/**
 * Every column that holds sealed secrets (server/crypto/secret-box.ts). `npm run keys:rotate`
 * re-seals exactly these, so a new encrypted column is listed here or it is left on an old key.
 * Names are the SQL names: they are part of each value's binding, and renaming one breaks it.
 */
export const ENCRYPTED_COLUMNS = [
  { table: "service_subscriptions", column: "radius_password_encrypted", idColumn: "id" },
] as const;

export type EncryptedColumn = (typeof ENCRYPTED_COLUMNS)[number];

export function bindingOf(column: EncryptedColumn, rowId: string | number): SecretBinding {
  return { table: column.table, column: column.column, rowId };
}

/** A subscription's RADIUS password. */
export const radiusPasswordBinding = (subscriptionId: number): SecretBinding =>
  bindingOf(ENCRYPTED_COLUMNS[0], subscriptionId);
