-- Trigram indexes back the customer search (name, email, phone, address).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
