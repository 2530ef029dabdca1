import { describe, expect, it } from "vitest";
import { counter64Of, rowIndexOf, rowsOfColumns } from "./net-snmp-prober";

const PREFIX = "1.3.6.1.2.1.2.2.1.2.";

describe("rowIndexOf", () => {
  // The walk keeps a varbind only when what follows its column is one whole sub-identifier.
  it.each([
    [`${PREFIX}1`, 1],
    [`${PREFIX}0`, 0],
    [`${PREFIX}1000001`, 1000001],
    [`${PREFIX}4294967295`, 4294967295],
    [`${PREFIX}`, -1],
    [`${PREFIX}1.2`, -1],
    [`${PREFIX}x`, -1],
    [`${PREFIX}99999999999999999999`, -1],
  ])("reads %s as %i", (oid, index) => {
    expect(rowIndexOf(oid, PREFIX.length)).toBe(index);
  });
});

describe("counter64Of", () => {
  const varbind = (value: unknown) => ({ oid: "1.3.6.1.2.1.31.1.1.1.6.1", type: 0x46, value }) as never;
  it.each([
    ["a number from our codec", 4294967296, 4294967296n],
    ["the bytes net-snmp gives", Buffer.from("0100000000", "hex"), 4294967296n],
    ["bytes past 2^53", Buffer.from("00ffffffffffffffff", "hex"), 18446744073709551615n],
    ["no bytes", Buffer.alloc(0), 0n],
    ["a negative number", -1, null],
    ["anything else", "12", null],
  ])("reads %s", (_, value, expected) => {
    expect(counter64Of(varbind(value))).toBe(expected);
  });
});

describe("rowsOfColumns", () => {
  it.each([
    [
      "equal columns",
      [
        ["a1", "a2"],
        ["b1", "b2"],
      ],
      2,
      ["a1", "b1", "a2", "b2"],
    ],
    ["a short column leaves a hole", [["a1", "a2"], ["b1"]], 2, ["a1", "b1", "a2", undefined]],
    ["a missing column leaves holes", [["a1"]], 2, ["a1", undefined]],
    ["no answer", [], 3, []],
  ])("lays out %s row by row", (_, columns, width, rows) => {
    expect(rowsOfColumns(columns, width)).toEqual(rows);
  });
});
