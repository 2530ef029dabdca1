export * from "./auth";
export * from "./customers";
export * from "./catalog";
export * from "./services";
export * from "./billing";
export * from "./tickets";
export * from "./dispatch";
export * from "./audit";
