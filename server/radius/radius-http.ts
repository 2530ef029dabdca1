/**
 * /api/radius/authorize and /api/radius/accounting, served by server/main.ts ahead of Next: the
 * endpoints Debian's FreeRADIUS calls through its rest module for every Access-Request and
 * Accounting-Request, so they answer without a page framework's routing, in a millisecond or two.
 *
 * Not a staff or customer endpoint: the caller is FreeRADIUS on this machine, which proves itself
 * with the shared secret RADIUS_API_SECRET (HTTP Basic, the password part; compared in constant
 * time). Refused: any peer that is not loopback (the socket's address, never a header), any
 * request without the secret, and everything while the secret is not configured.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { parseAccountingRecord } from "../../lib/domain/radius/accounting";
import type { Runtime } from "../runtime";
import { recordAccounting } from "../services/radius/accounting";
import { authorizeSubscriber } from "../services/radius/authorize";
import { announcedLength, KIB } from "../web/capped-body";
import { acceptBody, restAttributes } from "./rest-shapes";

export const RADIUS_AUTHORIZE_PATH = "/api/radius/authorize";
export const RADIUS_ACCOUNTING_PATH = "/api/radius/accounting";
const MAX_BODY_BYTES = 16 * KIB;

function reply(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === null ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(status === 413 ? { connection: "close" } : {}),
    ...(text ? { "content-type": "application/json" } : {}),
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** The password of an HTTP Basic header equals `secret`; the same time whatever was sent. */
export function sharedSecretMatches(authorization: string | undefined, secret: string): boolean {
  const basic = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(authorization ?? "");
  const decoded = basic ? Buffer.from(basic[1]!, "base64").toString("utf8") : "";
  const given = decoded.includes(":") ? decoded.slice(decoded.indexOf(":") + 1) : "";
  const matches = timingSafeEqual(digest(given), digest(secret));
  return basic !== null && matches;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function radiusPath(url: string): string | null {
  const path = url.split("?")[0];
  return path === RADIUS_AUTHORIZE_PATH || path === RADIUS_ACCOUNTING_PATH ? path : null;
}

export function createRadiusHandler(runtime: Runtime): {
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
} {
  const { config } = runtime;

  async function answer(path: string, body: unknown, res: http.ServerResponse): Promise<void> {
    const attributes = restAttributes(body);
    if (!attributes) return reply(res, 400, { error: "the body must be a JSON object of RADIUS attributes" });
    if (path === RADIUS_AUTHORIZE_PATH) {
      const outcome = await authorizeSubscriber(runtime, attributes["User-Name"] ?? "");
      if (outcome.kind === "accept") return reply(res, 200, acceptBody(outcome.password, outcome.reply));
      // 404: the module's "notfound", which the virtual server turns into a reject; 401: a reject.
      return reply(res, outcome.reason === "unknown" ? 404 : 401, {});
    }
    const parsed = parseAccountingRecord(attributes, new Date());
    if (!parsed.ok) return reply(res, 400, { error: parsed.error });
    await recordAccounting(runtime, parsed.record);
    return reply(res, 204, null);
  }

  return {
    handle(req, res) {
      // Every request of the process passes here first: a string test, not a URL object.
      if (!(req.url ?? "").startsWith("/api/radius/")) return false;
      const path = radiusPath(req.url ?? "");
      if (path === null) return false;
      const secret = config.radius.apiSecret;
      const refuse = (status: number, error: string, headers: Record<string, string> = {}) => {
        req.resume();
        reply(res, status, { error }, headers);
        return true;
      };
      if (secret === null)
        return refuse(503, "RADIUS_API_SECRET is not set: the product answers FreeRADIUS only once it is");
      if (!isLoopback(req.socket.remoteAddress)) return refuse(403, "only FreeRADIUS on this machine may call this");
      if (!sharedSecretMatches(req.headers.authorization, secret))
        return refuse(401, "the shared secret is missing or wrong", { "www-authenticate": 'Basic realm="radius"' });
      if (req.method !== "POST") return refuse(405, "POST the request's attributes as JSON");
      if (!(req.headers["content-type"] ?? "").includes("json"))
        return refuse(415, "send the attributes as application/json (rest module: body = json)");
      const announced = announcedLength(req.headers["content-length"]);
      if (announced !== null && announced > MAX_BODY_BYTES) {
        reply(res, 413, { error: `the request body is larger than ${MAX_BODY_BYTES} bytes` });
        return true;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          if (!res.headersSent) reply(res, 413, { error: `the request body is larger than ${MAX_BODY_BYTES} bytes` });
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on("end", () => {
        if (res.headersSent) return;
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          return reply(res, 400, { error: "the body is not JSON" });
        }
        answer(path, body, res).catch((error: unknown) => {
          console.error(`radius: ${path} failed:`, error);
          // 5xx: the module's "fail"; FreeRADIUS rejects (authorize) or leaves the NAS to retry (accounting).
          if (!res.headersSent) reply(res, 503, { error: "the product could not answer; try again" });
        });
      });
      return true;
    },
  };
}
