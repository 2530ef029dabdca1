/** Billing rules (docs/adr/0003-billing-rules.md): pure, dates as Quebec calendar dates, money in cents. */
export * from "./periods";
export * from "./proration";
export * from "./lines";
export * from "./subscription-changes";
export * from "./commitment";
export * from "./invoice";
export * from "./texts";
export * from "./subscription-money-input";
