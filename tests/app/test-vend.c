/* test-vend.c: the vending core on a real database file: init, roles,
 * customers and meters, quotes and vends, TIDs, limits, shifts, and a
 * failed vend that leaves nothing behind */
#define _GNU_SOURCE
#include <string.h>

#include <glib/gstdio.h>

#include "pos-app.h"
#include "pos-context-private.h"
#include "pos-db-private.h"

#define PASSPHRASE "correct horse battery staple"
#define PAN        "600727000000000009"

typedef struct
{
  char       *dir;
  char       *path;
  PosContext *context;
  GDateTime  *now;
} Fixture;

static GDateTime *
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return g_date_time_ref (f->now);
}

static void
set_now (Fixture    *f,
         const char *iso)
{
  g_clear_pointer (&f->now, g_date_time_unref);
  f->now = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (f->now);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosSetup setup = { "City Power", "1 Main Street", "VAT 4000123456", "ZAR", "admin", "admin-password",
                     PASSPHRASE };
  PosSupplyGroupSpec group = { "Demo", "123456", 1, 2, 255, 2014, 7, "demo-key" };
  PosTariffStep steps[] = { { 500, 150000 }, { 0, 210000 } };
  PosTariffSpec tariff = { "Residential", 1500, TRUE, 0, 0, steps, G_N_ELEMENTS (steps) };
  PosCustomerSpec customer = { "ACC-1", "Nomsa Dlamini", "12 Oak Road", "0821234567" };
  PosMeterSpec meter = { PAN, "123456", 1, 1, "Residential", NULL };

  f->dir = g_dir_make_tmp ("stsvend-app-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "stsvend.db", NULL);
  set_now (f, "2026-11-24T10:15:00Z");

  f->context = pos_context_new ();
  pos_context_set_clock (f->context, fixture_clock, f, NULL);
  pos_context_set_kdf_cost (f->context, 10);
  {
    g_autofree char *settings = g_build_filename (f->dir, "settings.ini", NULL);
    pos_context_set_settings_path (f->context, settings);
  }
  g_assert_true (pos_context_open_database (f->context, f->path, &error));
  g_assert_true (pos_admin_init (f->context, &setup, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_admin_import_vending_key (f->context, "demo-key", 2, "abababababababab", &error), >, 0);
  g_assert_cmpint (pos_admin_add_supply_group (f->context, &group, &error), >, 0);
  g_assert_cmpint (pos_admin_add_tariff (f->context, &tariff, &error), >, 0);
  g_assert_cmpint (pos_admin_add_vending_point (f->context, "Main office", 0, &error), >, 0);
  g_assert_cmpint (pos_admin_add_user (f->context, "thandi", "Thandi M", POS_ROLE_CASHIER, "cashier-pass", &error), >, 0);
  g_assert_cmpint (pos_customer_add (f->context, &customer, &error), >, 0);
  g_assert_cmpint (pos_meter_add (f->context, "ACC-1", &meter, &error), >, 0);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&f->context);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (f->path, suffixes[i], NULL);
      g_unlink (p);
    }
  {
    g_autofree char *settings = g_build_filename (f->dir, "settings.ini", NULL);
    g_unlink (settings);
  }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_clear_pointer (&f->now, g_date_time_unref);
}

/* What the meter makes of a token: the decoder key derived independently. */
static guint32
meter_decode (const char *token,
              gint64     *out_kwh)
{
  StsKeyInfo info;
  StsKey vk, dk;
  StsCipher cipher;
  StsTokenData td;
  bool crc_ok;

  memset (&info, 0, sizeof info);
  g_assert_cmpint (sts_pan_parse (&info.pan, PAN), ==, STS_OK);
  info.sgc = 123456;
  info.ti = 1;
  info.krn = 1;
  info.kt = 2;
  info.ken = 255;
  info.base = STS_BASE_2014;
  info.ea = STS_EA_STA;
  info.dkga = STS_DKGA_02;
  g_assert_cmpint (sts_key_from_hex (&vk, "abababababababab"), ==, STS_OK);
  g_assert_cmpint (sts_key_derive (&dk, &vk, &info), ==, STS_OK);
  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_STA, &dk), ==, STS_OK);
  g_assert_cmpint (sts_token_decode (&td, &crc_ok, &cipher, token), ==, STS_OK);
  sts_cipher_clear (&cipher);
  g_assert_true (crc_ok);
  g_assert_cmpuint (td.token_class, ==, 0);
  *out_kwh = sts_amount_decode (td.value);
  return td.tid;
}

static void
test_quote_blocks (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosVendQuote q;

  /* R100.00 at 15% VAT inclusive: VAT 13.04; 50 kWh at R1.50, then
   * R25.00 at R2.10 = 11.9 kWh, rounded up to 12.0. */
  g_assert_true (pos_vend_quote (f->context, PAN, 10000, &q, &error));
  g_assert_no_error (error);
  g_assert_cmpint (q.vat, ==, 1304);
  g_assert_cmpint (q.energy_value, ==, 8696);
  g_assert_cmpuint (q.n_lines, ==, 2);
  g_assert_cmpint (q.lines[0].kwh, ==, 500);
  g_assert_cmpint (q.lines[0].value, ==, 7500);
  g_assert_cmpint (q.lines[1].kwh, ==, 120);
  g_assert_cmpint (q.lines[1].value, ==, 2500);
  g_assert_cmpint (q.kwh, ==, 620);

  /* A small amount stays in the first step, rounded up. */
  g_assert_true (pos_vend_quote (f->context, PAN, 1, &q, &error));
  g_assert_cmpint (q.kwh, ==, 1);
}

static void
test_vend (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosVendResult r1, r2;
  gint64 kwh;
  guint32 tid_now;

  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  /* No shift, no sale. */
  g_assert_false (pos_vend (f->context, PAN, 10000, &r1, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NO_SHIFT);
  g_clear_error (&error);
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 50000, &error), >, 0);

  g_assert_true (pos_vend (f->context, PAN, 10000, &r1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r1.receipt_no, ==, 1);
  g_assert_cmpint (r1.quote.kwh, ==, 620);
  g_assert_cmpuint (strlen (r1.token), ==, 20);
  g_assert_cmpuint (meter_decode (r1.token, &kwh), ==, r1.tid);
  g_assert_cmpint (kwh, ==, 620);
  g_assert_cmpint (sts_tid_from_unix (&tid_now, STS_BASE_2014, g_date_time_to_unix (f->now)), ==, STS_OK);
  g_assert_cmpuint (r1.tid, ==, tid_now);

  /* The same minute again: the TID steps forward; the month's first 50 kWh
   * are used, so all of it is in the second step. */
  g_assert_true (pos_vend (f->context, PAN, 10000, &r2, &error));
  g_assert_cmpint (r2.receipt_no, ==, 2);
  g_assert_cmpuint (r2.tid, ==, r1.tid + 1);
  /* R100 at R2.10 (VAT-inclusive price) = 47.62 kWh, rounded up to 47.7. */
  g_assert_cmpint (r2.quote.kwh, ==, 477);
  g_assert_cmpuint (meter_decode (r2.token, &kwh), ==, r2.tid);
  g_assert_cmpint (kwh, ==, 477);
  g_assert_cmpstr (r1.token, !=, r2.token);
}

/* The number of rows of @table, through the context's own database. */
static gint64
count_rows (Fixture    *f,
            const char *table)
{
  g_autoptr(GError) error = NULL;
  PosDb *db = pos_context_get_db (f->context, &error);
  g_autofree char *tag = g_strdup_printf ("test-count-%s", table);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = pos_db_prepare (db, tag, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (pos_db_step (db, stmt, &error), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static gint64
last_tid (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDbMeter) meter = pos_db_meter_get_by_pan (pos_context_get_db (f->context, NULL), PAN, &error);

  g_assert_no_error (error);
  return meter->last_tid;
}

/* A database step that fails anywhere in a vend leaves no sale, no token,
 * no consumed TID and no receipt number behind. */
static void
test_vend_fault (Fixture       *f,
                 gconstpointer  data)
{
  static const char *const steps[] = {
    "vp-take-receipt", "sale-insert", "token-insert", "meter-last-tid", "audit-insert",
  };
  g_autoptr(GError) error = NULL;
  PosVendResult r;
  gint64 sales = count_rows (f, "sales");
  gint64 tokens = count_rows (f, "tokens");
  gint64 audit = count_rows (f, "audit_log");

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  audit = count_rows (f, "audit_log");
  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      memset (&r, 0, sizeof r);
      pos_db_set_fault (pos_context_get_db (f->context, NULL), steps[i], 1);
      g_assert_false (pos_vend (f->context, PAN, 10000, &r, &error));
      g_test_message ("fault at %s: %s", steps[i], error->message);
      g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_STORAGE);
      g_clear_error (&error);
      /* No token handed out, nothing recorded. */
      g_assert_cmpstr (r.token, ==, "");
      g_assert_cmpint (count_rows (f, "sales"), ==, sales);
      g_assert_cmpint (count_rows (f, "tokens"), ==, tokens);
      g_assert_cmpint (count_rows (f, "audit_log"), ==, audit);
      g_assert_cmpint (last_tid (f), ==, -1);
      pos_db_set_fault (pos_context_get_db (f->context, NULL), NULL, 0);
    }

  /* The next vend takes receipt 1 and the TID of now. */
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_cmpint (r.receipt_no, ==, 1);
  g_assert_cmpint (last_tid (f), ==, r.tid);
  g_assert_cmpint (count_rows (f, "sales"), ==, sales + 1);
}

static void
test_quote_changes_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosVendQuote q;
  PosVendResult r;
  gint64 audit = count_rows (f, "audit_log");

  for (int i = 0; i < 3; i++)
    g_assert_true (pos_vend_quote (f->context, PAN, 5000, &q, &error));
  g_assert_cmpint (count_rows (f, "sales"), ==, 0);
  g_assert_cmpint (count_rows (f, "audit_log"), ==, audit);
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 5000, &r, &error));
  g_assert_cmpint (r.receipt_no, ==, 1);
  g_assert_cmpint (r.quote.kwh, ==, q.kwh);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosVendResult r;
  PosVendQuote q;
  PosMeterSpec meter = { "600727000000000008", "123456", 1, 1, "Residential", NULL };
  PosMeterSpec dup = { PAN, "123456", 1, 1, "Residential", NULL };
  PosMeterSpec unknown_group = { "000001000000000082", "999999", 1, 1, "Residential", NULL };

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_false (pos_vend (f->context, "600727111111111153", 10000, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pos_vend (f->context, PAN, 0, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_false (pos_vend (f->context, PAN, -500, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_clear_error (&error);
  /* More energy than a token carries. */
  g_assert_false (pos_vend_quote (f->context, PAN, G_GINT64_CONSTANT (5000000000), &q, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_clear_error (&error);

  g_assert_cmpint (pos_meter_add (f->context, "ACC-1", &meter, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PAN_CHECK_DIGIT);
  g_clear_error (&error);
  g_assert_cmpint (pos_meter_add (f->context, "ACC-1", &dup, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (pos_meter_add (f->context, "ACC-1", &unknown_group, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (pos_meter_add (f->context, "ACC-404", &unknown_group, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f, "sales"), ==, 0);
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosMeterSpec meter = { "000001000000000082", "123456", 1, 1, "Residential", NULL };
  PosCustomerSpec customer = { NULL, "Walk-in Customer", "", "" };
  PosVendQuote q;
  g_autoptr(JsonArray) found = NULL;

  /* A cashier sells and registers customers, but may not add meters,
   * keys, users or tariffs: the check is in app/, whatever the front end. */
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_cmpint (pos_context_get_role (f->context), ==, POS_ROLE_CASHIER);
  g_assert_cmpint (pos_customer_add (f->context, &customer, &error), >, 0);
  g_assert_cmpint (pos_meter_add (f->context, "ACC-1", &meter, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (pos_admin_import_vending_key (f->context, "k2", 2, "0123456789abcdef", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (pos_admin_add_user (f->context, "eve", "", POS_ROLE_ADMIN, "password123", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* The new customer got the next account number. */
  found = pos_customer_find (f->context, "walk-in", 10, &error);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (found, 0), "account"), ==,
                   "ACC-000002");

  pos_context_logout (f->context);
  g_assert_false (pos_vend_quote (f->context, PAN, 1000, &q, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_LOGGED_IN);
}

static void
test_login_lockout (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* An unknown name and a wrong password look the same. */
  g_assert_false (pos_context_login (f->context, "nobody", "x", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSWORD);
  g_clear_error (&error);
  for (int i = 1; i <= 4; i++)
    {
      g_assert_false (pos_context_login (f->context, "thandi", "wrong", &error));
      g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSWORD);
      g_clear_error (&error);
    }
  g_assert_false (pos_context_login (f->context, "thandi", "wrong", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LOCKED_OUT);
  g_clear_error (&error);
  /* Locked: even the right password waits. */
  g_assert_false (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LOCKED_OUT);
  g_clear_error (&error);
  g_assert_null (pos_context_get_username (f->context));

  set_now (f, "2026-11-24T10:31:00Z");
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_cmpstr (pos_context_get_username (f->context), ==, "thandi");
}

static void
test_keys_locked (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosContext) other = pos_context_new ();
  PosVendResult r;

  /* A second front end on the same file: logged in, keys still locked. */
  pos_context_set_kdf_cost (other, 10);
  g_assert_true (pos_context_open_database (other, f->path, &error));
  g_assert_true (pos_context_login (other, "admin", "admin-password", &error));
  g_assert_cmpint (pos_shift_open (other, "Main office", 0, &error), >, 0);
  g_assert_false (pos_vend (other, PAN, 1000, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_KEYS_LOCKED);
  g_clear_error (&error);
  g_assert_false (pos_context_unlock_keys (other, "not the passphrase", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (pos_context_unlock_keys (other, PASSPHRASE, &error));
  g_assert_true (pos_vend (other, PAN, 1000, &r, &error));
  g_assert_no_error (error);
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosDb *db = pos_context_get_db (f->context, NULL);
  gint64 rows = 0;
  PosVendResult r;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 1000, &r, &error));
  g_assert_true (pos_db_audit_verify (db, &rows, &error));
  /* init, key, group, tariff, point, user, customer, meter, shift, vend */
  g_assert_cmpint (rows, ==, 10);
  g_assert_true (pos_db_exec (db, "UPDATE audit_log SET detail = '{}' WHERE action = 'vend'", &error));
  g_assert_false (pos_db_audit_verify (db, &rows, &error));
}

static void
test_reprint_reissue (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(JsonObject) again = NULL;
  PosVendResult r;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));

  copy = pos_sale_reprint (f->context, NULL, r.receipt_no, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (copy, "copy"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (copy, "tokens"), 0), ==, r.token);
  g_assert_cmpstr (json_object_get_string_member (copy, "customer"), ==, "Nomsa Dlamini");
  g_assert_cmpint (json_object_get_int_member (copy, "kwh_tenths"), ==, 620);

  /* A lost token comes back as the same token, not new credit. */
  again = pos_sale_reissue (f->context, PAN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (again, "tokens"), 0), ==, r.token);
  g_assert_cmpint (count_rows (f, "sales"), ==, 1);
  g_assert_cmpint (count_rows (f, "tokens"), ==, 1);

  g_assert_null (pos_sale_reprint (f->context, NULL, 99, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
}

/* A supervisor with no float who pays a refund ends the shift below zero:
 * that is a valid count, not a failure (it once crashed, the error unset). */
static void
test_shift_negative_cash (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 expected = 0, difference = 0;
  PosVendResult r;

  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_true (pos_context_unlock_keys (f->context, PASSPHRASE, &error));
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_no_error (error);

  g_assert_true (pos_context_login (f->context, "admin", "admin-password", &error));
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_cmpint (pos_sale_reverse (f->context, NULL, r.receipt_no, "wrong meter", &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (pos_shift_close (f->context, 0, &expected, &difference, &error));
  g_assert_no_error (error);
  g_assert_cmpint (expected, ==, -10000);
  g_assert_cmpint (difference, ==, 10000);
}

/* Money near the top of 64 bits is refused, not priced wrong: the quote
 * once overflowed (money x 10000) into 10.7 kWh, and a VAT below zero. */
static void
test_money_limits (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosDb *db = pos_context_get_db (f->context, NULL);
  PosTariffStep steps[] = { { 0, 150000 } };
  PosTariffSpec tariff = { "Huge", 1500, TRUE, 0, 0, steps, 1 };
  gint64 minor = 0, sales = count_rows (f, "sales");
  PosVendQuote q;
  PosVendResult r;

  g_assert_false (pos_money_parse ("23058430092136955.52", 2, &minor, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_true (pos_money_parse ("1000000000000.00", 2, &minor, &error));
  g_assert_cmpint (minor, ==, POS_MONEY_MAX);
  g_assert_false (pos_money_parse ("1000000000000.01", 2, &minor, &error));
  g_clear_error (&error);

  g_assert_cmpint (pos_shift_open (f->context, "Main office", POS_MONEY_MAX + 1, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_false (pos_vend_quote (f->context, PAN, G_GINT64_CONSTANT (2305843009213695552), &q, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_false (pos_vend (f->context, PAN, G_MAXINT64, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f, "sales"), ==, sales);

  /* At the cap, with this tariff, more energy than a token carries. */
  g_assert_false (pos_vend_quote (f->context, PAN, POS_MONEY_MAX, &q, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "more energy than a token carries"));
  g_clear_error (&error);

  /* A tariff stored before the caps, dear enough to overflow a step's
   * cost: priced, still consistent, or refused; never wrapped. */
  g_assert_true (pos_db_exec (db, "UPDATE tariff_blocks SET price = 4611686018427387903, up_to = NULL", &error));
  g_assert_true (pos_vend_quote (f->context, PAN, POS_MONEY_MAX, &q, &error));
  g_assert_no_error (error);
  g_assert_cmpint (q.kwh, ==, 1);
  g_assert_cmpint (q.vat + q.energy_value + q.fixed_charge, ==, POS_MONEY_MAX);

  /* The administrator's amounts are capped where they are taken. */
  tariff.free_units = 429496739;
  g_assert_cmpint (pos_admin_add_tariff (f->context, &tariff, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  tariff.free_units = 0;
  tariff.fixed_monthly = G_MAXINT64;
  g_assert_cmpint (pos_admin_add_tariff (f->context, &tariff, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  tariff.fixed_monthly = 0;
  steps[0].price = G_MAXINT64;
  g_assert_cmpint (pos_admin_add_tariff (f->context, &tariff, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_cmpint (pos_admin_add_vending_point (f->context, "Far", G_MAXINT64 - 1, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (pos_admin_set_utility (f->context, NULL, NULL, NULL, -1, G_MAXINT64, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_cmpint (pos_debt_add (f->context, "ACC-1", G_MAXINT64, 1000, 0, "huge", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (pos_shift_close (f->context, G_MAXINT64, NULL, NULL, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
}

static void
test_reversal (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) history = NULL;
  PosVendResult r1, r2;
  PosVendQuote q;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r1, &error));

  /* A cashier may not reverse; a supervisor or admin may, with a reason. */
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_cmpint (pos_sale_reverse (f->context, "Main office", r1.receipt_no, "customer changed mind", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_true (pos_context_login (f->context, "admin", "admin-password", &error));
  g_assert_cmpint (pos_sale_reverse (f->context, NULL, r1.receipt_no, "", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  g_assert_cmpint (pos_sale_reverse (f->context, NULL, r1.receipt_no, "wrong meter", &error), ==, 2);
  g_assert_no_error (error);
  /* Never twice; the reversal itself is not reversible. */
  g_assert_cmpint (pos_sale_reverse (f->context, NULL, r1.receipt_no, "again", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_cmpint (pos_sale_reverse (f->context, NULL, 2, "again", &error), ==, 0);
  g_clear_error (&error);

  /* Both records stay; the month's energy no longer counts the sale, so
   * the next vend starts in the first step again. */
  g_assert_cmpint (count_rows (f, "sales"), ==, 2);
  g_assert_true (pos_vend_quote (f->context, PAN, 10000, &q, &error));
  g_assert_cmpint (q.kwh, ==, 620);
  history = pos_sale_history (f->context, PAN, 10, &error);
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "kind"), ==,
                   "reversal");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1), "status"), ==,
                   "reversed");
  /* A reversed token cannot be re-issued. */
  g_assert_null (pos_sale_reissue (f->context, PAN, &error));
  g_clear_error (&error);

  /* Yesterday's sales stay. */
  g_assert_true (pos_vend (f->context, PAN, 10000, &r2, &error));
  set_now (f, "2026-11-25T08:00:00Z");
  g_assert_cmpint (pos_sale_reverse (f->context, NULL, r2.receipt_no, "too late", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

/* A card purchase can be reversed only while the meter cannot take it:
 * never once a reading shows it applied, and not while the card (or a
 * pending write) still carries it. */
static void
test_reversal_card (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosDb *db = pos_context_get_db (f->context, NULL);
  g_autofree char *sql = NULL;
  PosVendResult r;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  sql = g_strdup_printf ("INSERT INTO cards (serial, meter_id, issued_at)"
                         " SELECT 'CARD-1', id, '2026-11-24T09:00:00Z' FROM meters WHERE pan = '%s';"
                         "INSERT INTO card_purchases (card_id, seq, sale_id, tokens, issued_at)"
                         " VALUES (1, 1, %" G_GINT64_FORMAT ", '%s', 1795000000)", PAN, r.sale_id, r.token);
  g_assert_true (pos_db_exec (db, sql, &error));

  /* Owed to the card (the write failed): refused. */
  g_assert_cmpint (pos_sale_reverse (f->context, NULL, r.receipt_no, "wrong meter", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "card"));
  g_clear_error (&error);
  /* On the card: refused. */
  g_assert_true (pos_db_exec (db, "UPDATE card_purchases SET written_at = '2026-11-24T10:16:00Z'", &error));
  g_assert_cmpint (pos_sale_reverse (f->context, NULL, r.receipt_no, "wrong meter", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  /* Applied by the meter, says a later reading: refused as such. */
  g_assert_true (pos_db_exec (db, "INSERT INTO meter_readings (meter_id, read_at, last_sequence)"
                                  " SELECT meter_id, '2026-11-24T10:30:00Z', 1 FROM cards", &error));
  g_assert_cmpint (pos_sale_reverse (f->context, NULL, r.receipt_no, "wrong meter", &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "applied"));
  g_clear_error (&error);
  /* Nothing changed. */
  g_assert_cmpint (count_rows (f, "sales"), ==, 1);
}

static void
test_z_report (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) z = NULL;
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(JsonObject) again = NULL;
  PosVendResult r;
  PosDb *db = pos_context_get_db (f->context, NULL);

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  set_now (f, "2026-11-24T14:30:00Z");
  g_assert_true (pos_vend (f->context, PAN, 5000, &r, &error));
  g_assert_cmpint (pos_sale_reverse (f->context, NULL, r.receipt_no, "test", &error), >, 0);

  set_now (f, "2026-11-25T06:00:00Z");
  z = pos_z_report_close (f->context, NULL, "2026-11-24", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (z, "number"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (z, "sales"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (z, "amount"), ==, 10000);
  g_assert_cmpint (json_object_get_int_member (z, "reversals"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (z, "reversed_amount"), ==, 5000);
  g_assert_cmpint (json_object_get_int_member (z, "tokens"), ==, 2);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (z, "hourly"), 10), ==, 10000);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (z, "hourly"), 14), ==, 0);

  /* Closed once; never again, never changed. */
  g_assert_null (pos_z_report_close (f->context, NULL, "2026-11-24", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (pos_db_exec (db, "UPDATE z_reports SET body = '{}'", &error));
  g_clear_error (&error);
  copy = pos_z_report_get (f->context, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (copy, "copy"));
  g_assert_cmpint (json_object_get_int_member (copy, "amount"), ==, 10000);
  /* After the Z report, the day takes no more sales. */
  set_now (f, "2026-11-24T23:00:00Z");
  g_assert_false (pos_vend (f->context, PAN, 1000, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_clear_error (&error);
  set_now (f, "2026-11-25T06:00:00Z");
  g_assert_true (pos_vend (f->context, PAN, 1000, &r, &error));
  /* The next day gets the next number; a future day cannot be closed. */
  again = pos_z_report_close (f->context, NULL, "2026-11-25", &error);
  g_assert_cmpint (json_object_get_int_member (again, "number"), ==, 2);
  g_assert_null (pos_z_report_close (f->context, NULL, "2026-11-26", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
}

static void
test_backup_and_verify (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "backup.db", NULL);
  g_autoptr(PosContext) other = pos_context_new ();
  PosVendResult r;
  gint64 rows = 0;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_true (pos_backup (f->context, copy, &error));
  g_assert_true (pos_audit_verify (f->context, &rows, &error));
  g_assert_cmpint (rows, ==, 11);

  /* The copy opens as a database of its own, with the sale in it. */
  pos_context_set_kdf_cost (other, 10);
  g_assert_true (pos_context_open_database (other, copy, &error));
  g_assert_true (pos_context_login (other, "admin", "admin-password", &error));
  g_assert_true (pos_audit_verify (other, &rows, &error));
  {
    g_autoptr(JsonArray) history = pos_sale_history (other, PAN, 10, &error);
    g_assert_cmpuint (json_array_get_length (history), ==, 1);
  }
  g_clear_object (&other);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (copy, suffixes[i], NULL);
        g_unlink (p);
      }
  }

  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_false (pos_backup (f->context, copy, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

/* A simulated meter holding the fixture meter's key for @group's
 * parameters: base, KRN, TI. */
static void
meter_init (StsMeter    *meter,
            StsBaseDate  base,
            guint8       krn,
            guint8       ti,
            guint32      sgc)
{
  StsKeyInfo info;
  StsKey vk, dk;

  memset (&info, 0, sizeof info);
  g_assert_cmpint (sts_pan_parse (&info.pan, PAN), ==, STS_OK);
  info.sgc = sgc;
  info.ti = ti;
  info.krn = krn;
  info.kt = 2;
  info.ken = 255;
  info.base = base;
  info.ea = STS_EA_STA;
  info.dkga = STS_DKGA_02;
  g_assert_cmpint (sts_key_from_hex (&vk, "abababababababab"), ==, STS_OK);
  g_assert_cmpint (sts_key_derive (&dk, &vk, &info), ==, STS_OK);
  g_assert_cmpint (sts_meter_init (meter, &info, &dk), ==, STS_OK);
}

static void
test_engineering (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosTokenSet set;
  PosVendResult r;
  StsMeter meter;
  StsMeterEvent event;

  meter_init (&meter, STS_BASE_2014, 1, 1, 123456);
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_cmpint (sts_meter_enter (&meter, &event, r.token), ==, STS_OK);

  g_assert_true (pos_engineering_token (f->context, PAN, POS_ENGINEERING_SET_MPL, 5000, &set, &error));
  g_assert_cmpuint (set.n_tokens, ==, 1);
  g_assert_cmpint (set.tid, ==, r.tid + 1);
  g_assert_cmpint (sts_meter_enter (&meter, &event, set.tokens[0]), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_MPL_SET);
  g_assert_cmpuint (meter.mpl, ==, 5000);

  g_assert_true (pos_engineering_token (f->context, PAN, POS_ENGINEERING_CLEAR_CREDIT, STS_REGISTER_ALL, &set,
                                        &error));
  g_assert_cmpint (sts_meter_enter (&meter, &event, set.tokens[0]), ==, STS_OK);
  g_assert_cmpint (meter.registers[0], ==, 0);
  meter.tamper = TRUE;
  g_assert_true (pos_engineering_token (f->context, PAN, POS_ENGINEERING_CLEAR_TAMPER, 0, &set, &error));
  g_assert_cmpint (sts_meter_enter (&meter, &event, set.tokens[0]), ==, STS_OK);
  g_assert_false (meter.tamper);
  g_assert_true (pos_engineering_token (f->context, PAN, POS_ENGINEERING_TEST, 1, &set, &error));
  g_assert_cmpint (set.tid, ==, -1);
  g_assert_cmpint (sts_meter_enter (&meter, &event, set.tokens[0]), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_TEST);
  sts_meter_clear (&meter);

  /* Supervisors only. */
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_false (pos_engineering_token (f->context, PAN, POS_ENGINEERING_CLEAR_TAMPER, 0, &set, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

static void
test_key_change (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosSupplyGroupSpec krn2 = { "Demo KRN 2", "123456", 2, 2, 255, 2014, 7, "demo-key" };
  PosTokenSet set;
  PosVendResult r;
  StsMeter meter;
  StsMeterEvent event;

  g_assert_cmpint (pos_admin_add_supply_group (f->context, &krn2, &error), >, 0);
  meter_init (&meter, STS_BASE_2014, 1, 1, 123456);
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);

  /* KRN 1 -> 2 and TI 1 -> 3: two tokens, made with the old key. */
  g_assert_true (pos_key_change (f->context, PAN, "123456", 2, 3, &set, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (set.n_tokens, ==, 2);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  /* Before the set, the new key's token is refused; after it, accepted. */
  g_assert_cmpint (sts_meter_enter (&meter, &event, r.token), ==, STS_ERR_TOKEN_REJECTED);
  g_assert_cmpint (sts_meter_enter (&meter, &event, set.tokens[0]), ==, STS_OK);
  g_assert_cmpint (sts_meter_enter (&meter, &event, set.tokens[1]), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_KEY_CHANGED);
  g_assert_cmpuint (meter.info.krn, ==, 2);
  g_assert_cmpuint (meter.info.ti, ==, 3);
  g_assert_cmpint (sts_meter_enter (&meter, &event, r.token), ==, STS_OK);
  g_assert_cmpint (event.amount, ==, 620);
  sts_meter_clear (&meter);

  /* No change to the same key; no unknown group. */
  g_assert_false (pos_key_change (f->context, PAN, "123456", 2, 3, &set, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (pos_key_change (f->context, PAN, "999999", 1, 1, &set, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
}

static void
test_key_change_rollover (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosSupplyGroupSpec old_group = { "Old 1993", "654321", 1, 2, 255, 1993, 7, "demo-key" };
  PosSupplyGroupSpec new_group = { "New 2014", "654321", 2, 2, 255, 2014, 7, "demo-key" };
  PosMeterSpec spec = { "000001000000000082", "654321", 1, 1, "Residential", NULL };
  PosTokenSet set;
  PosVendResult r;

  g_assert_cmpint (pos_admin_add_supply_group (f->context, &old_group, &error), >, 0);
  g_assert_cmpint (pos_admin_add_supply_group (f->context, &new_group, &error), >, 0);
  g_assert_cmpint (pos_meter_add (f->context, "ACC-1", &spec, &error), >, 0);
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);

  /* Base date 1993 ended in 2024: no more credit until the key changes. */
  g_assert_false (pos_vend (f->context, spec.pan, 10000, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_TID_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_true (pos_key_change (f->context, spec.pan, "654321", 2, 1, &set, &error));
  g_assert_cmpuint (set.n_tokens, ==, 2);
  {
    /* The first token carries the rollover bit. */
    StsKeyInfo info;
    StsKey vk, dk;
    StsCipher cipher;
    StsTokenData td;
    bool crc_ok;

    memset (&info, 0, sizeof info);
    g_assert_cmpint (sts_pan_parse (&info.pan, spec.pan), ==, STS_OK);
    info.sgc = 654321;
    info.ti = 1;
    info.krn = 1;
    info.kt = 2;
    info.ken = 255;
    info.base = STS_BASE_1993;
    info.ea = STS_EA_STA;
    info.dkga = STS_DKGA_02;
    g_assert_cmpint (sts_key_from_hex (&vk, "abababababababab"), ==, STS_OK);
    g_assert_cmpint (sts_key_derive (&dk, &vk, &info), ==, STS_OK);
    g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_STA, &dk), ==, STS_OK);
    g_assert_cmpint (sts_token_decode (&td, &crc_ok, &cipher, set.tokens[0]), ==, STS_OK);
    sts_cipher_clear (&cipher);
    g_assert_true (crc_ok);
    g_assert_true (td.rollover);
    g_assert_cmpuint (td.krn, ==, 2);
  }
  g_assert_true (pos_vend (f->context, spec.pan, 10000, &r, &error));
  g_assert_no_error (error);
}

/* The last audit entry's action. */
static char *
last_audit_action (Fixture *f)
{
  PosDb *db = pos_context_get_db (f->context, NULL);
  sqlite3_stmt *stmt = NULL;
  char *action;

  g_assert_cmpint (sqlite3_prepare_v2 (pos_db_get_handle (db), "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  action = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return action;
}

static void
test_customer_edit (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosCustomerSpec second = { "ACC-2", "Andile Zulu", "", "" };
  PosCustomerSpec change = { NULL, NULL, "14 Elm Road", "0839876543" };
  PosCustomerSpec blank = { NULL, "  ", NULL, NULL };
  g_autofree char *action = NULL;

  g_assert_cmpint (pos_customer_add (f->context, &second, &error), >, 0);
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_true (pos_customer_update (f->context, "ACC-1", &change, &error));
  g_assert_no_error (error);
  action = last_audit_action (f);
  g_assert_cmpstr (action, ==, "customer-update");
  {
    g_autoptr(JsonObject) c = pos_customer_get (f->context, "ACC-1", &error);
    JsonArray *meters;

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "Nomsa Dlamini");   /* kept */
    g_assert_cmpstr (json_object_get_string_member (c, "address"), ==, "14 Elm Road");
    g_assert_cmpstr (json_object_get_string_member (c, "phone"), ==, "0839876543");
    g_assert_cmpint (json_object_get_int_member (c, "debt"), ==, 0);
    g_assert_false (json_object_has_member (c, "last_purchase"));
    meters = json_object_get_array_member (c, "meters");
    g_assert_cmpuint (json_array_get_length (meters), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (meters, 0), "tariff"), ==,
                     "Residential");
  }
  {
    /* The new phone number finds the customer; the old one does not. */
    g_autoptr(JsonArray) by_new = pos_customer_find (f->context, "0839876543", 10, &error);
    g_autoptr(JsonArray) by_old = pos_customer_find (f->context, "0821234567", 10, &error);
    g_autoptr(JsonArray) list = pos_customer_list (f->context, 0, 10, &error);
    g_autoptr(JsonArray) page2 = pos_customer_list (f->context, 1, 10, &error);

    g_assert_cmpuint (json_array_get_length (by_new), ==, 1);
    g_assert_cmpuint (json_array_get_length (by_old), ==, 0);
    /* By name: Andile before Nomsa. */
    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "account"), ==, "ACC-2");
    g_assert_cmpuint (json_array_get_length (page2), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (page2, 0), "account"), ==, "ACC-1");
  }
  g_assert_false (pos_customer_update (f->context, "ACC-1", &blank, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (pos_customer_update (f->context, "ACC-404", &change, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pos_customer_get (f->context, "ACC-404", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
}

static void
test_meter_update (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosVendResult r;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_meter_update (f->context, PAN, NULL, "blocked", &error));
  g_assert_false (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (pos_meter_update (f->context, PAN, NULL, "stolen", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (pos_meter_update (f->context, PAN, "No such tariff", NULL, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (pos_meter_update (f->context, PAN, "Residential", "active", &error));
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_no_error (error);

  /* Cashiers sell; they do not change meters. */
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_false (pos_meter_update (f->context, PAN, NULL, "blocked", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

static void
test_debt (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosVendQuote q;
  PosVendResult r;

  /* 25% of each purchase, at least R10.00, until R35.00 is paid. */
  g_assert_cmpint (pos_debt_add (f->context, "ACC-1", 3500, 2500, 1000, "arrears", &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (pos_vend_quote (f->context, PAN, 2000, &q, &error));
  g_assert_cmpint (q.debt_recovered, ==, 1000);   /* the minimum beats 25% of R20 */
  g_assert_cmpint (q.debt_balance, ==, 2500);
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_cmpint (r.quote.debt_recovered, ==, 2500);
  g_assert_cmpint (r.quote.debt_balance, ==, 1000);
  {
    g_autoptr(JsonObject) c = pos_customer_get (f->context, "ACC-1", &error);
    JsonObject *last = json_object_get_object_member (c, "last_purchase");

    g_assert_cmpint (json_object_get_int_member (c, "debt"), ==, 1000);
    g_assert_cmpint (json_object_get_int_member (last, "receipt"), ==, r.receipt_no);
  }

  g_assert_cmpint (pos_debt_add (f->context, "ACC-1", 0, 2500, 0, NULL, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_cmpint (pos_debt_add (f->context, "ACC-1", 100, 0, 0, NULL, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_cmpint (pos_debt_add (f->context, "ACC-404", 100, 2500, 0, NULL, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_cmpint (pos_debt_add (f->context, "ACC-1", 100, 2500, 0, NULL, &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

static void
test_free_issue (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosTariffStep steps[] = { { 0, 150000 } };
  PosTariffSpec lifeline = { "Lifeline", 1500, TRUE, 0, 500, steps, 1 };
  PosVendResult r, again;
  gint64 kwh = 0;
  guint32 tid;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  /* Residential has no free units. */
  g_assert_false (pos_vend_free_issue (f->context, PAN, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  g_assert_cmpint (pos_admin_add_tariff (f->context, &lifeline, &error), >, 0);
  g_assert_true (pos_meter_update (f->context, PAN, "Lifeline", NULL, &error));
  g_assert_true (pos_vend_free_issue (f->context, PAN, &r, &error));
  g_assert_no_error (error);
  tid = meter_decode (r.token, &kwh);
  g_assert_cmpint (kwh, ==, 500);
  g_assert_cmpuint (tid, ==, r.tid);
  g_assert_cmpint (r.quote.kwh, ==, 500);
  g_assert_cmpint (r.quote.tendered, ==, 0);
  {
    g_autoptr(JsonArray) history = pos_sale_history (f->context, PAN, 10, &error);
    JsonObject *sale = json_array_get_object_element (history, 0);

    g_assert_cmpstr (json_object_get_string_member (sale, "kind"), ==, "free");
    g_assert_cmpint (json_object_get_int_member (sale, "amount"), ==, 0);
  }

  /* Once a month. */
  set_now (f, "2026-11-30T23:59:00Z");
  g_assert_false (pos_vend_free_issue (f->context, PAN, &again, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE);
  g_clear_error (&error);
  set_now (f, "2026-12-01T00:05:00Z");
  g_assert_true (pos_vend_free_issue (f->context, PAN, &again, &error));
  g_assert_cmpuint (again.tid, >, r.tid);
}

/* A valid 18-digit PAN with IIN 600727 and DRN 0400000000n. */
static void
make_pan (char   out[19],
          guint  n)
{
  char body[18];

  g_snprintf (body, sizeof body, "60072704%08u", n);
  body[16] = (char) ('0' + sts_luhn_check_digit (body + 6, 10));
  body[17] = '\0';
  g_snprintf (out, 19, "%s%d", body, sts_luhn_check_digit (body, 17));
}

typedef struct
{
  guint       calls;
  guint       total;
  PosTokenSet first;
  char        first_pan[19];
} MigrationLog;

static void
migrated_cb (const char         *pan,
             const PosTokenSet  *tokens,
             guint               done,
             guint               total,
             gpointer            user_data)
{
  MigrationLog *log = user_data;

  log->calls++;
  g_assert_cmpuint (done, ==, log->calls);
  log->total = total;
  g_assert_cmpuint (tokens->n_tokens, ==, 2);
  if (g_strcmp0 (pan, PAN) == 0)
    {
      log->first = *tokens;
      g_strlcpy (log->first_pan, pan, sizeof log->first_pan);
    }
}

static void
test_migration (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosSupplyGroupSpec krn2 = { "Demo KRN 2", "123456", 2, 2, 255, 2014, 7, "demo-key" };
  MigrationLog log = { 0 };
  PosVendResult r;
  StsMeter meter;
  StsMeterEvent event;
  guint moved = 99;

  for (guint i = 1; i <= 2; i++)
    {
      char pan[19];
      PosMeterSpec spec = { pan, "123456", 1, 1, "Residential", NULL };

      make_pan (pan, i);
      g_assert_cmpint (pos_meter_add (f->context, "ACC-1", &spec, &error), >, 0);
    }
  g_assert_cmpint (pos_admin_add_supply_group (f->context, &krn2, &error), >, 0);
  meter_init (&meter, STS_BASE_2014, 1, 1, 123456);

  /* Supervisors only, with a shift (the tokens are recorded as sales). */
  g_assert_false (pos_key_change_group (f->context, "123456", 1, "123456", 2, migrated_cb, &log, &moved, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NO_SHIFT);
  g_assert_cmpuint (moved, ==, 0);
  g_clear_error (&error);
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_false (pos_key_change_group (f->context, "123456", 1, "999999", 1, NULL, NULL, &moved, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (pos_key_change_group (f->context, "123456", 1, "123456", 2, migrated_cb, &log, &moved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moved, ==, 3);
  g_assert_cmpuint (log.calls, ==, 3);
  g_assert_cmpuint (log.total, ==, 3);
  g_assert_cmpstr (log.first_pan, ==, PAN);

  /* The meter takes the set, then credit made with the new key. */
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_cmpint (sts_meter_enter (&meter, &event, log.first.tokens[0]), ==, STS_OK);
  g_assert_cmpint (sts_meter_enter (&meter, &event, log.first.tokens[1]), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_KEY_CHANGED);
  g_assert_cmpuint (meter.info.krn, ==, 2);
  g_assert_cmpint (sts_meter_enter (&meter, &event, r.token), ==, STS_OK);
  sts_meter_clear (&meter);

  /* Run again: nothing is left in the old group. */
  log.calls = 0;
  g_assert_true (pos_key_change_group (f->context, "123456", 1, "123456", 2, migrated_cb, &log, &moved, &error));
  g_assert_cmpuint (moved, ==, 0);
  g_assert_cmpuint (log.calls, ==, 0);
  {
    g_autoptr(JsonArray) history = pos_sale_history_for_customer (f->context, "ACC-1", 10, &error);

    /* Three key change sales and one credit sale, newest first. */
    g_assert_cmpuint (json_array_get_length (history), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 3), "kind"), ==,
                     "key_change");
  }
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_false (pos_key_change_group (f->context, "123456", 2, "123456", 1, NULL, NULL, &moved, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

static gboolean
receipt_shows (Fixture    *f,
               gint64      receipt_no,
               const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) escpos = pos_receipt_render (f->context, NULL, receipt_no, POS_RECEIPT_ESCPOS_80, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (escpos, &len);
  /* ESC/POS has NUL bytes in its commands: search the bytes, not a string */
  for (gsize i = 0; i + strlen (number) <= len; i++)
    if (memcmp (data + i, number, strlen (number)) == 0)
      return TRUE;
  return FALSE;
}

/* Backup, 5 vends, restore, 3 vends: the lost 5 had TIDs and receipt
 * numbers that the meter and the customers still hold; none comes back.
 * @blind: the database being replaced cannot be read, so the restore must
 * step past what it cannot see. */
static void
restore_and_sell (Fixture  *f,
                  gboolean  blind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "before.db", NULL);
  g_autoptr(GHashTable) tids = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) receipts = g_hash_table_new (NULL, NULL);
  guint32 lost_max = 0, first_tid;
  PosVendResult r;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_hash_table_add (tids, GUINT_TO_POINTER (r.tid));
  g_hash_table_add (receipts, GINT_TO_POINTER ((int) r.receipt_no));
  first_tid = r.tid;
  g_assert_true (pos_backup (f->context, copy, &error));
  /* Five sales in one minute: their TIDs run ahead of the clock. */
  for (int i = 0; i < 5; i++)
    {
      g_assert_true (pos_vend (f->context, PAN, 2000, &r, &error));
      g_assert_no_error (error);
      g_assert_false (g_hash_table_contains (tids, GUINT_TO_POINTER (r.tid)));
      g_hash_table_add (tids, GUINT_TO_POINTER (r.tid));
      g_hash_table_add (receipts, GINT_TO_POINTER ((int) r.receipt_no));
      lost_max = MAX (lost_max, r.tid);
    }
  g_assert_cmpuint (g_hash_table_size (receipts), ==, 6);

  if (blind)
    {
      pos_db_set_fault (pos_context_get_db (f->context, NULL), "high-water-tids", 1);
      g_test_expect_message (NULL, G_LOG_LEVEL_WARNING, "*could not be read*a day ahead*");
    }
  g_assert_true (pos_restore (f->context, copy, &error));
  if (blind)
    g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_true (pos_context_unlock_keys (f->context, PASSPHRASE, &error));
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *printed = NULL;

      g_assert_true (pos_vend (f->context, PAN, 3000, &r, &error));
      g_assert_no_error (error);
      g_assert_false (g_hash_table_contains (tids, GUINT_TO_POINTER (r.tid)));
      g_assert_cmpuint (r.tid, >, lost_max);
      if (blind)
        g_assert_cmpuint (r.tid, >=, first_tid + 24 * 60);
      g_hash_table_add (tids, GUINT_TO_POINTER (r.tid));
      /* The printed number carries the restore generation: unique even
       * where the plain number could not be stepped past the lost ones. */
      printed = g_strdup_printf ("1-%06d", (int) r.receipt_no);
      g_assert_true (receipt_shows (f, r.receipt_no, printed));
      if (!blind)
        {
          g_assert_false (g_hash_table_contains (receipts, GINT_TO_POINTER ((int) r.receipt_no)));
          g_assert_cmpint (r.receipt_no, ==, 7 + i);
        }
    }
  g_assert_true (pos_db_check_integrity (pos_context_get_db (f->context, NULL), &error));
  g_assert_no_error (error);
  {
    g_autofree char *wal = g_strconcat (copy, "-wal", NULL);
    g_autofree char *shm = g_strconcat (copy, "-shm", NULL);

    g_unlink (copy);
    g_unlink (wal);
    g_unlink (shm);
  }
}

static void
test_restore_no_reuse (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pos_context_login (f->context, "admin", "admin-password", &error));
  g_assert_true (pos_context_unlock_keys (f->context, PASSPHRASE, &error));
  restore_and_sell (f, GPOINTER_TO_INT (data));
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "restore.db", NULL);
  g_autofree char *garbage = g_build_filename (f->dir, "garbage.db", NULL);
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.db", NULL);
  g_autofree char *action = NULL;
  PosVendResult r;
  gint64 rows = 0;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_true (pos_backup (f->context, copy, &error));
  g_assert_true (pos_vend (f->context, PAN, 5000, &r, &error));

  /* Not a database, or not ours: refused, and nothing changes. */
  g_assert_true (g_file_set_contents (garbage, "this is not a database, not at all.........", -1, &error));
  g_assert_false (pos_restore (f->context, garbage, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_STORAGE);
  g_clear_error (&error);
  {
    sqlite3 *other = NULL;

    g_assert_cmpint (sqlite3_open (foreign, &other), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (other, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), ==,
                     SQLITE_OK);
    sqlite3_close (other);
  }
  g_assert_false (pos_restore (f->context, foreign, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "not an stsvend backup"));
  g_clear_error (&error);
  g_assert_false (pos_restore (f->context, "/nonexistent/backup.db", &error));
  g_clear_error (&error);
  {
    g_autoptr(JsonArray) history = pos_sale_history (f->context, PAN, 10, &error);
    g_assert_cmpuint (json_array_get_length (history), ==, 2);
  }

  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_false (pos_restore (f->context, copy, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* The backup comes back whole: the later sale is gone, and the user must
   * log in again. */
  g_assert_true (pos_context_login (f->context, "admin", "admin-password", &error));
  g_assert_true (pos_restore (f->context, copy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pos_context_get_role (f->context), ==, POS_ROLE_NONE);
  g_assert_true (pos_context_login (f->context, "admin", "admin-password", &error));
  {
    g_autoptr(JsonArray) history = pos_sale_history (f->context, PAN, 10, &error);
    g_assert_cmpuint (json_array_get_length (history), ==, 1);
  }
  action = last_audit_action (f);
  g_assert_cmpstr (action, ==, "restore");
  g_assert_true (pos_audit_verify (f->context, &rows, &error));
  g_assert_true (pos_db_check_integrity (pos_context_get_db (f->context, NULL), &error));
  /* And selling goes on after it, past the receipt number the replaced
   * database had reached (receipt 2 was printed by the lost sale). */
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_true (pos_context_unlock_keys (f->context, PASSPHRASE, &error));
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 5000, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.receipt_no, ==, 3);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p1 = g_strconcat (copy, suffixes[i], NULL);
        g_autofree char *p2 = g_strconcat (foreign, suffixes[i], NULL);
        g_unlink (p1);
        g_unlink (p2);
      }
    g_unlink (garbage);
  }
}

static void
test_credit_ceiling (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosVendResult r;
  gint64 reconciled = 0;

  g_assert_cmpint (pos_admin_add_vending_point (f->context, "Kiosk", 15000, &error), >, 0);
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_true (pos_context_unlock_keys (f->context, PASSPHRASE, &error));
  g_assert_cmpint (pos_shift_open (f->context, "Kiosk", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_false (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "ceiling"));
  g_clear_error (&error);
  g_assert_true (pos_vend (f->context, PAN, 5000, &r, &error));   /* exactly up to it */

  /* Only an administrator reconciles. */
  g_assert_false (pos_admin_reconcile_point (f->context, "Kiosk", -1, &reconciled, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_true (pos_context_login (f->context, "admin", "admin-password", &error));
  g_assert_false (pos_admin_reconcile_point (f->context, "Nowhere", -1, &reconciled, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (pos_admin_reconcile_point (f->context, "Kiosk", 20000, &reconciled, &error));
  g_assert_cmpint (reconciled, ==, 15000);
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_true (pos_vend (f->context, PAN, 20000, &r, &error));
  g_assert_false (pos_vend (f->context, PAN, 100, &r, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
}

static void
test_admin_users (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(JsonArray) users = pos_admin_list (f->context, POS_ADMIN_USERS, &error);
    g_autoptr(JsonArray) keys = pos_admin_list (f->context, POS_ADMIN_VENDING_KEYS, &error);
    g_autoptr(JsonArray) tariffs = pos_admin_list (f->context, POS_ADMIN_TARIFFS, &error);
    g_autoptr(JsonArray) groups = pos_admin_list (f->context, POS_ADMIN_SUPPLY_GROUPS, &error);
    JsonObject *key;

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (users), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 1), "name"), ==, "thandi");
    g_assert_cmpuint (json_array_get_length (keys), ==, 1);
    key = json_array_get_object_element (keys, 0);
    /* A name and an algorithm, nothing of the key. */
    g_assert_cmpuint (json_object_get_size (key), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_array_get_object_element (tariffs, 0), "blocks")), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 0), "vending_key"), ==,
                     "demo-key");
  }

  /* An administrator cannot lock themself out. */
  g_assert_false (pos_admin_update_user (f->context, "admin", POS_ROLE_NONE, 0, NULL, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (pos_admin_update_user (f->context, "admin", POS_ROLE_CASHIER, -1, NULL, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (pos_admin_update_user (f->context, "nobody", POS_ROLE_NONE, 0, NULL, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pos_admin_update_user (f->context, "thandi", POS_ROLE_NONE, -1, "short", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  /* Disabled: no login.  Enabled again with a new password and role. */
  g_assert_true (pos_admin_update_user (f->context, "thandi", POS_ROLE_NONE, 0, NULL, &error));
  g_assert_false (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (pos_context_login (f->context, "admin", "admin-password", &error));
  g_assert_true (pos_admin_update_user (f->context, "thandi", POS_ROLE_SUPERVISOR, 1, "new-cashier-pass", &error));
  g_assert_no_error (error);
  g_assert_false (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_clear_error (&error);
  g_assert_true (pos_context_login (f->context, "thandi", "new-cashier-pass", &error));
  g_assert_cmpint (pos_context_get_role (f->context), ==, POS_ROLE_SUPERVISOR);

  /* Their own password, with the old one; the lists they may see. */
  g_assert_false (pos_user_change_password (f->context, "wrong-old-pass", "another-pass", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSWORD);
  g_clear_error (&error);
  g_assert_true (pos_user_change_password (f->context, "new-cashier-pass", "another-pass", &error));
  g_assert_true (pos_context_login (f->context, "thandi", "another-pass", &error));
  g_assert_null (pos_admin_list (f->context, POS_ADMIN_USERS, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  {
    g_autoptr(JsonArray) points = pos_admin_list (f->context, POS_ADMIN_VENDING_POINTS, &error);
    g_assert_cmpuint (json_array_get_length (points), ==, 1);
  }
  g_assert_false (pos_admin_update_user (f->context, "admin", POS_ROLE_NONE, 0, NULL, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

static void
test_vend_limits (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosVendQuote q;

  g_assert_false (pos_admin_set_utility (f->context, NULL, NULL, NULL, 60000, 50000, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_true (pos_admin_set_utility (f->context, NULL, "2 Main Street", NULL, 1000, 50000, &error));
  {
    g_autoptr(JsonObject) u = pos_utility_get (f->context, &error);

    g_assert_cmpstr (json_object_get_string_member (u, "name"), ==, "City Power");
    g_assert_cmpstr (json_object_get_string_member (u, "address"), ==, "2 Main Street");
    g_assert_cmpint (json_object_get_int_member (u, "min_vend"), ==, 1000);
  }
  g_assert_false (pos_vend_quote (f->context, PAN, 999, &q, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_false (pos_vend_quote (f->context, PAN, 50001, &q, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_true (pos_vend_quote (f->context, PAN, 50000, &q, &error));
  g_assert_true (pos_vend_quote (f->context, PAN, 1000, &q, &error));

  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_false (pos_admin_set_utility (f->context, NULL, NULL, NULL, 0, 0, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *text)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  /* ESC/POS holds NUL bytes: search the bytes, not a string. */
  return memmem (data, len, text, strlen (text)) != NULL;
}

static void
test_receipts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosSupplyGroupSpec krn2 = { "Demo KRN 2", "123456", 2, 2, 255, 2014, 7, "demo-key" };
  PosVendResult r;
  PosTokenSet set;
  g_autofree char *credit = NULL;

  g_assert_cmpint (pos_admin_add_supply_group (f->context, &krn2, &error), >, 0);
  g_assert_cmpint (pos_shift_open (f->context, "Main office", 0, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  credit = g_strdup_printf ("%.4s %.4s %.4s %.4s %.4s", r.token, r.token + 4, r.token + 8, r.token + 12, r.token + 16);
  {
    g_autoptr(GBytes) escpos = pos_receipt_render (f->context, NULL, r.receipt_no, POS_RECEIPT_ESCPOS_58, &error);
    g_autoptr(GBytes) png = pos_receipt_render (f->context, NULL, r.receipt_no, POS_RECEIPT_PNG, &error);

    g_assert_no_error (error);
    g_assert_true (bytes_contain (escpos, credit));
    g_assert_true (bytes_contain (escpos, "City Power"));
    g_assert_true (bytes_contain (escpos, "Nomsa Dlamini"));
    g_assert_true (bytes_contain (escpos, "Residential"));
    g_assert_true (bytes_contain (escpos, "62.0 kWh"));
    g_assert_true (bytes_contain (escpos, "13.04"));            /* VAT */
    g_assert_false (bytes_contain (escpos, "COPY"));           /* rendering is not printing */
    g_assert_true (bytes_contain (png, "\x89PNG"));
  }

  /* A key change prints its tokens labelled in order of entry. */
  g_assert_true (pos_key_change (f->context, PAN, "123456", 2, 1, &set, &error));
  {
    g_autoptr(GBytes) escpos = pos_receipt_render (f->context, NULL, set.receipt_no, POS_RECEIPT_ESCPOS_80, &error);
    g_autofree char *first = g_strdup_printf ("%.4s %.4s", set.tokens[0], set.tokens[0] + 4);
    const char *bytes = g_bytes_get_data (escpos, NULL);
    gsize len = g_bytes_get_size (escpos);
    const char *one = memmem (bytes, len, "Key change 1 of 2", 17);
    const char *two = memmem (bytes, len, "Key change 2 of 2", 17);

    g_assert_nonnull (one);
    g_assert_nonnull (two);
    g_assert_true (one < two);
    g_assert_true (bytes_contain (escpos, first));
    /* SGC/KRN of the key they were made with: the old one. */
    g_assert_true (bytes_contain (escpos, "KRN 1"));
    g_assert_false (bytes_contain (escpos, "Amount tendered"));
  }

  /* A reversal slip names what it reverses, and why. */
  g_assert_true (pos_context_login (f->context, "admin", "admin-password", &error));
  {
    gint64 reversal = pos_sale_reverse (f->context, NULL, r.receipt_no, "customer changed mind", &error);
    g_autoptr(GBytes) escpos = NULL;

    g_assert_no_error (error);
    escpos = pos_receipt_render (f->context, NULL, reversal, POS_RECEIPT_ESCPOS_80, &error);
    g_assert_no_error (error);
    g_assert_true (bytes_contain (escpos, "REVERSAL"));
    g_assert_true (bytes_contain (escpos, "Reverses receipt 000001: customer changed mind"));
  }
  g_assert_null (pos_receipt_render (f->context, NULL, 99, POS_RECEIPT_ESCPOS_80, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* No printer set up: a plain refusal, nothing counted. */
  g_assert_false (pos_receipt_print (f->context, NULL, r.receipt_no, NULL, NULL, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PRINTER);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_null (pos_context_get_setting (f->context, POS_SETTING_RECEIPT_PRINTER));
  g_assert_true (pos_context_set_setting (f->context, POS_SETTING_RECEIPT_PRINTER, "front-desk", &error));
  value = pos_context_get_setting (f->context, POS_SETTING_RECEIPT_PRINTER);
  g_assert_cmpstr (value, ==, "front-desk");
  g_assert_true (pos_context_set_setting (f->context, POS_SETTING_RECEIPT_PRINTER, NULL, &error));
  g_assert_null (pos_context_get_setting (f->context, POS_SETTING_RECEIPT_PRINTER));
  g_assert_false (pos_context_set_setting (f->context, "no-group", "x", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
}

static void
test_reports (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosVendResult r;
  g_autoptr(JsonObject) shift = NULL;
  g_autoptr(JsonObject) sales = NULL;

  g_assert_cmpint (pos_shift_open (f->context, "Main office", 5000, &error), >, 0);
  g_assert_true (pos_vend (f->context, PAN, 10000, &r, &error));
  g_assert_true (pos_vend (f->context, PAN, 2000, &r, &error));
  shift = pos_report_shift (f->context, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (shift, "amount"), ==, 12000);
  g_assert_cmpint (json_object_get_int_member (shift, "tokens"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (shift, "opening_float"), ==, 5000);
  g_assert_true (json_object_get_boolean_member (shift, "open"));
  {
    JsonArray *hourly = json_object_get_array_member (shift, "hourly");
    JsonArray *tariffs = json_object_get_array_member (shift, "by_tariff");

    g_assert_cmpint (json_array_get_int_element (hourly, 10), ==, 12000);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tariffs, 0), "name"), ==,
                     "Residential");
  }
  /* An engineering token and a reversal: counted where they belong. */
  {
    PosTokenSet set;
    JsonArray *tokens, *tariffs;

    g_assert_true (pos_engineering_token (f->context, PAN, POS_ENGINEERING_CLEAR_TAMPER, 0, &set, &error));
    g_assert_cmpint (pos_sale_reverse (f->context, NULL, r.receipt_no, "test", &error), >, 0);
    sales = pos_report_sales (f->context, "Main office", "2026-11-24", "2026-11-24", &error);
    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (sales, "amount"), ==, 10000);
    g_assert_cmpint (json_object_get_int_member (sales, "sales"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (sales, "reversals"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (sales, "reversed_amount"), ==, 2000);
    g_assert_cmpint (json_object_get_int_member (sales, "tokens"), ==, 3);
    tokens = json_object_get_array_member (sales, "by_token");
    g_assert_cmpuint (json_array_get_length (tokens), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tokens, 1), "name"), ==, "2/5");
    tariffs = json_object_get_array_member (sales, "by_tariff");
    g_assert_cmpuint (json_array_get_length (tariffs), ==, 1);
    /* Two sales at the tariff, less the one reversed. */
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tariffs, 0), "sales"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tariffs, 0), "amount"), ==, 10000);
    g_clear_pointer (&sales, json_object_unref);
  }
  sales = pos_report_sales (f->context, NULL, "2026-11-25", "2026-11-30", &error);
  g_assert_cmpint (json_object_get_int_member (sales, "sales"), ==, 0);
  g_assert_null (pos_report_sales (f->context, NULL, "2026-11-30", "2026-11-01", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  /* Exports: a section that does not exist, a folder that does not. */
  g_assert_false (pos_report_export (f->context, shift, POS_REPORT_CSV, "nonsense", "/tmp/x.csv", NULL, NULL, NULL,
                                     &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (pos_report_export (f->context, shift, POS_REPORT_CSV, "sales", "/nonexistent/dir/x.csv", NULL,
                                     NULL, NULL, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_EXPORT);
  g_clear_error (&error);

  /* A cashier sees their own shift, not a sales report. */
  g_assert_true (pos_context_login (f->context, "thandi", "cashier-pass", &error));
  g_assert_null (pos_report_sales (f->context, NULL, "2026-11-24", "2026-11-24", &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_null (pos_report_shift (f->context, 0, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pos_report_shift (f->context, json_object_get_int_member (shift, "shift"), &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

static void
test_money (void)
{
  g_autoptr(GError) error = NULL;
  gint64 v;
  static const struct { const char *text; int digits; gint64 value; } good[] = {
    { "100", 2, 10000 }, { "100.5", 2, 10050 }, { "100.05", 2, 10005 }, { "0.01", 2, 1 }, { ".5", 2, 50 },
    { "7", 0, 7 }, { "1.50000", 5, 150000 },
  };
  static const char *const bad[] = { "", "-1", "1.234", "1,00", "abc", "1.2.3", "99999999999999999999" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (pos_money_parse (good[i].text, good[i].digits, &v, &error));
      g_assert_cmpint (v, ==, good[i].value);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (pos_money_parse (bad[i], 2, &v, &error));
      g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST);
      g_clear_error (&error);
    }
  {
    g_autofree char *a = pos_money_format (123450, 2);
    g_autofree char *b = pos_money_format (-5, 2);
    g_autofree char *c = pos_kwh_format (620);
    g_autofree char *d = pos_money_format (G_MININT64, 2);
    g_assert_cmpstr (a, ==, "1234.50");
    g_assert_cmpstr (b, ==, "-0.05");
    g_assert_cmpstr (c, ==, "62.0");
    g_assert_cmpstr (d, ==, "-92233720368547758.08");
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/app/money/parse-format", test_money);

#define ADD(path, func) g_test_add ("/pos/app/vend/" path, Fixture, NULL, setup, func, teardown)
  ADD ("quote-blocks", test_quote_blocks);
  ADD ("vend", test_vend);
  ADD ("fault-leaves-nothing", test_vend_fault);
  ADD ("quote-changes-nothing", test_quote_changes_nothing);
  ADD ("refusals", test_refusals);
  ADD ("roles", test_roles);
  ADD ("login-lockout", test_login_lockout);
  ADD ("keys-locked", test_keys_locked);
  ADD ("audit", test_audit);
  ADD ("reprint-reissue", test_reprint_reissue);
  ADD ("reversal", test_reversal);
  ADD ("shift-negative-cash", test_shift_negative_cash);
  ADD ("money-limits", test_money_limits);
  ADD ("reversal-card", test_reversal_card);
  ADD ("z-report", test_z_report);
  ADD ("backup-and-verify", test_backup_and_verify);
  ADD ("engineering", test_engineering);
  ADD ("key-change", test_key_change);
  ADD ("key-change-rollover", test_key_change_rollover);
  ADD ("customer-edit", test_customer_edit);
  ADD ("meter-update", test_meter_update);
  ADD ("debt", test_debt);
  ADD ("free-issue", test_free_issue);
  ADD ("migration", test_migration);
  ADD ("restore", test_restore);
  g_test_add ("/pos/app/vend/restore-no-reuse", Fixture, GINT_TO_POINTER (FALSE), setup, test_restore_no_reuse, teardown);
  g_test_add ("/pos/app/vend/restore-no-reuse-blind", Fixture, GINT_TO_POINTER (TRUE), setup, test_restore_no_reuse,
              teardown);
  ADD ("credit-ceiling", test_credit_ceiling);
  ADD ("admin-users", test_admin_users);
  ADD ("vend-limits", test_vend_limits);
  ADD ("receipts", test_receipts);
  ADD ("settings", test_settings);
  ADD ("reports", test_reports);
#undef ADD

  status = g_test_run ();
  pos_app_release_caches ();
  return status;
}
