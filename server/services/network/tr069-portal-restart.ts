/**
 * "Restart my modem" in the portal: a reboot sent through the ACS to the customer's own device
 * (tr069-target scopes the equipment id to the session's customer), recorded and audited as the
 * office's are (tr069-tasks), at most once per device per cooldown (lib/domain/network/
 * restart-cooldown, which counts staff restarts too) and a few times an hour per customer. A
 * restart that never reached the device, or that it refused, gives the device's turn back (the
 * hourly count keeps it: an ACS that is down is not asked again and again).
 */
import { and, desc, eq, gte, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { cpeTasks } from "../../db/schema";
import { RESTART_COOLDOWN_MS, restartCooldown } from "../../../lib/domain/network/restart-cooldown";
import type { CpeTaskView } from "../../../lib/schemas/cpe-remote";
import type { Actor } from "../actor";
import { countSignInAttempt, forgiveSignInAttempt } from "../auth/sign-in-attempts";
import type { ServiceDeps } from "../deps";
import { RecordAccessError, ServiceError } from "../errors";
import { acsOf, equipmentTarget } from "./tr069-target";
import { sendCpeTask, taskView } from "./tr069-tasks";

/** Restarts per customer per window, all their devices together: a restart takes the house offline. */
export const PORTAL_RESTART_LIMIT = { max: 4, windowSeconds: 60 * 60 };

/** Where each device's restarts stand for the portal: the latest one, and when another may be asked for. */
export interface RestartState {
  last: CpeTaskView | null;
  /** Null: a restart may be asked for now. */
  availableAt: Date | null;
  remainingMinutes: number;
}

async function recentRestarts(db: Database, equipmentIds: number[], now: Date) {
  if (equipmentIds.length === 0) return [];
  return db
    .select()
    .from(cpeTasks)
    .where(
      and(
        inArray(cpeTasks.equipmentId, equipmentIds),
        eq(cpeTasks.kind, "reboot"),
        // The latest day's restarts: enough to show the last one and to judge any cooldown.
        gte(cpeTasks.createdAt, new Date(now.getTime() - 24 * 60 * 60 * 1000)),
      ),
    )
    .orderBy(desc(cpeTasks.id))
    .limit(20 * equipmentIds.length);
}

export async function restartStates(
  db: Database,
  equipmentIds: number[],
  now: Date,
): Promise<Map<number, RestartState>> {
  const rows = await recentRestarts(db, equipmentIds, now);
  const states = new Map<number, RestartState>();
  for (const id of equipmentIds) {
    const own = rows.filter((r) => r.equipmentId === id);
    const verdict = restartCooldown(
      own.map((r) => ({ status: r.status as CpeTaskView["status"], createdAt: r.createdAt })),
      now,
    );
    states.set(id, {
      last: own[0] ? taskView(own[0]) : null,
      availableAt: verdict.ready ? null : verdict.availableAt,
      remainingMinutes: verdict.ready ? 0 : verdict.remainingMinutes,
    });
  }
  return states;
}

const cooldownRefusal = (minutes: number) =>
  new ServiceError("conflict", `This device was restarted less than ${RESTART_COOLDOWN_MS / 60_000} minutes ago`, {
    key: "errors.modemRestart.cooldown",
    params: { minutes },
  });

export async function restartPortalModem(
  deps: Pick<ServiceDeps, "db" | "acs">,
  actor: Actor,
  input: { equipmentId: number },
  now: Date,
): Promise<CpeTaskView> {
  if (actor.realm !== "customer") throw new RecordAccessError("Only a customer restarts their modem from the portal");
  const equipment = await equipmentTarget(deps.db, actor, input.equipmentId);
  acsOf(deps);
  const state = (await restartStates(deps.db, [equipment.id], now)).get(equipment.id)!;
  if (state.availableAt) throw cooldownRefusal(state.remainingMinutes);
  const customerKey = `customer:modem-restart:${actor.customerId}`;
  const perCustomer = await countSignInAttempt(deps.db, [{ key: customerKey, ...PORTAL_RESTART_LIMIT }], now);
  if (!perCustomer.allowed)
    throw new ServiceError("conflict", "Too many modem restarts; try again later", {
      key: "errors.modemRestart.tooMany",
      params: { minutes: Math.ceil(perCustomer.retryAfterSeconds / 60) },
    });
  // The device's turn, taken atomically: of two requests at once, one restarts and the other waits the cooldown.
  const deviceKey = `equipment:modem-restart:${equipment.id}`;
  const turn = await countSignInAttempt(
    deps.db,
    [{ key: deviceKey, max: 1, windowSeconds: RESTART_COOLDOWN_MS / 1000 }],
    now,
  );
  if (!turn.allowed) {
    await forgiveSignInAttempt(deps.db, { returned: [customerKey], cleared: [] });
    throw cooldownRefusal(Math.ceil(turn.retryAfterSeconds / 60));
  }
  // The hourly count keeps a failed attempt (it reached the ACS); the device's turn goes back.
  const giveBack = () => forgiveSignInAttempt(deps.db, { returned: [], cleared: [deviceKey] });
  let task: CpeTaskView;
  try {
    task = await sendCpeTask(deps, actor, equipment, {
      kind: "reboot",
      projection: [],
      details: {},
      build: () => ({ name: "reboot" }),
    });
  } catch (error) {
    await giveBack();
    throw error;
  }
  if (task.status === "fault") await giveBack();
  return task;
}
