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

/** Only same-site paths may be used as a post-sign-in destination (no open redirect). */
export function safeReturnPath(candidate: string | null | undefined): string | null {
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\")) return null;
  return candidate;
}
