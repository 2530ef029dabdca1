import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { staffAccounts, staffUsers } from "../../db/schema";
import { recordAudit } from "../audit";

/** The staff realm's rule (server/auth/realms.ts, minPasswordLength). */
export const ADMIN_PASSWORD_MIN_LENGTH = 12;

/** A refusal the operator fixes (email taken or malformed, password too short): printed without a stack trace. */
export class AdminCreateRefused extends Error {}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** 24 characters from 18 random bytes: 144 bits, typed once and changed later if the admin wishes. */
export function generateAdminPassword(): string {
  return randomBytes(18).toString("base64url");
}

export function checkAdminEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new AdminCreateRefused(`"${raw.trim()}" is not an email address`);
  return email;
}

/**
 * The first administrator of a deployment (`npm run admin:create`), written as the seed writes its
 * accounts: a staff user and better-auth's credential account holding better-auth's own password
 * hash, so the ordinary sign-in accepts it. Both rows in one transaction.
 */
export async function createFirstAdmin(
  db: Queryable,
  input: { email: string; password: string; name?: string },
): Promise<{ id: string; email: string; role: "admin" }> {
  const email = checkAdminEmail(input.email);
  if (input.password.length < ADMIN_PASSWORD_MIN_LENGTH)
    throw new AdminCreateRefused(`the password must have at least ${ADMIN_PASSWORD_MIN_LENGTH} characters`);
  const { hashPassword } = await import("better-auth/crypto");
  const passwordHash = await hashPassword(input.password);
  const id = randomBytes(16).toString("hex");
  const name = input.name?.trim() || email.split("@")[0]!;
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, email));
    if (taken) throw new AdminCreateRefused(`${email} already has a staff account`);
    await tx.insert(staffUsers).values({ id, name, email, role: "admin", active: true, language: "fr" });
    await tx.insert(staffAccounts).values({
      id: randomBytes(16).toString("hex"),
      accountId: id,
      providerId: "credential",
      userId: id,
      password: passwordHash,
    });
    // Run from the command line, by whoever operates the deployment: the system acts.
    await recordAudit(
      tx,
      { realm: "system", userId: null },
      {
        action: "staff_user.create",
        entityType: "staff_user",
        entityId: id,
        changes: {
          email: { from: null, to: email },
          role: { from: null, to: "admin" },
          active: { from: null, to: true },
        },
      },
    );
    return { id, email, role: "admin" as const };
  });
}
