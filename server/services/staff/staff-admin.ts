/**
 * Staff administration (/office/settings/users, capability `staff.manage`): invitations, roles,
 * deactivation and reactivation. Every change is audited in the transaction that makes it.
 *
 * The last-administrator rule (lib/domain/staff/last-admin) is checked on rows locked with
 * SELECT … FOR UPDATE in the same transaction as the write: two administrators demoting each
 * other at the same moment are serialised on those rows, and the second sees the first's change.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { staffAccounts, staffInvitations, staffSessions, staffUsers } from "../../db/schema";
import { STAFF_ROLES, type StaffRoleName } from "../../../lib/domain/roles";
import { removesLastActiveAdmin, type StaffChange } from "../../../lib/domain/staff/last-admin";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import type { ServiceDeps } from "../deps";
import { NotFoundError, RuleViolationError, ServiceError } from "../errors";
import { sendOnce, type SendOutcome } from "../messaging/outbound-ledger";
import { ADMIN_PASSWORD_MIN_LENGTH, checkAdminEmail, AdminCreateRefused } from "./create-admin";
import { invitationEmail } from "./invitation-texts";
import { readSettings } from "../settings/settings";

/** How long an invitation link opens the account. */
export const INVITATION_VALID_HOURS = 72;
export const INVITATION_EMAIL_TEMPLATE = "staff_invitation";
const CREDENTIAL = "credential";

export type StaffStatus = "active" | "invited" | "deactivated";

export interface StaffMemberRow {
  id: string;
  name: string;
  email: string;
  role: StaffRoleName;
  language: "fr" | "en";
  active: boolean;
  status: StaffStatus;
  /** Sign-in methods: `credential` (password) and/or the identity provider's id. */
  providers: string[];
  /** Signs in through the identity provider: its groups set the role at each sign-in (OIDC_ROLE_MAP). */
  fromIdentityProvider: boolean;
  /** The open invitation's expiry, when the person has one not yet used. */
  invitationExpiresAt: string | null;
  /** The open invitation's link no longer works: resend it. */
  invitationExpired: boolean;
  createdAt: string;
}

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

class StaffConflictError extends ServiceError {
  constructor(message: string, key: string, params: Record<string, string | number>, field?: string) {
    super("conflict", message, { key, params, field });
    this.name = "StaffConflictError";
  }
}

function checkRole(role: string): StaffRoleName {
  if ((STAFF_ROLES as readonly string[]).includes(role)) return role as StaffRoleName;
  throw new RuleViolationError(`there is no role "${role}"`, "role", {
    key: "errors.staff.unknownRole",
    params: { role, roles: STAFF_ROLES.join(", ") },
  });
}

function checkEmail(raw: string): string {
  try {
    return checkAdminEmail(raw);
  } catch (error) {
    if (!(error instanceof AdminCreateRefused)) throw error;
    throw new RuleViolationError(error.message, "email", {
      key: "errors.staff.emailInvalid",
      params: { email: raw.trim() },
    });
  }
}

/** Everyone in the staff realm, with how they sign in and where their invitation stands. */
export async function listStaff(db: Queryable, now = new Date()): Promise<StaffMemberRow[]> {
  const users = await db.select().from(staffUsers).orderBy(asc(staffUsers.name), asc(staffUsers.email));
  const accounts = await db
    .select({ userId: staffAccounts.userId, providerId: staffAccounts.providerId })
    .from(staffAccounts);
  const open = await db
    .select({ userId: staffInvitations.userId, expiresAt: staffInvitations.expiresAt })
    .from(staffInvitations)
    .where(and(isNull(staffInvitations.usedAt), isNull(staffInvitations.revokedAt)));
  return users.map((user) => {
    const providers = [...new Set(accounts.filter((a) => a.userId === user.id).map((a) => a.providerId))].sort();
    const invitation = open
      .filter((i) => i.userId === user.id)
      .sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime())[0];
    const status: StaffStatus = user.active
      ? "active"
      : providers.length === 0 && invitation
        ? "invited"
        : "deactivated";
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      language: user.language,
      active: user.active,
      status,
      providers,
      fromIdentityProvider: providers.some((p) => p !== CREDENTIAL),
      invitationExpiresAt: status === "invited" && invitation ? invitation.expiresAt.toISOString() : null,
      createdAt: user.createdAt.toISOString(),
      invitationExpired: status === "invited" && invitation !== undefined && invitation.expiresAt <= now,
    };
  });
}

type MailDeps = Pick<ServiceDeps, "db" | "config" | "mailer">;

/** A fresh link for `userId`, replacing any earlier one; inside the caller's transaction. */
async function newInvitation(tx: Queryable, userId: string, invitedBy: string | null, now: Date) {
  await tx
    .update(staffInvitations)
    .set({ revokedAt: now })
    .where(
      and(eq(staffInvitations.userId, userId), isNull(staffInvitations.usedAt), isNull(staffInvitations.revokedAt)),
    );
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_VALID_HOURS * 3_600_000);
  const [row] = await tx
    .insert(staffInvitations)
    .values({ userId, tokenHash: tokenHash(token), expiresAt, invitedBy })
    .returning({ id: staffInvitations.id });
  return { id: row!.id, token, expiresAt };
}

/** Sends one invitation's email once (dedupe key per invitation): a retried send never mails twice. */
async function sendInvitation(
  deps: MailDeps,
  invitation: { id: number; token: string },
  user: { email: string; name: string; language: "fr" | "en" },
  invitedBy: string,
): Promise<SendOutcome> {
  const url = `${deps.config.baseUrl.replace(/\/$/, "")}/invitation/${invitation.token}`;
  return sendOnce(
    deps.db,
    {
      dedupeKey: `staff-invitation:${invitation.id}:email`,
      channel: "email",
      recipient: user.email,
      template: INVITATION_EMAIL_TEMPLATE,
      language: user.language,
    },
    async (provider) => {
      const content = invitationEmail({
        locale: user.language,
        name: user.name,
        invitedBy,
        url,
        providerName: (await readSettings(deps)).provider.name,
        validHours: INVITATION_VALID_HOURS,
      });
      const receipt = await provider(() => deps.mailer.send({ to: user.email, ...content }));
      return { providerMessageId: receipt.messageId };
    },
  );
}

export interface InviteResult {
  userId: string;
  email: string;
  /** What became of the email: `sent`, or a failure the admin can fix and then resend. */
  mail: SendOutcome["status"];
}

/**
 * Creates the account, inactive and without a password, and emails its invitation link in the
 * person's language. An address that already has an account (active or not) is refused.
 */
export async function inviteStaff(
  deps: MailDeps,
  actor: Actor,
  input: { email: string; name: string; role: string; language: "fr" | "en" },
  now = new Date(),
): Promise<InviteResult> {
  const email = checkEmail(input.email);
  const role = checkRole(input.role);
  const name = input.name.trim() || email.split("@")[0]!;
  const id = randomBytes(16).toString("hex");
  const invitation = await deps.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, email));
    if (taken)
      throw new StaffConflictError(
        `${email} already has a staff account`,
        "errors.staff.emailTaken",
        { email },
        "email",
      );
    // A concurrent invite of the same address ends on the unique email: it is the same refusal.
    const inserted = await tx
      .insert(staffUsers)
      .values({ id, name, email, role, language: input.language, active: false })
      .onConflictDoNothing({ target: staffUsers.email })
      .returning({ id: staffUsers.id });
    if (inserted.length === 0)
      throw new StaffConflictError(
        `${email} already has a staff account`,
        "errors.staff.emailTaken",
        { email },
        "email",
      );
    const created = await newInvitation(tx, id, actor.userId, now);
    await recordAudit(tx, actor, {
      action: "staff.invited",
      entityType: "staff_user",
      entityId: id,
      changes: { email: { from: null, to: email }, role: { from: null, to: role }, active: { from: null, to: false } },
    });
    return created;
  });
  const outcome = await sendInvitation(deps, invitation, { email, name, language: input.language }, actor.name);
  return { userId: id, email, mail: outcome.status };
}

async function userOrThrow(tx: Queryable, userId: string) {
  const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, userId));
  if (!user) throw new NotFoundError("staff user", userId);
  return user;
}

async function hasSignInMethod(tx: Queryable, userId: string): Promise<boolean> {
  const [account] = await tx
    .select({ id: staffAccounts.id })
    .from(staffAccounts)
    .where(eq(staffAccounts.userId, userId))
    .limit(1);
  return account !== undefined;
}

/** A new link for someone who has not accepted yet; earlier links stop working. */
export async function resendInvitation(
  deps: MailDeps,
  actor: Actor,
  input: { userId: string },
  now = new Date(),
): Promise<InviteResult> {
  const { user, invitation } = await deps.db.transaction(async (tx) => {
    const user = await userOrThrow(tx, input.userId);
    if (user.active || (await hasSignInMethod(tx, user.id)))
      throw new StaffConflictError(`${user.email} has already accepted an invitation`, "errors.staff.notInvited", {
        name: user.name,
      });
    const invitation = await newInvitation(tx, user.id, actor.userId, now);
    await recordAudit(tx, actor, {
      action: "staff.invitation_resent",
      entityType: "staff_user",
      entityId: user.id,
      changes: { invitationExpiresAt: { from: null, to: invitation.expiresAt.toISOString() } },
    });
    return { user, invitation };
  });
  const outcome = await sendInvitation(deps, invitation, user, actor.name);
  return { userId: user.id, email: user.email, mail: outcome.status };
}

/**
 * The rows the last-administrator rule reads, locked for the rest of the transaction in id order
 * (so two such transactions never deadlock): every active administrator and the target.
 */
async function lockForRule(tx: Queryable, userId: string) {
  return tx
    .select({ id: staffUsers.id, role: staffUsers.role, active: staffUsers.active, name: staffUsers.name })
    .from(staffUsers)
    .where(or(and(eq(staffUsers.role, "admin"), eq(staffUsers.active, true)), eq(staffUsers.id, userId)))
    .orderBy(asc(staffUsers.id))
    .for("update");
}

async function checkedChange(tx: Queryable, change: StaffChange) {
  const members = await lockForRule(tx, change.userId);
  const target = members.find((m) => m.id === change.userId);
  if (!target) throw new NotFoundError("staff user", change.userId);
  if (removesLastActiveAdmin(members, change))
    throw new StaffConflictError(`${target.name} is the last active administrator`, "errors.staff.lastAdmin", {
      name: target.name,
    });
  return target;
}

export async function changeStaffRole(
  deps: Pick<ServiceDeps, "db" | "events">,
  actor: Actor,
  input: { userId: string; role: string },
): Promise<{ changed: boolean }> {
  const role = checkRole(input.role);
  const changed = await deps.db.transaction(async (tx) => {
    const target = await checkedChange(tx, { userId: input.userId, role });
    if (target.role === role) return false;
    await tx.update(staffUsers).set({ role, updatedAt: new Date() }).where(eq(staffUsers.id, target.id));
    await recordAudit(tx, actor, {
      action: "staff.role_changed",
      entityType: "staff_user",
      entityId: target.id,
      changes: { role: { from: target.role, to: role } },
    });
    return true;
  });
  // Sockets opened under the old role re-check at once (those servers read the role again).
  if (changed) deps.events.staffAccess.revoked({ userId: input.userId });
  return { changed };
}

/**
 * Ends the person's access at once: the account is inactive, every session row is deleted (the
 * next HTTP request is signed out), any open invitation is revoked, and the staff-access event
 * closes their /collab and /realtime sockets on every instance.
 */
export async function deactivateStaff(
  deps: Pick<ServiceDeps, "db" | "events">,
  actor: Actor,
  input: { userId: string },
  now = new Date(),
): Promise<{ changed: boolean; sessionsEnded: number }> {
  const result = await deps.db.transaction(async (tx) => {
    const target = await checkedChange(tx, { userId: input.userId, active: false });
    const ended = await tx
      .delete(staffSessions)
      .where(eq(staffSessions.userId, target.id))
      .returning({ id: staffSessions.id });
    const revoked = await tx
      .update(staffInvitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(staffInvitations.userId, target.id),
          isNull(staffInvitations.usedAt),
          isNull(staffInvitations.revokedAt),
        ),
      )
      .returning({ id: staffInvitations.id });
    if (!target.active) {
      // An invited person who has not accepted yet: deactivating cancels the link.
      if (revoked.length > 0)
        await recordAudit(tx, actor, {
          action: "staff.invitation_cancelled",
          entityType: "staff_user",
          entityId: target.id,
          changes: { invitationsRevoked: { from: null, to: revoked.length } },
        });
      return { changed: revoked.length > 0, sessionsEnded: ended.length };
    }
    await tx.update(staffUsers).set({ active: false, updatedAt: now }).where(eq(staffUsers.id, target.id));
    await recordAudit(tx, actor, {
      action: "staff.deactivated",
      entityType: "staff_user",
      entityId: target.id,
      changes: { active: { from: true, to: false }, sessionsEnded: { from: null, to: ended.length } },
    });
    return { changed: true, sessionsEnded: ended.length };
  });
  deps.events.staffAccess.revoked({ userId: input.userId });
  return result;
}

/** Gives back access to someone who had it; a person who never accepted an invitation gets a new one instead. */
export async function reactivateStaff(
  db: Queryable,
  actor: Actor,
  input: { userId: string },
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, input.userId)).for("update");
    if (!user) throw new NotFoundError("staff user", input.userId);
    if (user.active) return { changed: false };
    if (!(await hasSignInMethod(tx, user.id)))
      throw new StaffConflictError(`${user.email} never set a password`, "errors.staff.invitationPending", {
        name: user.name,
      });
    await tx.update(staffUsers).set({ active: true, updatedAt: new Date() }).where(eq(staffUsers.id, user.id));
    await recordAudit(tx, actor, {
      action: "staff.reactivated",
      entityType: "staff_user",
      entityId: user.id,
      changes: { active: { from: false, to: true } },
    });
    return { changed: true };
  });
}

/** What the invitation page shows before the password is chosen; the same refusals as accepting. */
export async function invitationFor(db: Queryable, token: string, now = new Date()) {
  const [row] = await db
    .select({ invitation: staffInvitations, user: staffUsers })
    .from(staffInvitations)
    .innerJoin(staffUsers, eq(staffUsers.id, staffInvitations.userId))
    .where(eq(staffInvitations.tokenHash, tokenHash(token)));
  checkInvitation(row?.invitation, now);
  return { name: row!.user.name, email: row!.user.email, language: row!.user.language };
}

function checkInvitation(
  invitation: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | undefined,
  now: Date,
): void {
  if (!invitation || invitation.revokedAt)
    throw new RuleViolationError("this invitation link is not valid", "token", {
      key: "errors.staff.invitationInvalid",
    });
  if (invitation.usedAt)
    throw new RuleViolationError("this invitation link was already used", "token", {
      key: "errors.staff.invitationUsed",
    });
  if (invitation.expiresAt <= now)
    throw new RuleViolationError("this invitation link has expired", "token", {
      key: "errors.staff.invitationExpired",
      params: { hours: INVITATION_VALID_HOURS },
    });
}

/**
 * The invitation link sets the password: better-auth's credential account with its own hash (as
 * admin:create writes it), the account becomes active and the link is spent, all in one
 * transaction on the locked invitation row, so the same link used twice at once opens it once.
 */
export async function acceptInvitation(
  db: Queryable,
  input: { token: string; password: string },
  now = new Date(),
): Promise<{ userId: string; email: string }> {
  if (input.password.length < ADMIN_PASSWORD_MIN_LENGTH)
    throw new RuleViolationError("the password is too short", "password", {
      key: "errors.staff.passwordTooShort",
      params: { min: ADMIN_PASSWORD_MIN_LENGTH },
    });
  const { hashPassword } = await import("better-auth/crypto");
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(staffInvitations)
      .where(eq(staffInvitations.tokenHash, tokenHash(input.token)))
      .for("update");
    checkInvitation(invitation, now);
    const user = await userOrThrow(tx, invitation!.userId);
    await tx.update(staffInvitations).set({ usedAt: now }).where(eq(staffInvitations.id, invitation!.id));
    await tx.insert(staffAccounts).values({
      id: randomBytes(16).toString("hex"),
      accountId: user.id,
      providerId: CREDENTIAL,
      userId: user.id,
      password: passwordHash,
    });
    await tx
      .update(staffUsers)
      .set({ active: true, emailVerified: true, updatedAt: now })
      .where(eq(staffUsers.id, user.id));
    const self: Actor = { realm: "staff", userId: user.id, role: user.role, name: user.name };
    await recordAudit(tx, self, {
      action: "staff.invitation_accepted",
      entityType: "staff_user",
      entityId: user.id,
      changes: { active: { from: user.active, to: true } },
    });
    return { userId: user.id, email: user.email };
  });
}
