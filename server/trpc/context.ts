import type { Runtime } from "../runtime";
import type { Database } from "../db/client";
import type { ServerConfig } from "../config";
import type { StaffRole } from "../services/actor";

export interface StaffSession { userId: string; name: string; email: string; role: StaffRole }
export interface CustomerSession { userId: string; name: string; email: string; customerId: number }

export interface Context {
  db: Database;
  /** Settings services need for outside services (mail, Stripe, Twilio) and billing rules. */
  config: ServerConfig;
  staff: StaffSession | null;
  customer: CustomerSession | null;
}

/**
 * Reads both realms' sessions from the request. Each realm only honours its own
 * cookie, so a customer's cookie never yields a staff session and vice versa.
 */
export async function createContext(runtime: Runtime, headers: Headers): Promise<Context> {
  const [staffSession, customerSession] = await Promise.all([
    runtime.staffAuth.api.getSession({ headers }),
    runtime.customerAuth.api.getSession({ headers }),
  ]);
  const staffUser = staffSession?.user;
  const customerUser = customerSession?.user;
  return {
    db: runtime.database.db,
    config: runtime.config,
    staff: staffUser && staffUser.active !== false
      ? { userId: staffUser.id, name: staffUser.name, email: staffUser.email, role: staffUser.role as StaffRole }
      : null,
    customer: customerUser
      ? { userId: customerUser.id, name: customerUser.name, email: customerUser.email, customerId: Number(customerUser.customerId) }
      : null,
  };
}
