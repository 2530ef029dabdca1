import { getRuntime } from "../runtime";
import { readTrackingLink, type TrackingLookup } from "../services/tracking/read-link";

/**
 * What the pages outside both realms read (docs/architecture.md, D5): pages never import the
 * runtime or a service themselves, and these have no session, hence no tRPC procedure.
 */

/** The public tracking page's link: the token in the URL is the credential. */
export async function trackingLinkForPage(token: string, now: Date): Promise<TrackingLookup> {
  return readTrackingLink((await getRuntime()).db, token, now);
}

/** Whether the staff sign-in page offers single sign-on (OIDC_ISSUER is set). */
export async function staffSsoEnabled(): Promise<boolean> {
  return (await getRuntime()).config.oidc !== null;
}
