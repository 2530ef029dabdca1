import { withStaff } from "@/server/web/route-handler";
import { getRuntime } from "@/server/runtime";
import { issueCollabSession, staffSessionIdOf } from "@/server/collab/collab-session";

/**
 * The signed-in staff member's token for /collab (the board's WebSocket) and /realtime, which
 * both admit only "board.read": other roles are refused here rather than at the socket.
 * The token is bound to the session it is fetched with, so it dies at sign-out.
 */
export const GET = withStaff(
  "board.read",
  { headers: { "cache-control": "no-store" } },
  async ({ req, deps, staff }) => {
    const sessionId = await staffSessionIdOf((await getRuntime()).staffAuth, req.headers);
    return Response.json(issueCollabSession(staff, deps.config.authSecret, sessionId));
  },
);
