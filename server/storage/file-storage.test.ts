import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStorageConfig as parseWith } from "../config";
import {
  assertValidStorageKey,
  InvalidStorageKeyError,
  isValidStorageKey,
  photoStorageKey,
  ticketAttachmentStorageKey,
  signatureStorageKey,
} from "./file-storage";
import { LocalDiskStorage } from "./local-disk-storage";

describe("storage keys", () => {
  it.each([
    "jobs/12/photos/3f2a9c1e-aaaa-bbbb-cccc-0123456789ab.jpg",
    "jobs/12/signature-abc_DEF-123.png",
    "a",
    "files/v1.2/report.final.pdf",
  ])("%s is valid", (key) => expect(isValidStorageKey(key)).toBe(true));

  it.each([
    ["", "must be 1 to 1024"],
    ["/etc/passwd", "must not start with /"],
    ["jobs/../../etc/passwd", "must not contain . or .."],
    ["jobs/./x.jpg", "must not contain . or .."],
    ["..", "must not contain . or .."],
    ["jobs//x.jpg", "empty parts"],
    ["jobs/x/", "empty parts"],
    ["jobs/.hidden", "not starting with '.'"],
    ["jobs\\..\\x", "letters, digits"],
    ["jobs/x y.jpg", "letters, digits"],
    ["jobs/%2e%2e/x", "letters, digits"],
    ["jobs/é.jpg", "letters, digits"],
    ["jobs/x.jpg\u0000.png", "letters, digits"],
    ["jobs/x.jpg.content-type", "must not end with .content-type"],
    ["x".repeat(1025), "must be 1 to 1024"],
  ])("%j is refused (%s)", (key, why) => {
    expect(() => assertValidStorageKey(key)).toThrow(InvalidStorageKeyError);
    expect(() => assertValidStorageKey(key)).toThrow(why);
  });

  it("builds photo and signature keys from ids and the phone's client key", () => {
    expect(photoStorageKey(12, "k_0123456789", "jpg")).toBe("jobs/12/photos/k_0123456789.jpg");
    expect(signatureStorageKey(12, "k_0123456789")).toBe("jobs/12/signature-k_0123456789.png");
    expect(() => photoStorageKey(12, "../../x", "jpg")).toThrow(InvalidStorageKeyError);
    expect(ticketAttachmentStorageKey(7, "k_0123456789", "pdf")).toBe("tickets/7/attachments/k_0123456789.pdf");
    expect(() => ticketAttachmentStorageKey(7, "../x", "pdf")).toThrow(InvalidStorageKeyError);
  });
});

describe("storage configuration", () => {
  const parseStorageConfig = (env: Record<string, string>, dataDir: string) => parseWith(env, dataDir);
  const dataDir = "/srv/fibre";
  it("keeps files on disk under the data directory by default", () => {
    expect(parseStorageConfig({}, dataDir)).toEqual({ dir: "/srv/fibre/files", s3: null });
    expect(parseStorageConfig({ FILE_STORAGE_DIR: "/mnt/photos" }, dataDir)).toEqual({ dir: "/mnt/photos", s3: null });
  });

  it("uses a bucket when S3_BUCKET is set, path-style when an endpoint is given", () => {
    const keys = { S3_ACCESS_KEY_ID: "AKIA1", S3_SECRET_ACCESS_KEY: "secret" };
    expect(parseStorageConfig({ S3_BUCKET: "photos", ...keys }, dataDir).s3).toEqual({
      bucket: "photos",
      region: "us-east-1",
      endpoint: undefined,
      accessKeyId: "AKIA1",
      secretAccessKey: "secret",
      forcePathStyle: false,
    });
    expect(
      parseStorageConfig(
        { S3_BUCKET: "photos", S3_ENDPOINT: "http://minio:9000/", S3_REGION: "ca-central-1", ...keys },
        dataDir,
      ).s3,
    ).toMatchObject({ endpoint: "http://minio:9000", region: "ca-central-1", forcePathStyle: true });
    expect(
      parseStorageConfig(
        { S3_BUCKET: "photos", S3_ENDPOINT: "https://s3.example", S3_FORCE_PATH_STYLE: "false", ...keys },
        dataDir,
      ).s3,
    ).toMatchObject({ forcePathStyle: false });
  });

  it.each([
    [{ S3_ENDPOINT: "http://minio:9000" }, "S3_ENDPOINT is set but S3_BUCKET is not"],
    [
      { S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "b" },
      "S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are set but S3_BUCKET is not",
    ],
    [{ S3_BUCKET: "photos" }, "S3_BUCKET is set but S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are not"],
    [{ S3_BUCKET: "photos", S3_ACCESS_KEY_ID: "a" }, "S3_BUCKET is set but S3_SECRET_ACCESS_KEY is not"],
    [
      { S3_BUCKET: "photos", S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "b", S3_ENDPOINT: "minio:9000" },
      "S3_ENDPOINT must be an http:// or https:// URL",
    ],
    [
      { S3_BUCKET: "photos", S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "b", S3_FORCE_PATH_STYLE: "sometimes" },
      "S3_FORCE_PATH_STYLE must be true or false",
    ],
  ])("refuses a half-configured bucket: %j", (env, message) =>
    expect(() => parseStorageConfig(env, dataDir)).toThrow(message),
  );
});

describe("LocalDiskStorage", () => {
  let root: string;
  let storage: LocalDiskStorage;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "file-storage-"));
    storage = new LocalDiskStorage(root);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("puts, gets, replaces and deletes an object at its key's path", async () => {
    const key = "jobs/7/photos/k_0123456789.jpg";
    await storage.put(key, Uint8Array.from([1, 2, 3]), "image/jpeg");
    expect(await storage.get(key)).toEqual({ bytes: Uint8Array.from([1, 2, 3]), contentType: "image/jpeg" });
    expect(await readFile(path.join(root, "jobs/7/photos/k_0123456789.jpg"))).toEqual(Buffer.from([1, 2, 3]));

    await storage.put(key, Uint8Array.from([9]), "image/png");
    expect(await storage.get(key)).toEqual({ bytes: Uint8Array.from([9]), contentType: "image/png" });

    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key); // deleting again is fine
    expect(await readdir(path.join(root, "jobs/7/photos"))).toEqual([]);
  });

  it("answers null for a key never written", async () => expect(await storage.get("jobs/8/none.png")).toBeNull());

  it("leaves no temporary files, even when many writers race on one key", async () => {
    const key = "jobs/9/photos/race_0123456789.webp";
    const bodies = Array.from({ length: 20 }, (_, i) => new Uint8Array(64 * 1024).fill(i));
    await Promise.all(bodies.map((bytes) => storage.put(key, bytes, "image/webp")));
    const stored = await storage.get(key);
    // Whichever writer renamed last, its bytes are whole: never a mix of two writers.
    expect(new Set(stored!.bytes).size).toBe(1);
    expect((await readdir(path.join(root, "jobs/9/photos"))).sort()).toEqual([
      "race_0123456789.webp",
      "race_0123456789.webp.content-type",
    ]);
  });

  it("refuses keys that would leave its directory, before touching the disk", async () => {
    await writeFile(path.join(root, "outside.txt"), "keep");
    await expect(storage.put("../outside.txt", Uint8Array.from([0]), "text/plain")).rejects.toThrow(
      InvalidStorageKeyError,
    );
    await expect(storage.get("/etc/passwd")).rejects.toThrow(InvalidStorageKeyError);
    await expect(storage.delete("jobs/../../outside.txt")).rejects.toThrow(InvalidStorageKeyError);
    expect(await readFile(path.join(root, "outside.txt"), "utf8")).toBe("keep");
  });

  it("serves an object without its content-type file as application/octet-stream", async () => {
    await storage.put("legacy/file.bin", Uint8Array.from([7]), "image/jpeg");
    await rm(path.join(root, "legacy/file.bin.content-type"));
    expect(await storage.get("legacy/file.bin")).toEqual({
      bytes: Uint8Array.from([7]),
      contentType: "application/octet-stream",
    });
  });
});
