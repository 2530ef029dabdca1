/**
 * What the browser makes of a refusal from /realtime or /collab (server/realtime/events.ts:
 * `SocketRefusal`, `HandshakeRefusal`): whether signing in again is needed, and the sentence in the
 * reader's language from its `errors.*` key.
 */
import type { HandshakeRefusal, SocketRefusal } from "@/server/realtime/events";

/** next-intl's root translator, reduced to what a refusal needs. */
export interface RefusalTranslate {
  (key: string, params?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/** A `connect_error` the server raised on purpose: the same credentials would be refused again. */
export function isDeniedHandshake(error: Error): boolean {
  return (error as Error & { data?: Partial<HandshakeRefusal> }).data?.denied === true;
}

/** The refusal's sentence from its key; the server's English text when the key is unknown here. */
export function socketRefusalText(refusal: Partial<SocketRefusal> & { fallback: string }, t: RefusalTranslate): string {
  return refusal.key && t.has(refusal.key) ? t(refusal.key, refusal.params ?? {}) : refusal.fallback;
}
