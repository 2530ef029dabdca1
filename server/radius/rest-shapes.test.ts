import { describe, expect, it } from "vitest";
import { acceptBody, restAttributes } from "./rest-shapes";

describe("FreeRADIUS rest module shapes", () => {
  it("reads the first value of each attribute, in the typed form or plain", () => {
    expect(
      restAttributes({
        "User-Name": { type: "string", value: ["alice.1"] },
        "NAS-Port": { type: "integer", value: [7] },
        "Acct-Status-Type": { type: "integer", value: ["Start", "ignored"] },
        "Framed-IP-Address": "100.64.0.2",
        "Empty-List": { type: "string", value: [] },
        Nested: { type: "string", value: [{ no: "objects" }] },
      }),
    ).toEqual({
      "User-Name": "alice.1",
      "NAS-Port": "7",
      "Acct-Status-Type": "Start",
      "Framed-IP-Address": "100.64.0.2",
    });
  });

  it.each([null, [], "text", 3])("refuses a body that is not an object: %j", (body) => {
    expect(restAttributes(body)).toBeNull();
  });

  it("answers the password in control and the reply attributes in reply, unexpanded, repeated names added", () => {
    expect(
      acceptBody("p%{x}w", [
        { name: "Mikrotik-Rate-Limit", value: "50M/500M" },
        { name: "Filter-Id", value: "a" },
        { name: "Filter-Id", value: "b" },
      ]),
    ).toEqual({
      "control:Cleartext-Password": { op: ":=", do_xlat: false, value: ["p%{x}w"] },
      "reply:Mikrotik-Rate-Limit": { op: ":=", do_xlat: false, value: ["50M/500M"] },
      "reply:Filter-Id": { op: "+=", do_xlat: false, value: ["a", "b"] },
    });
  });
});
