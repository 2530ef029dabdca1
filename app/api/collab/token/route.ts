import { withStaff } from "@/server/web/route-handler";
import { issueCollabSession } from "@/server/collab/collab-session";

/**
 * The signed-in staff member's token for /collab (the board's WebSocket) and /realtime, which
 * both admit only "board.read": other roles are refused here rather than at the socket.
 * `errorBody: "flat"`: the board (components/dispatch/board-session.ts) shows `error` when it is a string.
 */
export const GET = withStaff(
  "board.read",
  { headers: { "cache-control": "no-store" }, errorBody: "flat" },
  ({ deps, staff }) => Promise.resolve(Response.json(issueCollabSession(staff, deps.config.authSecret))),
);
