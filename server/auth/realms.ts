import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { genericOAuth } from "better-auth/plugins";
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

export const STAFF_AUTH_PATH = "/api/auth/staff";
export const CUSTOMER_AUTH_PATH = "/api/auth/customer";
const SESSION_SECONDS = 60 * 60 * 12;
/** Password guessing is slowed to 10 sign-in attempts a minute per client IP (production only). */
const RATE_LIMIT = { window: 60, max: 200, customRules: { "/sign-in/*": { window: 60, max: 10 } } };

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
    secret: config.authSecret,
    trustedOrigins: trustedOrigins(config),
    database: drizzleAdapter(db, { provider: "pg", schema }),
    // Accounts are created by admins, the office or the seed: never by sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12 },
    session: { expiresIn: SESSION_SECONDS },
    rateLimit: RATE_LIMIT,
    advanced: { cookiePrefix },
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
  return betterAuth({
    ...realmOptions(db, config, STAFF_AUTH_PATH, "staff", {
      user: staffUsers,
      session: staffSessions,
      account: staffAccounts,
      verification: staffVerifications,
    }),
    user: {
      additionalFields: {
        role: { type: "string", required: false, input: false, defaultValue: config.oidc?.defaultRole ?? "support" },
        language: { type: "string", required: false, input: false, defaultValue: "fr" },
        active: { type: "boolean", required: false, input: false, defaultValue: true },
      },
    },
    databaseHooks: {
      session: { delete: { after: (s: { userId: string }) => Promise.resolve(hooks.onSessionEnded?.(s.userId)) } },
    },
    plugins: config.oidc
      ? [
          genericOAuth({
            config: [
              {
                providerId: "sso",
                discoveryUrl: `${config.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
                clientId: config.oidc.clientId,
                clientSecret: config.oidc.clientSecret,
                scopes: ["openid", "email", "profile"],
              },
            ],
          }),
        ]
      : [],
  });
}

/** Customer realm: portal accounts, each bound to one customer record. */
export function createCustomerAuth(db: Database, config: ServerConfig) {
  return betterAuth({
    ...realmOptions(db, config, CUSTOMER_AUTH_PATH, "portal", {
      user: portalUsers,
      session: portalSessions,
      account: portalAccounts,
      verification: portalVerifications,
    }),
    user: { additionalFields: { customerId: { type: "number", required: true, input: false } } },
  });
}

export type StaffAuth = ReturnType<typeof createStaffAuth>;
export type CustomerAuth = ReturnType<typeof createCustomerAuth>;
