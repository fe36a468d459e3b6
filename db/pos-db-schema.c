/* pos-db-schema.c: the schema, as versioned migrations
 *
 * Never edit a migration that has shipped: add the next one.  Money is in
 * integer minor units, energy in integer tenths of a kWh, times are UTC in
 * ISO 8601 ("2026-11-24T10:15:00Z"), prices in thousandths of a minor unit
 * per kWh, rates in basis points.
 */
#include "pos-db-private.h"

static const char schema_1[] =
  /* The utility running this installation (one row). */
  "CREATE TABLE utility ("
  "  id            INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name          TEXT NOT NULL,"
  "  address       TEXT NOT NULL DEFAULT '',"
  "  tax_number    TEXT NOT NULL DEFAULT '',"
  "  currency      TEXT NOT NULL DEFAULT 'ZAR',"
  "  minor_digits  INTEGER NOT NULL DEFAULT 2 CHECK (minor_digits BETWEEN 0 AND 3),"
  "  min_vend      INTEGER NOT NULL DEFAULT 0 CHECK (min_vend >= 0),"
  "  max_vend      INTEGER NOT NULL DEFAULT 0 CHECK (max_vend >= 0),"
  "  kek_salt      BLOB,"            /* scrypt salt of the key-encryption key */
  "  kek_check     BLOB"             /* a known value wrapped under it */
  ") STRICT;"

  /* Vending keys, only ever wrapped (AES-256-GCM under the KEK). */
  "CREATE TABLE vending_keys ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  dkga        INTEGER NOT NULL CHECK (dkga IN (2, 4)),"
  "  wrapped     BLOB NOT NULL,"
  "  created_at  TEXT NOT NULL"
  ") STRICT;"

  "CREATE TABLE supply_groups ("
  "  id              INTEGER PRIMARY KEY,"
  "  name            TEXT NOT NULL DEFAULT '',"
  "  sgc             TEXT NOT NULL CHECK (length (sgc) = 6 AND sgc NOT GLOB '*[^0-9]*'),"
  "  krn             INTEGER NOT NULL CHECK (krn BETWEEN 1 AND 9),"
  "  kt              INTEGER NOT NULL CHECK (kt BETWEEN 0 AND 3),"
  "  ken             INTEGER NOT NULL DEFAULT 255 CHECK (ken BETWEEN 0 AND 255),"
  "  base            INTEGER NOT NULL CHECK (base IN (1993, 2014, 2035)),"
  "  ea              INTEGER NOT NULL CHECK (ea IN (7, 9, 11)),"
  "  vending_key_id  INTEGER NOT NULL REFERENCES vending_keys (id),"
  "  UNIQUE (sgc, krn)"
  ") STRICT;"

  "CREATE TABLE tariffs ("
  "  id             INTEGER PRIMARY KEY,"
  "  name           TEXT NOT NULL UNIQUE,"
  "  vat_rate_bp    INTEGER NOT NULL DEFAULT 0 CHECK (vat_rate_bp BETWEEN 0 AND 10000),"
  "  vat_inclusive  INTEGER NOT NULL DEFAULT 1 CHECK (vat_inclusive IN (0, 1)),"
  "  fixed_monthly  INTEGER NOT NULL DEFAULT 0 CHECK (fixed_monthly >= 0),"
  "  free_units     INTEGER NOT NULL DEFAULT 0 CHECK (free_units >= 0),"  /* tenths of kWh a month */
  "  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"
  ") STRICT;"

  /* Block steps by monthly cumulative kWh bought; up_to NULL = no limit. */
  "CREATE TABLE tariff_blocks ("
  "  tariff_id  INTEGER NOT NULL REFERENCES tariffs (id) ON DELETE CASCADE,"
  "  seq        INTEGER NOT NULL,"
  "  up_to      INTEGER CHECK (up_to > 0),"
  "  price      INTEGER NOT NULL CHECK (price > 0),"
  "  PRIMARY KEY (tariff_id, seq)"
  ") STRICT;"

  "CREATE TABLE customers ("
  "  id          INTEGER PRIMARY KEY,"
  "  account_no  TEXT NOT NULL UNIQUE,"
  "  name        TEXT NOT NULL,"
  "  address     TEXT NOT NULL DEFAULT '',"
  "  phone       TEXT NOT NULL DEFAULT '',"
  "  created_at  TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX customers_phone ON customers (phone);"
  "CREATE INDEX customers_name ON customers (name, id);"
  "CREATE VIRTUAL TABLE customers_fts USING fts5 (name, content = 'customers', content_rowid = 'id');"
  "CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN"
  "  INSERT INTO customers_fts (rowid, name) VALUES (new.id, new.name);"
  "END;"
  "CREATE TRIGGER customers_fts_update AFTER UPDATE OF name ON customers BEGIN"
  "  INSERT INTO customers_fts (customers_fts, rowid, name) VALUES ('delete', old.id, old.name);"
  "  INSERT INTO customers_fts (rowid, name) VALUES (new.id, new.name);"
  "END;"
  "CREATE TRIGGER customers_no_delete BEFORE DELETE ON customers BEGIN"
  "  SELECT RAISE (ABORT, 'customers are never deleted');"
  "END;"

  "CREATE TABLE meters ("
  "  id               INTEGER PRIMARY KEY,"
  "  pan              TEXT NOT NULL UNIQUE CHECK (length (pan) = 18),"
  "  customer_id      INTEGER NOT NULL REFERENCES customers (id),"
  "  supply_group_id  INTEGER NOT NULL REFERENCES supply_groups (id),"
  "  ti               INTEGER NOT NULL CHECK (ti BETWEEN 0 AND 99),"
  "  tariff_id        INTEGER NOT NULL REFERENCES tariffs (id),"
  "  status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'removed')),"
  "  card_serial      TEXT UNIQUE,"
  "  last_tid         INTEGER NOT NULL DEFAULT -1,"  /* the highest TID ever issued to it */
  "  created_at       TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX meters_customer ON meters (customer_id);"
  "CREATE INDEX meters_group ON meters (supply_group_id, status);"

  "CREATE TABLE debts ("
  "  id            INTEGER PRIMARY KEY,"
  "  customer_id   INTEGER NOT NULL REFERENCES customers (id),"
  "  description   TEXT NOT NULL DEFAULT '',"
  "  balance       INTEGER NOT NULL CHECK (balance >= 0),"
  "  recovery_bp   INTEGER NOT NULL CHECK (recovery_bp BETWEEN 0 AND 10000),"
  "  min_per_vend  INTEGER NOT NULL DEFAULT 0 CHECK (min_per_vend >= 0),"
  "  created_at    TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX debts_customer ON debts (customer_id);"

  "CREATE TABLE vending_points ("
  "  id              INTEGER PRIMARY KEY,"
  "  name            TEXT NOT NULL UNIQUE,"
  "  credit_ceiling  INTEGER NOT NULL DEFAULT 0 CHECK (credit_ceiling >= 0),"  /* 0 = none */
  "  credit_used     INTEGER NOT NULL DEFAULT 0,"
  "  next_receipt    INTEGER NOT NULL DEFAULT 1,"
  "  next_z          INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"

  "CREATE TABLE users ("
  "  id             INTEGER PRIMARY KEY,"
  "  username       TEXT NOT NULL UNIQUE,"
  "  full_name      TEXT NOT NULL DEFAULT '',"
  "  role           TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'cashier')),"
  "  password_hash  TEXT NOT NULL,"
  "  failed_logins  INTEGER NOT NULL DEFAULT 0,"
  "  locked_until   TEXT,"
  "  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
  "  created_at     TEXT NOT NULL"
  ") STRICT;"

  "CREATE TABLE shifts ("
  "  id                INTEGER PRIMARY KEY,"
  "  user_id           INTEGER NOT NULL REFERENCES users (id),"
  "  vending_point_id  INTEGER NOT NULL REFERENCES vending_points (id),"
  "  opened_at         TEXT NOT NULL,"
  "  opening_float     INTEGER NOT NULL CHECK (opening_float >= 0),"
  "  closed_at         TEXT,"
  "  counted_cash      INTEGER,"
  "  expected_cash     INTEGER"
  ") STRICT;"
  "CREATE UNIQUE INDEX shifts_one_open ON shifts (user_id) WHERE closed_at IS NULL;"

  /* Sales are never deleted; a reversal is a sale of its own, linked. */
  "CREATE TABLE sales ("
  "  id                INTEGER PRIMARY KEY,"
  "  vending_point_id  INTEGER NOT NULL REFERENCES vending_points (id),"
  "  receipt_no        INTEGER NOT NULL,"
  "  kind              TEXT NOT NULL CHECK (kind IN ('credit', 'free', 'engineering', 'key_change', 'reversal')),"
  "  meter_id          INTEGER REFERENCES meters (id),"
  "  customer_id       INTEGER REFERENCES customers (id),"
  "  user_id           INTEGER NOT NULL REFERENCES users (id),"
  "  shift_id          INTEGER REFERENCES shifts (id),"
  "  created_at        TEXT NOT NULL,"
  "  payment_method    TEXT NOT NULL DEFAULT 'cash',"
  "  tendered          INTEGER NOT NULL DEFAULT 0,"
  "  amount            INTEGER NOT NULL DEFAULT 0,"
  "  vat               INTEGER NOT NULL DEFAULT 0,"
  "  fixed_charge      INTEGER NOT NULL DEFAULT 0,"
  "  debt_recovered    INTEGER NOT NULL DEFAULT 0,"
  "  energy_value      INTEGER NOT NULL DEFAULT 0,"
  "  kwh               INTEGER NOT NULL DEFAULT 0,"
  "  tariff_id         INTEGER REFERENCES tariffs (id),"  /* the tariff sold at (credit, free) */
  "  status            TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'reversed')),"
  "  reversal_of       INTEGER UNIQUE REFERENCES sales (id),"
  "  reason            TEXT,"
  "  detail            TEXT NOT NULL DEFAULT '{}',"  /* block lines etc., JSON */
  "  prints            INTEGER NOT NULL DEFAULT 0,"   /* receipts printed: after the first, COPY */
  "  UNIQUE (vending_point_id, receipt_no)"
  ") STRICT;"
  "CREATE INDEX sales_meter ON sales (meter_id, created_at);"
  "CREATE INDEX sales_customer ON sales (customer_id, created_at);"
  /* Covers the report query, so that a day of 100 000 sales is read from
   * the index alone. */
  "CREATE INDEX sales_day ON sales (vending_point_id, created_at, kind, user_id, payment_method, tariff_id,"
  "  amount, vat, fixed_charge, debt_recovered, kwh);"
  "CREATE INDEX sales_time ON sales (created_at);"
  "CREATE INDEX sales_shift ON sales (shift_id, created_at);"
  "CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales BEGIN"
  "  SELECT RAISE (ABORT, 'sales are never deleted');"
  "END;"

  "CREATE TABLE tokens ("
  "  id           INTEGER PRIMARY KEY,"
  "  sale_id      INTEGER NOT NULL REFERENCES sales (id),"
  "  meter_id     INTEGER NOT NULL REFERENCES meters (id),"
  "  seq          INTEGER NOT NULL,"
  "  token        TEXT NOT NULL CHECK (length (token) = 20),"
  "  tid          INTEGER,"
  "  base         INTEGER,"          /* the base date the TID counts from */
  "  token_class  INTEGER NOT NULL,"
  "  subclass     INTEGER NOT NULL,"
  "  UNIQUE (sale_id, seq)"
  ") STRICT;"
  /* A meter refuses a repeated TID: never issue one (per base date: a
   * rollover starts the minutes again). */
  "CREATE UNIQUE INDEX tokens_meter_tid ON tokens (meter_id, base, tid) WHERE tid IS NOT NULL;"
  "CREATE TRIGGER tokens_no_change BEFORE UPDATE ON tokens BEGIN"
  "  SELECT RAISE (ABORT, 'tokens are never changed');"
  "END;"
  "CREATE TRIGGER tokens_no_delete BEFORE DELETE ON tokens BEGIN"
  "  SELECT RAISE (ABORT, 'tokens are never deleted');"
  "END;"

  "CREATE TABLE meter_readings ("
  "  id              INTEGER PRIMARY KEY,"
  "  meter_id        INTEGER NOT NULL REFERENCES meters (id),"
  "  read_at         TEXT NOT NULL,"
  "  credit          INTEGER,"
  "  cumulative_kwh  INTEGER,"
  "  flags           INTEGER NOT NULL DEFAULT 0,"
  "  last_sequence   INTEGER,"
  "  source          TEXT NOT NULL DEFAULT 'card'"
  ") STRICT;"
  "CREATE INDEX meter_readings_meter ON meter_readings (meter_id, read_at);"

  /* Z reports: numbered per vending point, immutable once written. */
  "CREATE TABLE z_reports ("
  "  id                INTEGER PRIMARY KEY,"
  "  vending_point_id  INTEGER NOT NULL REFERENCES vending_points (id),"
  "  number            INTEGER NOT NULL,"
  "  day               TEXT NOT NULL,"
  "  closed_at         TEXT NOT NULL,"
  "  closed_by         INTEGER NOT NULL REFERENCES users (id),"
  "  body              TEXT NOT NULL,"
  "  UNIQUE (vending_point_id, number),"
  "  UNIQUE (vending_point_id, day)"
  ") STRICT;"
  "CREATE TRIGGER z_reports_no_change BEFORE UPDATE ON z_reports BEGIN"
  "  SELECT RAISE (ABORT, 'a closed Z report never changes');"
  "END;"
  "CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports BEGIN"
  "  SELECT RAISE (ABORT, 'a closed Z report is never deleted');"
  "END;"

  /* Append-only, hash-chained: hash = SHA-256 (prev_hash || the row). */
  "CREATE TABLE audit_log ("
  "  id         INTEGER PRIMARY KEY,"
  "  at         TEXT NOT NULL,"
  "  user_id    INTEGER,"
  "  action     TEXT NOT NULL,"
  "  detail     TEXT NOT NULL,"
  "  prev_hash  TEXT NOT NULL,"
  "  hash       TEXT NOT NULL"
  ") STRICT;";

/* Customer IC cards (issue 4): the utility's card secret, only ever
 * wrapped (AES-256-GCM under the KEK, like vending keys), with the
 * utility id its cards carry; the cards issued, a lost card's serial
 * blocked for good; and each purchase written (or still to be written) to
 * a card, tied to its sale.  Readings from cards go to meter_readings. */
static const char schema_2[] =
  "CREATE TABLE card_secret ("
  "  id               INTEGER PRIMARY KEY CHECK (id = 1),"
  "  utility_card_id  INTEGER NOT NULL CHECK (utility_card_id BETWEEN 1 AND 4294967295),"
  "  wrapped          BLOB NOT NULL,"
  "  created_at       TEXT NOT NULL"
  ") STRICT;"

  "CREATE TABLE cards ("
  "  id          INTEGER PRIMARY KEY,"
  "  serial      TEXT NOT NULL UNIQUE CHECK (length (serial) BETWEEN 2 AND 32),"
  "  meter_id    INTEGER NOT NULL REFERENCES meters (id),"
  "  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),"
  "  issued_at   TEXT NOT NULL,"
  "  blocked_at  TEXT,"
  "  reason      TEXT"
  ") STRICT;"
  "CREATE UNIQUE INDEX cards_one_active ON cards (meter_id) WHERE status = 'active';"
  /* A blocked serial stays blocked. */
  "CREATE TRIGGER cards_stay_blocked BEFORE UPDATE OF status ON cards"
  "  WHEN old.status = 'blocked' BEGIN"
  "  SELECT RAISE (ABORT, 'a blocked card stays blocked');"
  "END;"
  "CREATE TRIGGER cards_no_delete BEFORE DELETE ON cards BEGIN"
  "  SELECT RAISE (ABORT, 'cards are never deleted');"
  "END;"

  "CREATE TABLE card_purchases ("
  "  id          INTEGER PRIMARY KEY,"
  "  card_id     INTEGER NOT NULL REFERENCES cards (id),"
  "  seq         INTEGER NOT NULL CHECK (seq > 0),"
  "  sale_id     INTEGER NOT NULL UNIQUE REFERENCES sales (id),"
  "  tokens      TEXT NOT NULL,"          /* the tokens in order of entry, space-separated */
  "  issued_at   INTEGER NOT NULL,"       /* Unix time, as written on the card */
  "  written_at  TEXT,"                   /* NULL until the card holds it */
  "  UNIQUE (card_id, seq)"
  ") STRICT;";

/* Restores: each one starts a generation.  After a restore nothing issued
 * before it may be issued again, not even what was lost with the database
 * it replaced: the TIDs start at tid_floor or later, the receipt numbers
 * carry the generation. */
static const char schema_3[] =
  "CREATE TABLE restores ("
  "  generation   INTEGER PRIMARY KEY CHECK (generation > 0),"
  "  restored_at  TEXT NOT NULL,"
  "  source       TEXT NOT NULL,"
  "  tid_floor    INTEGER NOT NULL,"       /* Unix time: no TID is issued for a minute before it */
  "  live_read    INTEGER NOT NULL CHECK (live_read IN (0, 1))"  /* the replaced database was read */
  ") STRICT;"
  "ALTER TABLE sales ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;";

const char *const pos_db_migrations[POS_DB_SCHEMA_VERSION] = {
  schema_1,
  schema_2,
  schema_3,
};
