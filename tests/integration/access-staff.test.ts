import { randomBytes } from "node:crypto";
import { describe } from "vitest";
import { STAFF_ROLES } from "@/lib/domain/roles";
import { staffInvitations, staffUsers } from "@/server/db/schema";
import { tokenHash } from "@/server/services/staff/staff-admin";
import { describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

const EVERYONE = [...STAFF_ROLES, "customer" as const, "anonymous" as const];
const invitedEmail = `matrix-${randomBytes(4).toString("hex")}@staff.test`;

/** An inactive account with an open invitation, written directly: the link's token is known to the test. */
async function freshInvitation(f: AccessFixtures): Promise<string> {
  const id = randomBytes(16).toString("hex");
  const token = randomBytes(32).toString("base64url");
  const db = f.runtime.database.db;
  await db
    .insert(staffUsers)
    .values({ id, name: "Invited", email: `${id}@staff.test`, role: "support", active: false });
  await db
    .insert(staffInvitations)
    .values({ userId: id, tokenHash: tokenHash(token), expiresAt: new Date(Date.now() + 3_600_000) });
  return token;
}

describe("staff procedures", () => {
  describeAccessMatrix([
    { name: "staff.list", allowed: ["admin"], call: (c) => c.staff.list() },
    {
      name: "staff.invite",
      allowed: ["admin"],
      call: (c) => c.staff.invite({ email: invitedEmail, name: "Matrix", role: "support", language: "fr" }),
    },
    {
      name: "staff.resendInvitation",
      allowed: ["admin"],
      call: async (c) => {
        const { members } = await c.staff.list();
        return c.staff.resendInvitation({ userId: members.find((m) => m.email === invitedEmail)!.id });
      },
    },
    {
      name: "staff.changeRole",
      allowed: ["admin"],
      call: async (c) => {
        const { members } = await c.staff.list();
        return c.staff.changeRole({ userId: members.find((m) => m.email === invitedEmail)!.id, role: "billing" });
      },
    },
    {
      name: "staff.deactivate",
      allowed: ["admin"],
      call: async (c) => {
        const { members } = await c.staff.list();
        const target = members.find((m) => m.role === "support" && m.status === "active" && m.providers.length > 0);
        return c.staff.deactivate({ userId: target!.id });
      },
    },
    {
      name: "staff.reactivate",
      allowed: ["admin"],
      call: async (c) => {
        const { members } = await c.staff.list();
        const target = members.find((m) => m.status === "deactivated" && m.providers.length > 0);
        return c.staff.reactivate({ userId: target!.id });
      },
    },
    {
      name: "staff.invitation",
      allowed: EVERYONE,
      call: async (c, f) => c.staff.invitation({ token: await freshInvitation(f) }),
    },
    {
      name: "staff.acceptInvitation",
      allowed: EVERYONE,
      call: async (c, f) =>
        c.staff.acceptInvitation({ token: await freshInvitation(f), password: "matrix-password-1" }),
    },
  ]);
});
