import { describe, expect, it } from "vitest";
import {
  Attr,
  attribute,
  decodePacket,
  encodeAccessRequest,
  encodeDynamicRequest,
  encodeResponse,
  hidePassword,
  RadiusCode,
  text,
  verifyDynamicRequest,
  verifyResponse,
} from "./packet";

describe("RADIUS packets", () => {
  it("hides a User-Password as RFC 2865's example does", () => {
    const authenticator = Buffer.from("0f403f9473978057bd83d5cb98f4227a", "hex");
    expect(hidePassword("arctangent", "xyzzy5461", authenticator).toString("hex")).toBe(
      "0dbe708d93d413ce3196e43f782a0aee",
    );
  });

  it("signs a Disconnect-Request that verifies with its secret only, and not once altered", () => {
    const packet = encodeDynamicRequest(RadiusCode.DisconnectRequest, 7, "nas-secret", [
      text(Attr.UserName, "alice.1"),
      text(Attr.AcctSessionId, "81a00001"),
    ]);
    const decoded = decodePacket(packet)!;
    expect(decoded.code).toBe(40);
    expect(decoded.identifier).toBe(7);
    expect(attribute(decoded, Attr.UserName)?.toString()).toBe("alice.1");
    expect(attribute(decoded, Attr.MessageAuthenticator)).toHaveLength(16);
    expect(verifyDynamicRequest(decoded, "nas-secret")).toBe(true);
    expect(verifyDynamicRequest(decoded, "other-secret")).toBe(false);
    const altered = Buffer.from(packet);
    altered.writeUInt8(altered.readUInt8(altered.length - 20) ^ 1, altered.length - 20);
    expect(verifyDynamicRequest(decodePacket(altered)!, "nas-secret")).toBe(false);
  });

  it("checks an answer against the request it answers and the secret", () => {
    const request = encodeDynamicRequest(RadiusCode.DisconnectRequest, 9, "s3cret", [text(Attr.UserName, "bob")]);
    const answer = decodePacket(encodeResponse(RadiusCode.DisconnectAck, decodePacket(request)!, "s3cret"))!;
    expect(answer.code).toBe(41);
    expect(verifyResponse(answer, request, "s3cret")).toBe(true);
    expect(verifyResponse(answer, request, "wrong")).toBe(false);
    const otherRequest = encodeDynamicRequest(RadiusCode.DisconnectRequest, 9, "s3cret", [text(Attr.UserName, "eve")]);
    expect(verifyResponse(answer, otherRequest, "s3cret")).toBe(false);
  });

  it("builds an Access-Request with the password hidden, never in clear", () => {
    const packet = encodeAccessRequest(3, "testing123", "alice.1", "pa55word-clear");
    expect(packet.includes(Buffer.from("pa55word-clear"))).toBe(false);
    const decoded = decodePacket(packet)!;
    expect(decoded.code).toBe(1);
    expect(attribute(decoded, Attr.UserPassword)).toHaveLength(16);
  });

  it.each([
    ["shorter than a header", Buffer.alloc(10)],
    ["a length past the datagram", Buffer.from("0101ffff" + "00".repeat(16), "hex")],
    ["an attribute of length 1", Buffer.from("01010016" + "00".repeat(16) + "0101", "hex")],
  ])("refuses a datagram %s", (_name, datagram) => {
    expect(decodePacket(datagram)).toBeNull();
  });
});
