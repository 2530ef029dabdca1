import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeS3, type FakeS3Server } from "../../tests/fakes/s3-server";
import type { S3StorageConfig } from "../config";
import { InvalidStorageKeyError } from "./file-storage";
import { S3Storage } from "./s3-storage";

let s3: FakeS3Server;
let storage: S3Storage;
const others: S3Storage[] = [];
const configOf = (fake: FakeS3Server, overrides: Partial<S3StorageConfig> = {}): S3StorageConfig => ({
  bucket: fake.bucket,
  region: fake.region,
  endpoint: fake.endpoint,
  accessKeyId: fake.accessKeyId,
  secretAccessKey: fake.secretAccessKey,
  forcePathStyle: true,
  ...overrides,
});
const other = (overrides: Partial<S3StorageConfig>) => {
  const store = new S3Storage(configOf(s3, overrides));
  others.push(store);
  return store;
};

beforeAll(async () => {
  s3 = await startFakeS3({ region: "ca-central-1" });
  storage = new S3Storage(configOf(s3));
});
afterAll(async () => {
  for (const store of [storage, ...others]) store?.destroy();
  await s3?.close();
});

describe("S3Storage (the AWS SDK against a SigV4-checking fake)", () => {
  it("puts, gets and deletes objects path-style in the bucket, signed with the configured key", async () => {
    const key = "jobs/3/photos/k_0123456789.jpg";
    await storage.put(key, Uint8Array.from([0xff, 0xd8, 0xff, 1]), "image/jpeg");
    expect(s3.objects.get(`${s3.bucket}/${key}`)).toMatchObject({
      contentType: "image/jpeg",
      bytes: Uint8Array.from([0xff, 0xd8, 0xff, 1]),
    });
    expect(await storage.get(key)).toEqual({
      bytes: Uint8Array.from([0xff, 0xd8, 0xff, 1]),
      contentType: "image/jpeg",
    });
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    expect(s3.requests.map((r) => [r.method, r.key, r.accessKeyId, r.status])).toEqual([
      ["PUT", key, s3.accessKeyId, 200],
      ["GET", key, s3.accessKeyId, 200],
      ["DELETE", key, s3.accessKeyId, 204],
      ["GET", key, s3.accessKeyId, 404],
    ]);
  });

  it("answers null for a missing key and refuses invalid keys before any request", async () => {
    const before = s3.requests.length;
    expect(await storage.get("jobs/3/none.png")).toBeNull();
    await expect(storage.put("../x", new Uint8Array(1), "image/png")).rejects.toThrow(InvalidStorageKeyError);
    expect(s3.requests.length).toBe(before + 1);
  });

  it("fails loudly with a wrong secret, an unknown access key, another region or a missing bucket", async () => {
    await expect(
      other({ secretAccessKey: "wrong" }).put("a/b.png", new Uint8Array(1), "image/png"),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    await expect(
      other({ accessKeyId: "AKIANOBODY" }).put("a/b.png", new Uint8Array(1), "image/png"),
    ).rejects.toMatchObject({ name: "InvalidAccessKeyId" });
    await expect(other({ region: "us-west-2" }).get("a/b.png")).rejects.toMatchObject({
      name: "AuthorizationHeaderMalformed",
    });
    await expect(other({ bucket: "nope" }).put("a/b.png", new Uint8Array(1), "image/png")).rejects.toMatchObject({
      name: "NoSuchBucket",
    });
    expect(s3.objects.has(`${s3.bucket}/a/b.png`)).toBe(false);
  });
});
