import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

describe("csvCell", () => {
  it.each<[string | number | null | undefined, string]>([
    [null, ""],
    [undefined, ""],
    ["", ""],
    ["plain", "plain"],
    ["Dubé, Marc", '"Dubé, Marc"'],
    ['say "hi"', '"say ""hi"""'],
    ["line one\nline two", '"line one\nline two"'],
    ["a\r\nb", '"a\r\nb"'],
    // Formula injection: text that a spreadsheet would evaluate is kept as text.
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+1 514 555 0000", "'+1 514 555 0000"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", '"\'\r=1"'],
    ["a=b", "a=b"],
    // Numbers are the product's own values: a negative amount stays a number.
    [-1250, "-1250"],
    [42, "42"],
  ])("%j → %s", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });
});
