import { describe, expect, it } from "vitest";
import { decodeV2cResponse, encodeOid, encodeV2cRequest, lengthSize, PDU_GET_BULK, VALUE_TYPE } from "./v2c-codec";

const tlv = (tag: number, content: number[]): number[] => {
  if (content.length < 0x80) return [tag, content.length, ...content];
  if (content.length < 0x100) return [tag, 0x81, content.length, ...content];
  return [tag, 0x82, content.length >> 8, content.length & 0xff, ...content];
};
const oid = (text: string) => [...encodeOid(text)];
const varbind = (o: string, value: number[]) => tlv(0x30, [...oid(o), ...value]);

/** A v2c Response as an agent would send it. */
function response(requestId: number, community: string, varbinds: number[][], errorStatus = 0, errorIndex = 0) {
  const pdu = tlv(0xa2, [
    ...tlv(0x02, [(requestId >>> 24) & 0xff, (requestId >>> 16) & 0xff, (requestId >>> 8) & 0xff, requestId & 0xff]),
    ...tlv(0x02, [errorStatus]),
    ...tlv(0x02, [errorIndex]),
    ...tlv(0x30, varbinds.flat()),
  ]);
  return Buffer.from(tlv(0x30, [...tlv(0x02, [1]), ...tlv(0x04, [...Buffer.from(community)]), ...pdu]));
}

describe("encodeOid", () => {
  it.each([
    ["1.3.6.1.2.1.1.3.0", [0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 3, 0]],
    // Sub-identifiers over 127 take several bytes, high bit set on all but the last.
    ["1.3.6.1.4.1.637.61", [0x06, 0x08, 0x2b, 6, 1, 4, 1, 0x84, 0x7d, 61]],
    ["1.3.6.1.4.1.4294967295", [0x06, 0x0a, 0x2b, 6, 1, 4, 1, 0x8f, 0xff, 0xff, 0xff, 0x7f]],
  ])("encodes %s", (text, bytes) => {
    expect([...encodeOid(text)]).toEqual(bytes);
  });

  it.each(["1", "1.3.x", "1.3.-1", "1.3.4294967296"])("refuses %s", (text) => {
    expect(() => encodeOid(text)).toThrow(RangeError);
  });
});

describe("lengthSize", () => {
  it.each([
    [0, 1],
    [127, 1],
    [128, 2],
    [255, 2],
    [256, 3],
    [65535, 3],
    [65536, 4],
  ])("a length of %i takes %i bytes", (length, size) => {
    expect(lengthSize(length)).toBe(size);
  });
});

describe("encodeV2cRequest", () => {
  it("writes a two-byte length in the long form", () => {
    const oids = Array.from({ length: 24 }, (_, i) => `1.3.6.1.2.1.31.1.1.1.${i + 1}.1000`);
    const bytes = encodeV2cRequest(Buffer.from("c"), PDU_GET_BULK, 7, oids, 8);
    expect(bytes[1]).toBe(0x82);
    expect(bytes.readUInt16BE(2)).toBe(bytes.length - 4);
  });

  it("writes a GetBulkRequest an agent reads: version, community, id, repetitions, null-valued varbinds", () => {
    const bytes = encodeV2cRequest(Buffer.from("public"), PDU_GET_BULK, 0x01020304, ["1.3.6.1.2.1.2.2.1.2"], 8);
    expect([...bytes]).toEqual(
      tlv(0x30, [
        ...tlv(0x02, [1]),
        ...tlv(0x04, [...Buffer.from("public")]),
        ...tlv(0xa5, [
          ...tlv(0x02, [1, 2, 3, 4]),
          ...tlv(0x02, [0, 0, 0, 0]),
          ...tlv(0x02, [0, 0, 0, 8]),
          ...tlv(0x30, tlv(0x30, [...oid("1.3.6.1.2.1.2.2.1.2"), 0x05, 0x00])),
        ]),
      ]),
    );
  });

  it("uses the long length form when the varbind list passes 127 bytes", () => {
    const oids = Array.from({ length: 12 }, (_, i) => `1.3.6.1.2.1.31.1.1.1.${i + 1}`);
    const bytes = encodeV2cRequest(Buffer.from("c"), PDU_GET_BULK, 7, oids, 8);
    expect(bytes[1]).toBe(0x81);
    expect(bytes[2]).toBe(bytes.length - 3);
  });
});

describe("decodeV2cResponse", () => {
  it("reads each value type as net-snmp gives it", () => {
    const decoded = decodeV2cResponse(
      response(0x7f000001, "public", [
        varbind("1.3.6.1.2.1.1.1.0", tlv(0x04, [...Buffer.from("ONT")])),
        varbind("1.3.6.1.2.1.1.3.0", tlv(0x43, [0x00, 0xff, 0xff, 0xff, 0xff])),
        varbind("1.3.6.1.4.1.1.1", tlv(0x02, [0xf8, 0xc6])),
        varbind("1.3.6.1.2.1.31.1.1.1.6.1", tlv(0x46, [0x01, 0x00, 0x00, 0x00, 0x00])),
        varbind("1.3.6.1.4.1.1.2", [0x80, 0x00]),
        varbind("1.3.6.1.2.1.99", [0x82, 0x00]),
      ]),
    );
    expect(decoded).toMatchObject({ requestId: 0x7f000001, errorStatus: 0, errorIndex: 0 });
    expect(decoded!.community.toString()).toBe("public");
    const [descr, uptime, rx, counter, missing, end] = decoded!.varbinds;
    expect(descr).toMatchObject({ oid: "1.3.6.1.2.1.1.1.0", type: VALUE_TYPE.octetString });
    expect((descr!.value as Buffer).toString()).toBe("ONT");
    expect(uptime).toMatchObject({ type: VALUE_TYPE.timeTicks, value: 4294967295 });
    expect(rx).toMatchObject({ oid: "1.3.6.1.4.1.1.1", type: VALUE_TYPE.integer, value: -1850 });
    expect(counter).toMatchObject({ type: VALUE_TYPE.counter64, value: 4294967296 });
    expect(missing).toMatchObject({ type: VALUE_TYPE.noSuchObject, value: null });
    expect(end).toMatchObject({ oid: "1.3.6.1.2.1.99", type: VALUE_TYPE.endOfMibView, value: null });
  });

  // A number while exact, else the bytes (as net-snmp gives them) for the prober to read with BigInt.
  it.each([
    ["empty", [], 0],
    ["one byte", [0x2a], 42],
    ["2^53 - 1", [0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], Number.MAX_SAFE_INTEGER],
    ["2^53", [0x20, 0, 0, 0, 0, 0, 0], "20000000000000"],
    ["2^64 - 1, with its leading zero", [0x00, ...Array<number>(8).fill(0xff)], "00ffffffffffffffff"],
    ["a small value padded to nine bytes", [0, 0, 0, 0, 0, 0, 0, 0, 0x05], "000000000000000005"],
  ])("reads a Counter64 of %s", (_, content, expected) => {
    const decoded = decodeV2cResponse(response(1, "c", [varbind("1.3.6.1.2.1.31.1.1.1.6.1", tlv(0x46, content))]));
    const value = decoded!.varbinds[0]!.value;
    if (typeof expected === "number") expect(value).toBe(expected);
    else expect((value as Buffer).toString("hex")).toBe(expected);
  });

  it("reads the same OIDs again from its cache, and OIDs whose bytes differ by one apart", () => {
    const oids = [
      "1.3.6.1.2.1.2.2.1.2.1",
      "1.3.6.1.2.1.2.2.1.2.2",
      "1.3.6.1.2.1.2.2.1.2.129",
      "1.3.6.1.2.1.2.2.1.21.1",
    ];
    for (let round = 0; round < 3; round++) {
      const decoded = decodeV2cResponse(
        response(round, "c", [
          ...oids.map((o) => varbind(o, [0x05, 0x00])),
          varbind("1.3.6.1.2.1.1.2.0", oid("1.3.6.1.4.1.8072")),
        ]),
      );
      expect(decoded!.varbinds.map((v) => v.oid)).toEqual([...oids, "1.3.6.1.2.1.1.2.0"]);
      expect(decoded!.varbinds[4]!.value).toBe("1.3.6.1.4.1.8072");
    }
  });

  it("reads a length in the long form", () => {
    const text = "x".repeat(300);
    const message = response(7, "c", [varbind("1.3.6.1.2.1.1.1.0", tlv(0x04, [...Buffer.from(text)]))]);
    // Message, PDU, list, varbind and value all pass 255 bytes.
    expect(message[1]).toBe(0x82);
    const decoded = decodeV2cResponse(message);
    expect(decoded).toMatchObject({ requestId: 7 });
    expect((decoded!.varbinds[0]!.value as Buffer).toString()).toBe(text);
  });

  it("reads an error status and its index", () => {
    const decoded = decodeV2cResponse(response(9, "c", [varbind("1.3.6.1.2.1.1.1.0", [0x05, 0x00])], 5, 1));
    expect(decoded).toMatchObject({ requestId: 9, errorStatus: 5, errorIndex: 1 });
  });

  it("returns null for anything that is not a whole v2c Response", () => {
    const good = response(1, "c", [varbind("1.3.6.1.2.1.1.1.0", [0x05, 0x00])]);
    expect(decodeV2cResponse(good)).not.toBeNull();
    expect(decodeV2cResponse(good.subarray(0, good.length - 3))).toBeNull();
    expect(decodeV2cResponse(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]))).toBeNull();
    const request = encodeV2cRequest(Buffer.from("c"), PDU_GET_BULK, 1, ["1.3.6.1.2.1.1.1.0"], 1);
    expect(decodeV2cResponse(request)).toBeNull();
    expect(decodeV2cResponse(Buffer.alloc(0))).toBeNull();
  });
});
