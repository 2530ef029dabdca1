import { describe, expect, it } from "vitest";
import { removesLastActiveAdmin, type StaffChange, type StaffStanding } from "./last-admin";

const admin = (id: string, active = true): StaffStanding => ({ id, role: "admin", active });
const dispatcher = (id: string, active = true): StaffStanding => ({ id, role: "dispatcher", active });

describe("removesLastActiveAdmin", () => {
  const cases: Array<[string, StaffStanding[], StaffChange, boolean]> = [
    ["demoting the only admin", [admin("a"), dispatcher("d")], { userId: "a", role: "dispatcher" }, true],
    ["deactivating the only admin", [admin("a"), dispatcher("d")], { userId: "a", active: false }, true],
    ["demoting one of two admins", [admin("a"), admin("b")], { userId: "a", role: "billing" }, false],
    ["deactivating one of two admins", [admin("a"), admin("b")], { userId: "b", active: false }, false],
    [
      "demoting the only active admin while another admin is deactivated",
      [admin("a"), admin("b", false)],
      { userId: "a", role: "support" },
      true,
    ],
    ["keeping the only admin an admin", [admin("a")], { userId: "a", role: "admin" }, false],
    ["reactivating the only admin", [admin("a")], { userId: "a", active: true }, false],
    ["demoting a dispatcher", [admin("a"), dispatcher("d")], { userId: "d", role: "technician" }, false],
    ["deactivating a dispatcher", [admin("a"), dispatcher("d")], { userId: "d", active: false }, false],
    ["promoting a dispatcher", [admin("a", false), dispatcher("d")], { userId: "d", role: "admin" }, false],
    [
      "a change with no active admin before",
      [admin("a", false), dispatcher("d")],
      { userId: "a", role: "support" },
      false,
    ],
    ["a change naming nobody", [admin("a")], { userId: "zz", active: false }, false],
  ];
  it.each(cases)("%s", (_title, members, change, expected) => {
    expect(removesLastActiveAdmin(members, change)).toBe(expected);
  });
});
