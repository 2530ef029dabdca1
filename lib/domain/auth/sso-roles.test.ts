import { describe, expect, it } from "vitest";
import { parseRoleMap, roleForGroups, type RoleMapping } from "./sso-roles";

const MAP: RoleMapping[] = [
  { group: "ops-admins", role: "admin" },
  { group: "dispatch", role: "dispatcher" },
  { group: "field", role: "technician" },
];

describe("roleForGroups", () => {
  it.each<[string, unknown, string | null]>([
    ["one mapped group", ["dispatch"], "dispatcher"],
    ["several mapped groups: the first pair of the map wins", ["field", "ops-admins", "dispatch"], "admin"],
    ["unmapped groups beside a mapped one", ["staff", "everyone", "field"], "technician"],
    ["only unmapped groups", ["staff", "everyone"], null],
    ["no groups", [], null],
    ["no claim at all", undefined, null],
    ["a claim of the wrong type", { dispatch: true }, null],
    ["non-string members are ignored", [42, null, "dispatch"], "dispatcher"],
    ["a single group as a string", "dispatch", "dispatcher"],
    ["group names are compared exactly", ["Dispatch", "dispatch "], null],
  ])("%s → %s", (_what, groups, role) => {
    expect(roleForGroups(groups, MAP)).toBe(role);
  });
});

describe("parseRoleMap", () => {
  it.each<[string, RoleMapping[]]>([
    ["ops-admins=admin,dispatch=dispatcher", MAP.slice(0, 2)],
    [" ops-admins = admin , dispatch=dispatcher ,", MAP.slice(0, 2)],
    ["Field Techs=technician", [{ group: "Field Techs", role: "technician" }]],
    [
      "a=billing,b=billing",
      [
        { group: "a", role: "billing" },
        { group: "b", role: "billing" },
      ],
    ],
  ])("reads %j", (raw, map) => {
    expect(parseRoleMap(raw)).toEqual({ ok: true, map });
  });

  it.each<[string, string]>([
    [
      "ops-admins=owner",
      'names the role "owner" for the group "ops-admins": roles are admin, dispatcher, technician, billing, support',
    ],
    ["ops-admins", 'must be group=role pairs separated by commas, got "ops-admins"'],
    ["=admin", 'must be group=role pairs separated by commas, got "=admin"'],
    [",", 'must be group=role pairs separated by commas, got ","'],
    ["a=admin,a=support", 'maps the group "a" twice: give each group one role'],
  ])("refuses %j", (raw, problem) => {
    expect(parseRoleMap(raw)).toEqual({ ok: false, problem });
  });
});
