import { z } from "zod";
import { passphraseProblem, ssidProblem, type PassphraseProblem, type SsidProblem } from "../domain/network/wifi-rules";
import type { CpeState } from "../domain/network/cpe-state";
import { recordId } from "./ids";

export type { CpeClient, CpeFirmware, CpeState, CpeWan, CpeWifiNetwork } from "../domain/network/cpe-state";

const SSID_MESSAGES: Record<SsidProblem, string> = {
  ssidEmpty: "errors.acs.wifi.ssidEmpty",
  ssidTooLong: "errors.acs.wifi.ssidTooLong",
  ssidControlCharacters: "errors.acs.wifi.ssidControlCharacters",
  ssidEdgeSpaces: "errors.acs.wifi.ssidEdgeSpaces",
};
const PASSPHRASE_MESSAGES: Record<PassphraseProblem, string> = {
  passphraseLength: "errors.acs.wifi.passphraseLength",
  passphraseCharacters: "errors.acs.wifi.passphraseCharacters",
};

/** A device is always named by its equipment record: the ACS device is found from the record's serial. */
export const equipmentRemoteInput = z.object({ equipmentId: recordId });
export type EquipmentRemoteInput = z.infer<typeof equipmentRemoteInput>;

/**
 * A new name and/or passphrase for one of the device's networks, named by the key the device's
 * state gave (`tr098:1`), never by a parameter path. The passphrase is typed twice.
 */
export const wifiChangeInput = z
  .object({
    equipmentId: recordId,
    network: z.string().regex(/^(tr098|tr181):\d{1,3}$/, { message: "errors.acs.unknownNetwork" }),
    ssid: z.string().max(200, { message: "errors.acs.wifi.ssidTooLong" }).optional(),
    password: z.string().max(200, { message: "errors.acs.wifi.passphraseLength" }).optional(),
    passwordConfirm: z.string().max(200).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.ssid === undefined && input.password === undefined)
      ctx.addIssue({ code: "custom", path: ["ssid"], message: "errors.acs.wifi.nothingToChange" });
    const ssid = input.ssid === undefined ? null : ssidProblem(input.ssid);
    if (ssid) ctx.addIssue({ code: "custom", path: ["ssid"], message: SSID_MESSAGES[ssid] });
    if (input.password !== undefined) {
      const passphrase = passphraseProblem(input.password);
      if (passphrase) ctx.addIssue({ code: "custom", path: ["password"], message: PASSPHRASE_MESSAGES[passphrase] });
      else if (input.passwordConfirm !== input.password)
        ctx.addIssue({ code: "custom", path: ["passwordConfirm"], message: "errors.acs.wifi.passwordMismatch" });
    }
  });
export type WifiChangeInput = z.infer<typeof wifiChangeInput>;

export const firmwarePushInput = z.object({
  equipmentId: recordId,
  fileName: z.string().min(1, { message: "errors.acs.firmware.unknownFile" }).max(300),
});
export type FirmwarePushInput = z.infer<typeof firmwarePushInput>;

export type CpeTaskKind = "reboot" | "status" | "refresh" | "wifi" | "firmware";
export type CpeTaskStatus = "queued" | "done" | "fault";

/** A remote action as pages show it. */
export interface CpeTaskView {
  id: number;
  kind: CpeTaskKind;
  status: CpeTaskStatus;
  faultCode: string | null;
  faultMessage: string | null;
  details: Record<string, string | number | boolean | null>;
  requestedRealm: string;
  createdAt: Date;
  finishedAt: Date | null;
}

/** What the ACS says of a device: its state, or why there is none. */
export type AcsReading =
  | { state: "ok"; device: CpeState }
  | { state: "not_configured" }
  | { state: "unknown_device" }
  | { state: "unavailable"; reason: string };

export interface RemoteEquipment {
  id: number;
  kind: string;
  serial: string;
  model: string | null;
  firmware: string | null;
  status: string;
  customerId: number | null;
  customerName: string | null;
  address: string | null;
}

export interface CpeRemoteView {
  equipment: RemoteEquipment;
  acs: AcsReading;
  tasks: CpeTaskView[];
  /** Firmware images GenieACS holds for this device's model (for admins; empty otherwise). */
  firmwareFiles: { fileName: string; version: string | null }[];
}

/** What a remote action answered: the task's status right after sending it. */
export interface CpeActionResult {
  task: CpeTaskView;
}

/** Customers' Wi-Fi page: per managed router, its networks (names only), recent Wi-Fi changes and restarts. */
export interface PortalWifiRouter {
  equipmentId: number;
  kind: string;
  model: string | null;
  address: string;
  online: boolean;
  lastInform: string | null;
  networks: {
    key: string;
    ssid: string | null;
    band: string | null;
    enabled: boolean | null;
    canChangePassword: boolean;
  }[];
  changes: CpeTaskView[];
  /** "Restart my modem": the latest restart, and while the cooldown runs, when another may be asked for. */
  restart: { last: CpeTaskView | null; availableAt: Date | null; remainingMinutes: number };
}

export type PortalWifiView =
  { state: "not_configured" } | { state: "unavailable" } | { state: "ok"; routers: PortalWifiRouter[] };

/** The state of the office's and portal's remote action forms. */
export type CpeActionState = { ok: true; message: string; status: CpeTaskStatus } | { ok: false; error: string } | null;

/** Devices for a fleet push, from the inventory: at least one criterion. */
export const fleetSelectionInput = z
  .object({
    model: z.string().trim().max(200).optional(),
    firmware: z.string().trim().max(200).optional(),
    oltName: z.string().trim().max(100).optional(),
    locationIds: z.array(recordId).max(1000).optional(),
  })
  .refine((s) => Boolean(s.model || s.firmware || s.oltName || s.locationIds?.length), {
    message: "errors.acs.fleet.noCriterion",
  });
export type FleetSelection = z.infer<typeof fleetSelectionInput>;

export const fleetStartInput = z.object({
  selection: fleetSelectionInput,
  fileName: z.string().min(1, { message: "errors.acs.firmware.unknownFile" }).max(300),
  concurrency: z
    .number({ error: "errors.acs.fleet.concurrency" })
    .int({ error: "errors.acs.fleet.concurrency" })
    .min(1, { error: "errors.acs.fleet.concurrency" })
    .max(50, { error: "errors.acs.fleet.concurrency" }),
});
export type FleetStartInput = z.infer<typeof fleetStartInput>;

export const fleetRunInput = z.object({ runId: recordId });

export type FleetItemStatus = "queued" | "sent" | "applied" | "faulted";

export interface FleetRunView {
  id: number;
  fileName: string;
  selection: Record<string, unknown>;
  status: "running" | "paused" | "finished";
  concurrency: number;
  createdAt: Date;
  finishedAt: Date | null;
  counts: Record<FleetItemStatus, number>;
  items: {
    equipmentId: number;
    serial: string;
    model: string | null;
    status: FleetItemStatus;
    faultCode: string | null;
    faultMessage: string | null;
    updatedAt: Date;
  }[];
}

export interface FleetOptions {
  models: { model: string; firmware: string | null; devices: number }[];
  olts: string[];
  files: { fileName: string; version: string | null; productClass: string | null }[];
  acs: "ok" | "not_configured" | "unavailable";
}

/** The fleet forms' state: only a refusal is shown (a start goes to the run's page, a pause re-renders it). */
export type FleetActionState = { ok: false; error: string } | null;
