/**
 * One RADIUS accounting record (RFC 2866) as the product stores it. The NAS reports counters
 * as 32-bit octets plus a gigaword count of wraps; times are the product's clock at receipt, moved
 * back by Acct-Delay-Time (how long the NAS held the record), since NAS clocks are often wrong.
 */

export type AccountingStatus = "start" | "interim" | "stop" | "nas-on" | "nas-off";

export interface AccountingRecord {
  status: AccountingStatus;
  sessionId: string;
  userName: string | null;
  /** NAS-IP-Address, else NAS-Identifier: with the session id, what names the session. */
  nas: string;
  nasIp: string | null;
  framedIp: string | null;
  /** Octets received from the subscriber (Acct-Input-*). */
  bytesIn: number;
  /** Octets sent to the subscriber (Acct-Output-*). */
  bytesOut: number;
  /** When the session began, as far as this record tells. */
  startedAt: Date;
  /** Set by a stop record only. */
  stoppedAt: Date | null;
  terminateCause: string | null;
}

export type AccountingParse = { ok: true; record: AccountingRecord } | { ok: false; error: string };

const STATUS_BY_NAME: Record<string, AccountingStatus> = {
  start: "start",
  "1": "start",
  stop: "stop",
  "2": "stop",
  "interim-update": "interim",
  alive: "interim",
  "3": "interim",
  "accounting-on": "nas-on",
  "7": "nas-on",
  "accounting-off": "nas-off",
  "8": "nas-off",
};

const GIGAWORD = 2 ** 32;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function counter(value: string | undefined): number | null {
  if (value === undefined) return 0;
  if (!/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n < GIGAWORD ? n : null;
}

function octets(low: string | undefined, wraps: string | undefined): number | null {
  const l = counter(low);
  const w = counter(wraps);
  if (l === null || w === null) return null;
  const total = w * GIGAWORD + l;
  return Number.isSafeInteger(total) ? total : null;
}

/**
 * Reads an accounting record from its attributes (first value of each, by FreeRADIUS name).
 * `receivedAt` is the product's clock when the record arrived.
 */
export function parseAccountingRecord(attrs: Readonly<Record<string, string>>, receivedAt: Date): AccountingParse {
  const status = STATUS_BY_NAME[(attrs["Acct-Status-Type"] ?? "").toLowerCase()];
  if (!status)
    return { ok: false, error: `Acct-Status-Type "${attrs["Acct-Status-Type"] ?? ""}" is not one this server stores` };
  const nasIp = attrs["NAS-IP-Address"] && IPV4.test(attrs["NAS-IP-Address"]) ? attrs["NAS-IP-Address"] : null;
  const nas = nasIp ?? attrs["NAS-Identifier"] ?? null;
  if (!nas) return { ok: false, error: "the record names no NAS (NAS-IP-Address or NAS-Identifier)" };
  const sessionId = attrs["Acct-Session-Id"] ?? "";
  const isNasWide = status === "nas-on" || status === "nas-off";
  if (!isNasWide && (sessionId.length === 0 || sessionId.length > 253))
    return { ok: false, error: "Acct-Session-Id is missing or longer than 253 characters" };
  const bytesIn = octets(attrs["Acct-Input-Octets"], attrs["Acct-Input-Gigawords"]);
  const bytesOut = octets(attrs["Acct-Output-Octets"], attrs["Acct-Output-Gigawords"]);
  const delay = counter(attrs["Acct-Delay-Time"]);
  const sessionTime = counter(attrs["Acct-Session-Time"]);
  if (bytesIn === null || bytesOut === null || delay === null || sessionTime === null)
    return { ok: false, error: "a counter (octets, gigawords, delay or session time) is not a 32-bit number" };
  const at = new Date(receivedAt.getTime() - delay * 1000);
  const framed = attrs["Framed-IP-Address"];
  return {
    ok: true,
    record: {
      status,
      sessionId,
      userName: attrs["User-Name"] ?? null,
      nas,
      nasIp,
      framedIp: framed && IPV4.test(framed) ? framed : null,
      bytesIn,
      bytesOut,
      startedAt: status === "start" ? at : new Date(at.getTime() - sessionTime * 1000),
      stoppedAt: status === "stop" ? at : null,
      terminateCause: status === "stop" ? (attrs["Acct-Terminate-Cause"] ?? null) : null,
    },
  };
}
