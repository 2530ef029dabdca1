/**
 * The few IndexedDB helpers the phone needs, on the raw API: a key-value store (the day's
 * copy, notices) and the ordered queue of changes waiting for the server.
 */
const DB_NAME = "fibre-ops-tech";
const DB_VERSION = 1;
export const QUEUE_STORE = "queue";
const KV_STORE = "kv";

let opened: Promise<IDBDatabase> | null = null;

export function openTechDb(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      // Auto-incremented keys keep the order the technician made the changes in.
      if (!db.objectStoreNames.contains(QUEUE_STORE))
        db.createObjectStore(QUEUE_STORE, { keyPath: "seq", autoIncrement: true }).createIndex("byUser", "userId");
      if (!db.objectStoreNames.contains(KV_STORE)) db.createObjectStore(KV_STORE);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading later: let it, and reopen on next use.
      db.onversionchange = () => {
        db.close();
        opened = null;
      };
      resolve(db);
    };
    request.onerror = () => {
      opened = null;
      reject(request.error ?? new Error("IndexedDB unavailable"));
    };
  });
  return opened;
}

export function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

export async function store(name: string, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await openTechDb()).transaction(name, mode).objectStore(name);
}

export async function kvGet<T>(key: string): Promise<T | undefined> {
  return (await done((await store(KV_STORE, "readonly")).get(key))) as T | undefined;
}

export async function kvSet(key: string, value: unknown): Promise<void> {
  await done((await store(KV_STORE, "readwrite")).put(value, key));
}
