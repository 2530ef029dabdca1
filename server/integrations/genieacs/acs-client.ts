/**
 * What the platform needs from an auto-configuration server (TR-069), in GenieACS's own terms:
 * device documents as its NBI returns them (nested objects whose leaves carry `_value`), tasks as
 * its NBI takes them, and faults with its code and message. Services depend on this interface;
 * `GenieAcsNbiClient` implements it over HTTP, and tests point that real client at a fake server.
 */

/** A device as GET /devices returns it: `_id`, `_deviceId`, `_lastInform`, then the parameter tree. */
export interface AcsDeviceDocument {
  _id: string;
  _deviceId?: { _Manufacturer?: string; _OUI?: string; _ProductClass?: string; _SerialNumber?: string };
  _lastInform?: string;
  _lastBoot?: string;
  _registered?: string;
  _tags?: string[];
  [path: string]: unknown;
}

/** The tasks this product sends (GenieACS also knows addObject, deleteObject, factoryReset, provisions). */
export type AcsTask =
  | { name: "refreshObject"; objectName: string }
  | { name: "getParameterValues"; parameterNames: string[] }
  | { name: "setParameterValues"; parameterValues: [string, string | number | boolean, string?][] }
  | { name: "reboot" }
  | { name: "download"; fileType: string; fileName: string; targetFileName?: string };

/**
 * What POST /devices/<id>/tasks?connection_request answered: 200 means the device took the task in
 * the session the connection request opened; 202 means it stays queued for the device's next
 * session (`reason` is GenieACS's status text: "Task queued but not processed", "Task faulted"...).
 */
export type AcsTaskSent = { state: "done"; taskId: string } | { state: "queued"; taskId: string; reason: string };

/** Where a sent task stands: still in the queue, gone from it (done), or faulted with GenieACS's code and message. */
export type AcsTaskState = { state: "queued" } | { state: "done" } | { state: "fault"; code: string; message: string };

export interface AcsFault {
  _id: string;
  device: string;
  channel: string;
  code: string;
  message: string;
  timestamp?: string;
  retries?: number;
}

/** A file GenieACS serves to devices (GET /files): firmware images carry fileType "1 Firmware Upgrade Image". */
export interface AcsFile {
  _id: string;
  filename?: string;
  length?: number;
  uploadDate?: string;
  metadata?: { fileType?: string; oui?: string; productClass?: string; version?: string };
}

export const FIRMWARE_FILE_TYPE = "1 Firmware Upgrade Image";

export interface AcsClient {
  /**
   * The devices whose serial number (`_deviceId._SerialNumber`) or whole id (OUI-ProductClass-Serial)
   * is one of `identifiers`, with only the `projection` paths of their parameter tree.
   */
  findDevices(identifiers: readonly string[], projection: readonly string[]): Promise<AcsDeviceDocument[]>;
  /** Queues a task with a connection request, so a device that is online runs it at once. */
  sendTask(deviceId: string, task: AcsTask): Promise<AcsTaskSent>;
  /** Where one task stands: its fault (channel `task_<id>`) first, then whether it is still queued. */
  taskState(deviceId: string, taskId: string): Promise<AcsTaskState>;
  /** Polls `taskState` until the task leaves the queue or faults, or `polls` run out (then "queued"). */
  followTask(
    deviceId: string,
    taskId: string,
    options?: { polls?: number; intervalMs?: number },
  ): Promise<AcsTaskState>;
  /** The device's open faults, newest first. */
  deviceFaults(deviceId: string): Promise<AcsFault[]>;
  /** Files GenieACS holds, optionally only of one file type. */
  files(fileType?: string): Promise<AcsFile[]>;
}

/** GenieACS cannot be reached, timed out, or answered something unreadable: nothing is known to have happened. */
export class AcsUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AcsUnavailableError";
  }
}

/** GenieACS answered 404 "No such device": the device was deleted from the ACS or never informed. */
export class AcsDeviceUnknownError extends Error {
  constructor(public readonly deviceId: string) {
    super(`GenieACS does not know device ${deviceId}`);
    this.name = "AcsDeviceUnknownError";
  }
}

/** GenieACS refused the request itself (400: a task it cannot parse, a bad query). */
export class AcsRequestRefusedError extends Error {
  constructor(
    public readonly status: number,
    public readonly reason: string,
  ) {
    super(`GenieACS refused the request (${status}): ${reason}`);
    this.name = "AcsRequestRefusedError";
  }
}
