CREATE TYPE "public"."staff_role" AS ENUM('admin', 'dispatcher', 'technician', 'billing', 'support');--> statement-breakpoint
CREATE TYPE "public"."customer_kind" AS ENUM('residential', 'business');--> statement-breakpoint
CREATE TYPE "public"."customer_status" AS ENUM('active', 'inactive', 'prospect');--> statement-breakpoint
CREATE TYPE "public"."ip_mode" AS ENUM('dhcp', 'static', 'pppoe');--> statement-breakpoint
CREATE TYPE "public"."language" AS ENUM('fr', 'en');--> statement-breakpoint
CREATE TYPE "public"."location_status" AS ENUM('planned', 'active', 'suspended', 'disconnected');--> statement-breakpoint
CREATE TYPE "public"."item_billing" AS ENUM('recurring', 'one_time');--> statement-breakpoint
CREATE TYPE "public"."item_kind" AS ENUM('internet', 'tv', 'phone', 'equipment', 'service', 'fee');--> statement-breakpoint
CREATE TYPE "public"."equipment_kind" AS ENUM('ont', 'router', 'tv_box', 'phone_adapter');--> statement-breakpoint
CREATE TYPE "public"."equipment_status" AS ENUM('in_stock', 'installed', 'removed', 'defective', 'returned');--> statement-breakpoint
CREATE TYPE "public"."radius_status" AS ENUM('enabled', 'suspended', 'disabled');--> statement-breakpoint
CREATE TYPE "public"."subscription_status" AS ENUM('pending', 'active', 'suspended', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('draft', 'open', 'paid', 'void');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('card', 'preauthorized', 'cheque', 'cash', 'interac', 'other');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('pending', 'succeeded', 'failed', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."message_author_kind" AS ENUM('staff', 'customer', 'system');--> statement-breakpoint
CREATE TYPE "public"."message_channel" AS ENUM('note', 'email', 'sms', 'portal');--> statement-breakpoint
CREATE TYPE "public"."ticket_status" AS ENUM('open', 'in_progress', 'waiting', 'resolved', 'closed');--> statement-breakpoint
CREATE TYPE "public"."ticket_type" AS ENUM('installation', 'repair', 'billing', 'support', 'cancellation', 'move', 'other');--> statement-breakpoint
CREATE TYPE "public"."dispatch_equipment_action" AS ENUM('installed', 'removed');--> statement-breakpoint
CREATE TYPE "public"."dispatch_job_kind" AS ENUM('install', 'repair', 'removal', 'move', 'maintenance', 'survey');--> statement-breakpoint
CREATE TYPE "public"."dispatch_job_status" AS ENUM('unassigned', 'assigned', 'en_route', 'on_site', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."dispatch_tag_kind" AS ENUM('skill', 'service', 'region');--> statement-breakpoint
CREATE TYPE "public"."actor_realm" AS ENUM('staff', 'customer', 'system');--> statement-breakpoint
CREATE TABLE "portal_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token" text NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_sessions_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "portal_users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"customer_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "portal_verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token" text NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_sessions_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"role" "staff_role" DEFAULT 'support' NOT NULL,
	"language" text DEFAULT 'fr' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "staff_verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "customers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"legacy_account_id" text NOT NULL,
	"legacy_customer_id" text NOT NULL,
	"kind" "customer_kind" DEFAULT 'residential' NOT NULL,
	"status" "customer_status" DEFAULT 'active' NOT NULL,
	"first_name" text,
	"last_name" text,
	"company_name" text,
	"display_name" text NOT NULL,
	"language" "language" DEFAULT 'fr' NOT NULL,
	"email" text,
	"phone" text,
	"phone_digits" text,
	"mobile" text,
	"billing_address" text,
	"billing_city" text,
	"billing_postal_code" text,
	"pre_authorized_payments" boolean DEFAULT false NOT NULL,
	"stripe_customer_id" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_legacyAccountId_unique" UNIQUE("legacy_account_id"),
	CONSTRAINT "customers_legacyCustomerId_unique" UNIQUE("legacy_customer_id"),
	CONSTRAINT "customers_stripeCustomerId_unique" UNIQUE("stripe_customer_id")
);
--> statement-breakpoint
CREATE TABLE "service_locations" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "service_locations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"legacy_id" text,
	"customer_id" integer NOT NULL,
	"address" text NOT NULL,
	"unit" text,
	"city" text NOT NULL,
	"province" text DEFAULT 'QC' NOT NULL,
	"postal_code" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"status" "location_status" DEFAULT 'active' NOT NULL,
	"olt_name" text,
	"olt_slot" smallint,
	"olt_port" smallint,
	"ont_id" smallint,
	"vlan" smallint,
	"ip_mode" "ip_mode" DEFAULT 'dhcp' NOT NULL,
	"static_ip" text,
	"network_settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"access_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_locations_legacyId_unique" UNIQUE("legacy_id")
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"sku" text NOT NULL,
	"name_fr" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" "item_kind" NOT NULL,
	"billing" "item_billing" NOT NULL,
	"price_cents" integer NOT NULL,
	"download_mbps" integer,
	"upload_mbps" integer,
	"olt_profile" text,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "items_sku_unique" UNIQUE("sku"),
	CONSTRAINT "items_price_non_negative" CHECK ("items"."price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_equipment" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "service_equipment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "equipment_kind" NOT NULL,
	"serial" text NOT NULL,
	"mac" text,
	"model" text,
	"firmware" text,
	"management_ip" text,
	"status" "equipment_status" DEFAULT 'in_stock' NOT NULL,
	"location_id" integer,
	"subscription_id" integer,
	"installed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_subscriptions" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "service_subscriptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"legacy_id" text,
	"customer_id" integer NOT NULL,
	"location_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"status" "subscription_status" DEFAULT 'pending' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"billing_day" smallint DEFAULT 1 NOT NULL,
	"price_override_cents" integer,
	"campaign_code" text,
	"campaign_gift_cents" integer,
	"commitment_months" smallint,
	"radius_username" text,
	"radius_password_encrypted" text,
	"radius_status" "radius_status" DEFAULT 'enabled' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_subscriptions_legacyId_unique" UNIQUE("legacy_id"),
	CONSTRAINT "service_subscriptions_radiusUsername_unique" UNIQUE("radius_username"),
	CONSTRAINT "subscriptions_billing_day" CHECK ("service_subscriptions"."billing_day" between 1 and 28),
	CONSTRAINT "subscriptions_price_override" CHECK ("service_subscriptions"."price_override_cents" is null or "service_subscriptions"."price_override_cents" >= 0),
	CONSTRAINT "subscriptions_dates" CHECK ("service_subscriptions"."end_date" is null or "service_subscriptions"."end_date" >= "service_subscriptions"."start_date")
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "invoice_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"invoice_id" integer NOT NULL,
	"subscription_id" integer,
	"item_id" integer,
	"description" text NOT NULL,
	"period_start" date,
	"period_end" date,
	"quantity" integer DEFAULT 1 NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	"taxable" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "invoices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"customer_id" integer NOT NULL,
	"status" "invoice_status" DEFAULT 'draft' NOT NULL,
	"language" "language" DEFAULT 'fr' NOT NULL,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"period_start" date,
	"period_end" date,
	"subtotal_cents" integer NOT NULL,
	"gst_cents" integer NOT NULL,
	"qst_cents" integer NOT NULL,
	"total_cents" integer NOT NULL,
	"balance_cents" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_number_unique" UNIQUE("number"),
	CONSTRAINT "invoices_total" CHECK ("invoices"."total_cents" = "invoices"."subtotal_cents" + "invoices"."gst_cents" + "invoices"."qst_cents"),
	CONSTRAINT "invoices_balance" CHECK ("invoices"."balance_cents" between least(0, "invoices"."total_cents") and greatest(0, "invoices"."total_cents"))
);
--> statement-breakpoint
CREATE TABLE "payment_allocations" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "payment_allocations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"payment_id" integer NOT NULL,
	"invoice_id" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	CONSTRAINT "payment_allocations_positive" CHECK ("payment_allocations"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"customer_id" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"amount_cents" integer NOT NULL,
	"method" "payment_method" NOT NULL,
	"status" "payment_status" DEFAULT 'succeeded' NOT NULL,
	"reference" text,
	"stripe_payment_intent_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_stripePaymentIntentId_unique" UNIQUE("stripe_payment_intent_id"),
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "ticket_messages" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "ticket_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"ticket_id" integer NOT NULL,
	"channel" "message_channel" NOT NULL,
	"author_kind" "message_author_kind" NOT NULL,
	"author_staff_id" text,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "tickets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"legacy_id" text,
	"parent_id" integer,
	"subject" text NOT NULL,
	"type" "ticket_type" NOT NULL,
	"status" "ticket_status" DEFAULT 'open' NOT NULL,
	"important" boolean DEFAULT false NOT NULL,
	"customer_id" integer,
	"location_id" integer,
	"assigned_to_id" text,
	"sla_due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "tickets_legacyId_unique" UNIQUE("legacy_id")
);
--> statement-breakpoint
CREATE TABLE "dispatch_job_checklist_items" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "dispatch_job_checklist_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"label" text NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" text
);
--> statement-breakpoint
CREATE TABLE "dispatch_job_equipment" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "dispatch_job_equipment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_id" integer NOT NULL,
	"equipment_id" integer NOT NULL,
	"action" "dispatch_equipment_action" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch_job_helpers" (
	"job_id" integer NOT NULL,
	"technician_id" integer NOT NULL,
	CONSTRAINT "dispatch_job_helpers_job_id_technician_id_pk" PRIMARY KEY("job_id","technician_id")
);
--> statement-breakpoint
CREATE TABLE "dispatch_job_materials" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "dispatch_job_materials_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"notes" text,
	CONSTRAINT "dispatch_job_materials_quantity" CHECK ("dispatch_job_materials"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "dispatch_job_photos" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "dispatch_job_photos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_id" integer NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer,
	"height" integer,
	"caption" text,
	"uploaded_by" text,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispatch_job_photos_storageKey_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "dispatch_job_tags" (
	"job_id" integer NOT NULL,
	"tag_id" integer NOT NULL,
	"level" smallint DEFAULT 1 NOT NULL,
	CONSTRAINT "dispatch_job_tags_job_id_tag_id_pk" PRIMARY KEY("job_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "dispatch_jobs" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "dispatch_jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"ticket_id" integer,
	"subscription_id" integer,
	"customer_id" integer,
	"location_id" integer NOT NULL,
	"kind" "dispatch_job_kind" NOT NULL,
	"status" "dispatch_job_status" DEFAULT 'unassigned' NOT NULL,
	"priority" smallint DEFAULT 3 NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"duration_min" integer DEFAULT 60 NOT NULL,
	"scheduled_start" timestamp with time zone,
	"lead_technician_id" integer,
	"signature_name" text,
	"signature_key" text,
	"signed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispatch_jobs_priority" CHECK ("dispatch_jobs"."priority" between 1 and 5),
	CONSTRAINT "dispatch_jobs_duration" CHECK ("dispatch_jobs"."duration_min" > 0),
	CONSTRAINT "dispatch_jobs_window" CHECK ("dispatch_jobs"."window_end" is null or "dispatch_jobs"."window_start" is null or "dispatch_jobs"."window_end" > "dispatch_jobs"."window_start")
);
--> statement-breakpoint
CREATE TABLE "dispatch_tags" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "dispatch_tags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"kind" "dispatch_tag_kind" NOT NULL,
	"label_fr" text NOT NULL,
	"label_en" text NOT NULL,
	"level" smallint DEFAULT 1 NOT NULL,
	CONSTRAINT "dispatch_tags_code_unique" UNIQUE("code"),
	CONSTRAINT "dispatch_tags_level" CHECK ("dispatch_tags"."level" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "dispatch_technicians" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "dispatch_technicians_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" text,
	"name" text NOT NULL,
	"color" text NOT NULL,
	"phone" text,
	"home_address" text,
	"home_lat" double precision NOT NULL,
	"home_lng" double precision NOT NULL,
	"gps_device_id" text,
	"shift_start" time DEFAULT '08:00' NOT NULL,
	"shift_end" time DEFAULT '16:30' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "dispatch_technicians_userId_unique" UNIQUE("user_id"),
	CONSTRAINT "dispatch_technicians_gpsDeviceId_unique" UNIQUE("gps_device_id")
);
--> statement-breakpoint
CREATE TABLE "dispatch_technician_tags" (
	"technician_id" integer NOT NULL,
	"tag_id" integer NOT NULL,
	"level" smallint NOT NULL,
	CONSTRAINT "dispatch_technician_tags_technician_id_tag_id_pk" PRIMARY KEY("technician_id","tag_id"),
	CONSTRAINT "dispatch_technician_tags_level" CHECK ("dispatch_technician_tags"."level" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_realm" "actor_realm" NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "portal_accounts" ADD CONSTRAINT "portal_accounts_user_id_portal_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."portal_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_user_id_portal_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."portal_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_users" ADD CONSTRAINT "portal_users_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_user_id_staff_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_user_id_staff_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_locations" ADD CONSTRAINT "service_locations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_equipment" ADD CONSTRAINT "service_equipment_location_id_service_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."service_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_equipment" ADD CONSTRAINT "service_equipment_subscription_id_service_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."service_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_subscriptions" ADD CONSTRAINT "service_subscriptions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_subscriptions" ADD CONSTRAINT "service_subscriptions_location_id_service_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."service_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_subscriptions" ADD CONSTRAINT "service_subscriptions_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_subscription_id_service_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."service_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_author_staff_id_staff_users_id_fk" FOREIGN KEY ("author_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_parent_id_tickets_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_location_id_service_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."service_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assigned_to_id_staff_users_id_fk" FOREIGN KEY ("assigned_to_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_checklist_items" ADD CONSTRAINT "dispatch_job_checklist_items_job_id_dispatch_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."dispatch_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_checklist_items" ADD CONSTRAINT "dispatch_job_checklist_items_done_by_staff_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_equipment" ADD CONSTRAINT "dispatch_job_equipment_job_id_dispatch_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."dispatch_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_equipment" ADD CONSTRAINT "dispatch_job_equipment_equipment_id_service_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."service_equipment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_helpers" ADD CONSTRAINT "dispatch_job_helpers_job_id_dispatch_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."dispatch_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_helpers" ADD CONSTRAINT "dispatch_job_helpers_technician_id_dispatch_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."dispatch_technicians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_materials" ADD CONSTRAINT "dispatch_job_materials_job_id_dispatch_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."dispatch_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_materials" ADD CONSTRAINT "dispatch_job_materials_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_photos" ADD CONSTRAINT "dispatch_job_photos_job_id_dispatch_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."dispatch_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_photos" ADD CONSTRAINT "dispatch_job_photos_uploaded_by_staff_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_tags" ADD CONSTRAINT "dispatch_job_tags_job_id_dispatch_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."dispatch_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_job_tags" ADD CONSTRAINT "dispatch_job_tags_tag_id_dispatch_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."dispatch_tags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_jobs" ADD CONSTRAINT "dispatch_jobs_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_jobs" ADD CONSTRAINT "dispatch_jobs_subscription_id_service_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."service_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_jobs" ADD CONSTRAINT "dispatch_jobs_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_jobs" ADD CONSTRAINT "dispatch_jobs_location_id_service_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."service_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_jobs" ADD CONSTRAINT "dispatch_jobs_lead_technician_id_dispatch_technicians_id_fk" FOREIGN KEY ("lead_technician_id") REFERENCES "public"."dispatch_technicians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_technicians" ADD CONSTRAINT "dispatch_technicians_user_id_staff_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_technician_tags" ADD CONSTRAINT "dispatch_technician_tags_technician_id_dispatch_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."dispatch_technicians"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_technician_tags" ADD CONSTRAINT "dispatch_technician_tags_tag_id_dispatch_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."dispatch_tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_accounts_user_id_index" ON "portal_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "portal_sessions_user_id_index" ON "portal_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "portal_users_customer_id_index" ON "portal_users" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "staff_accounts_user_id_index" ON "staff_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "staff_sessions_user_id_index" ON "staff_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "customers_display_name_trgm" ON "customers" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_email_trgm" ON "customers" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_phone_digits_trgm" ON "customers" USING gin ("phone_digits" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_mobile_trgm" ON "customers" USING gin (regexp_replace(coalesce("mobile", ''), '[^0-9]', '', 'g') gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "service_locations_customer_id_index" ON "service_locations" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "service_locations_address_trgm" ON "service_locations" USING gin (("address" || ' ' || "city" || ' ' || "postal_code") gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "service_locations_olt_port_ont" ON "service_locations" USING btree ("olt_name","olt_slot","olt_port","ont_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_equipment_serial" ON "service_equipment" USING btree (upper("serial"));--> statement-breakpoint
CREATE UNIQUE INDEX "service_equipment_mac" ON "service_equipment" USING btree ("mac");--> statement-breakpoint
CREATE INDEX "service_equipment_location_id_index" ON "service_equipment" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "service_equipment_subscription_id_index" ON "service_equipment" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "service_subscriptions_customer_id_index" ON "service_subscriptions" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "service_subscriptions_location_id_index" ON "service_subscriptions" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "service_subscriptions_status_billing_day_index" ON "service_subscriptions" USING btree ("status","billing_day");--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice_id_index" ON "invoice_lines" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_subscription_period" ON "invoice_lines" USING btree ("subscription_id","period_start") WHERE "invoice_lines"."subscription_id" is not null;--> statement-breakpoint
CREATE INDEX "invoices_customer_id_issue_date_index" ON "invoices" USING btree ("customer_id","issue_date");--> statement-breakpoint
CREATE INDEX "invoices_status_due_date_index" ON "invoices" USING btree ("status","due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_allocations_payment_id_invoice_id_index" ON "payment_allocations" USING btree ("payment_id","invoice_id");--> statement-breakpoint
CREATE INDEX "payment_allocations_invoice_id_index" ON "payment_allocations" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "payments_customer_id_received_at_index" ON "payments" USING btree ("customer_id","received_at");--> statement-breakpoint
CREATE INDEX "ticket_messages_ticket_id_created_at_index" ON "ticket_messages" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_customer_id_created_at_index" ON "tickets" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_status_created_at_index" ON "tickets" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "tickets_created_at_index" ON "tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "tickets_assigned_to_id_status_index" ON "tickets" USING btree ("assigned_to_id","status");--> statement-breakpoint
CREATE INDEX "tickets_parent_id_index" ON "tickets" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dispatch_job_checklist_items_job_id_position_index" ON "dispatch_job_checklist_items" USING btree ("job_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "dispatch_job_equipment_job_id_equipment_id_action_index" ON "dispatch_job_equipment" USING btree ("job_id","equipment_id","action");--> statement-breakpoint
CREATE INDEX "dispatch_job_materials_job_id_index" ON "dispatch_job_materials" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "dispatch_job_photos_job_id_index" ON "dispatch_job_photos" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "dispatch_jobs_scheduled_start_index" ON "dispatch_jobs" USING btree ("scheduled_start");--> statement-breakpoint
CREATE INDEX "dispatch_jobs_lead_technician_id_scheduled_start_index" ON "dispatch_jobs" USING btree ("lead_technician_id","scheduled_start");--> statement-breakpoint
CREATE INDEX "dispatch_jobs_status_index" ON "dispatch_jobs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "dispatch_jobs_ticket_id_index" ON "dispatch_jobs" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "audit_log_entity_type_entity_id_at_index" ON "audit_log" USING btree ("entity_type","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_id_at_index" ON "audit_log" USING btree ("actor_id","at");