/**
 * A client of GenieACS's northbound interface (genieacs-nbi, port 7557 by default), as GenieACS 1.2
 * serves it: `GET /<collection>/?query=<JSON>&projection=<a,b>` for devices, tasks, faults and files;
 * `POST /devices/<id>/tasks?connection_request&timeout=<ms>` with the task as JSON, answered 200 when
 * the device ran it in the session the connection request opened, 202 when it stays queued (status
 * text "Task queued but not processed" or "Task faulted"), 404 "No such device". A faulted task keeps
 * its entry in `tasks` and gets a fault whose id is `<device id>:task_<task id>`.
 * Answers are validated: a proxy's HTML error page is an unavailable ACS, never an empty device.
 */
import { z } from "zod";
import {
  AcsDeviceUnknownError,
  AcsRequestRefusedError,
  AcsUnavailableError,
  type AcsClient,
  type AcsDeviceDocument,
  type AcsFault,
  type AcsFile,
  type AcsTask,
  type AcsTaskSent,
  type AcsTaskState,
} from "./acs-client";

export interface GenieAcsNbiOptions {
  url: string;
  credentials: { username: string; password: string } | null;
  /** Reads: an ACS that hangs is as down as one that refuses. */
  timeoutMs?: number;
  /**
   * Task posts wait for the device's session to end (GenieACS allows it up to two minutes once it
   * started), so they get longer; a timeout then says nothing about the task, which may be queued.
   */
  taskTimeoutMs?: number;
  /** How long GenieACS waits for the device to answer the connection request before queuing (its `timeout`). */
  onlineThresholdMs?: number;
  /** The most devices one query returns. */
  maxDevices?: number;
}

const documentSchema = z.looseObject({ _id: z.string() });
const taskAnswerSchema = z.looseObject({ _id: z.string(), name: z.string() });
const faultSchema = z.looseObject({
  _id: z.string(),
  device: z.string(),
  channel: z.string(),
  code: z.string(),
  message: z.string(),
  timestamp: z.string().optional(),
  retries: z.number().optional(),
});
const fileSchema = z.looseObject({
  _id: z.string(),
  filename: z.string().optional(),
  length: z.number().optional(),
  uploadDate: z.string().optional(),
  metadata: z
    .looseObject({
      fileType: z.string().optional(),
      oui: z.string().optional(),
      productClass: z.string().optional(),
      version: z.string().optional(),
    })
    .optional(),
});

/** The device identity fields every read needs, whatever else the caller projects. */
const IDENTITY_PROJECTION = ["_id", "_deviceId", "_lastInform", "_lastBoot", "_registered"];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class GenieAcsNbiClient implements AcsClient {
  private readonly baseUrl: string;
  private readonly authorization: string | null;

  constructor(private readonly options: GenieAcsNbiOptions) {
    this.baseUrl = options.url.replace(/\/$/, "");
    this.authorization = options.credentials
      ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString("base64")}`
      : null;
  }

  async findDevices(identifiers: readonly string[], projection: readonly string[]): Promise<AcsDeviceDocument[]> {
    const ids = [...new Set(identifiers.filter((id) => id.length > 0))];
    if (ids.length === 0) return [];
    const query = { $or: [{ "_deviceId._SerialNumber": { $in: ids } }, { _id: { $in: ids } }] };
    const fields = [...new Set([...IDENTITY_PROJECTION, ...projection])];
    const limit = Math.min(this.options.maxDevices ?? 500, ids.length * 4);
    const rows = await this.getList(
      "/devices/",
      { query: JSON.stringify(query), projection: fields.join(","), limit: String(limit) },
      documentSchema,
    );
    return rows;
  }

  async sendTask(deviceId: string, task: AcsTask): Promise<AcsTaskSent> {
    const search = new URLSearchParams({ timeout: String(this.options.onlineThresholdMs ?? 3000) });
    const path = `/devices/${encodeURIComponent(deviceId)}/tasks?connection_request&${search.toString()}`;
    const response = await this.send(path, {
      method: "POST",
      body: JSON.stringify(task),
      headers: { "content-type": "application/json" },
      timeoutMs: this.options.taskTimeoutMs ?? 60_000,
    });
    const text = await this.bodyOf(response);
    if (response.status === 404) throw new AcsDeviceUnknownError(deviceId);
    if (response.status === 400) throw new AcsRequestRefusedError(400, text.slice(0, 200));
    if (response.status !== 200 && response.status !== 202)
      throw new AcsUnavailableError(`GenieACS answered ${response.status} to a task for ${deviceId}`);
    const answer = this.parse(text, taskAnswerSchema, "the task");
    return response.status === 200
      ? { state: "done", taskId: answer._id }
      : { state: "queued", taskId: answer._id, reason: response.statusText || "Task queued but not processed" };
  }

  async taskState(deviceId: string, taskId: string): Promise<AcsTaskState> {
    const [fault] = await this.getList(
      "/faults/",
      { query: JSON.stringify({ _id: `${deviceId}:task_${taskId}` }) },
      faultSchema,
    );
    if (fault) return { state: "fault", code: fault.code, message: fault.message };
    const queued = await this.getList(
      "/tasks/",
      { query: JSON.stringify({ _id: taskId }), projection: "_id" },
      documentSchema,
    );
    return queued.length > 0 ? { state: "queued" } : { state: "done" };
  }

  async followTask(
    deviceId: string,
    taskId: string,
    options: { polls?: number; intervalMs?: number } = {},
  ): Promise<AcsTaskState> {
    const polls = Math.max(1, options.polls ?? 10);
    for (let poll = 1; ; poll++) {
      const state = await this.taskState(deviceId, taskId);
      if (state.state !== "queued" || poll >= polls) return state;
      await sleep(options.intervalMs ?? 2000);
    }
  }

  async deviceFaults(deviceId: string): Promise<AcsFault[]> {
    const faults = await this.getList(
      "/faults/",
      { query: JSON.stringify({ device: deviceId }), sort: JSON.stringify({ timestamp: -1 }), limit: "50" },
      faultSchema,
    );
    return faults;
  }

  async files(fileType?: string): Promise<AcsFile[]> {
    const query = fileType ? { "metadata.fileType": fileType } : {};
    return this.getList("/files/", { query: JSON.stringify(query), limit: "500" }, fileSchema);
  }

  private async getList<T>(path: string, params: Record<string, string>, item: z.ZodType<T>): Promise<T[]> {
    const response = await this.send(`${path}?${new URLSearchParams(params).toString()}`, { method: "GET" });
    const text = await this.bodyOf(response);
    if (response.status === 400) throw new AcsRequestRefusedError(400, text.slice(0, 200));
    if (response.status !== 200) throw new AcsUnavailableError(`GenieACS answered ${response.status} to GET ${path}`);
    return this.parse(text, z.array(item), path);
  }

  private async send(
    path: string,
    init: { method: string; body?: string; headers?: Record<string, string>; timeoutMs?: number },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...init.headers };
    if (this.authorization) headers.authorization = this.authorization;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method: init.method,
        headers,
        body: init.body,
        signal: AbortSignal.timeout(init.timeoutMs ?? this.options.timeoutMs ?? 5000),
        redirect: "error",
      });
      if (response.status === 401 || response.status === 403)
        throw new AcsUnavailableError(`GenieACS refused our credentials (${response.status})`);
      return response;
    } catch (error) {
      if (error instanceof AcsUnavailableError) throw error;
      throw new AcsUnavailableError(`GenieACS could not be reached: ${(error as Error).message}`, { cause: error });
    }
  }

  private async bodyOf(response: Response): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw new AcsUnavailableError("GenieACS's answer was cut off", { cause: error });
    }
  }

  private parse<T>(text: string, schema: z.ZodType<T>, what: string): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new AcsUnavailableError(`GenieACS answered something that is not JSON for ${what}`, { cause: error });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new AcsUnavailableError(`GenieACS answered an unexpected shape for ${what}`);
    return parsed.data;
  }
}

/** The root's client: null when GENIEACS_URL is unset, so services can refuse with "not configured". */
export function createAcsClient(config: { url: string; credentials: GenieAcsNbiOptions["credentials"] } | null) {
  return config ? new GenieAcsNbiClient({ url: config.url, credentials: config.credentials }) : null;
}
