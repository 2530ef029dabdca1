import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { encryptionKey } from "./env-fields";

interface LocalSecrets {
  authSecret: string;
  encryptionKey: string;
}

const storedSecretsSchema = z.object({ authSecret: z.string().min(1), encryptionKey });

/** Scripts and the server may load the configuration more than once; the trial is announced once per secrets file. */
const announcedFiles = new Set<string>();

function readStoredSecrets(file: string): LocalSecrets {
  const damaged = new Error(
    `${file} is damaged: restore it from a backup, or delete it to generate new secrets (everyone is signed out and RADIUS passwords must be set again)`,
  );
  const text = readFileSync(file, "utf8");
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    throw damaged;
  }
  const parsed = storedSecretsSchema.safeParse(stored);
  if (!parsed.success) throw damaged;
  return parsed.data;
}

function createSecrets(file: string, dataDir: string): LocalSecrets {
  mkdirSync(dataDir, { recursive: true });
  const secrets = { authSecret: randomBytes(32).toString("base64"), encryptionKey: randomBytes(32).toString("base64") };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

/**
 * On the embedded default there is nobody to hand us secrets, so they are generated once and
 * kept beside the database; a variable that is set still wins over the file (`needed` says which
 * ones the file stands in for). One line says so, and whether they were generated just now: the
 * file is as precious as the database, since what the key sealed cannot be read without it.
 */
export function embeddedSecrets(
  dataDir: string,
  needed: { authSecret: boolean; encryptionKey: boolean },
  log: (line: string) => void,
): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  const existed = existsSync(file);
  const stored = existed ? readStoredSecrets(file) : createSecrets(file, dataDir);
  if (!announcedFiles.has(file)) {
    announcedFiles.add(file);
    const names = [needed.authSecret && "AUTH_SECRET", needed.encryptionKey && "APP_ENCRYPTION_KEY"].filter(Boolean);
    log(
      existed
        ? `No DATABASE_URL: a trial on the embedded database under ${dataDir}, with ${names.join(" and ")} read from ${file}, generated at its first start. A deployment sets DATABASE_URL, AUTH_SECRET and APP_ENCRYPTION_KEYS.`
        : `No DATABASE_URL: a trial on the embedded database under ${dataDir}; ${names.join(" and ")} generated now and kept in ${file} (keep it with the database: what the key seals cannot be read without it). A deployment sets DATABASE_URL, AUTH_SECRET and APP_ENCRYPTION_KEYS.`,
    );
  }
  return stored;
}
