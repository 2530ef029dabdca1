import { z } from "zod";
import {
  authSecret,
  dayList,
  encryptionKey,
  encryptionKeyList,
  GENERATE_AUTH_SECRET,
  GENERATE_ENCRYPTION_KEY,
  httpUrl,
  inboundEmailSecret,
  printedText,
  roleMap,
  subnetList,
  taxNumber,
  wholeNumber,
  yesOrNo,
} from "./env-fields";
import { evenWithFieldErrors } from "./invalid-config";
import { checkStorageEnv, storageEnvShape } from "./storage";
import { checkRadiusEnv, radiusEnvShape } from "./radius";

/**
 * The variables an administrator may also change from the office (/office/settings): the office
 * validates its values with these same schemas (server/services/settings), and the database's
 * value, once saved, wins over the environment's.
 */
export const SETTINGS_FIELDS = {
  PROVIDER_NAME: printedText("PROVIDER_NAME", 120),
  PROVIDER_ADDRESS: printedText("PROVIDER_ADDRESS", 300),
  PROVIDER_GST_NUMBER: taxNumber("PROVIDER_GST_NUMBER", "RT"),
  PROVIDER_QST_NUMBER: taxNumber("PROVIDER_QST_NUMBER", "TQ"),
  DUNNING_REMINDER_DAYS: dayList("DUNNING_REMINDER_DAYS"),
  DUNNING_SUSPEND_DAYS: wholeNumber("DUNNING_SUSPEND_DAYS", 1, 365, "a whole number of days"),
  DUNNING_HOUR: wholeNumber("DUNNING_HOUR", 0, 23, "an hour of the day"),
  APPOINTMENT_REMINDER_HOUR: wholeNumber("APPOINTMENT_REMINDER_HOUR", 0, 23, "an hour of the day"),
};

/** Every variable the server reads, with its default; blank values arrive here already removed. */
const envShape = {
  PORT: wholeNumber("PORT", 0, 65535, "a port number").default(3000),
  /** Unset: 127.0.0.1 for the embedded trial (its demo accounts have a published password), 0.0.0.0 for a deployment. */
  HOST: z.string().optional(),
  BASE_URL: httpUrl("BASE_URL").optional(),
  TRUSTED_PROXY_HOPS: wholeNumber("TRUSTED_PROXY_HOPS", 0, 10, "a number of proxies").default(0),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default(".data"),
  AUTH_SECRET: authSecret.optional(),
  APP_ENCRYPTION_KEY: encryptionKey.optional(),
  APP_ENCRYPTION_KEYS: encryptionKeyList.optional(),
  OIDC_ISSUER: httpUrl("OIDC_ISSUER").optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_ROLE_MAP: roleMap.optional(),
  OIDC_GROUPS_CLAIM: z.string().default("groups"),
  OIDC_ALLOW_SIGN_UP: yesOrNo("OIDC_ALLOW_SIGN_UP").optional(),
  OIDC_LINK_VERIFIED_EMAIL: yesOrNo("OIDC_LINK_VERIFIED_EMAIL").optional(),
  /** Read only to refuse it: a default role gave every person the identity provider accepts a staff role. */
  OIDC_DEFAULT_ROLE: z.string().optional(),
  PROVIDER_NAME: SETTINGS_FIELDS.PROVIDER_NAME.default("Fibre Démo inc."),
  /** Printed under the name on invoices; unset prints none. */
  PROVIDER_ADDRESS: SETTINGS_FIELDS.PROVIDER_ADDRESS.optional(),
  PROVIDER_GST_NUMBER: SETTINGS_FIELDS.PROVIDER_GST_NUMBER.default("123456789 RT0001"),
  PROVIDER_QST_NUMBER: SETTINGS_FIELDS.PROVIDER_QST_NUMBER.default("1234567890 TQ0001"),
  DUNNING_REMINDER_DAYS: SETTINGS_FIELDS.DUNNING_REMINDER_DAYS.default(() => [3, 10]),
  DUNNING_SUSPEND_DAYS: SETTINGS_FIELDS.DUNNING_SUSPEND_DAYS.default(21),
  /** The hour (Quebec time) the daily dunning pass sends its reminders. */
  DUNNING_HOUR: SETTINGS_FIELDS.DUNNING_HOUR.default(9),
  /** The hour (Quebec time), the evening before a visit, its appointment reminder goes out. */
  APPOINTMENT_REMINDER_HOUR: SETTINGS_FIELDS.APPOINTMENT_REMINDER_HOUR.default(18),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Fibre Démo <facturation@fibre-demo.test>"),
  /** Unset: the inbound email webhook answers 503 (no mail comes in). */
  INBOUND_EMAIL_SECRET: inboundEmailSecret.optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_BASE: httpUrl("STRIPE_API_BASE").optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_API_BASE: httpUrl("TWILIO_API_BASE").optional(),
  TRACCAR_URL: httpUrl("TRACCAR_URL").optional(),
  TRACCAR_EMAIL: z.string().optional(),
  TRACCAR_PASSWORD: z.string().optional(),
  GENIEACS_URL: httpUrl("GENIEACS_URL").optional(),
  GENIEACS_USERNAME: z.string().optional(),
  GENIEACS_PASSWORD: z.string().optional(),
  REDIS_URL: z.string().optional(),
  GPS_RETENTION_DAYS: wholeNumber("GPS_RETENTION_DAYS", 1, 365, "a whole number of days").default(30),
  BOARD_HISTORY_DAYS: wholeNumber("BOARD_HISTORY_DAYS", 1, 3650, "a whole number of days").default(180),
  /** Unset or empty: no address is a management target, so nothing is ever probed. */
  MGMT_SUBNETS: subnetList.optional(),
  SNMP_PORT: wholeNumber("SNMP_PORT", 1, 65535, "a port number").default(161),
  SNMP_TIMEOUT_MS: wholeNumber("SNMP_TIMEOUT_MS", 100, 5000, "a number of milliseconds").default(5000),
  SNMP_CONCURRENCY: wholeNumber("SNMP_CONCURRENCY", 1, 1024, "a number of probes").default(64),
  SNMP_COMMUNITY: z.string().optional(),
  SNMP_V3_USER: z.string().optional(),
  SNMP_V3_AUTH_PROTOCOL: z.enum(["md5", "sha", "sha224", "sha256", "sha384", "sha512"]).default("sha"),
  SNMP_V3_AUTH_KEY: z.string().optional(),
  SNMP_V3_PRIV_PROTOCOL: z.enum(["des", "aes", "aes256b", "aes256r"]).default("aes"),
  SNMP_V3_PRIV_KEY: z.string().optional(),
  ...storageEnvShape,
  ...radiusEnvShape,
};
type Env = z.infer<z.ZodObject<typeof envShape>>;
type Variable = keyof Env;

/** Each feature is on only when all its variables are set: a half-set one would fail later, at a customer's payment or a technician's SMS. */
const SET_TOGETHER: { feature: string; variables: Partial<Record<Variable, string>> }[] = [
  {
    feature: "card payments",
    variables: {
      STRIPE_SECRET_KEY: "the account's secret key, sk_…",
      STRIPE_WEBHOOK_SECRET: "the signing secret of the /api/webhooks/stripe endpoint, whsec_…",
    },
  },
  {
    feature: "SMS",
    variables: {
      TWILIO_ACCOUNT_SID: "the account SID, AC…",
      TWILIO_AUTH_TOKEN: "the account's auth token",
      TWILIO_FROM: "the sending number, in E.164 form",
    },
  },
  {
    feature: "staff single sign-on",
    variables: {
      OIDC_ISSUER: "the OpenID Connect issuer URL",
      OIDC_CLIENT_ID: "the client id the identity provider gave this application",
      OIDC_CLIENT_SECRET: "that client's secret",
      OIDC_ROLE_MAP: "which identity provider group gives which role, like ops-admins=admin,dispatch=dispatcher",
    },
  },
  {
    feature: "SNMP v3 (authPriv)",
    variables: {
      SNMP_V3_USER: "the SNMP v3 user name",
      SNMP_V3_AUTH_KEY: "its authentication passphrase (8 characters or more)",
      SNMP_V3_PRIV_KEY: "its privacy passphrase (8 characters or more)",
    },
  },
  {
    feature: "the Traccar feed",
    variables: {
      TRACCAR_URL: "the Traccar server's URL",
      TRACCAR_EMAIL: "the email of the Traccar account the feed signs in with",
      TRACCAR_PASSWORD: "that account's password",
    },
  },
];

const listed = (names: string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0]!;
const isOrAre = (names: string[]) => (names.length > 1 ? "are" : "is");

function checkSetTogether(env: Env, ctx: z.RefinementCtx): void {
  for (const { feature, variables } of SET_TOGETHER) {
    const names = Object.keys(variables) as Variable[];
    const present = names.filter((name) => env[name] !== undefined);
    const missing = names.filter((name) => env[name] === undefined);
    if (present.length === 0 || missing.length === 0) continue;
    const toSet = missing.map((name) => `${name} (${variables[name]})`);
    ctx.addIssue({
      code: "custom",
      path: [missing[0]!],
      message: `${listed(missing)} ${isOrAre(missing)} not set but ${listed(present)} ${isOrAre(present)}: set ${listed(toSet)}, or unset ${listed(present)} to run without ${feature}`,
    });
  }
}

/**
 * Only the embedded trial may invent its secrets. A deployment's would differ per instance
 * and change with its disk: sessions would break across instances and encrypted data be lost.
 * NODE_ENV cannot tell the two apart: `npm start` always runs in production mode.
 */
function checkDeploymentSecrets(env: Env, ctx: z.RefinementCtx): void {
  if (env.DATABASE_URL === undefined) return;
  if (env.AUTH_SECRET === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["AUTH_SECRET"],
      message: `AUTH_SECRET is not set, and a deployment (DATABASE_URL is set) needs it to sign sessions and tokens: ${GENERATE_AUTH_SECRET} and give the same one to every instance`,
    });
  }
  if (env.APP_ENCRYPTION_KEY === undefined && env.APP_ENCRYPTION_KEYS === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["APP_ENCRYPTION_KEY"],
      message: `APP_ENCRYPTION_KEY is not set, and a deployment (DATABASE_URL is set) needs it to encrypt secrets at rest: ${GENERATE_ENCRYPTION_KEY}, give the same one to every instance and keep a copy, since what it encrypts cannot be read without it`,
    });
  }
}

/**
 * GenieACS's NBI often runs without authentication behind a firewall, so credentials are optional;
 * but one without the other, or credentials with no server to send them to, is a typo that would
 * only show at the first remote action.
 */
function checkGenieAcs(env: Env, ctx: z.RefinementCtx): void {
  const user = env.GENIEACS_USERNAME !== undefined;
  const password = env.GENIEACS_PASSWORD !== undefined;
  if (user !== password)
    ctx.addIssue({
      code: "custom",
      path: [user ? "GENIEACS_PASSWORD" : "GENIEACS_USERNAME"],
      message: user
        ? "GENIEACS_PASSWORD is not set but GENIEACS_USERNAME is: set both (the NBI's basic-auth account) or neither"
        : "GENIEACS_USERNAME is not set but GENIEACS_PASSWORD is: set both (the NBI's basic-auth account) or neither",
    });
  if ((user || password) && env.GENIEACS_URL === undefined)
    ctx.addIssue({
      code: "custom",
      path: ["GENIEACS_URL"],
      message:
        "GENIEACS_URL is not set but GenieACS credentials are: set GENIEACS_URL (the NBI's URL, like http://acs.example:7557) or unset GENIEACS_USERNAME and GENIEACS_PASSWORD",
    });
}

function checkRetiredVariables(env: Env, ctx: z.RefinementCtx): void {
  if (env.OIDC_DEFAULT_ROLE !== undefined)
    ctx.addIssue({
      code: "custom",
      path: ["OIDC_DEFAULT_ROLE"],
      message:
        "OIDC_DEFAULT_ROLE is no longer read: a person signing in with single sign-on gets the role of their identity provider groups, so unset OIDC_DEFAULT_ROLE and set OIDC_ROLE_MAP (like ops-admins=admin,dispatch=dispatcher)",
    });
}

export const configEnvSchema = z
  .object(envShape)
  .superRefine(checkRetiredVariables, evenWithFieldErrors)
  .superRefine(checkSetTogether, evenWithFieldErrors)
  .superRefine(checkGenieAcs, evenWithFieldErrors)
  .superRefine(checkDeploymentSecrets, evenWithFieldErrors)
  .superRefine(checkStorageEnv, evenWithFieldErrors)
  .superRefine(checkRadiusEnv, evenWithFieldErrors);
export type ConfigEnv = z.infer<typeof configEnvSchema>;
