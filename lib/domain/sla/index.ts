export * from "./business-hours";
export * from "./policy";
export * from "./quebec-holidays";
export { localDayOf, isoOfDay, dayOfIso, torontoOffsetMinutes } from "./toronto-time";
export * from "./report-weeks";
