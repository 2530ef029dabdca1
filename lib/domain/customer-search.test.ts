import { describe, expect, it } from "vitest";
import { likePattern, planCustomerSearch } from "./customer-search";

describe("planCustomerSearch", () => {
  it.each([
    ["CUST-00123", ["legacyId", "name"]],
    ["acc 42", ["legacyId", "name"]],
    ["450 555-0101", ["legacyId", "phone", "address"]],
    ["(819) 555-0199", ["legacyId", "phone", "address"]],
    ["100072", ["legacyId", "phone", "address"]],
    ["marie@exemple.ca", ["email"]],
    ["J2S 4B1", ["address", "name"]],
    ["j1h", ["address", "name"]],
    ["123 rue Principale", ["address"]],
    ["Tremblay", ["name", "email", "address"]],
    ["  Marie   Tremblay ", ["name", "email", "address"]],
  ])("%s → %j", (query, fields) => {
    expect(planCustomerSearch(query).fields).toEqual(fields);
  });

  it("keeps the requested field when one is given", () => {
    expect(planCustomerSearch("450", "name")).toEqual({ fields: ["name"], text: "450", phoneDigits: "450" });
  });

  it("normalizes whitespace and extracts phone digits", () => {
    expect(planCustomerSearch(" 450  555 0101 ")).toMatchObject({ text: "450 555 0101", phoneDigits: "4505550101" });
  });
});

describe("likePattern", () => {
  it.each([
    ["abc", "%abc%"],
    ["50%", "%50\\%%"],
    ["a_b", "%a\\_b%"],
    ["c:\\x", "%c:\\\\x%"],
  ])("%s → %s", (input, pattern) => expect(likePattern(input)).toBe(pattern));
});
