/**
 * The OsmAnd protocol as Traccar speaks it: one fix per request, parameters in the query
 * string or a form body. Each outcome is an HTTP status with a reason, so a misconfigured
 * phone shows its owner what to fix; nothing is stored unless the fix is accepted.
 */
import { parseOsmAndFix, type GpsFix } from "../../../lib/domain/gps/fix";
import type { ServiceDeps } from "../deps";
import { authenticateOsmAndDevice, type GpsDevice } from "./devices";
import { FixQueueFullError } from "./fix-ingestor";
import { recordFixes } from "./record-fixes";

/** How a request finds its device and stores its fix; the HTTP endpoint passes cached and batched ones. */
export interface OsmAndPipeline {
  authenticate(externalId: string, token: string): Promise<GpsDevice | null>;
  store(device: GpsDevice, fix: GpsFix): Promise<{ stored: boolean }>;
}

export function directPipeline(deps: Pick<ServiceDeps, "db" | "events">, authSecret: string): OsmAndPipeline {
  const { db } = deps;
  return {
    authenticate: (externalId, token) => authenticateOsmAndDevice(db, externalId, token, authSecret),
    store: async (device, fix) => ({ stored: (await recordFixes(deps, device, [fix])).stored === 1 }),
  };
}

export interface IngestOutcome {
  status: 200 | 400 | 401 | 503;
  body: { ok: true; stored: boolean } | { ok: false; error: string; field?: string };
  /** With 503: when to send the fix again (the Retry-After header). */
  retryAfterS?: number;
}

export async function ingestOsmAndFix(
  pipeline: OsmAndPipeline,
  params: URLSearchParams,
  token: string | null,
  now: Date,
): Promise<IngestOutcome> {
  const parsed = parseOsmAndFix(params, now);
  // Authenticate before reporting field errors only for requests that name a device; a
  // request without an id fails on the id.
  if (!parsed.ok && parsed.error.field === "id")
    return { status: 400, body: { ok: false, error: parsed.error.reason, field: "id" } };
  const deviceId = (params.get("id") ?? params.get("deviceid") ?? "").trim();
  const device = await pipeline.authenticate(deviceId, token ?? "");
  if (!device)
    return {
      status: 401,
      body: {
        ok: false,
        error:
          "unknown device or wrong token: register the device and send its token as the token parameter or a Bearer header",
      },
    };
  if (!parsed.ok) return { status: 400, body: { ok: false, error: parsed.error.reason, field: parsed.error.field } };
  try {
    const result = await pipeline.store(device, parsed.fix);
    return { status: 200, body: { ok: true, stored: result.stored } };
  } catch (error) {
    // Overload pushes back: nothing was accepted, and the tracker keeps the fix to send again.
    if (!(error instanceof FixQueueFullError)) throw error;
    return {
      status: 503,
      retryAfterS: error.retryAfterS,
      body: { ok: false, error: `the server is busy: send the position again in ${error.retryAfterS} s` },
    };
  }
}

/** The token from `?token=` / form field, or an `Authorization: Bearer` header. */
export function osmAndToken(params: URLSearchParams, authorization: string | null): string | null {
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  return bearer || params.get("token")?.trim() || null;
}
