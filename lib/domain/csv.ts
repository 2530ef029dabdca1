/**
 * CSV cells as spreadsheets read them (RFC 4180): a cell holding a comma, a quote or a line
 * break is quoted, its quotes doubled. A cell that a spreadsheet would run as a formula
 * (starting with = + - @, or a tab or carriage return that hides one) is prefixed with a single
 * quote, so a value typed by a customer ("=HYPERLINK(…)") stays text when the office opens the file.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  // Numbers are ours (ids, amounts): a negative amount stays a number.
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line, ended with CRLF as RFC 4180 and Excel expect. */
export function csvRow(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** Written first so Excel reads the file as UTF-8 (accents in names and addresses). */
export const UTF8_BOM = "\uFEFF";
