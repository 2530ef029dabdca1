/**
 * The JSON FreeRADIUS's rest module speaks (rlm_rest, `body = json`). It posts the request's
 * attributes as `{ "<Attribute-Name>": { "type": "<type>", "value": [<value>, ...] } }` and reads
 * back an object whose keys name a list and an attribute (`"reply:Mikrotik-Rate-Limit"`,
 * `"control:Cleartext-Password"`) and whose values are a value or a list of values. The HTTP
 * status is the module's verdict: 2xx ok/updated, 401 reject, 404 notfound, other 4xx invalid,
 * 5xx fail.
 */
import type { ReplyAttribute } from "../../lib/domain/radius/reply-attributes";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The first value of each attribute, as text; null when the body is not a JSON object. */
export function restAttributes(body: unknown): Record<string, string> | null {
  if (!isObject(body)) return null;
  const attributes: Record<string, string> = {};
  for (const [name, entry] of Object.entries(body)) {
    const value = isObject(entry) && "value" in entry ? entry.value : entry;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string" || typeof first === "number" || typeof first === "boolean")
      attributes[name] = String(first);
  }
  return attributes;
}

/**
 * An accept's body: the known-good password for FreeRADIUS to check, and the reply attributes.
 * Values are taken as they are (`do_xlat: false`: a "%" in a password is not an expansion), and
 * an attribute given several values gets them all (`+=`).
 */
export function acceptBody(password: string, reply: readonly ReplyAttribute[]): Record<string, unknown> {
  const body: Record<string, { op: string; do_xlat: false; value: Array<string | number> }> = {
    "control:Cleartext-Password": { op: ":=", do_xlat: false, value: [password] },
  };
  for (const { name, value } of reply) {
    const key = `reply:${name}`;
    const earlier = body[key];
    if (earlier) body[key] = { ...earlier, op: "+=", value: [...earlier.value, value] };
    else body[key] = { op: ":=", do_xlat: false, value: [value] };
  }
  return body;
}
