import type { Runtime } from "../runtime";
import type { ServiceDeps } from "../services/deps";
import type { CustomerSession, StaffSession } from "../services/actor";
import { localeOfHeaders, type Locale } from "../../i18n/request-locale";

export type { CustomerSession, StaffSession } from "../services/actor";

/**
 * A request's context: the composition root's dependencies (a router passes `ctx` on as a
 * service's deps) and who is calling, in either realm.
 */
export interface Context extends ServiceDeps {
  staff: StaffSession | null;
  customer: CustomerSession | null;
  /** The request's language (locale cookie, then Accept-Language), for the messages an error answers with. */
  locale?: Locale;
}

/** The root's services, without its auth realms, database handle or job workers' controls. */
export function serviceDepsOf(runtime: Runtime): ServiceDeps {
  const { config, db, storage, mailer, sms, payments, acs, jobs, events, radius, snmp } = runtime;
  return { config, db, storage, mailer, sms, payments, acs, jobs, events, radius, snmp };
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
    ...serviceDepsOf(runtime),
    locale: localeOfHeaders(headers),
    staff:
      staffUser && staffUser.active !== false
        ? {
            userId: staffUser.id,
            name: staffUser.name,
            email: staffUser.email,
            role: staffUser.role as StaffSession["role"],
          }
        : null,
    customer: customerUser
      ? {
          userId: customerUser.id,
          name: customerUser.name,
          email: customerUser.email,
          customerId: Number(customerUser.customerId),
        }
      : null,
  };
}
