// The minimal entry leaves out Kysely and the database dialects (we give it the drizzle adapter):
// about 20 MB less resident memory in every server process.
import { betterAuth } from "better-auth/minimal";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import type { Database } from "../db/client";
import type { ServerConfig } from "../config";
import {
  portalAccounts,
  portalSessions,
  portalUsers,
  portalVerifications,
  staffAccounts,
  staffSessions,
  staffUsers,
  staffVerifications,
} from "../db/schema";
import { deriveKey } from "../crypto/derive-key";
import { CLIENT_ADDRESS_HEADER } from "../web/front-door";
import { magicLink } from "better-auth/plugins/magic-link";
import { syncCustomerEmail } from "../services/portal/account-contacts";
import type { Mailer } from "../integrations/mail/mailer";
import { customerMailSenders, MAIL_LINK_SECONDS, mailLinkGuard } from "./customer-mail-links";
import { signInGuard } from "./sign-in-guard";
import { staffSsoOptions } from "./sso";

export const STAFF_AUTH_PATH = "/api/auth/staff";
export const CUSTOMER_AUTH_PATH = "/api/auth/customer";
const SESSION_SECONDS = 60 * 60 * 12;
/**
 * better-auth's own limiter (production only, per process) stays as a flood guard for every other
 * endpoint. Password sign-in is left to `signInGuard` (shared by all instances, per account, counting
 * failures): better-auth's default for it, 3 attempts in 10 s per address, successes included, would
 * refuse an office signing in its staff.
 */
const RATE_LIMIT = {
  window: 60,
  max: 200,
  customRules: { "/sign-in/email": false as const, "/sign-in/*": { window: 60, max: 60 } },
};

function trustedOrigins(config: ServerConfig): string[] {
  return [config.baseUrl, `http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
}

type RealmTables = { user: unknown; session: unknown; account: unknown; verification: unknown };

/** What both realms share: the database, secret, origins, password rules and session length. */
function realmOptions(db: Database, config: ServerConfig, basePath: string, cookiePrefix: string, schema: RealmTables) {
  return {
    appName: "Fibre Ops",
    baseURL: config.baseUrl,
    basePath,
    // Its own key: a signature better-auth makes is worth nothing as a collab or device token.
    secret: deriveKey(config.authSecret, "auth-session").toString("base64url"),
    trustedOrigins: trustedOrigins(config),
    database: drizzleAdapter(db, { provider: "pg", schema }),
    // Accounts are created by admins, the office or the seed: never by sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12 },
    session: { expiresIn: SESSION_SECONDS },
    rateLimit: RATE_LIMIT,
    // The client's address as server/main.ts read it from the socket, never X-Forwarded-For as sent.
    advanced: { cookiePrefix, ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] as string[] } },
    telemetry: { enabled: false },
  } as const;
}

/** Told when a staff session ends (sign-out): the open /collab and /realtime sockets close at once. */
export type StaffAuthHooks = { onSessionEnded?: (userId: string) => void };

/**
 * Staff realm: its own tables, cookie prefix and base path, so a customer's session
 * can never be presented as a staff one. An Authentik-style OIDC provider is added when configured.
 */
export function createStaffAuth(db: Database, config: ServerConfig, hooks: StaffAuthHooks = {}) {
  // Single sign-on, when configured: sign-up, roles and linking follow the identity provider's groups (sso.ts).
  const sso = config.oidc ? staffSsoOptions(config.oidc) : null;
  return betterAuth({
    ...realmOptions(db, config, STAFF_AUTH_PATH, "staff", {
      user: staffUsers,
      session: staffSessions,
      account: staffAccounts,
      verification: staffVerifications,
    }),
    user: {
      additionalFields: {
        role: { type: "string", required: false, input: false, defaultValue: "support" },
        language: { type: "string", required: false, input: false, defaultValue: "fr" },
        active: { type: "boolean", required: false, input: false, defaultValue: true },
      },
      ...(sso ? { validateUserInfo: sso.validateUserInfo } : {}),
    },
    ...(sso ? { account: sso.account } : {}),
    databaseHooks: {
      ...sso?.databaseHooks,
      session: {
        ...sso?.databaseHooks.session,
        // Open sockets of an ended session close at once (server/collab, server/realtime).
        delete: { after: (s: { userId: string }) => Promise.resolve(hooks.onSessionEnded?.(s.userId)) },
      },
    },
    plugins: [signInGuard(db, "staff"), ...(sso ? sso.plugins : [])],
  });
}

/**
 * Customer realm: portal accounts, each bound to one customer record. Besides the password, an
 * emailed magic link and a password reset by email; an email change is confirmed by a link sent
 * to the new address. Every link lasts 15 minutes and works once (customer-mail-links.ts).
 */
export function createCustomerAuth(db: Database, config: ServerConfig, mailer: Mailer) {
  const mail = customerMailSenders(db, mailer, config.baseUrl);
  const options = realmOptions(db, config, CUSTOMER_AUTH_PATH, "portal", {
    user: portalUsers,
    session: portalSessions,
    account: portalAccounts,
    verification: portalVerifications,
  });
  return betterAuth({
    ...options,
    emailAndPassword: {
      ...options.emailAndPassword,
      resetPasswordTokenExpiresIn: MAIL_LINK_SECONDS,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: ({ user, token }) => mail.sendResetPassword({ user, token }),
    },
    emailVerification: {
      expiresIn: MAIL_LINK_SECONDS,
      sendVerificationEmail: ({ user, url }) => mail.sendChangeEmailLink({ user, url }),
    },
    user: {
      additionalFields: { customerId: { type: "number", required: true, input: false } },
      changeEmail: { enabled: true },
    },
    databaseHooks: {
      user: {
        update: {
          // The customer's address is the one invoices and notices go to: it follows the confirmed change.
          after: async (user: { email: string; customerId?: unknown }) => {
            const customerId = Number(user.customerId);
            if (!Number.isInteger(customerId)) return;
            await syncCustomerEmail(db, customerId, user.email);
          },
        },
      },
    },
    plugins: [
      signInGuard(db, "customer"),
      mailLinkGuard(db),
      magicLink({
        expiresIn: MAIL_LINK_SECONDS,
        disableSignUp: true,
        storeToken: "hashed",
        sendMagicLink: ({ email, url }) => mail.sendMagicLink({ email, url }),
      }),
    ],
  });
}

export type StaffAuth = ReturnType<typeof createStaffAuth>;
export type CustomerAuth = ReturnType<typeof createCustomerAuth>;
