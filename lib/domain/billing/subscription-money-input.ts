/**
 * Dollar amounts typed by a clerk ("45", "45.5", "45,50 $") as integer cents. French users type
 * a decimal comma, so both separators are accepted. The sign is kept: the subscription service
 * refuses a negative price with its own message, the same whoever calls it.
 */
export function centsFromMoneyInput(value: string): number | null {
  const text = value.replace(/[\s\u00a0$]/g, "").replace(",", ".");
  if (text === "") return null;
  if (!/^-?\d{1,7}(\.\d{1,2})?$/.test(text)) throw new RangeError(`not an amount of money: ${JSON.stringify(value)}`);
  const [whole = "0", fraction = ""] = text.replace("-", "").split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return text.startsWith("-") && cents !== 0 ? -cents : cents;
}
