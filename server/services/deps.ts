import type { ServerConfig } from "../config";
import type { Database } from "../db/client";
import type { AcsClient } from "../integrations/genieacs/acs-client";
import type { Mailer } from "../integrations/mail/mailer";
import type { SmsSender } from "../integrations/sms/sms-sender";
import type { PaymentGateway } from "../integrations/stripe/payment-gateway";
import type { SnmpProber } from "../integrations/snmp/snmp-prober";
import type { FileStorage } from "../storage/file-storage";
import type { RadiusDynamicClient } from "../integrations/radius/dynamic-client";
import type { JobSender } from "./background-jobs";
import type { ProcessEvents } from "./process-events";

/**
 * Everything stateful a service may use, built once per process by the composition root
 * (server/runtime.ts) and passed in, never looked up. The convention, for every service:
 * `fn(deps, actor?, input)`, where `deps` is a `Pick<ServiceDeps, ...>` of exactly what the
 * service uses; a service whose only dependency is the database takes it as `db: Database`
 * (or `tx: Queryable` inside a transaction). A test builds the deps it needs with fakes.
 */
export interface ServiceDeps {
  config: ServerConfig;
  db: Database;
  storage: FileStorage;
  mailer: Mailer;
  /** Refuses every send with SMS_NOT_CONFIGURED when Twilio is not configured. */
  sms: SmsSender;
  /** Null when Stripe is not configured: card services refuse with errors.cardPayment.notConfigured. */
  payments: PaymentGateway | null;
  /** GenieACS's NBI (TR-069); null when GENIEACS_URL is unset: remote actions refuse with errors.acs.notConfigured. */
  acs: AcsClient | null;
  jobs: JobSender;
  events: ProcessEvents;
  /** Disconnect-Requests (RFC 5176) to the NAS of open subscriber sessions. */
  radius: RadiusDynamicClient;
  /** SNMP probes of CPEs, bounded per device and across the process (config.network.snmp). */
  snmp: SnmpProber;
}
