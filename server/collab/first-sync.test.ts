import { describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import {
  MAX_HELD_PER_SOCKET,
  createFirstSyncGate,
  documentOfAddress,
  isEmptyStateVector,
  readGateMessage,
  syncStep1Message,
  syncStep2Message,
} from "./first-sync";

/** A message as the provider sends it: address, Hocuspocus type, then the type's own fields. */
function message(address: string, type: number, write: (encoder: encoding.Encoder) => void = () => {}): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, address);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}
const auth = (address: string) =>
  message(address, 2, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, "token");
  });
const EMPTY_VECTOR = Y.encodeStateVector(new Y.Doc());
const someVector = () => {
  const doc = new Y.Doc();
  doc.getMap("m").set("k", 1);
  return Y.encodeStateVector(doc);
};
const awareness = (address: string) => message(address, 1, (e) => encoding.writeVarUint8Array(e, new Uint8Array([0])));
const BOARD = "board:2026-12-07";

function gateWithLog() {
  const sent: Uint8Array[] = [];
  const delivered: Uint8Array[] = [];
  const gate = createFirstSyncGate({
    send: (m, written) => {
      sent.push(m);
      written();
    },
    deliver: (m) => delivered.push(m),
  });
  return { gate, sent, delivered };
}

describe("readGateMessage", () => {
  it.each([
    ["an authentication", auth(BOARD), { kind: "auth", address: BOARD }],
    [
      "a sync step 1",
      syncStep1Message(BOARD, EMPTY_VECTOR),
      { kind: "first-sync", address: BOARD, stateVector: EMPTY_VECTOR },
    ],
    ["a sync step 2", syncStep2Message(BOARD, new Uint8Array([0, 0])), { kind: "other" }],
    ["an awareness update", awareness(BOARD), { kind: "other" }],
    ["a truncated message", new Uint8Array([5, 98]), { kind: "other" }],
    ["nothing", new Uint8Array(), { kind: "other" }],
  ])("reads %s", (_, bytes, expected) => {
    expect(readGateMessage(bytes)).toEqual(expected);
  });
});

describe("isEmptyStateVector", () => {
  it.each([
    ["a fresh replica's", EMPTY_VECTOR, true],
    ["a replica with content's", someVector(), false],
    ["no bytes", new Uint8Array(), false],
  ])("%s", (_, vector, expected) => {
    expect(isEmptyStateVector(vector)).toBe(expected);
  });
});

describe("documentOfAddress", () => {
  it.each([
    [BOARD, BOARD],
    [`${BOARD}\0session-1`, BOARD],
  ])("%j names %s", (address, name) => {
    expect(documentOfAddress(address)).toBe(name);
  });
});

describe("createFirstSyncGate", () => {
  it("holds a new replica's first sync after its authentication, and answers it from the store", async () => {
    const { gate, sent, delivered } = gateWithLog();
    const step1 = syncStep1Message(BOARD, EMPTY_VECTOR);
    gate.receive(auth(BOARD));
    gate.receive(step1);
    gate.receive(awareness(BOARD));
    expect(delivered).toEqual([auth(BOARD), awareness(BOARD)]);
    expect(gate.awaits(BOARD)).toBe(true);

    const stored = { update: new Uint8Array([1, 2, 3]), stateVector: someVector() };
    await expect(gate.answer(BOARD, stored)).resolves.toBeUndefined();
    // The client gets the stored bytes as its sync step 2; Hocuspocus gets the step 1 with the stored vector.
    expect(sent).toEqual([syncStep2Message(BOARD, stored.update)]);
    expect(delivered.at(-1)).toEqual(syncStep1Message(BOARD, stored.stateVector));
    expect(gate.awaits(BOARD)).toBe(false);
    // Nothing is held twice: a release after the answer hands on nothing more.
    gate.release(BOARD);
    expect(delivered).toHaveLength(3);
  });

  it("hands a held first sync on unchanged when the connection is set up without an answer", () => {
    const { gate, sent, delivered } = gateWithLog();
    const step1 = syncStep1Message(`${BOARD}\0s1`, EMPTY_VECTOR);
    gate.receive(auth(`${BOARD}\0s1`));
    gate.receive(step1);
    gate.release(BOARD);
    expect(delivered).toEqual([auth(`${BOARD}\0s1`), step1]);
    expect(sent).toEqual([]);
    // From then on, the address's messages go straight on, first syncs included.
    const again = syncStep1Message(`${BOARD}\0s1`, EMPTY_VECTOR);
    gate.receive(again);
    expect(delivered.at(-1)).toBe(again);
    expect(gate.answer(BOARD, { update: new Uint8Array([1]), stateVector: EMPTY_VECTOR })).toBeNull();
    expect(sent).toEqual([]);
  });

  it.each([
    ["a replica that has content (a reconnection)", [auth(BOARD), syncStep1Message(BOARD, someVector())]],
    ["a step 1 before any authentication", [syncStep1Message(BOARD, EMPTY_VECTOR)]],
    ["a step 1 authenticated for another document", [auth("board:2026-12-08"), syncStep1Message(BOARD, EMPTY_VECTOR)]],
  ])("does not hold %s", (_, messages) => {
    const { gate, delivered } = gateWithLog();
    for (const m of messages) gate.receive(m);
    expect(delivered).toEqual(messages);
    expect(gate.awaits(BOARD)).toBe(false);
  });

  it("answers only the document asked for", async () => {
    const { gate, sent, delivered } = gateWithLog();
    const other = "board:2026-12-08";
    for (const name of [BOARD, other]) {
      gate.receive(auth(name));
      gate.receive(syncStep1Message(name, EMPTY_VECTOR));
    }
    await gate.answer(other, { update: new Uint8Array([9]), stateVector: EMPTY_VECTOR });
    expect(sent).toEqual([syncStep2Message(other, new Uint8Array([9]))]);
    expect(gate.awaits(BOARD)).toBe(true);
    expect(delivered.filter((m) => readGateMessage(m).kind === "first-sync")).toHaveLength(1);
  });

  it("answers no address when two of the same document are pending on the socket: either may have failed its authentication", () => {
    const { gate, sent, delivered } = gateWithLog();
    const addresses = [`${BOARD}\0a`, `${BOARD}\0b`];
    for (const address of addresses) {
      gate.receive(auth(address));
      gate.receive(syncStep1Message(address, EMPTY_VECTOR));
    }
    expect(gate.answer(BOARD, { update: new Uint8Array([1]), stateVector: EMPTY_VECTOR })).toBeNull();
    expect(sent).toEqual([]);
    gate.release(BOARD);
    expect(delivered.filter((m) => readGateMessage(m).kind === "first-sync")).toEqual(
      addresses.map((address) => syncStep1Message(address, EMPTY_VECTOR)),
    );
  });

  it("keeps one step 1 per address, drops a stale one on a new authentication, and holds a bounded number", () => {
    const { gate, delivered } = gateWithLog();
    gate.receive(auth(BOARD));
    gate.receive(syncStep1Message(BOARD, EMPTY_VECTOR));
    gate.receive(auth(BOARD));
    gate.receive(syncStep1Message(BOARD, EMPTY_VECTOR));
    gate.release(BOARD);
    expect(delivered.filter((m) => readGateMessage(m).kind === "first-sync")).toHaveLength(1);

    const many = gateWithLog();
    const names = Array.from(
      { length: MAX_HELD_PER_SOCKET + 3 },
      (_, i) => `board:2026-12-${String(i + 1).padStart(2, "0")}`,
    );
    for (const name of names) {
      many.gate.receive(auth(name));
      many.gate.receive(syncStep1Message(name, EMPTY_VECTOR));
    }
    expect(names.filter((name) => many.gate.awaits(name))).toHaveLength(MAX_HELD_PER_SOCKET);
    // Those beyond the bound went on to Hocuspocus as they came.
    expect(many.delivered.filter((m) => readGateMessage(m).kind === "first-sync")).toHaveLength(3);
  });

  it("sends and delivers nothing once the socket is closed", () => {
    const { gate, sent, delivered } = gateWithLog();
    gate.receive(auth(BOARD));
    gate.receive(syncStep1Message(BOARD, EMPTY_VECTOR));
    gate.close();
    expect(gate.awaits(BOARD)).toBe(false);
    expect(gate.answer(BOARD, { update: new Uint8Array([1]), stateVector: EMPTY_VECTOR })).toBeNull();
    gate.release(BOARD);
    gate.receive(awareness(BOARD));
    expect(sent).toEqual([]);
    expect(delivered).toEqual([auth(BOARD)]);
  });
});
