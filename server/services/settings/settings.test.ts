import { describe, expect, it } from "vitest";
import { loadConfig, type ServerConfig } from "../../config";
import { managementSubnetsOf, settingsFromConfig } from "./settings";

const config = (env: Record<string, string> = {}) =>
  loadConfig({
    DATA_DIR: "/tmp/fibre-ops-settings-unit",
    AUTH_SECRET: "x".repeat(40),
    APP_ENCRYPTION_KEY: "a".repeat(64),
    ...env,
  });

describe("settingsFromConfig", () => {
  it("reads every section from the configuration's variables", () => {
    expect(
      settingsFromConfig(
        config({
          PROVIDER_NAME: "Fibre Nord",
          PROVIDER_ADDRESS: "1 rue A",
          DUNNING_REMINDER_DAYS: "5,2",
          DUNNING_SUSPEND_DAYS: "30",
          DUNNING_HOUR: "8",
          APPOINTMENT_REMINDER_HOUR: "17",
        }),
      ),
    ).toEqual({
      provider: {
        name: "Fibre Nord",
        address: "1 rue A",
        gstNumber: "123456789 RT0001",
        qstNumber: "1234567890 TQ0001",
      },
      dunning: { reminderDays: [2, 5], suspendDays: 30 },
      reminders: { dunningHour: 8, appointmentHour: 17 },
    });
  });
});

describe("managementSubnetsOf", () => {
  const withNetwork = (network: unknown) => ({ ...config(), network }) as unknown as ServerConfig;
  it.each<[string, unknown, string[] | null]>([
    ["no network section", undefined, null],
    ["no subnets configured", { mgmtSubnets: [] }, null],
    [
      "parsed subnets, as written",
      { mgmtSubnets: [{ text: "10.64.0.0/10" }, { text: "2001:db8::/32" }] },
      ["10.64.0.0/10", "2001:db8::/32"],
    ],
    ["plain strings", { mgmtSubnets: ["192.0.2.0/24"] }, ["192.0.2.0/24"]],
  ])("%s", (_case, network, expected) => {
    expect(managementSubnetsOf(network === undefined ? config() : withNetwork(network))).toEqual(expected);
  });
});
