import type { staffAccounts } from "../db/schema";
import type { RowOf } from "./generate/context";
import type { Rng } from "./random";

/** Every demo account signs in with this password (ARCHITECTURE.md, command line contract; the README lists them). */
export const DEMO_PASSWORD = "demo-password-2026";

export type StaffRole = "admin" | "dispatcher" | "technician" | "billing" | "support";

export interface DemoStaff {
  email: string;
  name: string;
  role: StaffRole;
  language: "fr" | "en";
}

export const DEMO_STAFF: readonly DemoStaff[] = [
  { email: "admin@demo.test", name: "Amélie Tremblay", role: "admin", language: "fr" },
  { email: "dispatcher@demo.test", name: "Dominic Gagnon", role: "dispatcher", language: "fr" },
  { email: "dispatcher2@demo.test", name: "Sarah Mitchell", role: "dispatcher", language: "en" },
  { email: "technician@demo.test", name: "Marc-André Côté", role: "technician", language: "fr" },
  { email: "billing@demo.test", name: "Nathalie Bergeron", role: "billing", language: "fr" },
  { email: "support@demo.test", name: "Kevin Fraser", role: "support", language: "en" },
];

export const TECHNICIAN_EMAIL = "technician@demo.test";

export interface DemoCustomer {
  email: string;
  firstName: string;
  lastName: string;
  language: "fr" | "en";
  /** Where the customer lives, by town name from names.ts. */
  town: string;
  /** The French customer has a cottage too, so the portal shows several locations. */
  locations: number;
}

/** Customers 1 and 2 of every seed: a French household with a cottage, an English household. */
export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  { email: "customer@demo.test", firstName: "Julie", lastName: "Lavoie", language: "fr", town: "Granby", locations: 2 },
  {
    email: "customer2@demo.test",
    firstName: "Emily",
    lastName: "Walker",
    language: "en",
    town: "North Hatley",
    locations: 1,
  },
];

/** Slow scrypt: the seed hashes once and gives every demo account the same hash. */
export async function hashDemoPassword(): Promise<string> {
  const { hashPassword } = await import("better-auth/crypto");
  return hashPassword(DEMO_PASSWORD);
}

/** Both realms build their account table with one `realmTables`, so a staff row is also a portal row. */
type AccountRow = RowOf<typeof staffAccounts>;

/** better-auth's credential account: account_id is the user id, provider 'credential'. */
export function credentialAccounts(
  userIds: readonly string[],
  passwordHash: string,
  rng: Rng,
  createdAt: string,
): AccountRow[] {
  return userIds.map((userId) => ({
    id: rng.textId(),
    accountId: userId,
    providerId: "credential",
    userId,
    password: passwordHash,
    createdAt,
    updatedAt: createdAt,
  }));
}
