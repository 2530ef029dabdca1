import type { ServerConfig } from "../config";
import type { FileStorage } from "./file-storage";
import { LocalDiskStorage } from "./local-disk-storage";
import { S3Storage } from "./s3-storage";

export type { FileStorage, StoredFile } from "./file-storage";
export { assertValidStorageKey, InvalidStorageKeyError, isValidStorageKey, photoStorageKey, signatureStorageKey } from "./file-storage";
export { LocalDiskStorage } from "./local-disk-storage";
export { S3Storage } from "./s3-storage";

const stores = new WeakMap<ServerConfig, FileStorage>();

/** One store per configuration (the S3 client keeps its HTTP agent), made on first use. */
export function storageFor(config: ServerConfig): FileStorage {
  let store = stores.get(config);
  if (!store) {
    store = config.storage.s3 ? new S3Storage(config.storage.s3) : new LocalDiskStorage(config.storage.dir);
    stores.set(config, store);
  }
  return store;
}
