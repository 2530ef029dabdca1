import { withStaff } from "@/server/web/route-handler";
import { issueCollabSession } from "@/server/collab/collab-session";

/**
 * The signed-in staff member's token for /collab (the board's WebSocket) and /realtime, which
 * both admit only "board.read": other roles are refused here rather than at the socket.
 */
export const GET = withStaff("board.read", { headers: { "cache-control": "no-store" } }, ({ deps, staff }) =>
  Promise.resolve(Response.json(issueCollabSession(staff, deps.config.authSecret))),
);
