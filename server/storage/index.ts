import type { ServerConfig } from "../config";
import type { FileStorage } from "./file-storage";
import { LocalDiskStorage } from "./local-disk-storage";
import { S3Storage } from "./s3-storage";

export type { FileStorage, StoredFile } from "./file-storage";
export {
  assertValidStorageKey,
  inboundEmailAttachmentStorageKey,
  InvalidStorageKeyError,
  isValidStorageKey,
  photoStorageKey,
  signatureStorageKey,
  ticketAttachmentStorageKey,
} from "./file-storage";
export { LocalDiskStorage } from "./local-disk-storage";
export { S3Storage } from "./s3-storage";

/** The store a configuration asks for (one per process: the S3 client keeps its HTTP agent). */
export function createFileStorage(config: Pick<ServerConfig, "storage">): FileStorage {
  return config.storage.s3 ? new S3Storage(config.storage.s3) : new LocalDiskStorage(config.storage.dir);
}
