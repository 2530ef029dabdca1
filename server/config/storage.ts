import path from "node:path";
import { z } from "zod";
import { httpUrl, isYes, withoutBlankValues, yesOrNo, type RawEnv } from "./env-fields";
import { evenWithFieldErrors, InvalidConfigError } from "./invalid-config";
import type { StorageConfig } from "./types";

export const storageEnvShape = {
  FILE_STORAGE_DIR: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: httpUrl("S3_ENDPOINT").optional(),
  S3_REGION: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: yesOrNo("S3_FORCE_PATH_STYLE").optional(),
};
type StorageEnv = z.infer<z.ZodObject<typeof storageEnvShape>>;

const BUCKET_ONLY = [
  "S3_ENDPOINT",
  "S3_REGION",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "S3_FORCE_PATH_STYLE",
] as const;

/** A half-configured bucket would fail at the first upload, on a technician's phone; fail at start instead. */
export function checkStorageEnv(env: StorageEnv, ctx: z.RefinementCtx): void {
  if (!env.S3_BUCKET) {
    const stray = BUCKET_ONLY.filter((name) => env[name] !== undefined);
    if (stray.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: [stray[0]!],
        message: `${stray.join(", ")} ${stray.length > 1 ? "are" : "is"} set but S3_BUCKET is not: set S3_BUCKET to store files in S3, or unset ${stray.join(", ")} to keep them on disk`,
      });
    }
    return;
  }
  const missing = (["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["S3_BUCKET"],
      message: `S3_BUCKET is set but ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not: set ${missing.join(" and ")} to the bucket's credentials, or unset S3_BUCKET to keep files on disk`,
    });
  }
}

/** Call only on an environment that passed checkStorageEnv. */
export function storageConfigOf(env: StorageEnv, dataDir: string): StorageConfig {
  const dir = path.resolve(/*turbopackIgnore: true*/ env.FILE_STORAGE_DIR ?? path.join(dataDir, "files"));
  if (!env.S3_BUCKET) return { dir, s3: null };
  return {
    dir,
    s3: {
      bucket: env.S3_BUCKET,
      region: env.S3_REGION ?? "us-east-1",
      endpoint: env.S3_ENDPOINT?.replace(/\/$/, ""),
      accessKeyId: env.S3_ACCESS_KEY_ID!,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
      forcePathStyle: env.S3_FORCE_PATH_STYLE !== undefined ? isYes(env.S3_FORCE_PATH_STYLE) : Boolean(env.S3_ENDPOINT),
    },
  };
}

const storageEnvSchema = z.object(storageEnvShape).superRefine(checkStorageEnv, evenWithFieldErrors);

export function parseStorageConfig(env: RawEnv, dataDir: string): StorageConfig {
  const parsed = storageEnvSchema.safeParse(withoutBlankValues(env));
  if (!parsed.success) throw new InvalidConfigError(parsed.error);
  return storageConfigOf(parsed.data, dataDir);
}
