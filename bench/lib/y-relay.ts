import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

/**
 * The collab benchmark's baseline: a bare relay of the y-websocket sync protocol, after
 * y-websocket's server utils. One Y.Doc per room (the URL path), no auth, no persistence:
 * the room lives in memory for as long as the process does.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

interface Room {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /** Each connection with the awareness client ids it controls. */
  conns: Map<WebSocket, Set<number>>;
}

export interface YRelay {
  rooms: Map<string, Room>;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

function send(conn: WebSocket, message: Uint8Array): void {
  if (conn.readyState !== conn.OPEN) return;
  conn.send(message, (error) => {
    if (error) conn.close();
  });
}

function openRoom(rooms: Map<string, Room>, name: string): Room {
  const existing = rooms.get(name);
  if (existing) return existing;
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const room: Room = { doc, awareness, conns: new Map() };
  doc.on("update", (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    for (const conn of room.conns.keys()) send(conn, message);
  });
  awareness.on(
    "update",
    ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const controlled = room.conns.get(origin as WebSocket);
      if (controlled) {
        for (const id of added) controlled.add(id);
        for (const id of removed) controlled.delete(id);
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, changed));
      const message = encoding.toUint8Array(encoder);
      for (const conn of room.conns.keys()) send(conn, message);
    },
  );
  rooms.set(name, room);
  return room;
}

function onMessage(room: Room, conn: WebSocket, message: Uint8Array): void {
  const decoder = decoding.createDecoder(message);
  const encoder = encoding.createEncoder();
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_SYNC) {
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.readSyncMessage(decoder, encoder, room.doc, conn);
    // Only a reply (sync step 2 to a step 1) is worth sending back.
    if (encoding.length(encoder) > 1) send(conn, encoding.toUint8Array(encoder));
  } else if (type === MESSAGE_AWARENESS) {
    awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), conn);
  }
}

function setupConnection(rooms: Map<string, Room>, conn: WebSocket, roomName: string): void {
  conn.binaryType = "arraybuffer";
  const room = openRoom(rooms, roomName);
  room.conns.set(conn, new Set());
  conn.on("message", (data: ArrayBuffer) => {
    try {
      onMessage(room, conn, new Uint8Array(data));
    } catch (error) {
      console.error("relay message failed:", error);
    }
  });
  conn.on("close", () => {
    const controlled = room.conns.get(conn);
    room.conns.delete(conn);
    if (controlled?.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...controlled], null);
  });
  conn.on("error", () => conn.close());

  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, room.doc);
  send(conn, encoding.toUint8Array(encoder));
  const states = room.awareness.getStates();
  if (states.size > 0) {
    const awarenessEncoder = encoding.createEncoder();
    encoding.writeVarUint(awarenessEncoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      awarenessEncoder,
      awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()]),
    );
    send(conn, encoding.toUint8Array(awarenessEncoder));
  }
}

export function createYRelay(): YRelay {
  const rooms = new Map<string, Room>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  return {
    rooms,
    handleUpgrade(request, socket, head) {
      const roomName = decodeURIComponent((request.url ?? "/").slice(1).split("?")[0] ?? "");
      sockets.handleUpgrade(request, socket, head, (conn) => setupConnection(rooms, conn, roomName));
    },
    close() {
      for (const conn of sockets.clients) conn.terminate();
      sockets.close();
      for (const room of rooms.values()) room.doc.destroy();
      rooms.clear();
    },
  };
}
