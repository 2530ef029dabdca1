/**
 * A cold board's first sync answered from its stored bytes (issue 19).
 *
 * A new client (empty replica) opening a board that is not in memory used to wait for the server
 * to read the stored board, decode it (a Y.Doc of tens of thousands of items: most of a cold
 * load), apply the tables' news, then encode the whole board again for the sync reply, before
 * the client could even start its own decode. The store keeps, beside the snapshot the server
 * decodes, the same state in the protocol's v1 encoding with its state vector (persistence.ts).
 * So the load sends those bytes to the client as its sync step 2 as soon as they are read, and
 * the client decodes them while the server decodes its own copy.
 *
 * The client's own sync step 1 (its state vector, empty) must then not be answered with the whole
 * board a second time. This gate sees every message of a socket before Hocuspocus does: a first
 * sync step 1 with an empty state vector, sent after the socket's authentication for a document
 * and before that document's connection is set up, is held. The load that answers it from the store
 * hands it on to Hocuspocus with the stored state vector instead, so Hocuspocus' own reply carries
 * only what the stored bytes lack (the log since, the tables' news, a crash's catch-up). A load
 * that does not answer it (the board was already in memory, another socket's load, a stored board
 * in an older shape) leaves it to `release`, called once the document's connection is set up: the
 * message goes on unchanged and Hocuspocus answers it as before.
 *
 * Only bytes in the shape this code's clients read are sent before the server has migrated them:
 * the store records the board schema version each copy was written in.
 */
import type { Extension, connectedPayload } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { messageYjsSyncStep1, messageYjsSyncStep2 } from "y-protocols/sync";

/** Hocuspocus' message types on the wire (@hocuspocus/server `MessageType`). */
const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;

/** At most this many first syncs held per socket: each is a few bytes, and a socket opens a board or two. */
export const MAX_HELD_PER_SOCKET = 8;

/** What a message says, as far as the gate cares. */
export type GateMessage =
  | { kind: "auth"; address: string }
  | { kind: "first-sync"; address: string; stateVector: Uint8Array }
  | { kind: "other" };

/** Reads the start of a Hocuspocus message; anything unreadable is "other" (Hocuspocus reports it). */
export function readGateMessage(message: Uint8Array): GateMessage {
  try {
    const decoder = decoding.createDecoder(message);
    const address = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_AUTH) return { kind: "auth", address };
    if (type !== MESSAGE_SYNC || decoding.readVarUint(decoder) !== messageYjsSyncStep1) return { kind: "other" };
    return { kind: "first-sync", address, stateVector: decoding.readVarUint8Array(decoder) };
  } catch {
    return { kind: "other" };
  }
}

/** A state vector with no client in it: the replica is empty. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  try {
    return decoding.readVarUint(decoding.createDecoder(stateVector)) === 0;
  } catch {
    return false;
  }
}

function syncMessage(address: string, step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, address);
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A sync step 1 of `address`: "this is what I have" (the held message, with the stored state vector). */
export const syncStep1Message = (address: string, stateVector: Uint8Array) =>
  syncMessage(address, messageYjsSyncStep1, stateVector);

/** A sync step 2 of `address`: the update a replica lacks (the stored board, as its first sync). */
export const syncStep2Message = (address: string, update: Uint8Array) =>
  syncMessage(address, messageYjsSyncStep2, update);

/** The document an address names: Hocuspocus' session-aware providers add `\0session`. */
export const documentOfAddress = (address: string) => address.split("\0", 1)[0]!;

/** What the load answers a held first sync with: a stored copy of the board, protocol encoding. */
export interface StoredFirstSync {
  /** The state as a v1 update. */
  update: Uint8Array;
  /** Its state vector: what the client holds once it has applied `update`. */
  stateVector: Uint8Array;
}

export interface FirstSyncGate {
  /** Every message the socket receives, in order; holds a first sync or hands the message on. */
  receive(message: Uint8Array): void;
  /** Whether a first sync of `documentName` waits here for its load to answer it. */
  awaits(documentName: string): boolean;
  /**
   * Sends `stored` as the first sync of `documentName` and hands the held step 1 on with its
   * vector. Null when no first sync of it was held; else resolves once the bytes are written out
   * to the socket (or it failed: the close tells Hocuspocus).
   */
  answer(documentName: string, stored: StoredFirstSync): Promise<void> | null;
  /** The document's connection is set up: a first sync still held goes on unchanged. */
  release(documentName: string): void;
  /** The socket is gone: drops what is held. */
  close(): void;
}

/**
 * `send` writes to the socket; `deliver` hands a message to Hocuspocus (its connection's
 * `handleMessage`).
 */
export function createFirstSyncGate(io: {
  /** Writes to the socket; `written` is called once the bytes are handed to the kernel, or failed. */
  send: (message: Uint8Array, written: () => void) => void;
  deliver: (message: Uint8Array) => void;
}): FirstSyncGate {
  /** Addresses authenticated on this socket whose connection is not set up yet. */
  const pending = new Set<string>();
  /** Per address, the held first sync step 1. */
  const held = new Map<string, Uint8Array>();
  let closed = false;

  const heldFor = (documentName: string) =>
    [...held.entries()].filter(([address]) => documentOfAddress(address) === documentName);

  return {
    receive(message) {
      if (closed) return;
      const read = readGateMessage(message);
      if (read.kind === "auth") {
        // A new authentication starts a new attempt; a step 1 held from an earlier one is stale.
        held.delete(read.address);
        if (pending.size < MAX_HELD_PER_SOCKET || pending.has(read.address)) pending.add(read.address);
      } else if (
        read.kind === "first-sync" &&
        pending.has(read.address) &&
        isEmptyStateVector(read.stateVector) &&
        (held.has(read.address) || held.size < MAX_HELD_PER_SOCKET)
      ) {
        held.set(read.address, message);
        return;
      }
      io.deliver(message);
    },
    awaits(documentName) {
      return !closed && heldFor(documentName).length > 0;
    },
    answer(documentName, stored) {
      const waiting = closed ? [] : heldFor(documentName);
      // The load cannot say which of the socket's addresses set it off, only that one of them did,
      // authenticated: with two addresses of the document pending, one may have failed its
      // authentication. Hocuspocus then answers each as before.
      const addresses = [...pending].filter((address) => documentOfAddress(address) === documentName);
      if (waiting.length !== 1 || addresses.length !== 1) return null;
      const [address] = waiting[0]!;
      held.delete(address);
      pending.delete(address);
      const written = new Promise<void>((resolve) => io.send(syncStep2Message(address, stored.update), resolve));
      io.deliver(syncStep1Message(address, stored.stateVector));
      return written;
    },
    release(documentName) {
      for (const address of [...pending]) if (documentOfAddress(address) === documentName) pending.delete(address);
      for (const [address, message] of heldFor(documentName)) {
        held.delete(address);
        io.deliver(message);
      }
    },
    close() {
      closed = true;
      pending.clear();
      held.clear();
    },
  };
}

/** The connection context that carries a socket's gate (collab-server.ts hands it to Hocuspocus). */
export const firstSyncContext = (gate: FirstSyncGate) => ({ firstSync: gate });

/** The gate of the socket a hook's context belongs to; none for a direct (server-side) connection. */
export function firstSyncGateOf(context: unknown): FirstSyncGate | undefined {
  return (context as Partial<ReturnType<typeof firstSyncContext>> | undefined)?.firstSync;
}

/** Releases a socket's held first sync once its document's connection is set up (collab-server.ts). */
export function firstSyncExtension(): Extension {
  return {
    extensionName: "first-sync",
    connected({ context, documentName }: connectedPayload) {
      firstSyncGateOf(context)?.release(documentName);
      return Promise.resolve();
    },
  };
}
