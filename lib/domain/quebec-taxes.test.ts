import { describe, expect, it } from "vitest";
import { applyQuebecTaxes } from "./quebec-taxes";

describe("applyQuebecTaxes", () => {
  it.each([
    // subtotal, gst, qst, total
    [0, 0, 0, 0],
    [100, 5, 10, 115],
    [5999, 300, 598, 6897], // 59.99 $: GST 2.9995 → 3.00, QST 5.984 → 5.98
    [7500, 375, 748, 8623], // 74.8125 → 7.48
    [10, 1, 1, 12], // 0.5 ¢ rounds up, 0.9975 ¢ rounds up
    [-5999, -300, -598, -6897], // a credit mirrors the charge
    [1, 0, 0, 1],
  ])("%i ¢ → GST %i, QST %i, total %i", (subtotal, gst, qst, total) => {
    expect(applyQuebecTaxes(subtotal)).toEqual({
      subtotalCents: subtotal,
      gstCents: gst,
      qstCents: qst,
      totalCents: total,
    });
  });

  it("refuses fractions of a cent", () => {
    expect(() => applyQuebecTaxes(10.5)).toThrow(RangeError);
  });
});
