ALTER TABLE "staff_users" ALTER COLUMN "language" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "staff_users" ALTER COLUMN "language" SET DATA TYPE "public"."language" USING "language"::"public"."language";--> statement-breakpoint
ALTER TABLE "staff_users" ALTER COLUMN "language" SET DEFAULT 'fr'::"public"."language";--> statement-breakpoint
CREATE INDEX "service_subscriptions_item_id_index" ON "service_subscriptions" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "invoices_issue_date_id_index" ON "invoices" USING btree ("issue_date","id");--> statement-breakpoint
CREATE INDEX "ticket_messages_author_staff_id_index" ON "ticket_messages" USING btree ("author_staff_id");--> statement-breakpoint
CREATE INDEX "tickets_location_id_index" ON "tickets" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "dispatch_job_tags_tag_id_index" ON "dispatch_job_tags" USING btree ("tag_id");--> statement-breakpoint
CREATE INDEX "dispatch_jobs_location_id_index" ON "dispatch_jobs" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "dispatch_jobs_customer_id_index" ON "dispatch_jobs" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "dispatch_jobs_subscription_id_index" ON "dispatch_jobs" USING btree ("subscription_id");--> statement-breakpoint
ALTER TABLE "service_locations" ADD CONSTRAINT "service_locations_olt_complete" CHECK (num_nulls("service_locations"."olt_name", "service_locations"."olt_slot", "service_locations"."olt_port", "service_locations"."ont_id") in (0, 4));--> statement-breakpoint
ALTER TABLE "service_equipment" ADD CONSTRAINT "service_equipment_mac_canonical" CHECK ("service_equipment"."mac" is null or "service_equipment"."mac" ~ '^([0-9A-F]{2}:){5}[0-9A-F]{2}$');