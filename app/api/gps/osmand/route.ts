import { getRuntime } from "@/server/runtime";
import { ingestOsmAndFix, osmAndToken } from "@/server/services/gps/osmand-ingest";

/** OsmAnd-protocol fixes from phones and trackers (GET with a query string, or a POSTed form). */
async function handle(req: Request, params: URLSearchParams): Promise<Response> {
  const runtime = await getRuntime();
  const outcome = await ingestOsmAndFix(runtime.database.db, runtime.config.authSecret, params, osmAndToken(params, req.headers.get("authorization")), new Date());
  return Response.json(outcome.body, { status: outcome.status, headers: { "cache-control": "no-store" } });
}

export async function GET(req: Request) {
  return handle(req, new URL(req.url).searchParams);
}

export async function POST(req: Request) {
  const params = new URLSearchParams(new URL(req.url).searchParams);
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded") || type.startsWith("text/plain") || type === "") {
    const body = await req.text();
    if (body.length > 4096) return Response.json({ ok: false, error: "the request body is too large for one fix" }, { status: 413 });
    for (const [key, value] of new URLSearchParams(body)) params.set(key, value);
  } else {
    return Response.json({ ok: false, error: "send the fix as a query string or an application/x-www-form-urlencoded body" }, { status: 415 });
  }
  return handle(req, params);
}
