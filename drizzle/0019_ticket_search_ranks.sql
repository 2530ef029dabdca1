ALTER TABLE "ticket_search_documents" ADD COLUMN "subject_document" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
UPDATE ticket_search_documents d SET subject_document = ticket_search_vector(t.subject) FROM tickets t WHERE t.id = d.ticket_id;--> statement-breakpoint
CREATE INDEX "ticket_search_documents_subject_gin" ON "ticket_search_documents" USING gin ("subject_document");--> statement-breakpoint
CREATE INDEX "ticket_search_documents_recency_index" ON "ticket_search_documents" USING btree ("created_at","ticket_id");--> statement-breakpoint
CREATE OR REPLACE FUNCTION ticket_search_tickets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_search_documents (ticket_id, created_at, document, subject_document)
    SELECT n.id, n.created_at, setweight(ticket_search_vector(n.subject), 'A'), ticket_search_vector(n.subject) FROM new_rows n;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION ticket_search_ticket_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search_documents
    SET document = ticket_search_document(NEW.id), subject_document = ticket_search_vector(NEW.subject), created_at = NEW.created_at
    WHERE ticket_id = NEW.id;
  RETURN NULL;
END $$;