import http from "node:http";
import { readdirSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { Runtime } from "@/server/runtime";
import { createOsmAndHandler } from "@/server/gps/osmand-http";
import { createRadiusHandler } from "@/server/radius/radius-http";
import { createTrackingGoneHandler } from "@/server/web/tracking-gone";

/**
 * The product's HTTP surface without Next's page renderer, on a real loopback socket: every
 * route module under app/ (found on disk, as Next finds them) answers at the path Next gives
 * it, with the very GET/POST functions Next would call, and the handlers server/main.ts puts
 * ahead of Next (OsmAnd, RADIUS, the expired tracking page) answer first, in main.ts's order. Pages and
 * server actions are not served (they call tRPC in process). The caller installs the runtime
 * (setRuntime) that the route modules read.
 */

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Segment = { kind: "static"; text: string } | { kind: "param"; name: string } | { kind: "catchAll"; name: string };
type RouteModule = Partial<
  Record<HttpMethod, (req: Request, context: { params: Promise<Record<string, string | string[]>> }) => unknown>
>;

export interface RouteFile {
  /** Relative to the repository root, e.g. `app/api/invoices/[id]/pdf/route.ts`. */
  file: string;
  /** The URL pattern Next serves it at, e.g. `/api/invoices/[id]/pdf` (route groups dropped). */
  pattern: string;
  segments: Segment[];
}

const ROOT = path.resolve(import.meta.dirname, "../..");

function segmentOf(text: string): Segment {
  const catchAll = /^\[\[?\.\.\.(\w+)\]\]?$/.exec(text);
  if (catchAll) return { kind: "catchAll", name: catchAll[1]! };
  const param = /^\[(\w+)\]$/.exec(text);
  if (param) return { kind: "param", name: param[1]! };
  return { kind: "static", text };
}

/** Every route handler module of the app, as Next's file-system router sees them. */
export function routeFiles(): RouteFile[] {
  const appDir = path.join(ROOT, "app");
  return readdirSync(appDir, { recursive: true, encoding: "utf8" })
    .filter((entry) => /(^|\/)route\.(ts|tsx|js|mjs)$/.test(entry))
    .sort()
    .map((entry) => {
      const dirs = path
        .dirname(entry)
        .split(path.sep)
        .filter((d) => d !== "." && !/^\(.*\)$/.test(d));
      return {
        file: path.join("app", entry),
        pattern: `/${dirs.join("/")}`,
        segments: dirs.map(segmentOf),
      };
    });
}

/** The route's params for `pathname`, or null when it does not match. */
function matchRoute(route: RouteFile, pathname: string): Record<string, string | string[]> | null {
  const parts = pathname.split("/").filter(Boolean);
  const params: Record<string, string | string[]> = {};
  for (const [index, segment] of route.segments.entries()) {
    if (segment.kind === "catchAll") {
      const rest = parts.slice(index);
      if (rest.length === 0) return null;
      params[segment.name] = rest.map(decodeURIComponent);
      return params;
    }
    const part = parts[index];
    if (part === undefined) return null;
    if (segment.kind === "static" && segment.text !== part) return null;
    if (segment.kind === "param") params[segment.name] = decodeURIComponent(part);
  }
  return parts.length === route.segments.length ? params : null;
}

/** Next's precedence: more static segments first, catch-alls last. */
function specificity(route: RouteFile): number {
  return route.segments.reduce((score, s) => score * 3 + (s.kind === "static" ? 2 : s.kind === "param" ? 1 : 0), 1);
}

export async function loadRouteModule(route: RouteFile): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ path.join(ROOT, route.file))) as RouteModule;
}

function toRequest(req: http.IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

async function send(res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}

export interface HttpAppServer {
  baseUrl: string;
  port: number;
  routes: RouteFile[];
  /** Installs the runtime the non-Next handlers use (route modules read the installed one). */
  attach(runtime: Runtime): void;
  close(): Promise<void>;
}

/** Listens first (the runtime's base URL must name the port), then serves once `attach` is called. */
export async function startHttpAppServer(): Promise<HttpAppServer> {
  const routes = routeFiles().sort((a, b) => specificity(b) - specificity(a));
  const modules = new Map<string, RouteModule>();
  for (const route of routes) modules.set(route.file, await loadRouteModule(route));
  let front: {
    osmAnd: ReturnType<typeof createOsmAndHandler>;
    radius: ReturnType<typeof createRadiusHandler>;
    trackingGone: ReturnType<typeof createTrackingGoneHandler>;
  } | null = null;
  let origin = "";

  const server = http.createServer((req, res) => {
    const answer = async () => {
      if (!front) return send(res, new Response("not ready", { status: 503 }));
      if (front.osmAnd.handle(req, res)) return;
      if (front.radius.handle(req, res)) return;
      if (await front.trackingGone.handle(req, res)) return;
      const pathname = new URL(req.url ?? "/", origin).pathname;
      for (const route of routes) {
        const params = matchRoute(route, pathname);
        if (!params) continue;
        const handler = modules.get(route.file)![(req.method ?? "GET") as HttpMethod];
        if (!handler) return send(res, new Response(null, { status: 405 }));
        const response = await handler(toRequest(req, origin), { params: Promise.resolve(params) });
        return send(res, response as Response);
      }
      // Next would render a page here; pages are not served.
      return send(res, new Response("no route handler", { status: 404 }));
    };
    answer().catch((error: unknown) => {
      console.error("http-app-server: request failed", req.method, req.url, error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal error");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("no address");
  origin = `http://127.0.0.1:${address.port}`;
  return {
    baseUrl: origin,
    port: address.port,
    routes,
    attach(runtime) {
      front = {
        osmAnd: createOsmAndHandler(runtime),
        radius: createRadiusHandler(runtime),
        trackingGone: createTrackingGoneHandler(runtime),
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await front?.osmAnd.drain();
    },
  };
}
