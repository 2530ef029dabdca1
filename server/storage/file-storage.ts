/**
 * Where uploaded files live (job photos, signatures): local disk under DATA_DIR by default, an
 * S3-compatible bucket when S3_BUCKET is set. The database keeps only the key. Keys are built
 * by the server from ids and the phone's client keys, never taken from a request as they are,
 * and are checked anyway, since on local disk a key is a path.
 */

export interface StoredFile {
  bytes: Uint8Array;
  contentType: string;
}

export interface FileStorage {
  /** Writes the whole object or nothing; writing a key again replaces it (replays rewrite the same object). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredFile | null>;
  /** Removes the object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export class InvalidStorageKeyError extends Error {
  constructor(key: string, why: string) {
    super(`Invalid storage key "${key.slice(0, 200)}": ${why}`);
    this.name = "InvalidStorageKeyError";
  }
}

/** Local disk keeps an object's content type in a file beside it, named with this suffix. */
export const CONTENT_TYPE_SUFFIX = ".content-type";

// A segment may not start with a dot: that rules out "." and ".." and keeps the local store's
// temporary files (".name.random.tmp") apart from every real key.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** Throws InvalidStorageKeyError unless the key is relative, `/`-separated, and made of safe names. */
export function assertValidStorageKey(key: string): void {
  if (key.length === 0 || key.length > 1024) throw new InvalidStorageKeyError(key, "must be 1 to 1024 characters");
  if (key.startsWith("/")) throw new InvalidStorageKeyError(key, "must not start with /");
  const segments = key.split("/");
  for (const segment of segments) {
    if (segment === "") throw new InvalidStorageKeyError(key, "must not have empty parts (// or a trailing /)");
    if (segment === "." || segment === "..") throw new InvalidStorageKeyError(key, "must not contain . or .. parts");
    if (!SEGMENT.test(segment))
      throw new InvalidStorageKeyError(key, "parts are letters, digits, '.', '-' or '_', not starting with '.'");
  }
  if (key.endsWith(CONTENT_TYPE_SUFFIX))
    throw new InvalidStorageKeyError(key, `must not end with ${CONTENT_TYPE_SUFFIX}`);
}

export function isValidStorageKey(key: string): boolean {
  try {
    assertValidStorageKey(key);
    return true;
  } catch {
    return false;
  }
}

/** A job photo: one object per client key, so the phone's replays land on the same object. */
export function photoStorageKey(jobId: number, clientKey: string, extension: string): string {
  const key = `jobs/${jobId}/photos/${clientKey}.${extension}`;
  assertValidStorageKey(key);
  return key;
}

/**
 * A file attached to a ticket message (portal photo, inbound email attachment): one object per upload key,
 * so a replayed upload lands on the same object. The extension comes from the checked content type, never
 * from the sender's file name.
 */
export function ticketAttachmentStorageKey(ticketId: number, uploadKey: string, extension: string): string {
  const key = `tickets/${ticketId}/attachments/${uploadKey}.${extension}`;
  assertValidStorageKey(key);
  return key;
}

/**
 * A kept attachment of an inbound email: one object per delivery (a digest of its Message-ID) and
 * position, so a replayed delivery rewrites the same object. Not under the ticket's folder: the
 * object is written before the transaction that may create the ticket, and an email that waits
 * in the unmatched inbox has no ticket yet.
 */
export function inboundEmailAttachmentStorageKey(deliveryKey: string, index: number, extension: string): string {
  const key = `inbound-email/${deliveryKey}/${index}.${extension}`;
  assertValidStorageKey(key);
  return key;
}

/** A customer's signature on a job; earlier signatures of the job stay stored (they are evidence). */
export function signatureStorageKey(jobId: number, clientKey: string): string {
  const key = `jobs/${jobId}/signature-${clientKey}.png`;
  assertValidStorageKey(key);
  return key;
}
