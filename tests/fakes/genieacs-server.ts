/**
 * A local stand-in for GenieACS's NBI speaking its real shapes (lib/nbi.ts of GenieACS 1.2):
 * `GET /devices/?query=<Mongo-style JSON>&projection=a,b&limit=` (and /tasks, /faults, /files),
 * `POST /devices/<id>/tasks?connection_request[&timeout=]` answering 200 with the task when the
 * device is online and runs it, 202 "Task queued but not processed" when it is not, 202 "Task
 * faulted" with a fault `<device>:task_<id>` when it faults, 404 "No such device", 400 for a body
 * that is not JSON or a task name GenieACS does not know. Optional basic auth (401 otherwise).
 * Queries understand equality on dotted paths (device parameters compare their `_value`), `$in`,
 * `$or` and `$and`, enough for what the product sends. Loopback only; bodies are capped at 64 KiB.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

export interface FakeAcsTask extends Json {
  _id: string;
  name: string;
  device: string;
  timestamp: string;
}

export interface FakeAcsFault {
  _id: string;
  device: string;
  channel: string;
  code: string;
  message: string;
  timestamp: string;
  retries: number;
  provisions: string;
}

export interface FakeGenieAcs {
  baseUrl: string;
  devices: Map<string, Json>;
  tasks: FakeAcsTask[];
  faults: Map<string, FakeAcsFault>;
  files: Json[];
  /** Every request, for assertions on what the client sent. */
  requests: {
    method: string;
    path: string;
    search: URLSearchParams;
    authorization: string | undefined;
    body: string;
  }[];
  /** Whether a device answers connection requests (runs tasks at once); default online. */
  setOnline(deviceId: string, online: boolean): void;
  /** The next task the device runs faults with this GenieACS code and message instead. */
  faultNext(deviceId: string, fault: { code: string; message: string }): void;
  /** The device's next session: it runs (or faults) its queued tasks in order, as after a periodic inform. */
  runQueued(deviceId: string): void;
  /** Every request answers 503, as an ACS behind a proxy whose backend is down. */
  down: boolean;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const TASK_NAMES = new Set([
  "getParameterValues",
  "setParameterValues",
  "refreshObject",
  "reboot",
  "factoryReset",
  "download",
  "addObject",
  "deleteObject",
  "provisions",
]);

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function resolve(doc: unknown, path: string): unknown {
  let current = doc;
  for (const part of path.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  // A device parameter compares by its value, as GenieACS's query.expand rewrites `p` to `p._value`.
  return isObject(current) && "_value" in current ? current._value : current;
}

export function matches(doc: unknown, query: unknown): boolean {
  if (!isObject(query)) return false;
  return Object.entries(query).every(([key, condition]) => {
    if (key === "$or") return Array.isArray(condition) && condition.some((q) => matches(doc, q));
    if (key === "$and") return Array.isArray(condition) && condition.every((q) => matches(doc, q));
    const value = resolve(doc, key);
    if (isObject(condition) && "$in" in condition)
      return Array.isArray(condition.$in) && condition.$in.some((c) => c === value);
    if (isObject(condition) && "$ne" in condition) return value !== condition.$ne;
    return value === condition;
  });
}

function project(doc: Json, projection: string[] | null): Json {
  if (!projection) return doc;
  const out: Json = { _id: doc._id };
  for (const path of projection) {
    const parts = path.split(".");
    let from: unknown = doc;
    let to: Json = out;
    for (let i = 0; i < parts.length; i++) {
      if (!isObject(from)) break;
      const part = parts[i]!;
      const next = from[part];
      if (next === undefined) break;
      if (i === parts.length - 1) to[part] = structuredClone(next);
      else {
        if (!isObject(to[part])) to[part] = {};
        to = to[part] as Json;
        from = next;
      }
    }
  }
  return out;
}

function setLeaf(doc: Json, path: string, value: unknown, type: string | undefined, at: string): boolean {
  const parts = path.split(".");
  let node: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(node)) return false;
    node = node[part];
  }
  if (!isObject(node)) return false;
  const last = parts.at(-1)!;
  const existing = node[last];
  node[last] = {
    ...(isObject(existing) ? existing : { _writable: true }),
    _value: value,
    _type: type ?? (isObject(existing) ? existing._type : "xsd:string"),
    _timestamp: at,
  };
  return true;
}

export async function startFakeGenieAcs(
  options: { credentials?: { username: string; password: string } } = {},
): Promise<FakeGenieAcs> {
  const offline = new Set<string>();
  const pendingFaults = new Map<string, { code: string; message: string }[]>();

  function apply(task: FakeAcsTask): void {
    const doc = fake.devices.get(task.device);
    if (!doc) return;
    const at = new Date().toISOString();
    doc._lastInform = at;
    if (task.name === "setParameterValues")
      for (const [path, value, type] of task.parameterValues as [string, unknown, string?][])
        setLeaf(doc, path, value, type, at);
    if (task.name === "reboot") doc._lastBoot = at;
    if (task.name === "download") {
      const file = fake.files.find((f) => f._id === task.fileName);
      const version = isObject(file?.metadata) ? file.metadata.version : undefined;
      if (typeof version === "string")
        for (const root of ["InternetGatewayDevice", "Device"])
          if (isObject(doc[root])) setLeaf(doc, `${root}.DeviceInfo.SoftwareVersion`, version, "xsd:string", at);
    }
  }

  /** Runs one task in a session: a pending fault wins; the task leaves the queue only when it succeeds. */
  function run(task: FakeAcsTask): "done" | "faulted" {
    const fault = pendingFaults.get(task.device)?.shift();
    if (fault) {
      const channel = `task_${task._id}`;
      fake.faults.set(`${task.device}:${channel}`, {
        _id: `${task.device}:${channel}`,
        device: task.device,
        channel,
        code: fault.code,
        message: fault.message,
        timestamp: new Date().toISOString(),
        retries: 0,
        provisions: "[]",
      });
      return "faulted";
    }
    apply(task);
    fake.tasks = fake.tasks.filter((t) => t._id !== task._id);
    return "done";
  }

  const send = (res: http.ServerResponse, status: number, body: unknown, statusText?: string) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, statusText ?? http.STATUS_CODES[status], {
      "content-type": typeof body === "string" ? "text/plain" : "application/json",
      "GenieACS-Version": "1.2.13-fake",
    });
    res.end(text);
  };

  function list(res: http.ServerResponse, rows: Json[], search: URLSearchParams, projectRows: boolean) {
    let query: unknown = {};
    try {
      query = search.has("query") ? JSON.parse(search.get("query")!) : {};
    } catch (error) {
      return send(res, 400, `SyntaxError: ${(error as Error).message}`);
    }
    const projection =
      projectRows && search.has("projection")
        ? search
            .get("projection")!
            .split(",")
            .map((p) => p.trim())
        : null;
    const found = rows.filter((row) => matches(row, query));
    const skip = Number(search.get("skip") ?? 0);
    const limit = Math.min(Number(search.get("limit") ?? 1000), 1000);
    send(
      res,
      200,
      found.slice(skip, skip + limit).map((row) => project(row, projection)),
    );
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return send(res, 413, "Payload too large");
      chunks.push(chunk as Buffer);
    }
    fake.requests.push({
      method: req.method ?? "",
      path: url.pathname,
      search: url.searchParams,
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    if (fake.down) return send(res, 503, "<html>503 Service Unavailable</html>");
    if (options.credentials) {
      const expected = `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString("base64")}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { "WWW-Authenticate": 'Basic realm="GenieACS"' });
        return res.end("Unauthorized");
      }
    }
    const body = fake.requests.at(-1)!.body;
    const taskPath = /^\/devices\/([a-zA-Z0-9\-_%]+)\/tasks\/?$/.exec(url.pathname);
    if (taskPath) {
      if (req.method !== "POST") return send(res, 405, "405 Method Not Allowed");
      const deviceId = decodeURIComponent(taskPath[1]!);
      let task: Json;
      try {
        task = JSON.parse(body) as Json;
      } catch (error) {
        return send(res, 400, `SyntaxError: ${(error as Error).message}`);
      }
      if (!fake.devices.has(deviceId)) return send(res, 404, "No such device");
      if (typeof task.name !== "string" || !TASK_NAMES.has(task.name)) return send(res, 400, "Invalid task name");
      const stored: FakeAcsTask = {
        ...task,
        _id: randomBytes(12).toString("hex"),
        name: task.name,
        device: deviceId,
        timestamp: new Date().toISOString(),
      };
      fake.tasks.push(stored);
      if (!url.searchParams.has("connection_request") || offline.has(deviceId))
        return send(res, 202, stored, "Task queued but not processed");
      return run(stored) === "done" ? send(res, 200, stored) : send(res, 202, stored, "Task faulted");
    }
    const collection = /^\/(devices|tasks|faults|files)\/?$/.exec(url.pathname)?.[1];
    if (collection && (req.method === "GET" || req.method === "HEAD")) {
      const rows: Json[] =
        collection === "devices"
          ? [...fake.devices.values()]
          : collection === "tasks"
            ? fake.tasks
            : collection === "faults"
              ? ([...fake.faults.values()] as unknown as Json[])
              : fake.files;
      return list(res, rows, url.searchParams, collection === "devices");
    }
    send(res, 404, "404 Not Found");
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, String(error)));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const fake: FakeGenieAcs = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    devices: new Map(),
    tasks: [],
    faults: new Map(),
    files: [],
    requests: [],
    down: false,
    setOnline(deviceId, online) {
      if (online) offline.delete(deviceId);
      else offline.add(deviceId);
    },
    faultNext(deviceId, fault) {
      pendingFaults.set(deviceId, [...(pendingFaults.get(deviceId) ?? []), fault]);
    },
    runQueued(deviceId) {
      for (const task of fake.tasks.filter((t) => t.device === deviceId)) {
        if (fake.faults.has(`${deviceId}:task_${task._id}`)) continue;
        if (run(task) === "faulted") break;
      }
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  return fake;
}
