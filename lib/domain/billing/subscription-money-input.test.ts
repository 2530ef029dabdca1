import { describe, expect, it } from "vitest";
import { centsFromMoneyInput } from "./subscription-money-input";

describe("centsFromMoneyInput", () => {
  it.each<[string, number | null]>([
    ["", null],
    ["  ", null],
    ["45", 4500],
    ["45.5", 4550],
    ["45,50", 4550],
    ["45,50 $", 4550],
    ["1 234,56", 123456],
    ["0", 0],
    ["-0", 0],
    ["-5", -500], // kept, so the service explains why it is refused
    ["0.07", 7],
  ])("%j → %s", (input, cents) => expect(centsFromMoneyInput(input)).toBe(cents));

  it.each(["abc", "45.555", "4,5,0", "1e3", "12345678", "--5"])("refuses %j", (input) => {
    expect(() => centsFromMoneyInput(input)).toThrow(/not an amount of money/);
  });
});
