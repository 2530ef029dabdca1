import snmp from "net-snmp";
import type { Session, Varbind } from "net-snmp";
import type { SnmpConfig, SnmpCredentials } from "../../config";
import { ProbeLimiter } from "./probe-limiter";
import { SharedUdpTransport } from "./shared-udp";
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
 * The real prober over net-snmp: v2c with a community, or v3 authPriv. Each probe opens its own
 * session (one UDP socket) and closes it; the whole probe, every request and retry included,
 * ends at `config.timeoutMs` (at most 5 s) with a "timeout" result.
 */
export function createNetSnmpProber(config: SnmpConfig): SnmpProber {
  const limiter = new ProbeLimiter(config.concurrency);
  const transport = new SharedUdpTransport();
  return {
    get pending() {
      return limiter.pending;
    },
    probe(target, request) {
      return limiter.run(target.address, () => probeOnce(config, transport, target, request));
    },
  };
}

function openSession(
  config: SnmpConfig,
  credentials: SnmpCredentials,
  target: SnmpTarget,
  transport: SharedUdpTransport,
): Session {
  const requestTimeout = Math.max(100, Math.floor(config.timeoutMs / 2));
  const sessionOptions = {
    port: config.port,
    retries: 1,
    timeout: requestTimeout,
    transport: target.family === 6 ? ("udp6" as const) : ("udp4" as const),
    dgramModule: transport.module,
  };
  if (credentials.version === "2c") {
    return snmp.createSession(target.address, credentials.community, { ...sessionOptions, version: snmp.Version2c });
  }
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
  transport: SharedUdpTransport,
  target: SnmpTarget,
  request: SnmpProbeRequest,
): Promise<SnmpProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const credentials = config.credentials;
  if (!credentials) return { ok: false, failure: "error", detail: "SNMP is not configured", durationMs: 0 };
  let session: Session;
  try {
    session = openSession(config, credentials, target, transport);
  } catch (error) {
    return { ok: false, failure: "error", detail: messageOf(error), durationMs: elapsed() };
  }
  // A datagram that does not parse is reported as an "error" event; without a listener it would throw.
  session.on("error", () => undefined);
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
  const work = readDevice(session, request).then(
    (read): SnmpProbeResult => ({ ok: true, ...read, durationMs: elapsed() }),
    (error: unknown): SnmpProbeResult => ({ ok: false, ...failureOf(error), durationMs: elapsed() }),
  );
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    try {
      session.close();
    } catch {
      // Already closed.
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** net-snmp's errors, in the three kinds a person acts on differently. */
export function failureOf(error: unknown): { failure: "timeout" | "auth_failed" | "error"; detail: string } {
  const detail = messageOf(error);
  if (error instanceof snmp.RequestTimedOutError) return { failure: "timeout", detail };
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

const present = (varbind: Varbind | undefined): varbind is Varbind =>
  varbind !== undefined && !snmp.isVarbindError(varbind);

/** Text of an OctetString (a Buffer), or of a number. */
function textOf(varbind: Varbind | undefined): string | null {
  if (!present(varbind)) return null;
  const value = varbind.value;
  if (Buffer.isBuffer(value)) return value.toString("utf8");
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

async function readDevice(session: Session, request: SnmpProbeRequest) {
  const optical = request.opticalOids;
  const scalars = [SYS_DESCR, SYS_UPTIME, ...(optical ? [optical.rx, ...(optical.tx ? [optical.tx] : [])] : [])];
  const values = await get(session, scalars);
  const interfaces = await walkInterfaces(session);
  return {
    sysDescr: textOf(values[0]) ?? "",
    uptimeHundredths: numberOf(values[1]),
    interfaces,
    optical: optical ? { rx: textOf(values[2]), tx: optical.tx ? textOf(values[3]) : null } : null,
  };
}

/** Walks the seven columns together with GetBulk until every column has left its subtree. */
async function walkInterfaces(session: Session): Promise<SnmpInterfaceRead[]> {
  const rows = new Map<number, Partial<Record<Column, Varbind>>>();
  let cursor: Record<Column, string> = { ...COLUMNS };
  let open = [...COLUMN_NAMES];
  while (open.length > 0 && rows.size <= MAX_INTERFACES) {
    const answer = await getBulk(
      session,
      open.map((column) => cursor[column]),
    );
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
