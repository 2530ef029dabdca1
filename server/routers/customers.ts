import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { customerIdInput, customerSearchInput, updateCustomerContactInput } from "../../lib/schemas/customers";
import { searchCustomers } from "../services/customers/search-customers";
import { getCustomer360 } from "../services/customers/customer-360";
import { updateCustomerContact } from "../services/customers/update-customer-contact";

export const customersRouter = router({
  search: capabilityProcedure("customers.read")
    .input(customerSearchInput)
    .query(({ ctx, input }) => searchCustomers(ctx.db, input)),
  get360: capabilityProcedure("customers.read")
    .input(customerIdInput)
    .query(({ ctx, input }) => getCustomer360(ctx.db, input.customerId)),
  updateContact: capabilityProcedure("customers.edit")
    .input(updateCustomerContactInput)
    .mutation(({ ctx, input }) => updateCustomerContact(ctx.db, ctx.actor, input)),
});
