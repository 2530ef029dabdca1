import { describe, expect, it } from "vitest";
import { distribute, hashSeed, Rng, scramble24 } from "./random";

describe("Rng", () => {
  it("gives the same sequence for the same seed, and another for another seed", () => {
    const draw = (rng: Rng) => Array.from({ length: 20 }, () => rng.next());
    expect(draw(new Rng(42))).toEqual(draw(new Rng(42)));
    expect(draw(new Rng(42))).not.toEqual(draw(new Rng(43)));
    expect(draw(Rng.for("demo", "tickets"))).toEqual(draw(Rng.for("demo", "tickets")));
    expect(draw(Rng.for("demo", "tickets"))).not.toEqual(draw(Rng.for("demo", "payments")));
  });

  it("stays in range", () => {
    const rng = new Rng(1);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = rng.int(3, 7);
      expect(Number.isInteger(n) && n >= 3 && n <= 7).toBe(true);
      const d = rng.date(1000, 2000);
      expect(d >= 1000 && d < 2000).toBe(true);
    }
  });

  it("reaches both ends of an integer range", () => {
    const rng = new Rng(2);
    const seen = new Set(Array.from({ length: 1000 }, () => rng.int(1, 5)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("follows the weights of a weighted pick", () => {
    const rng = new Rng(3);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++)
      counts[
        rng.weighted([
          ["a", 1],
          ["b", 3],
          ["c", 0],
        ] as const)
      ]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.6);
    expect(counts.b / counts.a).toBeLessThan(3.4);
  });

  it("shuffles into a permutation", () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = new Rng(4).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });

  it("makes better-auth shaped ids", () => {
    expect(new Rng(5).textId()).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(new Rng(5).digits(6)).toMatch(/^\d{6}$/);
  });

  it("refuses to pick from nothing", () => {
    expect(() => new Rng(6).pick([])).toThrow();
  });
});

describe("distribute", () => {
  it("hits the total exactly and respects the bounds", () => {
    const rng = new Rng(7);
    const weights = Array.from({ length: 500 }, (_, i) => (i % 10) + 1);
    const counts = distribute(rng, 12_345, weights, 2, 60);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12_345);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...counts)).toBeLessThanOrEqual(60);
  });

  it("honours per-bucket bounds, including fixed buckets", () => {
    const counts = distribute(new Rng(8), 100, [1, 1, 1, 1], [5, 0, 0, 0], [5, 100, 100, 100]);
    expect(counts[0]).toBe(5);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it("fills when the weighted buckets are full", () => {
    const counts = distribute(new Rng(9), 10, [1, 0], 0, 5);
    expect([...counts]).toEqual([5, 5]);
  });

  it("throws when the bounds cannot hold the total", () => {
    expect(() => distribute(new Rng(10), 100, [1, 1], 0, 10)).toThrow();
    expect(() => distribute(new Rng(10), 1, [1, 1], 1)).toThrow();
  });
});

describe("scramble24 and hashSeed", () => {
  it("never repeats within 2^24", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) seen.add(scramble24(i, 11));
    expect(seen.size).toBe(200_000);
    expect([...seen].every((v) => v >= 0 && v < 1 << 24)).toBe(true);
  });

  it("hashes strings stably to 32-bit unsigned integers", () => {
    expect(hashSeed("full/customers")).toBe(hashSeed("full/customers"));
    expect(hashSeed("full/customers")).not.toBe(hashSeed("demo/customers"));
    expect(hashSeed("x") >>> 0).toBe(hashSeed("x"));
  });
});
