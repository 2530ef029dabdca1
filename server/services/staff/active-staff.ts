import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { staffUsers } from "../../db/schema";
import type { StaffRole } from "../actor";

/** A staff user's name and role; null when there is no such user or the account is deactivated. */
export async function activeStaffUser(
  db: Queryable,
  userId: string,
): Promise<{ id: string; name: string; role: StaffRole } | null> {
  const [user] = await db
    .select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role, active: staffUsers.active })
    .from(staffUsers)
    .where(eq(staffUsers.id, userId));
  return user?.active ? { id: user.id, name: user.name, role: user.role } : null;
}
