import type * as S3SdkModule from "@aws-sdk/client-s3";
import type { S3Client } from "@aws-sdk/client-s3";
import type { S3StorageConfig } from "../config";
import { assertValidStorageKey, type FileStorage, type StoredFile } from "./file-storage";

type S3Sdk = typeof S3SdkModule;

/**
 * Objects in one bucket of AWS S3 or an S3-compatible server (MinIO, Ceph, Wasabi, R2…).
 * @aws-sdk/client-s3 is pinned in package.json: its releases from 2027 on need Node 22.
 * The SDK is loaded on the first call, not at start: a process that never touches a file (the
 * collab and GPS paths) does not carry its few megabytes of heap.
 */
export class S3Storage implements FileStorage {
  private readonly bucket: string;
  private connection: Promise<{ sdk: S3Sdk; client: S3Client }> | null = null;

  constructor(private readonly config: S3StorageConfig) {
    this.bucket = config.bucket;
  }

  private connect(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    this.connection ??= import("@aws-sdk/client-s3").then((sdk) => ({ sdk, client: this.clientOf(sdk) }));
    return this.connection;
  }

  private clientOf(sdk: S3Sdk): S3Client {
    const config = this.config;
    return new sdk.S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // The SDK's default since 2025 adds CRC32 checksums to every upload, which several
      // S3-compatible servers refuse; the signed x-amz-content-sha256 already covers the body.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      // Uploads are retried by the phone's queue, which keeps the file until we answer.
      maxAttempts: 2,
    });
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    assertValidStorageKey(key);
    const { sdk, client } = await this.connect();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.length,
      }),
    );
  }

  async get(key: string): Promise<StoredFile | null> {
    assertValidStorageKey(key);
    const { sdk, client } = await this.connect();
    try {
      const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body) return null;
      return {
        bytes: await object.Body.transformToByteArray(),
        contentType: object.ContentType ?? "application/octet-stream",
      };
    } catch (error) {
      // Some S3-compatible servers answer a bare 404 without the NoSuchKey code.
      if (
        error instanceof sdk.NoSuchKey ||
        (error instanceof sdk.S3ServiceException && error.$metadata.httpStatusCode === 404)
      )
        return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidStorageKey(key);
    const { sdk, client } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Closes the SDK's keep-alive sockets (tests, shutdown). */
  destroy(): void {
    void this.connection?.then(({ client }) => client.destroy());
  }
}
