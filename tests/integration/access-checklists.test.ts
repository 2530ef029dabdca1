import { describe } from "vitest";
import { describeAccessMatrix } from "../support/access-matrix";

describe("checklists procedures", () => {
  describeAccessMatrix([
    { name: "checklists.templates", allowed: ["admin", "dispatcher"], call: (c) => c.checklists.templates() },
    {
      // Each allowed call saves a different label, so none is answered as "nothing changed".
      name: "checklists.saveTemplate",
      allowed: ["admin", "dispatcher"],
      call: (c) =>
        c.checklists.saveTemplate({
          jobKind: "survey",
          items: [{ labelFr: `Étape ${Math.random()}`, labelEn: "Step", required: true }],
        }),
    },
  ]);
});
