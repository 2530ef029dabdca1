export const STAFF_ROLES = ["admin", "dispatcher", "technician", "billing", "support"] as const;
export type StaffRoleName = (typeof STAFF_ROLES)[number];

/** The landing page of each staff role. */
export const HOME_OF_ROLE: Record<StaffRoleName, string> = {
  admin: "/office",
  billing: "/office",
  support: "/office",
  dispatcher: "/dispatch",
  technician: "/tech",
};

/** Stands for the app's origin: only whether a path stays on it matters, not which origin it is. */
const APP_ORIGIN = "https://app.invalid";
/**
 * Characters a browser drops from a URL or reads as a slash ("/\t/evil.example" and "/\\evil.example"
 * both become "//evil.example"), so a path holding one is never given to `location.assign`.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\\u2028\u2029]/;
/** Percent-decoding rounds tried before giving up on a path: "%252F" hides "/" behind two. */
const DECODE_ROUNDS = 3;

function staysOnOrigin(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || UNSAFE_CHARACTERS.test(path)) return false;
  try {
    return new URL(path, APP_ORIGIN).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * A post-sign-in destination, or null (no open redirect). The path is parsed as a URL against the
 * app's origin and must stay on it, and so must every percent-decoded form of it, since one more
 * decoding anywhere between here and the browser would otherwise turn "/%2F/evil.example" into
 * "///evil.example". Returns the parsed path, query and fragment.
 */
export function safeReturnPath(candidate: string | null | undefined): string | null {
  if (!candidate) return null;
  let form = candidate;
  for (let round = 0; ; round++) {
    if (!staysOnOrigin(form)) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(form);
    } catch {
      return null;
    }
    if (decoded === form) break;
    if (round === DECODE_ROUNDS) return null;
    form = decoded;
  }
  const url = new URL(candidate, APP_ORIGIN);
  return `${url.pathname}${url.search}${url.hash}`;
}
