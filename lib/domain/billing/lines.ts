/**
 * An invoice line: what it is (a text key and parameters rendered per locale by texts.ts),
 * the days it covers, and a signed amount. Charges and penalties are ≥ 0, credits ≤ 0, so an
 * invoice's subtotal is the plain sum of its lines.
 */
import { assertIsoDate } from "./periods";
import type { LineText } from "./texts";

export type LineKind = "charge" | "credit" | "penalty";

export type InvoiceLine = LineText & {
  kind: LineKind;
  /** First day covered. */
  periodStart: string;
  /** Day after the last day covered (exclusive). */
  periodEnd: string;
  amountCents: number;
};

export function assertLine(line: InvoiceLine, index: number): void {
  const where = `line ${index} (${line.key})`;
  if (line.kind !== "charge" && line.kind !== "credit" && line.kind !== "penalty")
    throw new RangeError(`${where}: unknown kind ${JSON.stringify(line.kind)}`);
  if (!Number.isSafeInteger(line.amountCents))
    throw new RangeError(`${where}: amountCents must be an integer number of cents, got ${String(line.amountCents)}`);
  if (line.kind === "credit" ? line.amountCents > 0 : line.amountCents < 0) {
    throw new RangeError(
      `${where}: a ${line.kind} must be ${line.kind === "credit" ? "≤ 0" : "≥ 0"}, got ${line.amountCents}`,
    );
  }
  assertIsoDate(line.periodStart, `${where} periodStart`);
  assertIsoDate(line.periodEnd, `${where} periodEnd`);
  if (line.periodEnd < line.periodStart)
    throw new RangeError(`${where}: periodEnd ${line.periodEnd} is before periodStart ${line.periodStart}`);
}
