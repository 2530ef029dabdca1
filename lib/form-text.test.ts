import { describe, expect, it } from "vitest";
import { formText } from "./form-text";

describe("formText", () => {
  const form = new FormData();
  form.set("name", "  Julie ");
  form.set("empty", "");
  form.set("upload", new Blob(["x"]), "x.txt");

  it.each([
    ["name", "  Julie "],
    ["empty", ""],
    ["missing", ""],
    ["upload", ""],
  ])("%s → %j", (name, expected) => {
    expect(formText(form, name)).toBe(expected);
  });
});
