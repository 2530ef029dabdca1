import { describe, expect, it } from "vitest";
import { fitWithin } from "./photo-resize";

describe("fitWithin", () => {
  it.each([
    [4032, 3024, { width: 1600, height: 1200 }],
    [3024, 4032, { width: 1200, height: 1600 }],
    [1600, 900, { width: 1600, height: 900 }],
    [800, 600, { width: 800, height: 600 }],
    [10000, 10, { width: 1600, height: 2 }],
  ])("%i × %i", (width, height, expected) => {
    expect(fitWithin(width, height, 1600)).toEqual(expected);
  });
});
