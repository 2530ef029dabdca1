import path from "node:path";
import { configEnvSchema } from "./config/env-schema";
import { parseEncryptionKey, withoutBlankValues, type RawEnv } from "./config/env-fields";
import { InvalidConfigError } from "./config/invalid-config";
import { embeddedSecrets } from "./config/local-secrets";
import { storageConfigOf } from "./config/storage";
import type { ServerConfig } from "./config/types";

export type { BillingConfig, S3StorageConfig, ServerConfig, StorageConfig } from "./config/types";
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
  // A deployment's secrets are required by the schema, so only the embedded trial gets here without them.
  const secrets =
    settings.AUTH_SECRET !== undefined && settings.APP_ENCRYPTION_KEY !== undefined
      ? { authSecret: settings.AUTH_SECRET, encryptionKey: settings.APP_ENCRYPTION_KEY }
      : embeddedSecrets(
          dataDir,
          { authSecret: settings.AUTH_SECRET, encryptionKey: settings.APP_ENCRYPTION_KEY },
          options.log ?? console.warn,
        );
  // Past the schema, a feature's first variable being set means all of its variables are.
  return {
    port: settings.PORT,
    host: settings.HOST,
    baseUrl: (settings.BASE_URL ?? `http://localhost:${settings.PORT}`).replace(/\/$/, ""),
    trustedProxyHops: settings.TRUSTED_PROXY_HOPS,
    databaseUrl: settings.DATABASE_URL,
    dataDir,
    authSecret: secrets.authSecret,
    encryptionKey: parseEncryptionKey(secrets.encryptionKey),
    oidc: settings.OIDC_ISSUER
      ? {
          issuer: settings.OIDC_ISSUER,
          clientId: settings.OIDC_CLIENT_ID!,
          clientSecret: settings.OIDC_CLIENT_SECRET!,
          defaultRole: settings.OIDC_DEFAULT_ROLE,
        }
      : null,
    billing: {
      providerName: settings.PROVIDER_NAME,
      gstNumber: settings.PROVIDER_GST_NUMBER,
      qstNumber: settings.PROVIDER_QST_NUMBER,
      dunningReminderDays: settings.DUNNING_REMINDER_DAYS,
      dunningSuspendDays: settings.DUNNING_SUSPEND_DAYS,
    },
    mail: { smtpUrl: settings.SMTP_URL, from: settings.MAIL_FROM },
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
    redisUrl: settings.REDIS_URL,
    gpsRetentionDays: settings.GPS_RETENTION_DAYS,
    storage: storageConfigOf(settings, dataDir),
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
