import type { RoleMapping } from "../../lib/domain/auth/sso-roles";
import type { EncryptionKey } from "../crypto/secret-box";
import type { RadiusConfig } from "./radius";
import type { Subnet } from "../../lib/domain/network/ip-address";

/**
 * Every setting the server reads from the environment, parsed. The README's configuration
 * table mirrors server/config/env-schema.ts, where each variable and its default are declared.
 */
export interface ServerConfig {
  port: number;
  /** Interface to listen on: HOST, else 127.0.0.1 for the embedded trial and 0.0.0.0 for a deployment. */
  host: string;
  /** Public origin used in links and auth callbacks. */
  baseUrl: string;
  /**
   * Proxies in front of the app that append to X-Forwarded-For (0: clients connect directly, and the
   * socket's address is the client's). The client is that many entries from the right of the header.
   */
  trustedProxyHops: number;
  /** PostgreSQL connection string; unset means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  authSecret: string;
  /**
   * The keys that seal secrets at rest (RADIUS passwords), newest first: the newest seals, any
   * opens what names its id (APP_ENCRYPTION_KEYS, then APP_ENCRYPTION_KEY with a derived id).
   */
  encryptionKeys: EncryptionKey[];
  /** Staff single sign-on; null when OIDC_ISSUER is unset. */
  oidc: OidcConfig | null;
  billing: BillingConfig;
  reminders: ReminderHoursConfig;
  /** Outgoing email (invoices, reminders). No SMTP_URL: messages are written as .eml files under dataDir/outbox. */
  mail: {
    smtpUrl: string | undefined;
    from: string;
    /** The secret a relay presents to POST /api/webhooks/email/inbound; unset, that route answers 503. */
    inboundSecret?: string;
  };
  /** Card payments; null when STRIPE_SECRET_KEY is unset (card actions then say Stripe is not configured). */
  stripe: { secretKey: string; webhookSecret: string; apiBaseUrl: string | undefined } | null;
  /** SMS; null when TWILIO_ACCOUNT_SID is unset (SMS are then recorded as failed, "SMS not configured"). */
  twilio: { accountSid: string; authToken: string; from: string; apiBaseUrl: string | undefined } | null;
  /** Technicians' positions from a Traccar server; null when TRACCAR_URL is unset. */
  traccar: { url: string; email: string; password: string } | null;
  /**
   * GenieACS's northbound interface (TR-069 remote management); null when GENIEACS_URL is unset, and
   * remote actions then say it is not configured. Credentials are null when the NBI has no authentication.
   */
  genieacs: { url: string; credentials: { username: string; password: string } | null } | null;
  /** Redis for scale-out (board relay, Socket.IO adapter); unset means a single instance. */
  redisUrl: string | undefined;
  /** Days of GPS history kept; older positions are pruned daily. */
  gpsRetentionDays: number;
  /** Days of board edit history kept (the replay at /dispatch/history); older edits are pruned daily. */
  boardHistoryDays: number;
  /** Uploaded files (job photos, signatures): local disk under `dir`, or an S3-compatible bucket when S3_BUCKET is set. */
  storage: StorageConfig;
  /** Subscriber access through FreeRADIUS (server/config/radius.ts). */
  radius: RadiusConfig;
  /** CPE diagnostics: which addresses may be probed, and how. */
  network: NetworkConfig;
}

export interface NetworkConfig {
  /** MGMT_SUBNETS: a device's management address must lie inside one; empty means nothing is probed. */
  mgmtSubnets: Subnet[];
  snmp: SnmpConfig;
}

export type SnmpCredentials =
  | { version: "2c"; community: string }
  | {
      version: "3";
      user: string;
      authProtocol: "md5" | "sha" | "sha224" | "sha256" | "sha384" | "sha512";
      authKey: string;
      privProtocol: "des" | "aes" | "aes256b" | "aes256r";
      privKey: string;
    };

export interface SnmpConfig {
  /** UDP port of the devices' agents (SNMP_PORT, default 161). */
  port: number;
  /** Whole-probe deadline (SNMP_TIMEOUT_MS, at most and by default 5000). */
  timeoutMs: number;
  /** Probes in flight at once across the process (SNMP_CONCURRENCY); one at a time per device. */
  concurrency: number;
  /** v3 authPriv when SNMP_V3_USER is set, else v2c with SNMP_COMMUNITY; null: probes are refused. */
  credentials: SnmpCredentials | null;
}

export interface StorageConfig {
  /** FILE_STORAGE_DIR, default dataDir/files; unused when s3 is set. */
  dir: string;
  s3: S3StorageConfig | null;
}

export interface S3StorageConfig {
  bucket: string;
  region: string;
  /** Unset means AWS itself; set for MinIO, Ceph, Wasabi and the like. */
  endpoint: string | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket in the path (http://host/bucket/key) rather than the host name; what most S3-compatible servers want. */
  forcePathStyle: boolean;
}

export interface BillingConfig {
  /** Printed on every invoice and credit note (ADR 0003). */
  providerName: string;
  /** Printed under the name; empty prints nothing. */
  providerAddress: string;
  gstNumber: string;
  qstNumber: string;
  /** Days after an invoice's due date when a reminder goes out (email and SMS), in order. */
  dunningReminderDays: number[];
  /** Days after the due date when the overdue customer's subscriptions are suspended. */
  dunningSuspendDays: number;
}

/** When reminders go out, as hours of the day in Quebec. */
export interface ReminderHoursConfig {
  /** The hour the daily dunning pass runs (its reminders and suspensions). */
  dunningHour: number;
  /** The hour, the evening before a visit, the appointment reminder SMS goes out. */
  appointmentHour: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** OIDC_ALLOW_SIGN_UP: a person the identity provider accepts, with a mapped group, gets a staff account on first sign-in. */
  allowSignUp: boolean;
  /** OIDC_LINK_VERIFIED_EMAIL: a provider-verified email may sign in to the existing account with that email. */
  linkVerifiedEmail: boolean;
  /** OIDC_GROUPS_CLAIM: the userinfo claim that lists the person's groups. */
  groupsClaim: string;
  /** OIDC_ROLE_MAP, in order of precedence. */
  roleMap: RoleMapping[];
}
