import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Every setting the server reads from the environment, with its default.
 * The README's configuration table mirrors this file.
 */
export interface ServerConfig {
  port: number;
  /** Interface to listen on. */
  host: string;
  /** Public origin used in links and auth callbacks. */
  baseUrl: string;
  /** PostgreSQL connection string; unset means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  authSecret: string;
  /** 32-byte key that encrypts secrets at rest (RADIUS passwords). */
  encryptionKey: Buffer;
  oidc: { issuer: string; clientId: string; clientSecret: string; defaultRole: string } | null;
  billing: BillingConfig;
  /** Outgoing email (invoices, reminders). No SMTP_URL: messages are written as .eml files under dataDir/outbox. */
  mail: { smtpUrl: string | undefined; from: string };
  /** Card payments; null when STRIPE_SECRET_KEY is unset (card actions then say Stripe is not configured). */
  stripe: { secretKey: string; webhookSecret: string; apiBaseUrl: string | undefined } | null;
  /** SMS; null when TWILIO_ACCOUNT_SID is unset (SMS are then recorded as failed, "SMS not configured"). */
  twilio: { accountSid: string; authToken: string; from: string; apiBaseUrl: string | undefined } | null;
  /** Technicians' positions from a Traccar server; null when TRACCAR_URL is unset. */
  traccar: { url: string; email: string; password: string } | null;
  /** Redis for scale-out (board relay, Socket.IO adapter); unset means a single instance. */
  redisUrl: string | undefined;
  /** Days of GPS history kept; older positions are pruned daily. */
  gpsRetentionDays: number;
  /** Uploaded files (job photos, signatures): local disk under `dir`, or an S3-compatible bucket when S3_BUCKET is set. */
  storage: StorageConfig;
}

export interface StorageConfig {
  /** FILE_STORAGE_DIR, default dataDir/files; unused when s3 is set. */
  dir: string;
  s3: S3StorageConfig | null;
}

export interface S3StorageConfig {
  bucket: string;
  region: string;
  /** Unset means AWS itself; set for MinIO, Ceph, Wasabi and the like. */
  endpoint: string | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket in the path (http://host/bucket/key) rather than the host name; what most S3-compatible servers want. */
  forcePathStyle: boolean;
}

export interface BillingConfig {
  /** Printed on every invoice and credit note (ADR 0003). */
  providerName: string;
  gstNumber: string;
  qstNumber: string;
  /** Days after an invoice's due date when a reminder goes out (email and SMS), in order. */
  dunningReminderDays: number[];
  /** Days after the due date when the overdue customer's subscriptions are suspended. */
  dunningSuspendDays: number;
}

function parseDayList(name: string, value: string): number[] {
  const days = value.split(",").map((part) => part.trim()).filter(Boolean).map(Number);
  if (days.length === 0 || days.some((day) => !Number.isInteger(day) || day < 0 || day > 365)) {
    throw new Error(`${name} must be a comma-separated list of whole days from 0 to 365, got "${value}"`);
  }
  return [...days].sort((a, b) => a - b);
}

function parseDays(name: string, value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new Error(`${name} must be a whole number of days from 1 to 365, got "${value}"`);
  return days;
}

function parseBoolean(name: string, value: string): boolean {
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

/** A half-configured bucket would fail at the first upload, on a technician's phone; fail at start instead. */
export function parseStorageConfig(env: NodeJS.ProcessEnv, dataDir: string): StorageConfig {
  const dir = path.resolve(/*turbopackIgnore: true*/ env.FILE_STORAGE_DIR || path.join(dataDir, "files"));
  const bucket = env.S3_BUCKET || undefined;
  const endpoint = env.S3_ENDPOINT || undefined;
  const accessKeyId = env.S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY || undefined;
  if (!bucket) {
    const stray = (["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE"] as const).filter((name) => env[name]);
    if (stray.length > 0) throw new Error(`${stray.join(", ")} ${stray.length > 1 ? "are" : "is"} set but S3_BUCKET is not: set S3_BUCKET to store files in S3, or unset ${stray.join(", ")} to keep them on disk`);
    return { dir, s3: null };
  }
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(`S3_BUCKET is set but ${!accessKeyId && !secretAccessKey ? "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are" : !accessKeyId ? "S3_ACCESS_KEY_ID is" : "S3_SECRET_ACCESS_KEY is"} not`);
  }
  if (endpoint && !/^https?:\/\/[^/]/.test(endpoint)) throw new Error(`S3_ENDPOINT must be an http:// or https:// URL, got "${endpoint}"`);
  return {
    dir,
    s3: {
      bucket,
      region: env.S3_REGION || "us-east-1",
      endpoint: endpoint?.replace(/\/$/, ""),
      accessKeyId,
      secretAccessKey,
      forcePathStyle: env.S3_FORCE_PATH_STYLE ? parseBoolean("S3_FORCE_PATH_STYLE", env.S3_FORCE_PATH_STYLE) : Boolean(endpoint),
    },
  };
}

interface LocalSecrets { authSecret: string; encryptionKey: string }

/**
 * On the embedded default there is nobody to hand us secrets, so they are generated
 * once and kept beside the database. Production sets AUTH_SECRET and APP_ENCRYPTION_KEY.
 */
function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets = { authSecret: randomBytes(32).toString("base64"), encryptionKey: randomBytes(32).toString("base64") };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export function parseEncryptionKey(value: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (key.length !== 32) throw new Error("APP_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64");
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR ?? ".data");
  const needLocal = !env.AUTH_SECRET || !env.APP_ENCRYPTION_KEY;
  const local = needLocal ? loadOrCreateLocalSecrets(dataDir) : null;
  const oidcIssuer = env.OIDC_ISSUER;
  return {
    port,
    host: env.HOST ?? "0.0.0.0",
    baseUrl: (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    authSecret: env.AUTH_SECRET ?? local!.authSecret,
    encryptionKey: parseEncryptionKey(env.APP_ENCRYPTION_KEY ?? local!.encryptionKey),
    oidc: oidcIssuer
      ? {
          issuer: oidcIssuer,
          clientId: env.OIDC_CLIENT_ID ?? "",
          clientSecret: env.OIDC_CLIENT_SECRET ?? "",
          defaultRole: env.OIDC_DEFAULT_ROLE ?? "support",
        }
      : null,
    billing: {
      providerName: env.PROVIDER_NAME ?? "Fibre Démo inc.",
      gstNumber: env.PROVIDER_GST_NUMBER ?? "123456789 RT0001",
      qstNumber: env.PROVIDER_QST_NUMBER ?? "1234567890 TQ0001",
      dunningReminderDays: parseDayList("DUNNING_REMINDER_DAYS", env.DUNNING_REMINDER_DAYS ?? "3,10"),
      dunningSuspendDays: parseDays("DUNNING_SUSPEND_DAYS", env.DUNNING_SUSPEND_DAYS ?? "21"),
    },
    mail: { smtpUrl: env.SMTP_URL || undefined, from: env.MAIL_FROM ?? "Fibre Démo <facturation@fibre-demo.test>" },
    stripe: env.STRIPE_SECRET_KEY
      ? { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "", apiBaseUrl: env.STRIPE_API_BASE || undefined }
      : null,
    twilio: env.TWILIO_ACCOUNT_SID
      ? { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN ?? "", from: env.TWILIO_FROM ?? "", apiBaseUrl: env.TWILIO_API_BASE || undefined }
      : null,
    traccar: env.TRACCAR_URL ? { url: env.TRACCAR_URL, email: env.TRACCAR_EMAIL ?? "", password: env.TRACCAR_PASSWORD ?? "" } : null,
    redisUrl: env.REDIS_URL || undefined,
    gpsRetentionDays: parseDays("GPS_RETENTION_DAYS", env.GPS_RETENTION_DAYS ?? "30"),
    storage: parseStorageConfig(env, dataDir),
  };
}
