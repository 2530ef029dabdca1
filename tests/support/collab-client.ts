import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";

export interface BoardClient {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
  destroy(): void;
}

/**
 * A real HocuspocusProvider in Node (Node 20 has no global WebSocket, so `ws` stands in),
 * resolved once the board is synced, rejected when authentication fails.
 */
export function connectBoard(options: {
  url: string;
  name: string;
  token: string;
  timeoutMs?: number;
  /** Handshake headers (a browser's `cookie` and `origin`), which Node's `ws` can send. */
  headers?: Record<string, string>;
  /** Every message the socket receives, as bytes, before the provider reads it. */
  onMessage?: (data: Uint8Array) => void;
}): Promise<BoardClient> {
  const doc = new Y.Doc();
  const headers = options.headers;
  const polyfill = headers
    ? class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      }
    : WebSocket;
  const socket = new HocuspocusProviderWebsocket({ url: options.url, WebSocketPolyfill: polyfill, maxAttempts: 1 });
  const onMessage = options.onMessage;
  if (onMessage) socket.on("message", (event: MessageEvent) => onMessage(new Uint8Array(event.data as ArrayBuffer)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      destroy();
      reject(new Error(`no sync with ${options.name} within ${options.timeoutMs ?? 10_000} ms`));
    }, options.timeoutMs ?? 10_000);
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: options.name,
      document: doc,
      token: options.token,
      onSynced: () => {
        clearTimeout(timer);
        resolve({ provider, socket, doc, destroy });
      },
      onAuthenticationFailed: ({ reason }) => {
        clearTimeout(timer);
        destroy();
        reject(new Error(`denied: ${reason}`));
      },
    });
    provider.attach();
    function destroy() {
      provider.destroy();
      socket.destroy();
    }
  });
}

/** Resolves when `check` holds, polling; rejects after the timeout with the last value seen. */
export async function eventually<T>(
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/** Resolves when the server has acknowledged every local change of the provider. */
export function acknowledged(client: BoardClient, timeoutMs = 5_000): Promise<void> {
  return eventually(
    () => client.provider.hasUnsyncedChanges,
    (unsynced) => !unsynced,
    timeoutMs,
  ).then(() => undefined);
}
