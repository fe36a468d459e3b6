/* test-db-cards.c: the schema-2 tables for customer cards, on real files:
 * a shipped schema-1 file upgrades with its data kept, and the card
 * queries and their constraints */
#include <string.h>

#include <glib/gstdio.h>

#include "pos-db-private.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("stsvend-db-cards-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "stsvend.db", NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_free (f->path);
}

/* A file as stsvend with schema 1 left it, with a customer and a meter. */
static void
write_schema_1 (const char *path)
{
  sqlite3 *db;
  char *msg = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, pos_db_migrations[0], NULL, NULL, &msg);
  g_assert_cmpstr (msg, ==, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_exec (db,
                     "PRAGMA user_version = 1; PRAGMA application_id = 1398035286;"
                     "INSERT INTO vending_keys (name, dkga, wrapped, created_at) VALUES ('vk', 2, x'00', 't');"
                     "INSERT INTO supply_groups (sgc, krn, kt, base, ea, vending_key_id) VALUES ('123456', 1, 2, 2014, 7, 1);"
                     "INSERT INTO tariffs (name) VALUES ('flat');"
                     "INSERT INTO customers (account_no, name, created_at) VALUES ('ACC-1', 'Nomsa', 't');"
                     "INSERT INTO meters (pan, customer_id, supply_group_id, ti, tariff_id, created_at)"
                     "  VALUES ('600727040000000104', 1, 1, 1, 1, 't');",
                     NULL, NULL, &msg);
  g_assert_cmpstr (msg, ==, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_upgrade_from_1 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDb) db = NULL;
  g_autoptr(PosDbMeter) meter = NULL;
  g_autoptr(PosDbCard) card = NULL;
  PosDbCard c = { 0 };

  write_schema_1 (f->path);
  db = pos_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_db_get_schema_version (db), ==, POS_DB_SCHEMA_VERSION);
  meter = pos_db_meter_get_by_pan (db, "600727040000000104", &error);
  g_assert_no_error (error);
  g_assert_cmpint (meter->id, ==, 1);
  {
    /* Schema 3: never restored, no TID floor. */
    gint64 generation = -1, tid_floor = -1;

    g_assert_true (pos_db_restore_marks (db, &generation, &tid_floor, &error));
    g_assert_no_error (error);
    g_assert_cmpint (generation, ==, 0);
    g_assert_cmpint (tid_floor, ==, 0);
  }

  /* The new tables are there and work on the old data. */
  c.serial = (char *) "04A1B2C3";
  c.meter_id = meter->id;
  c.issued_at = (char *) "2026-11-30T09:00:00Z";
  g_assert_true (pos_db_card_insert (db, &c, &error));
  g_assert_no_error (error);
  card = pos_db_card_get_active_for_meter (db, meter->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (card->serial, ==, "04A1B2C3");
  g_assert_true (pos_db_check_integrity (db, &error));
  g_assert_no_error (error);
}

static void
test_cards (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDb) db = NULL;
  g_autoptr(PosDbCard) got = NULL;
  g_autoptr(PosDbMeter) meter = NULL;
  g_autoptr(GBytes) wrapped = g_bytes_new_static ("wrapped!", 8);
  g_autoptr(GBytes) back = NULL;
  guint32 utility_id = 0;
  PosDbCard a = { 0 }, b = { 0 }, again = { 0 };

  write_schema_1 (f->path);
  db = pos_db_open (f->path, &error);
  g_assert_no_error (error);

  g_assert_null (pos_db_card_secret_get (db, &utility_id, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (pos_db_card_secret_insert (db, 4242, wrapped, "t", &error));
  back = pos_db_card_secret_get (db, &utility_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (utility_id, ==, 4242);
  g_assert_true (g_bytes_equal (back, wrapped));
  g_assert_false (pos_db_card_secret_insert (db, 1, wrapped, "t", &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  a.serial = (char *) "0A0B0C0D";
  a.meter_id = 1;
  a.issued_at = (char *) "t1";
  g_assert_true (pos_db_card_insert (db, &a, &error));
  meter = pos_db_meter_get (db, 1, NULL);
  g_assert_cmpstr (meter->card_serial, ==, "0A0B0C0D");

  /* One active card per meter; a serial is never reused. */
  b.serial = (char *) "0A0B0C0E";
  b.meter_id = 1;
  b.issued_at = (char *) "t2";
  g_assert_false (pos_db_card_insert (db, &b, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (pos_db_card_block (db, a.id, "t3", "lost", &error));
  g_assert_true (pos_db_card_insert (db, &b, &error));
  again.serial = (char *) "0A0B0C0D";
  again.meter_id = 1;
  again.issued_at = (char *) "t4";
  g_assert_false (pos_db_card_insert (db, &again, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  got = pos_db_card_get_by_serial (db, "0A0B0C0D", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->status, ==, "blocked");
  g_assert_cmpstr (got->reason, ==, "lost");
  /* Blocked stays blocked. */
  g_assert_false (pos_db_exec (db, "UPDATE cards SET status = 'active' WHERE serial = '0A0B0C0D'", &error));
  g_clear_error (&error);
  g_assert_false (pos_db_card_block (db, a.id, "t5", "again", &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pos_db_exec (db, "DELETE FROM cards", &error));
  g_clear_error (&error);
}

static void
test_purchases_and_readings (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDb) db = NULL;
  g_autoptr(PosDbCardPurchase) last = NULL;
  g_autoptr(PosDbCardPurchase) last2 = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  PosDbCard card = { 0 };
  PosDbCardPurchase p = { 0 };
  PosDbMeterReading r = { 1, "2026-11-30T10:00:00Z", 123, 4567, 1, 3, "card" };
  gint64 credit;

  write_schema_1 (f->path);
  db = pos_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (pos_db_exec (db, "INSERT INTO users (username, role, password_hash, created_at)"
                                  " VALUES ('c', 'cashier', 'x', 't');"
                                  "INSERT INTO vending_points (name) VALUES ('p');"
                                  "INSERT INTO sales (vending_point_id, receipt_no, kind, user_id, created_at)"
                                  " VALUES (1, 1, 'credit', 1, 't'), (1, 2, 'credit', 1, 't');", &error));
  g_assert_no_error (error);
  card.serial = (char *) "0102030405060708";
  card.meter_id = 1;
  card.issued_at = (char *) "t";
  g_assert_true (pos_db_card_insert (db, &card, NULL));

  g_assert_null (pos_db_card_purchase_get_last (db, card.id, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  p.card_id = card.id;
  p.seq = 1;
  p.sale_id = 1;
  p.tokens = (char *) "12345678901234567890";
  p.issued_at = 1795000000;
  g_assert_true (pos_db_card_purchase_insert (db, &p, &error));
  last = pos_db_card_purchase_get_last (db, card.id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (last->seq, ==, 1);
  g_assert_null (last->written_at);
  g_assert_true (pos_db_card_purchase_set_written (db, last->id, "t9", &error));
  last2 = pos_db_card_purchase_get_last (db, card.id, &error);
  g_assert_cmpstr (last2->written_at, ==, "t9");
  /* One purchase per sale, one per sequence. */
  p.seq = 2;
  g_assert_false (pos_db_card_purchase_insert (db, &p, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_true (pos_db_meter_reading_insert (db, &r, &error));
  readings = pos_db_meter_readings_list (db, 1, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (readings->len, ==, 1);
  g_variant_get (readings->pdata[0], "(&sxxix)", NULL, &credit, NULL, NULL, NULL);
  g_assert_cmpint (credit, ==, 123);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/pos/db/cards/upgrade-from-1", Fixture, NULL, setup, test_upgrade_from_1, teardown);
  g_test_add ("/pos/db/cards/cards", Fixture, NULL, setup, test_cards, teardown);
  g_test_add ("/pos/db/cards/purchases-and-readings", Fixture, NULL, setup, test_purchases_and_readings, teardown);
  return g_test_run ();
}
