/**
 * The awareness state of the board contract (ARCHITECTURE.md, "Board document"), as the server
 * forwards it: `{ user: { id, name, color }, selection: string[], cursor }`. The user is the
 * connection's, whatever the client claimed; the rest is kept only in the contract's shape
 * and within bounds, since every peer receives it up to twenty times a second.
 */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}
export type PresenceCursor = { techId: string; time: string } | { lat: number; lng: number } | null;
export interface PresenceState {
  user: PresenceUser;
  selection: string[];
  cursor: PresenceCursor;
}

/** A selection holds job ids: at most a whole 2,000-job board. */
export const MAX_SELECTION = 2_000;
/** Job and technician ids, and cursor times (ISO), are short. */
const MAX_ID_LENGTH = 40;

const shortString = (value: unknown): value is string => typeof value === "string" && value.length <= MAX_ID_LENGTH;

function cursorOf(value: unknown): PresenceCursor {
  const c = value as Record<string, unknown> | null;
  if (c === null || typeof c !== "object") return null;
  if (shortString(c.techId) && shortString(c.time)) return { techId: c.techId, time: c.time };
  const { lat, lng } = c;
  if (typeof lat === "number" && typeof lng === "number" && Math.abs(lat) <= 90 && Math.abs(lng) <= 180)
    return { lat, lng };
  return null;
}

/** The state to forward for `user`: their identity, the client's selection and cursor when well formed. */
export function stampPresence(user: PresenceUser, state: unknown): PresenceState {
  const s = (state ?? {}) as Record<string, unknown>;
  const selection = Array.isArray(s.selection) ? s.selection.filter(shortString).slice(0, MAX_SELECTION) : [];
  return { user: { id: user.id, name: user.name, color: user.color }, selection, cursor: cursorOf(s.cursor) };
}
