import type { ticketMessages } from "../../db/schema";
import { Rng } from "../random";
import type { RowOf, SeedContext } from "./context";
import { customersOf } from "./customers";
import { staffOf } from "./staff";
import {
  CLOSINGS,
  CUSTOMER_FOLLOW_UPS,
  CUSTOMER_OPENERS,
  INTERNAL_NOTES,
  REPLY_TOPIC,
  STAFF_REPLIES,
  SYSTEM_MESSAGES,
  TICKET_TYPES,
  type TicketType,
} from "./texts";
import { ticketsOf } from "./tickets";
import { iso } from "./time";

type Row = RowOf<typeof ticketMessages>;
type Channel = Row["channel"];

/** A plausible conversation per ticket: the customer opens, staff answer, notes and reminders in between. */
export function* ticketMessageRows(ctx: SeedContext): Generator<Row> {
  const rng = Rng.for(ctx.scale, "ticket-messages");
  const plan = ticketsOf(ctx);
  const { customers } = customersOf(ctx);
  const staff = staffOf(ctx);
  const supportIds = staff.supportIds;
  let id = 0;
  const times: number[] = [];
  for (let t = 0; t < plan.count; t++) {
    const ticketId = t + 1;
    const c = customers[plan.customer[t] as number];
    const lang = c?.language ?? "fr";
    const type = TICKET_TYPES[plan.type[t] as number] as TicketType;
    const n = plan.messages[t] as number;
    const start = plan.createdMs[t] as number;
    const end = plan.endMs[t] as number;
    const closed = (plan.status[t] as number) >= 3;
    times.length = 0;
    for (let k = 1; k < n - 1; k++) times.push(rng.date(start, end));
    times.sort((a, b) => a - b);
    times.unshift(start);
    if (n > 1) times.push(end);
    const assignee = staff.users[plan.assignee[t] as number];
    const staffId = () => (assignee && rng.chance(0.8) ? assignee.id : rng.pick(supportIds));
    const customerName = c ? (c.companyName ? `${c.firstName} ${c.lastName}` : c.displayName) : "";
    let channel: Channel = c
      ? rng.weighted<Channel>([
          ["email", 40],
          ["portal", 25],
          ["sms", 15],
          ["note", 20],
        ])
      : "note";
    for (let k = 0; k < n; k++) {
      const createdAt = iso(times[k] as number);
      let row: Row;
      if (k === 0 && c && channel !== "note") {
        row = {
          id: ++id,
          ticketId,
          channel,
          authorKind: "customer",
          authorStaffId: null,
          authorName: customerName,
          body: rng.pick(CUSTOMER_OPENERS[type][lang]),
          internal: false,
          createdAt,
        };
      } else if (k === 0) {
        const author = staffId();
        const body = c
          ? `${lang === "fr" ? "Appel du client : " : "Customer called: "}${rng.pick(CUSTOMER_OPENERS[type][lang])}`
          : rng.pick(INTERNAL_NOTES);
        row = {
          id: ++id,
          ticketId,
          channel: "note",
          authorKind: "staff",
          authorStaffId: author,
          authorName: staff.nameById.get(author) ?? "",
          body,
          internal: true,
          createdAt,
        };
        // A phone call gets its answers by e-mail.
        channel = "email";
      } else {
        const kind =
          k === n - 1 && closed
            ? "closing"
            : rng.weighted([
                ["reply", 45],
                ["customer", c ? 30 : 0],
                ["note", 20],
                ["system", 5],
              ] as const);
        if (kind === "customer") {
          row = {
            id: ++id,
            ticketId,
            channel,
            authorKind: "customer",
            authorStaffId: null,
            authorName: customerName,
            body: rng.pick(CUSTOMER_FOLLOW_UPS[lang]),
            internal: false,
            createdAt,
          };
        } else if (kind === "system") {
          row = {
            id: ++id,
            ticketId,
            channel: "sms",
            authorKind: "system",
            authorStaffId: null,
            authorName: lang === "fr" ? "Système" : "System",
            body: rng.pick(SYSTEM_MESSAGES[lang]),
            internal: false,
            createdAt,
          };
        } else {
          const author = staffId();
          const note = kind === "note" || !c;
          const body = note
            ? rng.pick(INTERNAL_NOTES)
            : kind === "closing"
              ? rng.pick(CLOSINGS[lang])
              : rng.pick(STAFF_REPLIES[REPLY_TOPIC[type]][lang]);
          row = {
            id: ++id,
            ticketId,
            channel: note ? "note" : channel,
            authorKind: "staff",
            authorStaffId: author,
            authorName: staff.nameById.get(author) ?? "",
            body,
            internal: note,
            createdAt,
          };
        }
      }
      yield row;
    }
  }
}
