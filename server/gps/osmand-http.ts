/**
 * The OsmAnd endpoint (/api/gps/osmand) served by server/main.ts itself, before Next: a
 * device protocol at hundreds of requests a second does not need a page framework's routing,
 * and this is where the batched, cached pipeline lives once per process.
 */
import type http from "node:http";
import type { Runtime } from "../runtime";
import { cachedOsmAndAuthenticator } from "../services/gps/devices";
import { FixIngestor } from "../services/gps/fix-ingestor";
import { ingestOsmAndFix, osmAndToken, type OsmAndPipeline } from "../services/gps/osmand-ingest";
import { announcedLength } from "../web/capped-body";

export const OSMAND_PATH = "/api/gps/osmand";
const MAX_BODY_BYTES = 4096;

function reply(res: http.ServerResponse, status: number, body: unknown, retryAfterS?: number): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...(status === 413 ? { connection: "close" } : {}),
    ...(retryAfterS === undefined ? {} : { "retry-after": String(retryAfterS) }),
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The query string of a request for OSMAND_PATH, "" without one; null for any other path. */
export function osmAndQuery(url: string): string | null {
  if (!url.startsWith(OSMAND_PATH)) return null;
  const rest = url.slice(OSMAND_PATH.length);
  if (rest === "") return "";
  if (rest[0] === "?") return rest.slice(1);
  return null;
}

export function createOsmAndHandler(
  runtime: Runtime,
  options: ConstructorParameters<typeof FixIngestor>[1] & {
    /** The process's GPS write queue, shared with the realtime server and the Traccar feed (server/main.ts). */
    ingestor?: FixIngestor;
  } = {},
): {
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  drain(): Promise<void>;
} {
  const ingestor = options.ingestor ?? new FixIngestor(runtime, options);
  const pipeline: OsmAndPipeline = {
    authenticate: cachedOsmAndAuthenticator(runtime.database.db, runtime.config.authSecret),
    store: (device, fix) => ingestor.submit(device, fix),
  };

  async function ingest(req: http.IncomingMessage, res: http.ServerResponse, params: URLSearchParams): Promise<void> {
    const outcome = await ingestOsmAndFix(
      pipeline,
      params,
      osmAndToken(params, req.headers.authorization ?? null),
      new Date(),
    );
    reply(res, outcome.status, outcome.body, outcome.retryAfterS);
  }

  return {
    handle(req, res) {
      // A prefix test, not a URL object: every request of the process passes here first.
      const query = osmAndQuery(req.url ?? "/");
      if (query === null) return false;
      const searchParams = new URLSearchParams(query);
      const fail = (error: unknown) => {
        console.error("osmand: storing a fix failed:", error);
        if (!res.headersSent) reply(res, 503, { ok: false, error: "the position could not be stored; send it again" });
      };
      if (req.method === "GET") {
        ingest(req, res, searchParams).catch(fail);
        return true;
      }
      if (req.method !== "POST") {
        reply(res, 405, { ok: false, error: "use GET with a query string or POST a form" });
        return true;
      }
      const type = req.headers["content-type"] ?? "";
      if (type && !type.includes("application/x-www-form-urlencoded") && !type.startsWith("text/plain")) {
        reply(res, 415, {
          ok: false,
          error: "send the fix as a query string or an application/x-www-form-urlencoded body",
        });
        req.resume();
        return true;
      }
      // A body announced too large is refused unread; the connection closes rather than drain it.
      const announced = announcedLength(req.headers["content-length"]);
      if (announced !== null && announced > MAX_BODY_BYTES) {
        reply(res, 413, { ok: false, error: "the request body is too large for one fix" });
        return true;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          if (!res.headersSent) reply(res, 413, { ok: false, error: "the request body is too large for one fix" });
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on("end", () => {
        if (res.headersSent) return;
        const params = new URLSearchParams(searchParams);
        for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) params.set(key, value);
        ingest(req, res, params).catch(fail);
      });
      return true;
    },
    drain: () => ingestor.drain(),
  };
}
