import { and, asc, ilike, inArray, like, or, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, serviceLocations } from "../../db/schema";
import { likePattern, planCustomerSearch, type SearchField } from "../../../lib/domain/customer-search";
import type { CustomerSearchInput } from "../../../lib/schemas/customers";

export interface CustomerSearchHit {
  id: number;
  displayName: string;
  legacyAccountId: string;
  email: string | null;
  phone: string | null;
  language: "fr" | "en";
  status: string;
  firstAddress: string | null;
  matchedOn: SearchField;
}

/** The expressions the trigram indexes are built on (migration 0006); keep them identical. */
const locationSearchText = sql`immutable_unaccent(${serviceLocations.address} || ' ' || ${serviceLocations.city} || ' ' || ${serviceLocations.postalCode})`;
const nameSearchText = sql`immutable_unaccent(${customers.displayName})`;
const mobileDigits = sql`regexp_replace(coalesce(${customers.mobile}, ''), '[^0-9]', '', 'g')`;

async function idsMatching(
  db: Queryable,
  field: SearchField,
  text: string,
  phoneDigits: string,
  limit: number,
): Promise<number[]> {
  const pattern = likePattern(text);
  switch (field) {
    case "legacyId": {
      const candidates = [...new Set([text, text.toUpperCase()])];
      const rows = await db
        .select({ id: customers.id })
        .from(customers)
        .where(or(inArray(customers.legacyAccountId, candidates), inArray(customers.legacyCustomerId, candidates)))
        .limit(limit);
      return rows.map((r) => r.id);
    }
    case "phone": {
      // Fewer than 4 digits would match most of the book.
      if (phoneDigits.length < 4) return [];
      const digits = likePattern(phoneDigits);
      const rows = await db
        .select({ id: customers.id })
        .from(customers)
        .where(or(like(customers.phoneDigits, digits), sql`${mobileDigits} like ${digits}`))
        .orderBy(asc(customers.displayName))
        .limit(limit);
      return rows.map((r) => r.id);
    }
    case "email": {
      const rows = await db
        .select({ id: customers.id })
        .from(customers)
        .where(ilike(customers.email, pattern))
        .orderBy(asc(customers.email))
        .limit(limit);
      return rows.map((r) => r.id);
    }
    case "name": {
      // Accents ignored ("Cote" finds Côté); names that start with the query first, so "Trem"
      // puts Tremblay before Letremblay.
      const rows = await db
        .select({ id: customers.id })
        .from(customers)
        .where(sql`${nameSearchText} ilike immutable_unaccent(${pattern})`)
        .orderBy(
          sql`${nameSearchText} ilike immutable_unaccent(${likePattern(text).slice(1)}) desc`,
          asc(customers.displayName),
        )
        .limit(limit);
      return rows.map((r) => r.id);
    }
    case "address": {
      const rows = await db
        .selectDistinct({ id: serviceLocations.customerId })
        .from(serviceLocations)
        .where(sql`${locationSearchText} ilike immutable_unaccent(${pattern})`)
        .limit(limit);
      return rows.map((r) => r.id);
    }
  }
}

/** Customer search by name, phone, email, address or legacy id, from one search box. */
export async function searchCustomers(db: Queryable, input: CustomerSearchInput): Promise<CustomerSearchHit[]> {
  const plan = planCustomerSearch(input.q, input.field);
  const matchedOn = new Map<number, SearchField>();
  for (const field of plan.fields) {
    if (matchedOn.size >= input.limit) break;
    for (const id of await idsMatching(db, field, plan.text, plan.phoneDigits, input.limit)) {
      if (!matchedOn.has(id) && matchedOn.size < input.limit) matchedOn.set(id, field);
    }
  }
  if (matchedOn.size === 0) return [];

  // Correlated subqueries are written with explicit aliases: drizzle leaves column names
  // unqualified in single-table selects, which would bind "id" to the inner table.
  const firstAddress = sql<string | null>`(
    select l.address || ', ' || l.city from service_locations l
    where l.customer_id = "customers"."id" order by l.id limit 1)`;
  const rows = await db
    .select({
      id: customers.id,
      displayName: customers.displayName,
      legacyAccountId: customers.legacyAccountId,
      email: customers.email,
      phone: customers.phone,
      language: customers.language,
      status: customers.status,
      firstAddress,
    })
    .from(customers)
    .where(and(inArray(customers.id, [...matchedOn.keys()])));

  const byId = new Map(rows.map((r) => [r.id, r]));
  return [...matchedOn.entries()].flatMap(([id, field]) => {
    const row = byId.get(id);
    return row ? [{ ...row, matchedOn: field }] : [];
  });
}
