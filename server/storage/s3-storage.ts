import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { S3StorageConfig } from "../config";
import { assertValidStorageKey, type FileStorage, type StoredFile } from "./file-storage";

/**
 * Objects in one bucket of AWS S3 or an S3-compatible server (MinIO, Ceph, Wasabi, R2…).
 * @aws-sdk/client-s3 is pinned in package.json: its releases from 2027 on need Node 22.
 */
export class S3Storage implements FileStorage {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3StorageConfig) {
    this.bucket = config.bucket;
    this.client = new S3Client({
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
    await this.client.send(
      new PutObjectCommand({
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
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body) return null;
      return {
        bytes: await object.Body.transformToByteArray(),
        contentType: object.ContentType ?? "application/octet-stream",
      };
    } catch (error) {
      // Some S3-compatible servers answer a bare 404 without the NoSuchKey code.
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404))
        return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidStorageKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Closes the SDK's keep-alive sockets (tests, shutdown). */
  destroy(): void {
    this.client.destroy();
  }
}
