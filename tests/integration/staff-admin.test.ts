import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import {
  auditLog,
  outboundMessages,
  staffAccounts,
  staffInvitations,
  staffSessions,
  staffUsers,
} from "@/server/db/schema";
import type { Actor } from "@/server/services/actor";
import { createContext, serviceDepsOf } from "@/server/trpc/context";
import {
  acceptInvitation,
  changeStaffRole,
  deactivateStaff,
  INVITATION_VALID_HOURS,
  invitationFor,
  inviteStaff,
  listStaff,
  reactivateStaff,
  resendInvitation,
  tokenHash,
} from "@/server/services/staff/staff-admin";
import { ServiceError } from "@/server/services/errors";
import { leafParts, parseMime, startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { callerWithContext, createSeededRuntime, signIn, testConfig, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let smtp: FakeSmtpServer;
const db = () => runtime.database.db;
let seq = 0;
const uniqueEmail = (what: string) => `${what}-${Date.now().toString(36)}-${++seq}@staff.test`;
const PASSWORD = "a-long-enough-password";

beforeAll(async () => {
  smtp = await startFakeSmtpServer();
  runtime = await createSeededRuntime({ mail: { ...testConfig().mail, smtpUrl: smtp.url } });
});
afterAll(async () => {
  await smtp?.close();
  await runtime?.close();
});

async function actorOf(userId: string): Promise<Extract<Actor, { realm: "staff" }>> {
  const [u] = await db().select().from(staffUsers).where(eq(staffUsers.id, userId));
  return { realm: "staff", userId: u!.id, role: u!.role, name: u!.name };
}

async function anActiveAdmin(): Promise<Extract<Actor, { realm: "staff" }>> {
  const [u] = await db()
    .select()
    .from(staffUsers)
    .where(and(eq(staffUsers.role, "admin"), eq(staffUsers.active, true)))
    .limit(1);
  return actorOf(u!.id);
}

/** The invitation link in the newest mail to `email`, and that mail's text. */
function invitationMail(email: string): { token: string; text: string; subject: string } {
  const mail = [...smtp.messages].reverse().find((m) => m.to.includes(email));
  if (!mail) throw new Error(`no mail to ${email}`);
  const message = parseMime(mail.raw);
  const text = leafParts(message)
    .find((p) => (p.headers.get("content-type") ?? "text/plain").startsWith("text/plain"))!
    .body.toString("utf8");
  const match = /\/invitation\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no invitation link in: ${text}`);
  return { token: match[1]!, text, subject: message.headers.get("subject") ?? "" };
}

async function refusal(work: Promise<unknown>): Promise<ServiceError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** An invited person who accepted: an active account with a password, of `role`. */
async function acceptedMember(role: string, language: "fr" | "en" = "fr") {
  const admin = await anActiveAdmin();
  const email = uniqueEmail(role);
  const invited = await inviteStaff(runtime, admin, { email, name: `Test ${role}`, role, language });
  const { token } = invitationMail(email);
  await acceptInvitation(db(), { token, password: PASSWORD });
  return { ...invited, actor: await actorOf(invited.userId) };
}

describe("inviting staff", () => {
  it("creates an inactive account, emails the link in the person's language, and the link sets the password", async () => {
    const admin = await anActiveAdmin();
    const email = uniqueEmail("dispatcher");
    const result = await inviteStaff(runtime, admin, {
      email,
      name: "Dana Dispatch",
      role: "dispatcher",
      language: "en",
    });
    expect(result.mail).toBe("sent");

    const [user] = await db().select().from(staffUsers).where(eq(staffUsers.email, email));
    expect(user).toMatchObject({ role: "dispatcher", active: false, language: "en" });
    expect((await listStaff(db())).find((m) => m.email === email)).toMatchObject({ status: "invited" });
    // No password yet: signing in fails.
    expect((await signIn(runtime, "staff", email, PASSWORD)).status).not.toBe(200);

    const mail = invitationMail(email);
    expect(mail.subject).toContain("Your Fibre Ops account");
    expect(mail.text).toContain("Hello Dana Dispatch");
    expect(mail.text).toContain(`${INVITATION_VALID_HOURS} hours`);
    // Only the hash is stored.
    const [stored] = await db().select().from(staffInvitations).where(eq(staffInvitations.userId, user!.id));
    expect(stored!.tokenHash).toBe(tokenHash(mail.token));
    expect(stored!.tokenHash).not.toContain(mail.token);
    expect(await invitationFor(db(), mail.token)).toMatchObject({ email, language: "en" });

    await acceptInvitation(db(), { token: mail.token, password: PASSWORD });
    const [after] = await db().select().from(staffUsers).where(eq(staffUsers.email, email));
    expect(after!.active).toBe(true);
    const session = await signIn(runtime, "staff", email, PASSWORD);
    expect(session.status).toBe(200);
    const ctx = await createContext(runtime, session.headers);
    expect(ctx.staff).toMatchObject({ email, role: "dispatcher" });

    const actions = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "staff_user"), eq(auditLog.entityId, user!.id)));
    expect(actions.map((a) => a.action).sort()).toEqual(["staff.invitation_accepted", "staff.invited"]);
  });

  it("writes the email in French for a French-speaking person", async () => {
    const admin = await anActiveAdmin();
    const email = uniqueEmail("tech");
    await inviteStaff(runtime, admin, { email, name: "Théo Technicien", role: "technician", language: "fr" });
    const mail = invitationMail(email);
    expect(mail.subject).toContain("Votre compte Fibre Ops");
    expect(mail.text).toContain("Bonjour Théo Technicien");
    const [row] = await db().select().from(outboundMessages).where(eq(outboundMessages.recipient, email));
    expect(row).toMatchObject({ template: "staff_invitation", language: "fr", status: "sent" });
  });

  it("refuses an address that already has an account, and changes nothing", async () => {
    const admin = await anActiveAdmin();
    const [existing] = await db().select().from(staffUsers).limit(1);
    const usersBefore = await db().$count(staffUsers);
    const mailsBefore = smtp.messages.length;
    const error = await refusal(
      inviteStaff(runtime, admin, { email: existing!.email.toUpperCase(), name: "", role: "support", language: "fr" }),
    );
    expect(error).toMatchObject({ code: "conflict", key: "errors.staff.emailTaken" });
    expect(await db().$count(staffUsers)).toBe(usersBefore);
    expect(smtp.messages.length).toBe(mailsBefore);
  });

  it("refuses a role that does not exist, and changes nothing", async () => {
    const admin = await anActiveAdmin();
    const email = uniqueEmail("nobody");
    const error = await refusal(inviteStaff(runtime, admin, { email, name: "", role: "superuser", language: "fr" }));
    expect(error).toMatchObject({ key: "errors.staff.unknownRole", params: { role: "superuser" } });
    expect(await db().$count(staffUsers, eq(staffUsers.email, email))).toBe(0);

    const member = await acceptedMember("support");
    const roleError = await refusal(changeStaffRole(runtime, admin, { userId: member.userId, role: "owner" }));
    expect(roleError.key).toBe("errors.staff.unknownRole");
    expect((await actorOf(member.userId)).role).toBe("support");
  });

  it("refuses a reused link, and the second use changes nothing", async () => {
    const admin = await anActiveAdmin();
    const email = uniqueEmail("billing");
    await inviteStaff(runtime, admin, { email, name: "", role: "billing", language: "fr" });
    const { token } = invitationMail(email);
    await acceptInvitation(db(), { token, password: PASSWORD });
    const error = await refusal(acceptInvitation(db(), { token, password: "another-long-password" }));
    expect(error.key).toBe("errors.staff.invitationUsed");
    expect((await signIn(runtime, "staff", email, PASSWORD)).status).toBe(200);
    expect((await signIn(runtime, "staff", email, "another-long-password")).status).not.toBe(200);
  });

  it("refuses an expired link, and a resend gives a new link that works while the old one does not", async () => {
    const admin = await anActiveAdmin();
    const email = uniqueEmail("late");
    const longAgo = new Date(Date.now() - (INVITATION_VALID_HOURS + 1) * 3_600_000);
    const { userId } = await inviteStaff(runtime, admin, { email, name: "", role: "support", language: "fr" }, longAgo);
    const old = invitationMail(email).token;
    const expired = await refusal(acceptInvitation(db(), { token: old, password: PASSWORD }));
    expect(expired).toMatchObject({ key: "errors.staff.invitationExpired", params: { hours: INVITATION_VALID_HOURS } });
    expect(
      (await actorOf(userId)) && (await db().select().from(staffUsers).where(eq(staffUsers.id, userId)))[0]!.active,
    ).toBe(false);
    expect((await listStaff(db())).find((m) => m.id === userId)).toMatchObject({
      status: "invited",
      invitationExpired: true,
    });

    await resendInvitation(runtime, admin, { userId });
    const fresh = invitationMail(email).token;
    expect(fresh).not.toBe(old);
    expect((await refusal(acceptInvitation(db(), { token: old, password: PASSWORD }))).key).toBe(
      "errors.staff.invitationInvalid",
    );
    await acceptInvitation(db(), { token: fresh, password: PASSWORD });
    expect((await signIn(runtime, "staff", email, PASSWORD)).status).toBe(200);
    // Accepted: nothing left to resend.
    expect((await refusal(resendInvitation(runtime, admin, { userId }))).key).toBe("errors.staff.notInvited");
  });

  it("refuses an unknown link and a too short password without spending the link", async () => {
    expect((await refusal(acceptInvitation(db(), { token: "x".repeat(43), password: PASSWORD }))).key).toBe(
      "errors.staff.invitationInvalid",
    );
    const admin = await anActiveAdmin();
    const email = uniqueEmail("short");
    await inviteStaff(runtime, admin, { email, name: "", role: "support", language: "fr" });
    const { token } = invitationMail(email);
    expect((await refusal(acceptInvitation(db(), { token, password: "short" }))).key).toBe(
      "errors.staff.passwordTooShort",
    );
    await acceptInvitation(db(), { token, password: PASSWORD });
  });
});

describe("deactivating and reactivating", () => {
  it("ends the person's sessions at once and emits the staff-access event", async () => {
    const admin = await anActiveAdmin();
    const member = await acceptedMember("dispatcher");
    const session = await signIn(runtime, "staff", member.email, PASSWORD);
    expect((await createContext(runtime, session.headers)).staff).not.toBeNull();
    const revoked: string[] = [];
    const stop = runtime.events.staffAccess.onRevoked((e) => revoked.push(e.userId));
    try {
      const result = await deactivateStaff(runtime, admin, { userId: member.userId });
      expect(result).toMatchObject({ changed: true });
      expect(result.sessionsEnded).toBeGreaterThanOrEqual(1);
    } finally {
      stop();
    }
    expect(revoked).toContain(member.userId);
    expect(await db().$count(staffSessions, eq(staffSessions.userId, member.userId))).toBe(0);
    expect((await createContext(runtime, session.headers)).staff).toBeNull();
    // Signing in again gives no staff access either.
    const again = await signIn(runtime, "staff", member.email, PASSWORD);
    expect((await createContext(runtime, again.headers)).staff).toBeNull();
    expect((await listStaff(db())).find((m) => m.id === member.userId)).toMatchObject({ status: "deactivated" });

    expect(await reactivateStaff(db(), admin, { userId: member.userId })).toEqual({ changed: true });
    const back = await signIn(runtime, "staff", member.email, PASSWORD);
    expect((await createContext(runtime, back.headers)).staff).toMatchObject({ email: member.email });
  });

  it("refuses to reactivate someone who never accepted their invitation", async () => {
    const admin = await anActiveAdmin();
    const email = uniqueEmail("pending");
    const { userId } = await inviteStaff(runtime, admin, { email, name: "", role: "support", language: "fr" });
    expect((await refusal(reactivateStaff(db(), admin, { userId }))).key).toBe("errors.staff.invitationPending");
    expect((await db().select().from(staffUsers).where(eq(staffUsers.id, userId)))[0]!.active).toBe(false);
    // Deactivating someone invited cancels the link; a resend invites them again.
    const { token } = invitationMail(email);
    expect(await deactivateStaff(runtime, admin, { userId })).toMatchObject({ changed: true });
    expect((await listStaff(db())).find((m) => m.id === userId)).toMatchObject({ status: "deactivated" });
    expect((await refusal(acceptInvitation(db(), { token, password: PASSWORD }))).key).toBe(
      "errors.staff.invitationInvalid",
    );
    await resendInvitation(runtime, admin, { userId });
    await acceptInvitation(db(), { token: invitationMail(email).token, password: PASSWORD });
    expect((await signIn(runtime, "staff", email, PASSWORD)).status).toBe(200);
  });
});

describe("the last active administrator", () => {
  /** Leaves exactly the given admins active (others demoted to support), as the rule sees them. */
  async function onlyAdmins(ids: string[]) {
    const all = await db().select().from(staffUsers).where(eq(staffUsers.role, "admin"));
    for (const u of all)
      if (!ids.includes(u.id)) await db().update(staffUsers).set({ role: "support" }).where(eq(staffUsers.id, u.id));
    for (const id of ids)
      await db().update(staffUsers).set({ role: "admin", active: true }).where(eq(staffUsers.id, id));
  }
  const activeAdminCount = () =>
    db().$count(staffUsers, and(eq(staffUsers.role, "admin"), eq(staffUsers.active, true)));

  it("cannot be demoted or deactivated, and nothing changes", async () => {
    const last = await acceptedMember("admin");
    await onlyAdmins([last.userId]);
    const demote = await refusal(changeStaffRole(runtime, last.actor, { userId: last.userId, role: "dispatcher" }));
    expect(demote).toMatchObject({ code: "conflict", key: "errors.staff.lastAdmin" });
    const deactivate = await refusal(deactivateStaff(runtime, last.actor, { userId: last.userId }));
    expect(deactivate.key).toBe("errors.staff.lastAdmin");
    expect(await activeAdminCount()).toBe(1);
    expect(
      await db().$count(auditLog, and(eq(auditLog.entityId, last.userId), eq(auditLog.action, "staff.role_changed"))),
    ).toBe(0);

    // With a second admin, either may step down.
    const second = await acceptedMember("admin");
    expect(await changeStaffRole(runtime, last.actor, { userId: last.userId, role: "dispatcher" })).toEqual({
      changed: true,
    });
    expect(await activeAdminCount()).toBe(1);
    await changeStaffRole(runtime, second.actor, { userId: last.userId, role: "admin" });
  });

  it("two administrators demoting each other at once leave one of them an administrator", async () => {
    const a = await acceptedMember("admin");
    const b = await acceptedMember("admin");
    await onlyAdmins([a.userId, b.userId]);
    const results = await Promise.allSettled([
      changeStaffRole(runtime, a.actor, { userId: b.userId, role: "dispatcher" }),
      changeStaffRole(runtime, b.actor, { userId: a.userId, role: "dispatcher" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ key: "errors.staff.lastAdmin" });
    expect(await activeAdminCount()).toBe(1);

    // The same with deactivation.
    const survivor = (
      await db()
        .select()
        .from(staffUsers)
        .where(and(eq(staffUsers.role, "admin"), eq(staffUsers.active, true)))
    )[0]!;
    const c = await acceptedMember("admin");
    const s = await actorOf(survivor.id);
    const both = await Promise.allSettled([
      deactivateStaff(runtime, s, { userId: c.userId }),
      deactivateStaff(runtime, c.actor, { userId: s.userId }),
    ]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await activeAdminCount()).toBe(1);
  });

  // A real second connection is needed to hold one transaction open while the other runs: PGlite has one.
  it.skipIf(!process.env.DATABASE_URL)(
    "a demotion waits for another admin's demotion in flight, then sees it and refuses",
    async () => {
      const a = await acceptedMember("admin");
      const b = await acceptedMember("admin");
      await onlyAdmins([a.userId, b.userId]);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let written!: () => void;
      const hasWritten = new Promise<void>((resolve) => (written = resolve));
      // A demotes B, as the service does (admins locked, B demoted), and is held before its commit.
      const first = db().transaction(async (tx) => {
        await tx
          .select({ id: staffUsers.id })
          .from(staffUsers)
          .where(and(eq(staffUsers.role, "admin"), eq(staffUsers.active, true)))
          .orderBy(asc(staffUsers.id))
          .for("update");
        await tx.update(staffUsers).set({ role: "dispatcher" }).where(eq(staffUsers.id, b.userId));
        written();
        await held;
      });
      await hasWritten;
      // Meanwhile B demotes A: it must wait for A's transaction, not judge on what it read before.
      const second = changeStaffRole(runtime, b.actor, { userId: a.userId, role: "dispatcher" }).then(
        () => null,
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await first;
      expect(await second).toMatchObject({ key: "errors.staff.lastAdmin" });
      expect(await activeAdminCount()).toBe(1);
      expect((await actorOf(a.userId)).role).toBe("admin");
    },
  );
});

describe("single sign-on accounts", () => {
  it("lists which accounts come from the identity provider, with the configured role mapping", async () => {
    const member = await acceptedMember("dispatcher");
    const admin = await anActiveAdmin();
    await db()
      .insert(staffAccounts)
      .values({
        id: `sso-${member.userId}`,
        accountId: `idp-${member.userId}`,
        providerId: "sso",
        userId: member.userId,
      });
    const roleMap = [
      { group: "ops-admins", role: "admin" as const },
      { group: "dispatch", role: "dispatcher" as const },
    ];
    const ctx = {
      ...serviceDepsOf(runtime),
      config: {
        ...runtime.config,
        oidc: {
          issuer: "https://idp.example.test/application/o/fibre-ops/",
          clientId: "fibre-ops",
          clientSecret: "secret",
          allowSignUp: false,
          linkVerifiedEmail: false,
          groupsClaim: "groups",
          roleMap,
        },
      },
      customer: null,
      staff: { userId: admin.userId, name: admin.name, email: "admin@demo.test", role: admin.role },
    };
    const { members, oidc } = await callerWithContext(ctx).staff.list();
    expect(oidc).toEqual({ issuer: "https://idp.example.test/application/o/fibre-ops/", roleMap });
    expect(members.find((m) => m.id === member.userId)).toMatchObject({
      fromIdentityProvider: true,
      providers: ["credential", "sso"],
    });
    expect(members.find((m) => m.id === admin.userId)).toMatchObject({ fromIdentityProvider: false });

    // Without OIDC configured, the page has no mapping to show.
    expect((await callerWithContext({ ...ctx, config: runtime.config }).staff.list()).oidc).toBeNull();
  });
});
