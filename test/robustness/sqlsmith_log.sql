-- The tables sqlsmith --log-to writes to (its log.sql, reduced to the
-- columns it fills).
\set ON_ERROR_STOP 1
CREATE TABLE instance (id bigserial PRIMARY KEY, rev text, target text,
	hostname text, version text, seed text, t timestamptz DEFAULT now());
CREATE TABLE error (id bigint REFERENCES instance, msg text, query text,
	sqlstate text, t timestamptz DEFAULT now(), n bigserial);
CREATE TABLE stat (id bigint REFERENCES instance, generated text,
	level text, nodes text, retries text, impedance text,
	updated timestamptz);
