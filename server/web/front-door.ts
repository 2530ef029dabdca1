/**
 * What server/main.ts does to every HTTP request before anything else answers it: it stamps the
 * client's address, as seen from the socket, into a header of our own (after removing any copy a
 * client sent), and it gives every answer the security headers that it does not set itself.
 */
import type http from "node:http";
import { isIP } from "node:net";

/** Where route handlers read the client's address (they see no socket); only server/main.ts writes it. */
export const CLIENT_ADDRESS_HEADER = "x-fibre-ops-client-address";

function headerList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  return joined
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

function bare(address: string): string {
  // IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d.
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client's address. With no trusted proxy it is the socket's peer, whatever X-Forwarded-For
 * says (a client writes that header itself). Behind `trustedHops` proxies that each append the
 * address they received from, the client is that many entries from the right: the entries further
 * left were written by the client and prove nothing. An entry that is not an address falls back to
 * the socket's peer.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string {
  const socket = bare(socketAddress ?? "unknown");
  if (trustedHops <= 0) return socket;
  const chain = headerList(forwardedFor);
  if (chain.length === 0) return socket;
  const entry = bare(chain[Math.max(0, chain.length - trustedHops)]!);
  return isIP(entry) ? entry : socket;
}

/** Whether the client reached us over https: the public URL says so, or the trusted proxy does. */
export function cameOverHttps(
  req: http.IncomingMessage,
  options: { baseUrl: string; trustedProxyHops: number },
): boolean {
  if (options.baseUrl.startsWith("https:")) return true;
  if (options.trustedProxyHops <= 0) return false;
  const protos = headerList(req.headers["x-forwarded-proto"]);
  return protos[Math.max(0, protos.length - options.trustedProxyHops)]?.toLowerCase() === "https";
}

export interface FrontDoorOptions {
  baseUrl: string;
  trustedProxyHops: number;
  /** `next dev` needs eval for its fast refresh. */
  dev?: boolean;
  /** Mapbox GL (NEXT_PUBLIC_MAPBOX_TOKEN set) loads its styles and tiles from mapbox.com. */
  mapbox?: boolean;
}

/**
 * The Content-Security-Policy of every answer. Next's pages carry inline scripts, and the map,
 * photos and signatures use blob: and data: URLs and blob: workers (MapLibre); the barcode scanner
 * compiles WebAssembly. No page may be framed (`frame-ancestors 'none'`, clickjacking).
 */
export function contentSecurityPolicy(options: FrontDoorOptions): string {
  const mapbox = options.mapbox ? " https://*.mapbox.com" : "";
  const origin = new URL(options.baseUrl);
  const socketOrigin = `${origin.protocol === "https:" ? "wss:" : "ws:"}//${origin.host}`;
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${mapbox}`,
    "font-src 'self' data:",
    `connect-src 'self' ${socketOrigin}${options.dev ? " ws: wss:" : ""}${mapbox}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "media-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The headers every answer gets unless it sets its own value (a route's stricter Referrer-Policy stays). */
export function securityHeaders(options: FrontDoorOptions, https: boolean): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(options),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // The technician's phone shares its position and scans serials and photos; nothing else is used.
    "permissions-policy":
      "geolocation=(self), camera=(self), microphone=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), display-capture=()",
    ...(https ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

/** Prepares `req` and `res` as described at the top of this file; call it first for every request. */
export function createFrontDoor(
  options: FrontDoorOptions,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const plain = securityHeaders(options, false);
  const secure = securityHeaders(options, true);
  return (req, res) => {
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
      req.socket.remoteAddress,
      req.headers["x-forwarded-for"],
      options.trustedProxyHops,
    );
    const headers = cameOverHttps(req, options) ? secure : plain;
    // Set when the head is written, so that a header the answer chose itself is kept.
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
    res.writeHead = (...args: unknown[]) => {
      for (const [name, value] of Object.entries(headers)) if (!res.hasHeader(name)) res.setHeader(name, value);
      return writeHead(...args);
    };
  };
}
