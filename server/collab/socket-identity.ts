import { and, gt, inArray } from "drizzle-orm";
import type { Runtime } from "../runtime";
import type { Queryable } from "../db/client";
import { staffSessions, staffUsers } from "../db/schema";
import type { StaffRole } from "../services/actor";
import { activeStaffUser } from "../services/staff/active-staff";
import { verifyCollabToken } from "./tokens";

/**
 * Who a WebSocket client of /collab or /realtime is, and what keeps that true while the socket
 * stays open: the staff session it came with (cookie), or none (a signed token, whose user must
 * stay active). Both servers re-check these on a short interval (`watchSocketSessions`).
 */
export interface SocketIdentity {
  id: string;
  name: string;
  role: StaffRole;
  /** The staff session the socket authenticated with (its cookie, or the one its token was issued under); null for a script's token. */
  sessionId: string | null;
}

export type SocketAuthentication =
  | { ok: true; identity: SocketIdentity }
  | { ok: false; reason: string; key: "errors.socket.signIn" | "errors.socket.crossOrigin" };

/**
 * A refused socket: the English `message` for logs, the message key for the browser. Socket.IO
 * sends `data` with `connect_error`; Hocuspocus sends `reason` as the authentication failure's
 * reason, so the board receives the key there.
 */
export class SocketRefusalError extends Error {
  readonly data: { denied: true; key: string; params: Record<string, string | number> };
  readonly reason: string;
  constructor(message: string, key: string, params: Record<string, string | number> = {}) {
    super(message);
    this.name = "SocketRefusalError";
    this.data = { denied: true, key, params };
    this.reason = key;
  }
}

/**
 * The origins a browser may open a cookie-authenticated socket from: the app's own (BASE_URL),
 * and the loopback addresses of its port, which the auth realms trust too. A page elsewhere
 * would otherwise ride the signed-in dispatcher's cookie (cross-site WebSocket hijacking):
 * browsers send cookies with WebSocket handshakes and never apply CORS to them. Browsers always
 * send Origin with a WebSocket handshake, and our pages use Socket.IO's websocket transport only,
 * so a cookie with no Origin (a same-origin polling GET omits it) is refused too.
 */
export function appOrigins(config: Pick<Runtime["config"], "baseUrl" | "port">): Set<string> {
  return new Set([
    new URL(config.baseUrl).origin,
    `http://localhost:${config.port}`,
    `http://127.0.0.1:${config.port}`,
  ]);
}

/**
 * A signed token (scripts, load tests, the board's provider) needs no Origin: a page cannot
 * read another origin's token. The session cookie is accepted only from the app's origins.
 */
export async function authenticateSocket(
  runtime: Pick<Runtime, "config" | "database" | "staffAuth">,
  token: string | null | undefined,
  headers: Headers,
): Promise<SocketAuthentication> {
  const payload = token ? verifyCollabToken(token, runtime.config.authSecret) : null;
  if (payload) {
    const user = await activeStaffUser(runtime.database.db, payload.sub);
    const identity = user ? { ...user, sessionId: payload.sid ?? null } : null;
    // A token fetched by a browser lives only as long as the session it was fetched with.
    if (identity && (await revokedIdentities(runtime.database.db, [identity])).size === 0)
      return { ok: true, identity };
  }
  if (!headers.get("cookie")) return { ok: false, reason: "Sign in as staff", key: "errors.socket.signIn" };
  const origin = headers.get("origin");
  if (!origin || !appOrigins(runtime.config).has(origin))
    return {
      ok: false,
      reason: "Sign in as staff: this page's origin may not use the session cookie",
      key: "errors.socket.crossOrigin",
    };
  const session = await runtime.staffAuth.api.getSession({ headers });
  const user = session?.user;
  if (!session || !user || user.active === false)
    return { ok: false, reason: "Sign in as staff", key: "errors.socket.signIn" };
  return {
    ok: true,
    identity: { id: user.id, name: user.name, role: user.role as StaffRole, sessionId: session.session.id },
  };
}

/** The identities among `identities` that no longer hold: their user is deactivated, or their session ended. */
export async function revokedIdentities(
  db: Queryable,
  identities: readonly SocketIdentity[],
  now = new Date(),
): Promise<Set<SocketIdentity>> {
  const userIds = [...new Set(identities.map((i) => i.id))];
  const sessionIds = [...new Set(identities.flatMap((i) => (i.sessionId ? [i.sessionId] : [])))];
  if (userIds.length === 0) return new Set();
  const active = new Set(
    (
      await db
        .select({ id: staffUsers.id, active: staffUsers.active })
        .from(staffUsers)
        .where(inArray(staffUsers.id, userIds))
    )
      .filter((u) => u.active)
      .map((u) => u.id),
  );
  const live =
    sessionIds.length === 0
      ? new Set<string>()
      : new Set(
          (
            await db
              .select({ id: staffSessions.id })
              .from(staffSessions)
              .where(and(inArray(staffSessions.id, sessionIds), gt(staffSessions.expiresAt, now)))
          ).map((s) => s.id),
        );
  return new Set(identities.filter((i) => !active.has(i.id) || (i.sessionId !== null && !live.has(i.sessionId))));
}

/**
 * How often open sockets re-check their identity: a signed-out session or a deactivated user
 * loses its open /collab and /realtime sockets within this bound (plus one query's time). Two
 * indexed queries per interval per instance, whatever the number of sockets. Every instance runs
 * its own check against the shared database, so scale-out needs no extra channel for it.
 */
export const SOCKET_SESSION_CHECK_MS = 5_000;

export interface WatchedSocket {
  identity: SocketIdentity;
  close(reason: string): void;
}

/**
 * Re-checks the open sockets every `intervalMs` and closes the revoked ones; `check()` runs one
 * at once (on a staff-access event: sign-out closes the sockets without waiting for the interval).
 */
export function watchSocketSessions(options: {
  db: Queryable;
  sockets: () => Iterable<WatchedSocket>;
  intervalMs?: number;
}): { check(): Promise<void>; stop(): void } {
  let running: Promise<void> | null = null;
  let again = false;
  async function sweep() {
    const open = [...options.sockets()];
    if (open.length === 0) return;
    const revoked = await revokedIdentities(
      options.db,
      open.map((s) => s.identity),
    );
    for (const socket of open)
      // The reason is a message key (errors.socket.sessionEnded): the board shows it translated.
      if (revoked.has(socket.identity)) socket.close("errors.socket.sessionEnded");
  }
  /** Runs a sweep; one asked for while another runs follows it, since the running one may have read too early. */
  function check(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await sweep().catch((error: unknown) => console.error("socket session check failed:", error));
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  }
  const timer = setInterval(() => void check(), options.intervalMs ?? SOCKET_SESSION_CHECK_MS);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
