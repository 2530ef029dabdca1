import { isIP } from "node:net";
import { z } from "zod";
import { RADIUS_VENDORS, type RadiusVendor } from "../../lib/domain/radius/reply-attributes";
import { SUSPENDED_POLICIES, type SuspendedPolicy } from "../../lib/domain/radius/access-decision";
import { wholeNumber } from "./env-fields";

/**
 * Subscriber access through FreeRADIUS: the secret its rest module sends to /api/radius/*, what a
 * suspended subscriber gets, the NAS vendor's attributes, and the NAS that hear Disconnect-Requests.
 */
export interface RadiusConfig {
  /** RADIUS_API_SECRET; null: /api/radius/* answer 503 (nothing is authorized). */
  apiSecret: string | null;
  suspendedPolicy: SuspendedPolicy;
  vendor: RadiusVendor;
  /** The NAS's walled-garden profile name (address list, filter) given to a suspended subscriber. */
  walledGarden: string;
  /** Where Disconnect-Requests go, by the NAS-IP-Address its sessions report. */
  nasClients: RadiusNasClient[];
  /** Milliseconds to wait for a NAS's answer before sending the same packet again. */
  dynamicTimeoutMs: number;
}

export interface RadiusNasClient {
  address: string;
  /** RFC 5176's port, 3799, unless given. */
  port: number;
  secret: string;
}

export const RADIUS_API_SECRET_MIN_LENGTH = 16;
const DEFAULT_DYNAMIC_PORT = 3799;

/** `address[:port]=secret` entries separated by commas (IPv6 in brackets when a port follows). */
export function parseNasClients(raw: string): { clients: RadiusNasClient[] } | { error: string } {
  const clients: RadiusNasClient[] = [];
  for (const entry of raw
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf("=");
    if (eq <= 0 || eq === entry.length - 1)
      return { error: `"${entry.replace(/=.*/, "=…")}" is not address[:port]=secret` };
    const target = entry.slice(0, eq);
    const secret = entry.slice(eq + 1);
    const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(target);
    const withPort = /^([^:]+):(\d{1,5})$/.exec(target);
    const [address, port] = bracketed
      ? [bracketed[1]!, bracketed[2]]
      : withPort && isIP(target) === 0
        ? [withPort[1]!, withPort[2]]
        : [target, undefined];
    if (isIP(address) === 0) return { error: `"${address}" is not an IP address` };
    const portNumber = port === undefined ? DEFAULT_DYNAMIC_PORT : Number(port);
    if (!(portNumber >= 1 && portNumber <= 65535)) return { error: `port "${port}" of ${address} is not 1 to 65535` };
    clients.push({ address, port: portNumber, secret });
  }
  return { clients };
}

export const radiusEnvShape = {
  RADIUS_API_SECRET: z.string().optional(),
  RADIUS_SUSPENDED_POLICY: z
    .enum(SUSPENDED_POLICIES, {
      error: (issue) => `RADIUS_SUSPENDED_POLICY must be reject or walled_garden, got "${String(issue.input)}"`,
    })
    .default("reject"),
  RADIUS_VENDOR: z
    .enum(RADIUS_VENDORS, {
      error: (issue) => `RADIUS_VENDOR must be one of ${RADIUS_VENDORS.join(", ")}, got "${String(issue.input)}"`,
    })
    .default("mikrotik"),
  RADIUS_WALLED_GARDEN: z.string().default("walled-garden"),
  RADIUS_NAS_CLIENTS: z.string().optional(),
  RADIUS_DYNAMIC_TIMEOUT_MS: wholeNumber("RADIUS_DYNAMIC_TIMEOUT_MS", 100, 30_000, "a number of milliseconds").default(
    2000,
  ),
};
type RadiusEnv = z.infer<z.ZodObject<typeof radiusEnvShape>>;

export function checkRadiusEnv(env: RadiusEnv, ctx: z.RefinementCtx): void {
  if (env.RADIUS_API_SECRET !== undefined && env.RADIUS_API_SECRET.length < RADIUS_API_SECRET_MIN_LENGTH)
    ctx.addIssue({
      code: "custom",
      path: ["RADIUS_API_SECRET"],
      message: `RADIUS_API_SECRET must be at least ${RADIUS_API_SECRET_MIN_LENGTH} characters (it is all that stands between the network and every subscriber's password): generate one with \`openssl rand -hex 24\``,
    });
  if (env.RADIUS_NAS_CLIENTS !== undefined) {
    const parsed = parseNasClients(env.RADIUS_NAS_CLIENTS);
    if ("error" in parsed)
      ctx.addIssue({
        code: "custom",
        path: ["RADIUS_NAS_CLIENTS"],
        message: `RADIUS_NAS_CLIENTS must list address[:port]=secret entries separated by commas: ${parsed.error}`,
      });
  }
}

/** Call only on an environment that passed checkRadiusEnv. */
export function radiusConfigOf(env: RadiusEnv): RadiusConfig {
  const nas = env.RADIUS_NAS_CLIENTS === undefined ? { clients: [] } : parseNasClients(env.RADIUS_NAS_CLIENTS);
  return {
    apiSecret: env.RADIUS_API_SECRET ?? null,
    suspendedPolicy: env.RADIUS_SUSPENDED_POLICY,
    vendor: env.RADIUS_VENDOR,
    walledGarden: env.RADIUS_WALLED_GARDEN,
    nasClients: "clients" in nas ? nas.clients : [],
    dynamicTimeoutMs: env.RADIUS_DYNAMIC_TIMEOUT_MS,
  };
}

/** Nothing configured: the default of a configuration built in code (tests). */
export const RADIUS_DEFAULTS: RadiusConfig = {
  apiSecret: null,
  suspendedPolicy: "reject",
  vendor: "mikrotik",
  walledGarden: "walled-garden",
  nasClients: [],
  dynamicTimeoutMs: 2000,
};
