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
  };
}
