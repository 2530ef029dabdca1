import { describe, expect, it } from "vitest";
import {
  CAPABILITIES,
  STAFF_ROLES,
  can,
  capabilitiesOf,
  rolesWith,
  type Capability,
  type StaffRoleName,
} from "./capabilities";

// The access each role has today, written out once more as the oracle: a change to the map
// must change this table too, on purpose.
const X = true,
  _ = false;
const TABLE: Array<[Capability, Record<StaffRoleName, boolean>]> = [
  //                    admin     dispatcher     technician     billing     support
  ["office.enter", { admin: X, dispatcher: X, technician: _, billing: X, support: X }],
  ["customers.read", { admin: X, dispatcher: X, technician: _, billing: X, support: X }],
  ["customers.edit", { admin: X, dispatcher: _, technician: _, billing: X, support: X }],
  ["tickets.read", { admin: X, dispatcher: X, technician: _, billing: X, support: X }],
  ["tickets.write", { admin: X, dispatcher: X, technician: _, billing: X, support: X }],
  ["tickets.canned.manage", { admin: X, dispatcher: _, technician: _, billing: _, support: _ }],
  ["billing.read", { admin: X, dispatcher: _, technician: _, billing: X, support: X }],
  ["billing.write", { admin: X, dispatcher: _, technician: _, billing: X, support: _ }],
  ["billing.runs", { admin: X, dispatcher: _, technician: _, billing: X, support: _ }],
  ["payments.write", { admin: X, dispatcher: _, technician: _, billing: X, support: _ }],
  ["dispatch.enter", { admin: X, dispatcher: X, technician: _, billing: _, support: X }],
  ["board.read", { admin: X, dispatcher: X, technician: X, billing: _, support: X }],
  ["board.edit", { admin: X, dispatcher: X, technician: _, billing: _, support: _ }],
  ["tech.work", { admin: X, dispatcher: _, technician: X, billing: _, support: _ }],
  ["jobs.read", { admin: X, dispatcher: X, technician: _, billing: _, support: X }],
  ["jobs.files.read", { admin: X, dispatcher: X, technician: _, billing: _, support: X }],
  ["jobs.files.write", { admin: X, dispatcher: _, technician: _, billing: _, support: _ }],
  ["checklists.edit", { admin: X, dispatcher: X, technician: _, billing: _, support: _ }],
  ["audit.read", { admin: X, dispatcher: _, technician: _, billing: _, support: _ }],
  ["staff.manage", { admin: X, dispatcher: _, technician: _, billing: _, support: _ }],
  ["network.read", { admin: X, dispatcher: X, technician: _, billing: X, support: X }],
  ["network.probe", { admin: X, dispatcher: X, technician: _, billing: _, support: X }],
  ["network.configure", { admin: X, dispatcher: _, technician: _, billing: _, support: _ }],
  ["settings.manage", { admin: X, dispatcher: _, technician: _, billing: _, support: _ }],
  ["cpe.remote.read", { admin: X, dispatcher: X, technician: _, billing: _, support: X }],
  ["cpe.remote.act", { admin: X, dispatcher: _, technician: _, billing: _, support: X }],
  ["cpe.firmware", { admin: X, dispatcher: _, technician: _, billing: _, support: _ }],
  ["sla.manage", { admin: X, dispatcher: _, technician: _, billing: _, support: _ }],
];

describe("the capability map", () => {
  it("has a row in this table for every capability, and no other", () => {
    expect(TABLE.map(([capability]) => capability).sort()).toEqual([...CAPABILITIES].sort());
  });

  describe.each(TABLE)("%s", (capability, expected) => {
    it.each(STAFF_ROLES.map((role) => [role]))("as %s", (role) => {
      expect(can(role, capability)).toBe(expected[role]);
    });

    it("rolesWith lists exactly the roles that can, each once", () => {
      const roles = rolesWith(capability);
      expect(new Set(roles).size).toBe(roles.length);
      expect([...roles].sort()).toEqual(STAFF_ROLES.filter((role) => expected[role]).sort());
    });
  });

  it("gives nobody signed in nothing", () => {
    for (const capability of CAPABILITIES) {
      expect(can(null, capability)).toBe(false);
      expect(can(undefined, capability)).toBe(false);
    }
  });

  it("keeps the order in which refusal messages name the roles", () => {
    expect(rolesWith("customers.read")).toEqual(["admin", "billing", "support", "dispatcher"]);
    expect(rolesWith("tickets.read")).toEqual(["admin", "support", "billing", "dispatcher"]);
    expect(rolesWith("billing.read")).toEqual(["admin", "billing", "support"]);
    expect(rolesWith("dispatch.enter")).toEqual(["admin", "dispatcher", "support"]);
    expect(rolesWith("tech.work")).toEqual(["admin", "technician"]);
  });

  it("lists each role's capabilities", () => {
    expect(capabilitiesOf("admin")).toEqual(CAPABILITIES);
    expect(capabilitiesOf("technician")).toEqual(["board.read", "tech.work"]);
  });
});
