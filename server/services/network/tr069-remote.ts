/**
 * The office's remote view of one device (TR-069 through GenieACS): its live state, the remote
 * actions sent to it and where they stand, and the actions themselves (reboot, status read, full
 * refresh, Wi-Fi change, firmware download). The equipment id is the only handle; see tr069-target.
 */
import {
  CPE_STATE_PROJECTION,
  DATA_MODEL_PROJECTION,
  readCpeState,
  rootObjectOf,
  dataModelOf,
  statusParametersOf,
} from "../../../lib/domain/network/cpe-state";
import { can } from "../../../lib/domain/capabilities";
import {
  AcsUnavailableError,
  FIRMWARE_FILE_TYPE,
  type AcsClient,
  type AcsFile,
} from "../../integrations/genieacs/acs-client";
import type {
  AcsReading,
  CpeRemoteView,
  CpeTaskView,
  EquipmentRemoteInput,
  FirmwarePushInput,
  WifiChangeInput,
} from "../../../lib/schemas/cpe-remote";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps";
import { ServiceError } from "../errors";
import { acsDeviceOf, equipmentTarget } from "./tr069-target";
import { followQueuedTasks, recentTasks, sendCpeTask, taskView } from "./tr069-tasks";
import { setWifiOn } from "./tr069-wifi";

type Deps = Pick<ServiceDeps, "db" | "acs">;

async function readingOf(acs: AcsClient | null, serial: string, now: Date): Promise<AcsReading> {
  if (!acs) return { state: "not_configured" };
  try {
    const doc = await acsDeviceOf(acs, { serial }, CPE_STATE_PROJECTION);
    return { state: "ok", device: readCpeState(doc, now) };
  } catch (error) {
    if (error instanceof ServiceError && error.key === "errors.acs.unknownDevice") return { state: "unknown_device" };
    if (error instanceof AcsUnavailableError) return { state: "unavailable", reason: error.message };
    throw error;
  }
}

/** A firmware file fits a device when GenieACS's metadata names no other OUI or product class. */
function fitsDevice(file: AcsFile, oui: string | null, productClass: string | null): boolean {
  const meta = file.metadata ?? {};
  return (!meta.oui || meta.oui === oui) && (!meta.productClass || meta.productClass === productClass);
}

export async function readCpeRemote(
  deps: Deps,
  actor: Actor,
  input: EquipmentRemoteInput,
  now: Date,
): Promise<CpeRemoteView> {
  const equipment = await equipmentTarget(deps.db, actor, input.equipmentId);
  await followQueuedTasks(deps, [equipment.id]);
  const acs = await readingOf(deps.acs, equipment.serial, now);
  let firmwareFiles: CpeRemoteView["firmwareFiles"] = [];
  if (acs.state === "ok" && deps.acs && actor.realm === "staff" && can(actor.role, "cpe.firmware")) {
    const { oui, productClass } = acs.device.firmware;
    firmwareFiles = await deps.acs
      .files(FIRMWARE_FILE_TYPE)
      .then((files) =>
        files
          .filter((file) => fitsDevice(file, oui, productClass))
          .map((file) => ({ fileName: file._id, version: file.metadata?.version ?? null })),
      )
      .catch((error: unknown) => {
        if (error instanceof AcsUnavailableError) return [];
        throw error;
      });
  }
  const { locationId: _locationId, ...shown } = equipment;
  return {
    equipment: shown,
    acs,
    tasks: (await recentTasks(deps.db, [equipment.id])).map(taskView),
    firmwareFiles,
  };
}

export async function rebootCpe(deps: Deps, actor: Actor, input: EquipmentRemoteInput): Promise<CpeTaskView> {
  const equipment = await equipmentTarget(deps.db, actor, input.equipmentId);
  return sendCpeTask(deps, actor, equipment, {
    kind: "reboot",
    projection: [],
    details: {},
    build: () => ({ name: "reboot" }),
  });
}

/**
 * A quick status read asks again for the leaves shown (getParameterValues); a full refresh re-reads
 * the whole tree (refreshObject on the root), which also finds new clients and networks.
 */
export async function refreshCpe(
  deps: Deps,
  actor: Actor,
  input: EquipmentRemoteInput & { full: boolean },
): Promise<CpeTaskView> {
  const equipment = await equipmentTarget(deps.db, actor, input.equipmentId);
  return sendCpeTask(deps, actor, equipment, {
    kind: input.full ? "refresh" : "status",
    projection: input.full ? DATA_MODEL_PROJECTION : CPE_STATE_PROJECTION,
    details: {},
    build(device) {
      if (input.full) return { name: "refreshObject", objectName: rootObjectOf(dataModelOf(device)) };
      const names = statusParametersOf(device);
      // A device the ACS knows nothing of yet has no leaves to name: read its whole tree instead.
      return names.length > 0
        ? { name: "getParameterValues", parameterNames: names }
        : { name: "refreshObject", objectName: rootObjectOf(dataModelOf(device)) };
    },
  });
}

export async function setCpeWifi(deps: Deps, actor: Actor, input: WifiChangeInput): Promise<CpeTaskView> {
  const equipment = await equipmentTarget(deps.db, actor, input.equipmentId);
  return setWifiOn(deps, actor, equipment, input);
}

/** One device's firmware: the file must be a firmware image GenieACS holds, for this device's model. */
export async function pushCpeFirmware(deps: Deps, actor: Actor, input: FirmwarePushInput): Promise<CpeTaskView> {
  const equipment = await equipmentTarget(deps.db, actor, input.equipmentId);
  const files = deps.acs ? await deps.acs.files() : [];
  return sendCpeTask(deps, actor, equipment, {
    kind: "firmware",
    projection: [],
    details: { fileName: input.fileName },
    build(device) {
      return firmwareTask(
        files,
        input.fileName,
        device._deviceId?._OUI ?? null,
        device._deviceId?._ProductClass ?? null,
      );
    },
  });
}

/** The download task for `fileName`, or the refusal that says why that file cannot go to this device. */
export function firmwareTask(files: AcsFile[], fileName: string, oui: string | null, productClass: string | null) {
  const file = files.find((f) => f._id === fileName);
  if (!file)
    throw new ServiceError("invalid", `GenieACS holds no file ${fileName}`, {
      key: "errors.acs.firmware.unknownFile",
      params: { file: fileName },
      field: "fileName",
    });
  const type = file.metadata?.fileType ?? "";
  if (type !== FIRMWARE_FILE_TYPE)
    throw new ServiceError("invalid", `${fileName} is a "${type}" file, not a firmware image`, {
      key: "errors.acs.firmware.wrongType",
      params: { file: fileName, type: type || "?" },
      field: "fileName",
    });
  if (!fitsDevice(file, oui, productClass))
    throw new ServiceError("invalid", `${fileName} is for ${file.metadata?.productClass ?? "another model"}`, {
      key: "errors.acs.firmware.wrongModel",
      params: { file: fileName, model: file.metadata?.productClass ?? file.metadata?.oui ?? "?" },
      field: "fileName",
    });
  return { name: "download" as const, fileType: FIRMWARE_FILE_TYPE, fileName: file._id };
}
