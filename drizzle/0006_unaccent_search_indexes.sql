DROP INDEX "customers_display_name_trgm";--> statement-breakpoint
DROP INDEX "service_locations_address_trgm";--> statement-breakpoint
CREATE INDEX "customers_display_name_unaccent_trgm" ON "customers" USING gin (immutable_unaccent("display_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "service_locations_address_unaccent_trgm" ON "service_locations" USING gin (immutable_unaccent("address" || ' ' || "city" || ' ' || "postal_code") gin_trgm_ops);