/**
 * The customer's own Wi-Fi in the portal: for each router or ONT installed at one of their
 * locations that the ACS manages, its networks' names, and a change of name or passphrase applied
 * through the same service as the office's; and its restarts (tr069-portal-restart.ts). The
 * customer is the session's; equipment ids from input reach only their own equipment (tr069-target). Changes are rate-limited per customer,
 * because each one reaches a device and knocks every phone in the house off the network.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { serviceEquipment, serviceLocations } from "../../db/schema";
import { readCpeState, wifiParameterPaths } from "../../../lib/domain/network/cpe-state";
import { AcsUnavailableError } from "../../integrations/genieacs/acs-client";
import type { CpeTaskView, PortalWifiRouter, PortalWifiView, WifiChangeInput } from "../../../lib/schemas/cpe-remote";
import type { Actor } from "../actor";
import { countSignInAttempt } from "../auth/sign-in-attempts";
import type { ServiceDeps } from "../deps";
import { RecordAccessError, ServiceError } from "../errors";
import { devicesBySerial, equipmentTarget } from "./tr069-target";
import { followQueuedTasks, recentTasks, taskView } from "./tr069-tasks";
import { setWifiOn } from "./tr069-wifi";
import { restartStates } from "./tr069-portal-restart";

/** At most this many Wi-Fi changes per customer per window: enough to fix a typo twice, not to flood the ACS. */
export const PORTAL_WIFI_LIMIT = { max: 5, windowSeconds: 60 * 60 };

const PORTAL_PROJECTION = [
  "InternetGatewayDevice.DeviceInfo",
  "InternetGatewayDevice.LANDevice.1.WLANConfiguration",
  "Device.DeviceInfo",
  "Device.WiFi",
] as const;

function customerOf(actor: Actor): Extract<Actor, { realm: "customer" }> {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer has a portal Wi-Fi page");
  return actor;
}

async function ownRouters(db: Database, customerId: number) {
  return db
    .select({
      id: serviceEquipment.id,
      kind: serviceEquipment.kind,
      serial: serviceEquipment.serial,
      model: serviceEquipment.model,
      address: serviceLocations.address,
      city: serviceLocations.city,
    })
    .from(serviceEquipment)
    .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
    .where(
      and(
        eq(serviceLocations.customerId, customerId),
        eq(serviceEquipment.status, "installed"),
        inArray(serviceEquipment.kind, ["router", "ont"]),
      ),
    )
    .orderBy(asc(serviceLocations.id), asc(serviceEquipment.id));
}

export async function portalWifiOverview(
  deps: Pick<ServiceDeps, "db" | "acs">,
  actor: Actor,
  now: Date,
): Promise<PortalWifiView> {
  const me = customerOf(actor);
  if (!deps.acs) return { state: "not_configured" };
  const equipment = await ownRouters(deps.db, me.customerId);
  if (equipment.length === 0) return { state: "ok", routers: [] };
  await followQueuedTasks(
    deps,
    equipment.map((e) => e.id),
  );
  let docs;
  try {
    docs = await deps.acs.findDevices(
      equipment.flatMap((e) => [e.serial, e.serial.toUpperCase()]),
      PORTAL_PROJECTION,
    );
  } catch (error) {
    if (error instanceof AcsUnavailableError) return { state: "unavailable" };
    throw error;
  }
  const bySerial = devicesBySerial(
    docs,
    equipment.map((e) => e.serial),
  );
  const tasks = await recentTasks(
    deps.db,
    equipment.map((e) => e.id),
    { kinds: ["wifi"], limit: 50 },
  );
  const restarts = await restartStates(
    deps.db,
    equipment.map((e) => e.id),
    now,
  );
  const routers: PortalWifiRouter[] = [];
  for (const e of equipment) {
    const doc = bySerial.get(e.serial);
    // A device the ACS manages is listed even without Wi-Fi (an ONT behind the customer's own router): it can be restarted.
    if (!doc) continue;
    const state = readCpeState(doc, now);
    routers.push({
      equipmentId: e.id,
      kind: e.kind,
      model: e.model,
      address: `${e.address}, ${e.city}`,
      online: state.online,
      lastInform: state.lastInform,
      networks: state.wifi.map((w) => ({
        key: w.key,
        ssid: w.ssid,
        band: w.band,
        enabled: w.enabled,
        canChangePassword: wifiParameterPaths(doc, w.key)?.passphrase != null,
      })),
      changes: tasks
        .filter((t) => t.equipmentId === e.id)
        .slice(0, 5)
        .map(taskView),
      restart: restarts.get(e.id)!,
    });
  }
  return { state: "ok", routers };
}

export async function changePortalWifi(
  deps: Pick<ServiceDeps, "db" | "acs">,
  actor: Actor,
  input: WifiChangeInput,
  now: Date,
): Promise<CpeTaskView> {
  const me = customerOf(actor);
  const equipment = await equipmentTarget(deps.db, me, input.equipmentId);
  if (equipment.kind !== "router" && equipment.kind !== "ont")
    throw new ServiceError("invalid", "Only a router or an ONT has Wi-Fi", { key: "errors.acs.noWifi" });
  if (!deps.acs)
    throw new ServiceError("unavailable", "GenieACS is not configured (GENIEACS_URL is unset)", {
      key: "errors.acs.notConfigured",
    });
  const verdict = await countSignInAttempt(
    deps.db,
    [{ key: `customer:wifi-change:${me.customerId}`, ...PORTAL_WIFI_LIMIT }],
    now,
  );
  if (!verdict.allowed)
    throw new ServiceError("conflict", "Too many Wi-Fi changes; try again later", {
      key: "errors.acs.tooManyChanges",
      params: { minutes: Math.ceil(verdict.retryAfterSeconds / 60) },
    });
  return setWifiOn(deps, me, equipment, input);
}
