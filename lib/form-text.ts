/**
 * A text field of a submitted form; "" when it is missing or is a file. `String(form.get(x))`
 * would turn a file into "[object File]".
 */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
