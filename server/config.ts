import path from "node:path";
import { configEnvSchema } from "./config/env-schema";
import { isYes, keyWithDerivedId, withoutBlankValues, type RawEnv } from "./config/env-fields";
import { InvalidConfigError } from "./config/invalid-config";
import { embeddedSecrets } from "./config/local-secrets";
import { storageConfigOf } from "./config/storage";
import { radiusConfigOf } from "./config/radius";
import type { ServerConfig } from "./config/types";

export type { RadiusConfig, RadiusNasClient } from "./config/radius";
export type {
  BillingConfig,
  NetworkConfig,
  OidcConfig,
  ReminderHoursConfig,
  S3StorageConfig,
  ServerConfig,
  SnmpConfig,
  SnmpCredentials,
  StorageConfig,
} from "./config/types";
export { parseEncryptionKey, type RawEnv } from "./config/env-fields";
export { InvalidConfigError } from "./config/invalid-config";
export { parseStorageConfig } from "./config/storage";

export interface LoadConfigOptions {
  /** Where the embedded trial announces its generated secrets: stderr by default, since token scripts print their token on stdout. */
  log?: (line: string) => void;
}

/**
 * Reads the whole configuration from `env` (blank values count as unset) and refuses to start
 * on any bad value or half-set feature, listing every problem in one InvalidConfigError.
 */
export function loadConfig(env: RawEnv = process.env, options: LoadConfigOptions = {}): ServerConfig {
  const parsed = configEnvSchema.safeParse(withoutBlankValues(env));
  if (!parsed.success) throw new InvalidConfigError(parsed.error);
  const settings = parsed.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ settings.DATA_DIR);
  const givenKeys = [
    ...(settings.APP_ENCRYPTION_KEYS ?? []),
    ...(settings.APP_ENCRYPTION_KEY === undefined ? [] : [keyWithDerivedId(settings.APP_ENCRYPTION_KEY)]),
  ].filter((entry, index, all) => all.findIndex((other) => other.id === entry.id) === index);
  // A deployment's secrets are required by the schema, so only the embedded trial gets here without them.
  const secrets =
    settings.AUTH_SECRET !== undefined && givenKeys.length > 0
      ? { authSecret: settings.AUTH_SECRET, encryptionKeys: givenKeys }
      : (() => {
          const local = embeddedSecrets(
            dataDir,
            { authSecret: settings.AUTH_SECRET === undefined, encryptionKey: givenKeys.length === 0 },
            options.log ?? console.warn,
          );
          return {
            authSecret: settings.AUTH_SECRET ?? local.authSecret,
            encryptionKeys: givenKeys.length > 0 ? givenKeys : [keyWithDerivedId(local.encryptionKey)],
          };
        })();
  // Past the schema, a feature's first variable being set means all of its variables are.
  return {
    port: settings.PORT,
    // The trial's demo accounts share a published password: only this machine may reach them unless HOST says otherwise.
    host: settings.HOST ?? (settings.DATABASE_URL === undefined ? "127.0.0.1" : "0.0.0.0"),
    baseUrl: (settings.BASE_URL ?? `http://localhost:${settings.PORT}`).replace(/\/$/, ""),
    trustedProxyHops: settings.TRUSTED_PROXY_HOPS,
    databaseUrl: settings.DATABASE_URL,
    dataDir,
    authSecret: secrets.authSecret,
    encryptionKeys: secrets.encryptionKeys,
    oidc: settings.OIDC_ISSUER
      ? {
          issuer: settings.OIDC_ISSUER,
          clientId: settings.OIDC_CLIENT_ID!,
          clientSecret: settings.OIDC_CLIENT_SECRET!,
          allowSignUp: settings.OIDC_ALLOW_SIGN_UP !== undefined && isYes(settings.OIDC_ALLOW_SIGN_UP),
          linkVerifiedEmail:
            settings.OIDC_LINK_VERIFIED_EMAIL !== undefined && isYes(settings.OIDC_LINK_VERIFIED_EMAIL),
          groupsClaim: settings.OIDC_GROUPS_CLAIM,
          roleMap: settings.OIDC_ROLE_MAP!,
        }
      : null,
    billing: {
      providerName: settings.PROVIDER_NAME,
      providerAddress: settings.PROVIDER_ADDRESS ?? "",
      gstNumber: settings.PROVIDER_GST_NUMBER,
      qstNumber: settings.PROVIDER_QST_NUMBER,
      dunningReminderDays: settings.DUNNING_REMINDER_DAYS,
      dunningSuspendDays: settings.DUNNING_SUSPEND_DAYS,
    },
    reminders: { dunningHour: settings.DUNNING_HOUR, appointmentHour: settings.APPOINTMENT_REMINDER_HOUR },
    mail: { smtpUrl: settings.SMTP_URL, from: settings.MAIL_FROM, inboundSecret: settings.INBOUND_EMAIL_SECRET },
    stripe: settings.STRIPE_SECRET_KEY
      ? {
          secretKey: settings.STRIPE_SECRET_KEY,
          webhookSecret: settings.STRIPE_WEBHOOK_SECRET!,
          apiBaseUrl: settings.STRIPE_API_BASE,
        }
      : null,
    twilio: settings.TWILIO_ACCOUNT_SID
      ? {
          accountSid: settings.TWILIO_ACCOUNT_SID,
          authToken: settings.TWILIO_AUTH_TOKEN!,
          from: settings.TWILIO_FROM!,
          apiBaseUrl: settings.TWILIO_API_BASE,
        }
      : null,
    traccar: settings.TRACCAR_URL
      ? { url: settings.TRACCAR_URL, email: settings.TRACCAR_EMAIL!, password: settings.TRACCAR_PASSWORD! }
      : null,
    genieacs: settings.GENIEACS_URL
      ? {
          url: settings.GENIEACS_URL.replace(/\/$/, ""),
          credentials:
            settings.GENIEACS_USERNAME !== undefined
              ? { username: settings.GENIEACS_USERNAME, password: settings.GENIEACS_PASSWORD! }
              : null,
        }
      : null,
    redisUrl: settings.REDIS_URL,
    gpsRetentionDays: settings.GPS_RETENTION_DAYS,
    boardHistoryDays: settings.BOARD_HISTORY_DAYS,
    storage: storageConfigOf(settings, dataDir),
    radius: radiusConfigOf(settings),
    network: {
      mgmtSubnets: settings.MGMT_SUBNETS ?? [],
      snmp: {
        port: settings.SNMP_PORT,
        timeoutMs: settings.SNMP_TIMEOUT_MS,
        concurrency: settings.SNMP_CONCURRENCY,
        credentials: settings.SNMP_V3_USER
          ? {
              version: "3",
              user: settings.SNMP_V3_USER,
              authProtocol: settings.SNMP_V3_AUTH_PROTOCOL,
              authKey: settings.SNMP_V3_AUTH_KEY!,
              privProtocol: settings.SNMP_V3_PRIV_PROTOCOL,
              privKey: settings.SNMP_V3_PRIV_KEY!,
            }
          : settings.SNMP_COMMUNITY
            ? { version: "2c", community: settings.SNMP_COMMUNITY }
            : null,
      },
    },
  };
}

/** For entry points: a refused configuration is the operator's to fix, so it is printed without a stack trace. */
export function loadConfigOrExit(env: RawEnv = process.env): ServerConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
