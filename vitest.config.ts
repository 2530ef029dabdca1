import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          // A hang guard, not a speed check: type-checked ESLint runs and the property tests take
          // seconds on a loaded 2-core machine, and speed is what the benchmarks measure.
          testTimeout: 30_000,
          include: [
            "lib/**/*.test.ts",
            "server/**/*.test.ts",
            "components/**/*.test.ts",
            "app/**/*.test.ts",
            "scripts/**/*.test.ts",
            "bench/**/*.test.ts",
            "tests/lint/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The demo data is seeded once per run; each file starts from a copy.
          globalSetup: ["tests/support/seed-template.ts"],
          // Each file makes its own database; two cores, so two at a time.
          maxWorkers: 2,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          // Hang guards for a loaded machine, each file with a server and a browser.
          testTimeout: 180_000,
          hookTimeout: 240_000,
          // A poll without its own timeout waits for what the page does next (an image decoded, a
          // button enabled): one second, Vitest's default, is short for a browser sharing two
          // loaded cores with its server. A hang guard, as testTimeout.
          expect: { poll: { timeout: 15_000 } },
          // The demo data is seeded once per run; each file's server starts from a copy.
          globalSetup: ["tests/support/seed-template-e2e.ts"],
          // Each file has its own server on a free port, its own database and its own browser, so
          // two can run at once (`npm run test:e2e -- --maxWorkers 2`); the default stays one at a
          // time until two have been measured on a quiet 2-core machine: each file's server and
          // browser already take most of a core at their peaks.
          fileParallelism: false,
        },
      },
    ],
  },
});
