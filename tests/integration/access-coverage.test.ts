import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/trpc/root";

/**
 * Every procedure has an access test: a row in one of the access matrices
 * (describeAccessMatrix in tests/support/access-matrix.ts, called by access*.test.ts).
 * The matrices are read as source, not imported, so that this file does not register
 * their suites; a row is an object literal `{ name: "<router>.<procedure>", allowed: ... }`.
 * Needs no database: it only walks the router and reads files.
 */
const HERE = path.dirname(new URL(import.meta.url).pathname);
const MATRIX_ROW = /\bname:\s*"([A-Za-z0-9_.]+)",\s*allowed:/g;

function matrixFiles(): string[] {
  return readdirSync(HERE)
    .filter((file) => /^access.*\.test\.ts$/.test(file) && file !== path.basename(import.meta.url))
    .sort();
}

function coveredPaths(): Map<string, string[]> {
  const coveredBy = new Map<string, string[]>();
  for (const file of matrixFiles()) {
    const source = readFileSync(path.join(HERE, file), "utf8");
    for (const match of source.matchAll(MATRIX_ROW)) {
      coveredBy.set(match[1]!, [...(coveredBy.get(match[1]!) ?? []), file]);
    }
  }
  return coveredBy;
}

/** The app router's procedures by dotted path (tRPC 11 keeps them flattened in `_def.procedures`). */
function procedurePaths(): string[] {
  return Object.keys(appRouter._def.procedures).sort();
}

describe("access coverage", () => {
  it("reads the matrices of several access test files", () => {
    expect(matrixFiles().length).toBeGreaterThan(3);
    expect(coveredPaths().size).toBeGreaterThan(10);
  });

  it("walks the whole router, nested routers included", () => {
    const paths = procedurePaths();
    expect(paths).toContain("session.whoami");
    expect(paths).toContain("cardPayments.chargeInvoice");
    expect(paths.every((p) => p.includes("."))).toBe(true);
  });

  it("has an access-matrix row for every procedure of the app router", () => {
    const covered = coveredPaths();
    const missing = procedurePaths().filter((p) => !covered.has(p));
    expect(missing, "procedures without a row in any tests/integration/access*.test.ts matrix").toEqual([]);
  });

  it("has no matrix row for a procedure that does not exist", () => {
    const paths = new Set(procedurePaths());
    const stale = [...coveredPaths().keys()].filter((p) => !paths.has(p)).sort();
    expect(stale, "matrix rows naming no procedure of the app router").toEqual([]);
  });
});
