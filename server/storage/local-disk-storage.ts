import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { assertValidStorageKey, CONTENT_TYPE_SUFFIX, type FileStorage, type StoredFile } from "./file-storage";

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

/**
 * Files under one directory, at their key's path (an operator can browse them). The phone
 * drops its queued copy once the server answers, so a write is durable before put resolves:
 * a temporary file is flushed, then renamed over the key, which readers see whole or not at all.
 */
export class LocalDiskStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertValidStorageKey(key);
    const file = path.join(this.root, ...key.split("/"));
    // The key check already forbids escaping; this is the belt to its braces.
    if (!file.startsWith(this.root + path.sep)) throw new Error(`storage key ${key} resolves outside ${this.root}`);
    return file;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Content type first: once the object is visible, its type is too.
    await writeAtomically(file + CONTENT_TYPE_SUFFIX, Buffer.from(contentType, "utf8"));
    await writeAtomically(file, bytes);
    await syncDirectory(path.dirname(file));
  }

  async get(key: string): Promise<StoredFile | null> {
    const file = this.pathOf(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const contentType = await readFile(file + CONTENT_TYPE_SUFFIX, "utf8").catch((error: unknown) => {
      if (isMissing(error)) return "application/octet-stream";
      throw error;
    });
    return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType };
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    await rm(file + CONTENT_TYPE_SUFFIX, { force: true });
  }
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  // Each writer has its own temporary name, so two concurrent puts of one key never mix bytes.
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temporary, "w", 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Makes the renames themselves survive a power cut (the directory entry is what changed). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
