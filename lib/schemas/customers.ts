import { z } from "zod";
import { recordId } from "./ids";

export const customerSearchInput = z.object({
  q: z
    .string()
    .trim()
    .min(2, { message: "errors.input.searchTooShort" })
    .max(100, { message: "errors.input.searchTooLong" }),
  field: z.enum(["any", "name", "phone", "email", "address", "legacyId"]).default("any"),
  limit: z.number().int().min(1).max(50).default(25),
});
export type CustomerSearchInput = z.infer<typeof customerSearchInput>;

export const customerIdInput = z.object({ customerId: recordId });

const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s().-]{10,20}$/, { message: "errors.input.phone" });

export const updateCustomerContactInput = z.object({
  customerId: recordId,
  email: z.email({ message: "errors.input.email" }).nullable().optional(),
  phone: phone.nullable().optional(),
  mobile: phone.nullable().optional(),
  language: z.enum(["fr", "en"]).optional(),
  preAuthorizedPayments: z.boolean().optional(),
});
export type UpdateCustomerContactInput = z.infer<typeof updateCustomerContactInput>;
