import { getRuntime } from "@/server/runtime";
import { createContext } from "@/server/trpc/context";
import { issueCollabSession } from "@/server/collab/collab-session";

/** The signed-in staff member's token for /collab (the board's WebSocket). */
export async function GET(req: Request) {
  const runtime = await getRuntime();
  const ctx = await createContext(runtime, req.headers);
  if (!ctx.staff) {
    return Response.json({ error: ctx.customer ? "Staff only" : "Sign in as staff first" }, { status: ctx.customer ? 403 : 401 });
  }
  return Response.json(issueCollabSession(ctx.staff, runtime.config.authSecret), { headers: { "cache-control": "no-store" } });
}
