import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidConfigError, loadConfig } from "../config";

/** GENIEACS_URL alone (an NBI without authentication) or with both credentials; anything else is refused. */
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "fibre-ops-config-genieacs-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env }, { log: () => {} });
function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("GenieACS's NBI", () => {
  it("is off when GENIEACS_URL is unset", () => {
    expect(load({}).genieacs).toBeNull();
  });

  it("runs without credentials when only the URL is set, without its trailing slash", () => {
    expect(load({ GENIEACS_URL: "http://127.0.0.1:7557/" }).genieacs).toEqual({
      url: "http://127.0.0.1:7557",
      credentials: null,
    });
  });

  it("keeps both credentials when both are set", () => {
    expect(
      load({ GENIEACS_URL: "https://acs.example", GENIEACS_USERNAME: "nbi", GENIEACS_PASSWORD: "s3cret" }).genieacs,
    ).toEqual({ url: "https://acs.example", credentials: { username: "nbi", password: "s3cret" } });
  });

  it.each([
    [
      { GENIEACS_URL: "https://acs.example", GENIEACS_USERNAME: "nbi" },
      /^GENIEACS_PASSWORD is not set but GENIEACS_USERNAME is/,
    ],
    [
      { GENIEACS_URL: "https://acs.example", GENIEACS_PASSWORD: "s3cret" },
      /^GENIEACS_USERNAME is not set but GENIEACS_PASSWORD is/,
    ],
    [
      { GENIEACS_USERNAME: "nbi", GENIEACS_PASSWORD: "s3cret" },
      /^GENIEACS_URL is not set but GenieACS credentials are/,
    ],
    [{ GENIEACS_URL: "acs.example:7557" }, /^GENIEACS_URL must be an http:\/\/ or https:\/\/ URL/],
  ])("refuses %j with one sentence", (env: Record<string, string>, sentence) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(sentence)]);
  });
});
