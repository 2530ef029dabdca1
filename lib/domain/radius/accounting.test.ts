import { describe, expect, it } from "vitest";
import { parseAccountingRecord } from "./accounting";

const AT = new Date("2027-01-12T12:00:00Z");
const base = {
  "User-Name": "alice.1",
  "Acct-Session-Id": "81a00001",
  "NAS-IP-Address": "10.20.0.1",
  "Framed-IP-Address": "100.64.1.2",
};

describe("parseAccountingRecord", () => {
  it("reads a start at the time of receipt less the NAS's delay", () => {
    const parsed = parseAccountingRecord({ ...base, "Acct-Status-Type": "Start", "Acct-Delay-Time": "5" }, AT);
    expect(parsed).toEqual({
      ok: true,
      record: {
        status: "start",
        sessionId: "81a00001",
        userName: "alice.1",
        nas: "10.20.0.1",
        nasIp: "10.20.0.1",
        framedIp: "100.64.1.2",
        bytesIn: 0,
        bytesOut: 0,
        startedAt: new Date("2027-01-12T11:59:55Z"),
        stoppedAt: null,
        terminateCause: null,
      },
    });
  });

  it("reads a stop: counters with gigawords, start from the session time, the cause", () => {
    const parsed = parseAccountingRecord(
      {
        ...base,
        "Acct-Status-Type": "Stop",
        "Acct-Session-Time": "3600",
        "Acct-Input-Octets": "10",
        "Acct-Input-Gigawords": "1",
        "Acct-Output-Octets": "4294967295",
        "Acct-Output-Gigawords": "2",
        "Acct-Terminate-Cause": "Admin-Reset",
      },
      AT,
    );
    expect(parsed.ok && parsed.record).toMatchObject({
      status: "stop",
      bytesIn: 4294967306,
      bytesOut: 3 * 4294967296 - 1,
      startedAt: new Date("2027-01-12T11:00:00Z"),
      stoppedAt: AT,
      terminateCause: "Admin-Reset",
    });
  });

  it.each([
    ["Interim-Update", "interim"],
    ["3", "interim"],
    ["1", "start"],
    ["2", "stop"],
    ["Accounting-On", "nas-on"],
    ["Accounting-Off", "nas-off"],
  ])("reads the status type %s", (type, status) => {
    const parsed = parseAccountingRecord({ ...base, "Acct-Status-Type": type }, AT);
    expect(parsed.ok && parsed.record.status).toBe(status);
  });

  it("names the NAS by identifier when it sends no address, and drops a framed address that is not one", () => {
    const parsed = parseAccountingRecord(
      {
        "Acct-Status-Type": "Start",
        "Acct-Session-Id": "s1",
        "NAS-Identifier": "bng-1",
        "Framed-IP-Address": "not-an-ip",
      },
      AT,
    );
    expect(parsed.ok && parsed.record).toMatchObject({ nas: "bng-1", nasIp: null, framedIp: null });
  });

  it.each<[string, Record<string, string>]>([
    ["an unknown status type", { ...base, "Acct-Status-Type": "Tunnel-Start" }],
    ["no status type", { ...base }],
    ["no session id", { ...base, "Acct-Status-Type": "Start", "Acct-Session-Id": "" }],
    ["no NAS", { "Acct-Status-Type": "Start", "Acct-Session-Id": "s1" }],
    ["a counter that is not a number", { ...base, "Acct-Status-Type": "Stop", "Acct-Input-Octets": "-1" }],
    ["a counter past 32 bits", { ...base, "Acct-Status-Type": "Stop", "Acct-Output-Octets": "4294967296" }],
  ])("refuses %s", (_name, attrs) => {
    expect(parseAccountingRecord(attrs, AT).ok).toBe(false);
  });
});
