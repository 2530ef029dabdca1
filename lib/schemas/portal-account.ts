import { z } from "zod";

/** A blank field clears the number; otherwise the same phone rule as the office's. */
const optionalPhone = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? null : value),
  z
    .string()
    .trim()
    .regex(/^\+?[\d\s().-]{10,20}$/, { message: "errors.input.phone" })
    .nullable(),
);

/** What a customer may change of their own profile; the customer is the session's, never an input. */
export const portalProfileInput = z.object({
  name: z
    .string()
    .trim()
    .min(2, { message: "errors.input.portalName" })
    .max(100, { message: "errors.input.portalName" }),
  phone: optionalPhone,
  mobile: optionalPhone,
  language: z.enum(["fr", "en"], { message: "errors.input.language" }),
});
export type PortalProfileInput = z.infer<typeof portalProfileInput>;

export const portalConsentInput = z.object({
  channel: z.enum(["email", "sms"], { message: "errors.input.consentChannel" }),
  granted: z.boolean(),
});
export type PortalConsentInput = z.infer<typeof portalConsentInput>;
