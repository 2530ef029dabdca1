import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { loadStoredDocument } from "./persistence";

function storedBoard() {
  const source = new Y.Doc();
  source.getMap("jobs").set("1", "first");
  const snapshot = Y.encodeStateAsUpdateV2(source);
  const log: Uint8Array[] = [];
  source.on("update", (update: Uint8Array) => log.push(update));
  source.getMap("jobs").set("2", "second");
  return { source, stored: { snapshot, log } };
}

describe("loadStoredDocument", () => {
  it("applies snapshot and log without encoding them again for the update listeners, which it then restores", () => {
    const { source, stored } = storedBoard();
    const doc = new Y.Doc();
    const heard: Uint8Array[] = [];
    const listener = (update: Uint8Array) => heard.push(update);
    doc.on("update", listener);
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);

    loadStoredDocument(doc, stored, "load");
    expect(doc.getMap("jobs").toJSON()).toEqual({ 1: "first", 2: "second" });
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(source));
    expect(transactions).toBe(2);
    expect(heard).toHaveLength(0);

    doc.getMap("jobs").set("3", "third");
    expect(heard).toHaveLength(1);
    doc.off("update", listener);
    doc.getMap("jobs").set("4", "fourth");
    expect(heard).toHaveLength(1);
  });

  it("leaves a document without update listeners without any", () => {
    const { stored } = storedBoard();
    const doc = new Y.Doc();
    loadStoredDocument(doc, stored, "load");
    expect(doc._observers.has("update")).toBe(false);
    expect(doc.getMap("jobs").size).toBe(2);
  });
});
