import { lazyImport } from "../lazy-import";
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
  const clients: Clients = { transport, v2c, community: communityCache() };
  return {
    get pending() {
      return limiter.pending;
    },
    probe(target, request) {
      return limiter.run(target.address, () => probeOnce(config, clients, target, request));
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
export const loadNetSnmp = lazyImport(
  (): Promise<{ default: NetSnmp }> => import("net-snmp"),
  (module) => (netSnmp = module.default),
  (error) =>
    new Error(`net-snmp could not be loaded, so no SNMPv3 probe can be made: ${messageOf(error)}`, { cause: error }),
);

function requestTimeoutOf(config: SnmpConfig): number {
  return Math.max(100, Math.floor(config.timeoutMs / 2));
}

interface Clients {
  transport: SharedUdpTransport;
  v2c: V2cClient;
  community: CommunityBytes;
}

/** What readDevice asks of a device, whichever client carries it. */
interface Requester {
  get(oids: string[]): Promise<Varbind[]>;
  /** The answer row by row: the varbind of OID i in row r at r * oids.length + i (a hole where an agent sent less). */
  getBulk(oids: string[]): Promise<(Varbind | undefined)[]>;
  close(): void;
}

/** The community's bytes, made once per prober rather than once per probe. */
type CommunityBytes = (community: string) => Buffer;

function communityCache(): CommunityBytes {
  let text: string | null = null;
  let bytes = Buffer.alloc(0);
  return (community) => {
    if (community !== text) {
      text = community;
      bytes = Buffer.from(community);
    }
    return bytes;
  };
}

/** One probe's v2c requests, which end by the probe's deadline; their ids are kept so that closing cancels any left. */
class V2cRequester implements Requester {
  constructor(
    private readonly client: V2cClient,
    private readonly to: V2cTarget & { requests: number[] },
  ) {}

  get(oids: string[]): Promise<Varbind[]> {
    return this.client.get(this.to, oids);
  }

  getBulk(oids: string[]): Promise<Varbind[]> {
    return this.client.getBulkRows(this.to, oids, MAX_REPETITIONS);
  }

  close(): void {
    this.client.cancel(this.to.requests);
  }
}

function openRequester(
  config: SnmpConfig,
  credentials: SnmpCredentials,
  target: SnmpTarget,
  clients: Clients,
  deadline: number,
): Requester | Promise<Requester> {
  if (credentials.version === "2c") {
    return new V2cRequester(clients.v2c, {
      address: target.address,
      family: target.family,
      port: config.port,
      community: clients.community(credentials.community),
      requests: [],
      deadline,
    });
  }
  // v2c stays synchronous (no turn of the event loop per probe of a sweep); v3 waits for net-snmp once.
  return loadNetSnmp().then((snmp) => v3Requester(openSession(snmp, config, credentials, target, clients.transport)));
}

function v3Requester(session: Session): Requester {
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
  clients: Clients,
  target: SnmpTarget,
  request: SnmpProbeRequest,
): Promise<SnmpProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const credentials = config.credentials;
  if (!credentials) return { ok: false, failure: "error", detail: "SNMP is not configured", durationMs: 0 };
  let requester: Requester;
  try {
    const opened = openRequester(config, credentials, target, clients, started + config.timeoutMs);
    requester = opened instanceof Promise ? await opened : opened;
  } catch (error) {
    return { ok: false, failure: "error", detail: messageOf(error), durationMs: elapsed() };
  }
  if (requester instanceof V2cRequester) {
    // Our client ends each request by the probe's deadline itself: no timer and race per probe.
    try {
      const read = await readDevice(requester, request);
      return {
        ok: true,
        sysDescr: read.sysDescr,
        uptimeHundredths: read.uptimeHundredths,
        interfaces: read.interfaces,
        optical: read.optical,
        durationMs: elapsed(),
      };
    } catch (error) {
      const failure = failureOf(error);
      if (failure.failure === "timeout") failure.detail = `no answer within ${config.timeoutMs} ms`;
      return { ok: false, failure: failure.failure, detail: failure.detail, durationMs: elapsed() };
    } finally {
      requester.close();
    }
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

/** net-snmp splits a GetBulk's answer by OID; the walk reads it row by row. */
function getBulk(session: Session, oids: string[]): Promise<(Varbind | undefined)[]> {
  return new Promise((resolve, reject) =>
    session.getBulk(oids, 0, MAX_REPETITIONS, (error, varbinds) => {
      if (error) return reject(error);
      const columns = (varbinds ?? []).map((v) => (Array.isArray(v) ? v : [v]));
      resolve(rowsOfColumns(columns, oids.length));
    }),
  );
}

/** Columns (one array per OID, as net-snmp gives them) laid out row by row, a hole where a column is short. */
export function rowsOfColumns<T>(columns: readonly (readonly T[])[], width: number): (T | undefined)[] {
  const height = Math.max(0, ...columns.map((column) => column.length));
  const rows = new Array<T | undefined>(height * width).fill(undefined);
  for (let i = 0; i < width; i++) {
    const column = columns[i] ?? [];
    for (let r = 0; r < column.length; r++) rows[r * width + i] = column[r];
  }
  return rows;
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
  if (Buffer.isBuffer(value)) {
    const text = value.toString("utf8");
    // PostgreSQL text and jsonb cannot hold NUL, which a careless agent may put in a description.
    return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
  }
  if (typeof value === "number" || typeof value === "string") return String(value);
  return null;
}

function numberOf(varbind: Varbind | undefined): number | null {
  if (!present(varbind)) return null;
  return typeof varbind.value === "number" ? varbind.value : null;
}

/** A Counter64 as its big-endian bytes (net-snmp, and our codec past 2^53) or as an exact number (our codec). */
export function counter64Of(varbind: Varbind | undefined): bigint | null {
  if (!present(varbind)) return null;
  const value = varbind.value;
  if (Buffer.isBuffer(value)) return value.length === 0 ? 0n : BigInt(`0x${value.toString("hex")}`);
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return null;
}

/** The scalars a probe asks, per optical OID pair: the plan hands every device of a model the same pair. */
const scalarsByOptical = new WeakMap<NonNullable<SnmpProbeRequest["opticalOids"]>, string[]>();
const PLAIN_SCALARS = [SYS_DESCR, SYS_UPTIME];

function scalarsOf(optical: SnmpProbeRequest["opticalOids"]): string[] {
  if (!optical) return PLAIN_SCALARS;
  let scalars = scalarsByOptical.get(optical);
  if (!scalars) {
    scalars = [SYS_DESCR, SYS_UPTIME, optical.rx, ...(optical.tx ? [optical.tx] : [])];
    scalarsByOptical.set(optical, scalars);
  }
  return scalars;
}

async function readDevice(requester: Requester, request: SnmpProbeRequest) {
  const optical = request.opticalOids;
  const values = await requester.get(scalarsOf(optical));
  const interfaces = await walkInterfaces(requester);
  return {
    sysDescr: textOf(values[0]) ?? "",
    uptimeHundredths: numberOf(values[1]),
    interfaces,
    optical: optical ? { rx: textOf(values[2]), tx: optical.tx ? textOf(values[3]) : null } : null,
  };
}

/** Each column's OID followed by a dot: a row's OID is this and its index. */
const COLUMN_PREFIXES = COLUMN_NAMES.map((column) => `${COLUMNS[column]}.`);
const ALL_COLUMNS = COLUMN_NAMES.map((_, k) => k);

/** The row index after `prefixLength` characters of `oid` (a single sub-identifier), or -1 when it is anything else. */
export function rowIndexOf(oid: string, prefixLength: number): number {
  if (oid.length === prefixLength) return -1;
  let index = 0;
  for (let i = prefixLength; i < oid.length; i++) {
    const digit = oid.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    index = index * 10 + digit;
  }
  return Number.isSafeInteger(index) ? index : -1;
}

/** Walks the seven columns together with GetBulk until every column has left its subtree. */
async function walkInterfaces(requester: Requester): Promise<SnmpInterfaceRead[]> {
  const rows = new Map<number, Partial<Record<Column, Varbind>>>();
  // Indexed like COLUMN_NAMES: where each column's walk has got to.
  const cursor = COLUMN_NAMES.map((column) => COLUMNS[column] as string);
  let open = ALL_COLUMNS;
  while (open.length > 0 && rows.size <= MAX_INTERFACES) {
    const answer = await requester.getBulk(open.map((k) => cursor[k]!));
    const width = open.length;
    const stillOpen: number[] = [];
    for (let i = 0; i < width; i++) {
      const k = open[i]!;
      const column = COLUMN_NAMES[k]!;
      const prefix = COLUMN_PREFIXES[k]!;
      let last: string | null = null;
      let left = false;
      for (let at = i; at < answer.length; at += width) {
        const varbind = answer[at];
        // A hole: this column's answer ended here (net-snmp gave it fewer rows).
        if (varbind === undefined) break;
        if (!present(varbind) || !varbind.oid.startsWith(prefix)) {
          left = true;
          break;
        }
        const index = rowIndexOf(varbind.oid, prefix.length);
        if (index < 0) continue;
        let row = rows.get(index);
        if (!row) {
          row = {};
          rows.set(index, row);
        }
        row[column] = varbind;
        last = varbind.oid;
      }
      // An agent that repeats itself would loop forever; moving forward is the only way on.
      if (!left && last !== null && last !== cursor[k]) {
        cursor[k] = last;
        stillOpen.push(k);
      }
    }
    open = stillOpen;
  }
  // Agents answer in index order, so this sort usually finds nothing to move.
  const indexes = [...rows.keys()].sort((a, b) => a - b);
  const reads: SnmpInterfaceRead[] = new Array<SnmpInterfaceRead>(indexes.length);
  for (let r = 0; r < indexes.length; r++) {
    const index = indexes[r]!;
    const row = rows.get(index)!;
    reads[r] = {
      index,
      name: textOf(row.name) || textOf(row.descr) || `if${index}`,
      operStatus: numberOf(row.operStatus),
      inOctets: counter64Of(row.hcInOctets),
      outOctets: counter64Of(row.hcOutOctets),
      inErrors: numberOf(row.inErrors),
      outErrors: numberOf(row.outErrors),
    };
  }
  return reads;
}
