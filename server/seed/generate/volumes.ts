export type SeedScale = "demo" | "full";

export interface Volumes {
  customers: number;
  locations: number;
  subscriptions: number;
  equipment: number;
  invoices: number;
  payments: number;
  tickets: number;
  messages: number;
  technicians: number;
  /** Extra staff (support, billing, dispatch) besides the demo accounts: ticket assignees and authors. */
  extraStaff: number;
  /** Board jobs per weekday, from today to 14 days ahead. */
  jobsPerDay: readonly [number, number];
  /** Weekdays of finished jobs kept before today. */
  pastJobDays: number;
}

/** `full` is the reference system's production volume (ARCHITECTURE.md); `demo` is about 3 % of it. */
export const VOLUMES: Record<SeedScale, Volumes> = {
  full: {
    customers: 6_667,
    locations: 17_000,
    subscriptions: 21_876,
    equipment: 7_600,
    invoices: 115_000,
    payments: 99_000,
    tickets: 242_000,
    messages: 784_000,
    technicians: 40,
    extraStaff: 30,
    jobsPerDay: [20, 60],
    pastJobDays: 30,
  },
  demo: {
    customers: 200,
    locations: 510,
    subscriptions: 656,
    equipment: 228,
    invoices: 3_450,
    payments: 2_970,
    tickets: 7_260,
    messages: 23_520,
    technicians: 12,
    extraStaff: 8,
    jobsPerDay: [15, 25],
    pastJobDays: 10,
  },
};

/** How far back history goes, in months before the current one. */
export const HISTORY_MONTHS = 36;
/** Days ahead of today that the dispatch board is filled. */
export const BOARD_DAYS_AHEAD = 14;
