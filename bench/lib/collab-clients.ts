import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from "./y-relay";

/** A headless dispatcher: a board replica kept in sync with a server, resolved once synced. */
export interface BenchClient {
  doc: Y.Doc;
  destroy(): void;
}

export interface BenchUser {
  id: string;
  name: string;
  color: string;
}

const presence = (user: BenchUser) => ({ user, selection: [] as string[], cursor: null });

/** A real HocuspocusProvider, as the browser board uses it (`ws` stands in for WebSocket on Node 20). */
export function connectProjectClient(options: {
  url: string;
  name: string;
  token: string;
  user: BenchUser;
  timeoutMs?: number;
}): Promise<BenchClient> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: options.url, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      destroy();
      reject(new Error(`no sync with ${options.name} within ${timeoutMs} ms`));
    }, timeoutMs);
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: options.name,
      document: doc,
      token: options.token,
      onSynced: () => {
        clearTimeout(timer);
        resolve({ doc, destroy });
      },
      onAuthenticationFailed: ({ reason }) => {
        clearTimeout(timer);
        destroy();
        reject(new Error(`denied: ${reason}`));
      },
    });
    provider.setAwarenessField("user", options.user);
    provider.setAwarenessField("selection", []);
    provider.setAwarenessField("cursor", null);
    provider.attach();
    function destroy() {
      clearTimeout(timer);
      provider.destroy();
      socket.destroy();
      doc.destroy();
    }
  });
}

/**
 * The baseline's client: y-websocket's provider protocol (sync step 1/2, updates, awareness)
 * over `ws`, nothing else. `initialState` is applied before connecting, so this client pushes
 * it to the relay in its answer to the relay's sync step 1.
 */
export function connectRelayClient(options: {
  url: string;
  name: string;
  user: BenchUser;
  initialState?: Uint8Array;
  timeoutMs?: number;
}): Promise<BenchClient> {
  const doc = new Y.Doc();
  if (options.initialState) Y.applyUpdate(doc, options.initialState);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(presence(options.user));
  const ws = new WebSocket(`${options.url}/${encodeURIComponent(options.name)}`);
  ws.binaryType = "arraybuffer";
  const timeoutMs = options.timeoutMs ?? 60_000;
  const origin = { source: "relay-client" };

  const send = (message: Uint8Array) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(message);
  };
  const sendUpdate = (update: Uint8Array, from: unknown) => {
    if (from === origin) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    send(encoding.toUint8Array(encoder));
  };
  const sendAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    from: unknown,
  ) => {
    if (from !== "local") return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]),
    );
    send(encoding.toUint8Array(encoder));
  };
  doc.on("update", sendUpdate);
  awareness.on("update", sendAwareness);

  function destroy() {
    doc.off("update", sendUpdate);
    awareness.off("update", sendAwareness);
    awareness.destroy();
    ws.terminate();
    doc.destroy();
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      destroy();
      reject(new Error(`no sync with relay room ${options.name} within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on("open", () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, doc);
      send(encoding.toUint8Array(encoder));
      const state = encoding.createEncoder();
      encoding.writeVarUint(state, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(state, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
      send(encoding.toUint8Array(state));
    });
    ws.on("message", (data: ArrayBuffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const kind = syncProtocol.readSyncMessage(decoder, encoder, doc, origin);
        if (encoding.length(encoder) > 1) send(encoding.toUint8Array(encoder));
        if (kind === syncProtocol.messageYjsSyncStep2) {
          clearTimeout(timer);
          resolve({ doc, destroy });
        }
      } else if (type === MESSAGE_AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), origin);
      }
    });
    ws.on("error", (error) => {
      clearTimeout(timer);
      destroy();
      reject(error);
    });
  });
}
