import { APIError } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { roleForGroups } from "../../lib/domain/auth/sso-roles";
import type { StaffRoleName } from "../../lib/domain/roles";
import type { OidcConfig } from "../config";

export const SSO_PROVIDER_ID = "sso";

/** The refusal a person sees on better-auth's error page when no group of theirs is in OIDC_ROLE_MAP. */
export const NO_MAPPED_GROUP = {
  error: "no_mapped_group",
  errorDescription:
    "None of your identity provider groups gives a role in Fibre Ops: ask an administrator to add your group to OIDC_ROLE_MAP. / Aucun de vos groupes du fournisseur d'identité ne donne de rôle dans Fibre Ops : demandez à un administrateur d'ajouter votre groupe à OIDC_ROLE_MAP.",
} as const;

type ValidateSource = {
  method: string;
  action: string;
  oauth?: { providerId: string; profile?: Record<string, unknown> };
};

/**
 * The staff realm's single sign-on, as better-auth options (ADR 0001): who may come in and with
 * which role is decided by the identity provider's groups, never by a default.
 *
 * - No sign-up unless OIDC_ALLOW_SIGN_UP: a person without an account is refused (`signup_disabled`).
 * - Every SSO sign-in (creation, linking or return) reads the groups claim of the fresh profile;
 *   no mapped group refuses it (`no_mapped_group`), so removing someone from the groups locks them out.
 * - The role follows the groups: set on creation and updated at each sign-in.
 * - No linking to an existing account by email, unless OIDC_LINK_VERIFIED_EMAIL and the provider
 *   says it verified that email: otherwise whoever controls an address at the provider would take over
 *   the password account with that address.
 *
 * The role is decided in `validateUserInfo`, the one hook that sees the raw profile, and applied by
 * the database hooks that run next in the same callback. better-auth gives those hooks no common
 * request object, so the decision waits for them under the (lowercased) email for a minute.
 */
export function staffSsoOptions(oidc: OidcConfig) {
  const decided = new Map<string, { role: StaffRoleName; until: number }>();
  const decide = (email: string, role: StaffRoleName) => {
    const now = Date.now();
    for (const [key, entry] of decided) if (entry.until < now) decided.delete(key);
    decided.set(email.toLowerCase(), { role, until: now + 60_000 });
  };
  const take = (email: unknown): StaffRoleName | undefined => {
    if (typeof email !== "string") return undefined;
    const entry = decided.get(email.toLowerCase());
    decided.delete(email.toLowerCase());
    return entry && entry.until >= Date.now() ? entry.role : undefined;
  };
  const isSso = (source: ValidateSource) => source.method === "oauth" && source.oauth?.providerId === SSO_PROVIDER_ID;

  return {
    plugins: [
      genericOAuth({
        config: [
          {
            providerId: SSO_PROVIDER_ID,
            discoveryUrl: `${oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
            clientId: oidc.clientId,
            clientSecret: oidc.clientSecret,
            scopes: ["openid", "email", "profile"],
            disableSignUp: !oidc.allowSignUp,
            disableImplicitSignUp: false,
          },
        ],
      }),
    ],
    account: {
      accountLinking: oidc.linkVerifiedEmail
        ? // Not a trusted provider: better-auth then links only when the provider's email is verified.
          { enabled: true, trustedProviders: [], requireLocalEmailVerified: false }
        : { enabled: false },
    },
    validateUserInfo: (data: { user: { email?: unknown }; source: ValidateSource }) => {
      if (!isSso(data.source)) return;
      const role = roleForGroups(data.source.oauth?.profile?.[oidc.groupsClaim], oidc.roleMap);
      if (!role || typeof data.user.email !== "string") return { ...NO_MAPPED_GROUP };
      decide(data.user.email, role);
    },
    databaseHooks: {
      user: {
        create: {
          before: (user: Record<string, unknown>) => {
            const role = take(user.email);
            // Staff accounts are otherwise made by the seed and admin:create, which write rows directly.
            if (!role)
              throw new APIError("FORBIDDEN", {
                code: NO_MAPPED_GROUP.error,
                message: NO_MAPPED_GROUP.errorDescription,
              });
            return Promise.resolve({ data: { ...user, role } });
          },
        },
      },
      session: {
        create: {
          before: async (session: { userId: string }, context: { context?: { internalAdapter?: unknown } } | null) => {
            if (decided.size === 0) return;
            const adapter = context?.context?.internalAdapter as
              | {
                  findUserById(id: string): Promise<{ email: string; role?: unknown } | null>;
                  updateUser(id: string, data: Record<string, unknown>): Promise<unknown>;
                }
              | undefined;
            const user = await adapter?.findUserById(session.userId);
            const role = take(user?.email);
            if (user && role && user.role !== role) await adapter!.updateUser(session.userId, { role });
          },
        },
      },
    },
  };
}
