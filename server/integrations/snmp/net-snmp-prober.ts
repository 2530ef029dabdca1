import type NetSnmpModule from "net-snmp";
import type { Session, Varbind } from "net-snmp";
import type { SnmpConfig, SnmpCredentials } from "../../config";
import { ProbeLimiter } from "./probe-limiter";
import { SharedUdpTransport } from "./shared-udp";
import { V2cClient, V2cErrorStatus, V2cTimeoutError, type V2cTarget } from "./v2c-client";
import { VALUE_TYPE } from "./v2c-codec";
import type { SnmpInterfaceRead, SnmpProbeRequest, SnmpProbeResult, SnmpProber, SnmpTarget } from "./snmp-prober";

const SYS_DESCR = "1.3.6.1.2.1.1.1.0";
const SYS_UPTIME = "1.3.6.1.2.1.1.3.0";
/** ifTable and ifXTable columns share ifIndex, so one GetBulk walks them side by side. */
const COLUMNS = {
  descr: "1.3.6.1.2.1.2.2.1.2",
  operStatus: "1.3.6.1.2.1.2.2.1.8",
  inErrors: "1.3.6.1.2.1.2.2.1.14",
  outErrors: "1.3.6.1.2.1.2.2.1.20",
  name: "1.3.6.1.2.1.31.1.1.1.1",
  hcInOctets: "1.3.6.1.2.1.31.1.1.1.6",
  hcOutOctets: "1.3.6.1.2.1.31.1.1.1.10",
} as const;
type Column = keyof typeof COLUMNS;
const COLUMN_NAMES = Object.keys(COLUMNS) as Column[];
/** Rows per GetBulk: a CPE has a handful of interfaces, so one request usually covers them. */
const MAX_REPETITIONS = 8;
/** A walk stops here even if the agent keeps answering: no CPE has more interfaces. */
const MAX_INTERFACES = 256;

/**
 * The real prober: v2c with a community through our own lean codec and one socket per address
 * family (v2c-client.ts: a sweep of thousands of devices spent most of its time in net-snmp's
 * per-session objects), or v3 authPriv through net-snmp, one session per probe over a shared
 * socket. Either way each request is resent once after half the deadline, and the whole probe,
 * every request and retry included, ends at `config.timeoutMs` (at most 5 s) with a "timeout" result.
 */
export function createNetSnmpProber(config: SnmpConfig): SnmpProber {
  const limiter = new ProbeLimiter(config.concurrency);
  const transport = new SharedUdpTransport();
  const v2c = new V2cClient({ timeoutMs: requestTimeoutOf(config), retries: 1 });
  return {
    get pending() {
      return limiter.pending;
    },
    probe(target, request) {
      return limiter.run(target.address, () => probeOnce(config, { transport, v2c }, target, request));
    },
  };
}

type NetSnmp = typeof NetSnmpModule;

/**
 * net-snmp carries only v3 probes, so it is loaded at the first one rather than with the process
 * (some 7 MB of RSS that v2c-only deployments, and processes that never probe, do without).
 * One import per process; a failed import is tried again at the next v3 probe.
 */
let netSnmp: NetSnmp | null = null;
let netSnmpLoading: Promise<NetSnmp> | null = null;
export function loadNetSnmp(load: () => Promise<{ default: NetSnmp }> = () => import("net-snmp")): Promise<NetSnmp> {
  netSnmpLoading ??= load().then(
    (module) => (netSnmp = module.default),
    (error: unknown) => {
      netSnmpLoading = null;
      throw new Error(`net-snmp could not be loaded, so no SNMPv3 probe can be made: ${messageOf(error)}`, {
        cause: error,
      });
    },
  );
  return netSnmpLoading;
}

function requestTimeoutOf(config: SnmpConfig): number {
  return Math.max(100, Math.floor(config.timeoutMs / 2));
}

/** What readDevice asks of a device, whichever client carries it. */
interface Requester {
  get(oids: string[]): Promise<Varbind[]>;
  getBulk(oids: string[]): Promise<Varbind[][]>;
  close(): void;
}

async function openRequester(
  config: SnmpConfig,
  credentials: SnmpCredentials,
  target: SnmpTarget,
  clients: { transport: SharedUdpTransport; v2c: V2cClient },
): Promise<Requester> {
  if (credentials.version === "2c") {
    const requests = new Set<number>();
    const to: V2cTarget = {
      address: target.address,
      family: target.family,
      port: config.port,
      community: Buffer.from(credentials.community),
      requests,
    };
    return {
      get: (oids) => clients.v2c.get(to, oids),
      getBulk: (oids) => clients.v2c.getBulk(to, oids, MAX_REPETITIONS),
      close: () => clients.v2c.cancel(requests),
    };
  }
  const session = openSession(await loadNetSnmp(), config, credentials, target, clients.transport);
  // A datagram that does not parse is reported as an "error" event; without a listener it would throw.
  session.on("error", () => undefined);
  return {
    get: (oids) => get(session, oids),
    getBulk: (oids) => getBulk(session, oids),
    close: () => {
      try {
        session.close();
      } catch {
        // Already closed.
      }
    },
  };
}

function openSession(
  snmp: NetSnmp,
  config: SnmpConfig,
  credentials: Extract<SnmpCredentials, { version: "3" }>,
  target: SnmpTarget,
  transport: SharedUdpTransport,
): Session {
  const sessionOptions = {
    port: config.port,
    retries: 1,
    timeout: requestTimeoutOf(config),
    transport: target.family === 6 ? ("udp6" as const) : ("udp4" as const),
    dgramModule: transport.module,
  };
  return snmp.createV3Session(
    target.address,
    {
      name: credentials.user,
      level: snmp.SecurityLevel.authPriv,
      authProtocol: snmp.AuthProtocols[credentials.authProtocol],
      authKey: credentials.authKey,
      privProtocol: snmp.PrivProtocols[credentials.privProtocol],
      privKey: credentials.privKey,
    },
    sessionOptions,
  );
}

async function probeOnce(
  config: SnmpConfig,
  clients: { transport: SharedUdpTransport; v2c: V2cClient },
  target: SnmpTarget,
  request: SnmpProbeRequest,
): Promise<SnmpProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const credentials = config.credentials;
  if (!credentials) return { ok: false, failure: "error", detail: "SNMP is not configured", durationMs: 0 };
  let requester: Requester;
  try {
    requester = await openRequester(config, credentials, target, clients);
  } catch (error) {
    return { ok: false, failure: "error", detail: messageOf(error), durationMs: elapsed() };
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<SnmpProbeResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          failure: "timeout",
          detail: `no answer within ${config.timeoutMs} ms`,
          durationMs: elapsed(),
        }),
      config.timeoutMs,
    );
  });
  const work = readDevice(requester, request).then(
    (read): SnmpProbeResult => ({ ok: true, ...read, durationMs: elapsed() }),
    (error: unknown): SnmpProbeResult => ({ ok: false, ...failureOf(error), durationMs: elapsed() }),
  );
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    requester.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** net-snmp's errors, in the three kinds a person acts on differently (none before net-snmp is loaded). */
export function failureOf(error: unknown): { failure: "timeout" | "auth_failed" | "error"; detail: string } {
  const detail = messageOf(error);
  const snmp = netSnmp;
  if (!snmp) {
    if (error instanceof V2cTimeoutError) return { failure: "timeout", detail };
    return { failure: "error", detail };
  }
  if (error instanceof snmp.RequestTimedOutError || error instanceof V2cTimeoutError)
    return { failure: "timeout", detail };
  if (error instanceof V2cErrorStatus) return { failure: "error", detail };
  if (
    error instanceof snmp.ResponseInvalidError &&
    (error.code === snmp.ResponseInvalidCode.EAuthFailure || error.code === snmp.ResponseInvalidCode.ECouldNotDecrypt)
  ) {
    return { failure: "auth_failed", detail };
  }
  return { failure: "error", detail };
}

function get(session: Session, oids: string[]): Promise<Varbind[]> {
  return new Promise((resolve, reject) =>
    session.get(oids, (error, varbinds) => (error ? reject(error) : resolve(varbinds ?? []))),
  );
}

function getBulk(session: Session, oids: string[]): Promise<Varbind[][]> {
  return new Promise((resolve, reject) =>
    session.getBulk(oids, 0, MAX_REPETITIONS, (error, varbinds) =>
      error ? reject(error) : resolve((varbinds ?? []).map((v) => (Array.isArray(v) ? v : [v]))),
    ),
  );
}

/** noSuchObject, noSuchInstance, endOfMibView: the agent's "nothing here" (net-snmp's isVarbindError). */
const NOTHING_HERE: ReadonlySet<number> = new Set([
  VALUE_TYPE.noSuchObject,
  VALUE_TYPE.noSuchInstance,
  VALUE_TYPE.endOfMibView,
]);
const present = (varbind: Varbind | undefined): varbind is Varbind =>
  varbind !== undefined && !NOTHING_HERE.has(varbind.type);

/** Text of an OctetString (a Buffer), or of a number. */
function textOf(varbind: Varbind | undefined): string | null {
  if (!present(varbind)) return null;
  const value = varbind.value;
  // PostgreSQL text and jsonb cannot hold NUL, which a careless agent may put in a description.
  if (Buffer.isBuffer(value)) return value.toString("utf8").replaceAll("\u0000", "");
  if (typeof value === "number" || typeof value === "string") return String(value);
  return null;
}

function numberOf(varbind: Varbind | undefined): number | null {
  if (!present(varbind)) return null;
  return typeof varbind.value === "number" ? varbind.value : null;
}

/** net-snmp gives Counter64 as its big-endian bytes. */
export function counter64Of(varbind: Varbind | undefined): bigint | null {
  if (!present(varbind)) return null;
  const value = varbind.value;
  if (Buffer.isBuffer(value)) return value.length === 0 ? 0n : BigInt(`0x${value.toString("hex")}`);
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return null;
}

async function readDevice(requester: Requester, request: SnmpProbeRequest) {
  const optical = request.opticalOids;
  const scalars = [SYS_DESCR, SYS_UPTIME, ...(optical ? [optical.rx, ...(optical.tx ? [optical.tx] : [])] : [])];
  const values = await requester.get(scalars);
  const interfaces = await walkInterfaces(requester);
  return {
    sysDescr: textOf(values[0]) ?? "",
    uptimeHundredths: numberOf(values[1]),
    interfaces,
    optical: optical ? { rx: textOf(values[2]), tx: optical.tx ? textOf(values[3]) : null } : null,
  };
}

/** Walks the seven columns together with GetBulk until every column has left its subtree. */
async function walkInterfaces(requester: Requester): Promise<SnmpInterfaceRead[]> {
  const rows = new Map<number, Partial<Record<Column, Varbind>>>();
  let cursor: Record<Column, string> = { ...COLUMNS };
  let open = [...COLUMN_NAMES];
  while (open.length > 0 && rows.size <= MAX_INTERFACES) {
    const answer = await requester.getBulk(open.map((column) => cursor[column]));
    const stillOpen: Column[] = [];
    open.forEach((column, i) => {
      const prefix = `${COLUMNS[column]}.`;
      let last: string | null = null;
      let left = false;
      for (const varbind of answer[i] ?? []) {
        if (!present(varbind) || !varbind.oid.startsWith(prefix)) {
          left = true;
          break;
        }
        const index = Number(varbind.oid.slice(prefix.length));
        if (!Number.isSafeInteger(index)) continue;
        const row = rows.get(index) ?? {};
        row[column] = varbind;
        rows.set(index, row);
        last = varbind.oid;
      }
      // An agent that repeats itself would loop forever; moving forward is the only way on.
      if (!left && last !== null && last !== cursor[column]) {
        cursor = { ...cursor, [column]: last };
        stillOpen.push(column);
      }
    });
    open = stillOpen;
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, row]) => ({
      index,
      name: textOf(row.name) || textOf(row.descr) || `if${index}`,
      operStatus: numberOf(row.operStatus),
      inOctets: counter64Of(row.hcInOctets),
      outOctets: counter64Of(row.hcOutOctets),
      inErrors: numberOf(row.inErrors),
      outErrors: numberOf(row.outErrors),
    }));
}
