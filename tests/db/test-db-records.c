/* test-db-records.c: the queries of pos-db-records.h on a real file */
#include <string.h>

#include <glib/gstdio.h>

#include "pos-db-private.h"

typedef struct
{
  char  *dir;
  char  *path;
  PosDb *db;
  gint64 key_id, group_id, tariff_id;
} Fixture;

#define NOW "2026-11-24T10:00:00Z"

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosDbVendingKey key = { 0, (char *) "demo", 2, NULL };
  PosDbSupplyGroup group = { 0, (char *) "Demo", (char *) "123456", 1, 2, 255, 2014, 7, 0 };
  g_autoptr(PosDbTariff) tariff = pos_db_tariff_new ();
  PosDbTariffBlock blocks[] = { { 500, 150000 }, { 0, 210000 } };

  f->dir = g_dir_make_tmp ("stsvend-db-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "stsvend.db", NULL);
  f->db = pos_db_open (f->path, &error);
  g_assert_no_error (error);

  key.wrapped = g_bytes_new_static ("\x01wrapped", 8);
  g_assert_true (pos_db_vending_key_insert (f->db, &key, NOW, &error));
  g_bytes_unref (key.wrapped);
  f->key_id = key.id;
  group.vending_key_id = key.id;
  g_assert_true (pos_db_supply_group_insert (f->db, &group, &error));
  f->group_id = group.id;
  tariff->name = g_strdup ("Residential");
  tariff->vat_rate_bp = 1500;
  g_array_append_vals (tariff->blocks, blocks, G_N_ELEMENTS (blocks));
  g_assert_true (pos_db_tariff_insert (f->db, tariff, &error));
  f->tariff_id = tariff->id;
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->db);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
add_customer (Fixture    *f,
              const char *account,
              const char *name,
              const char *phone)
{
  g_autoptr(GError) error = NULL;
  PosDbCustomer c = { 0, (char *) account, (char *) name, (char *) "", (char *) phone, (char *) NOW };

  g_assert_true (pos_db_customer_insert (f->db, &c, &error));
  g_assert_no_error (error);
  return c.id;
}

static gint64
add_meter (Fixture    *f,
           gint64      customer,
           const char *pan)
{
  g_autoptr(GError) error = NULL;
  PosDbMeter m = { 0, (char *) pan, customer, f->group_id, 1, f->tariff_id, NULL, NULL, 0 };

  g_assert_true (pos_db_meter_insert (f->db, &m, NOW, &error));
  g_assert_no_error (error);
  return m.id;
}

static void
test_utility (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDbUtility) u = NULL;
  PosDbUtility in = { (char *) "City Power", (char *) "1 Main St", (char *) "VAT 4001", (char *) "ZAR", 2,
                      1000, 500000, NULL, NULL };

  u = pos_db_utility_get (f->db, &error);
  g_assert_null (u);
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (pos_db_utility_set (f->db, &in, &error));
  in.name = (char *) "City Power Ltd";
  g_assert_true (pos_db_utility_set (f->db, &in, &error));
  u = pos_db_utility_get (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (u->name, ==, "City Power Ltd");
  g_assert_cmpint (u->max_vend, ==, 500000);
  g_assert_null (u->kek_salt);
}

static void
test_users (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosDbUser u = { 0, (char *) "thandi", (char *) "Thandi M", (char *) "cashier", (char *) "$scrypt$x", 0, NULL, TRUE };
  PosDbUser bad = { 0, (char *) "x", NULL, (char *) "owner", (char *) "h", 0, NULL, TRUE };
  g_autoptr(PosDbUser) back = NULL;

  g_assert_true (pos_db_user_insert (f->db, &u, NOW, &error));
  g_assert_cmpint (pos_db_user_count (f->db, &error), ==, 1);
  g_assert_false (pos_db_user_insert (f->db, &u, NOW, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (pos_db_user_insert (f->db, &bad, NOW, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_true (pos_db_user_set_login_state (f->db, u.id, 3, "2026-11-24T10:15:00Z", &error));
  back = pos_db_user_get_by_name (f->db, "thandi", &error);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->role, ==, "cashier");
  g_assert_cmpint (back->failed_logins, ==, 3);
  g_assert_cmpstr (back->locked_until, ==, "2026-11-24T10:15:00Z");
  g_assert_null (pos_db_user_get_by_name (f->db, "nobody", &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND);
}

static void
test_keys_groups_tariffs (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDbVendingKey) key = pos_db_vending_key_get_by_name (f->db, "demo", &error);
  g_autoptr(PosDbSupplyGroup) group = pos_db_supply_group_find (f->db, "123456", 1, &error);
  g_autoptr(PosDbTariff) tariff = pos_db_tariff_get_by_name (f->db, "Residential", &error);
  PosDbSupplyGroup dup = { 0, NULL, (char *) "123456", 1, 2, 255, 2014, 7, f->key_id };
  PosDbSupplyGroup bad = { 0, NULL, (char *) "12345x", 1, 2, 255, 2014, 7, f->key_id };

  g_assert_no_error (error);
  g_assert_cmpint (key->dkga, ==, 2);
  g_assert_cmpuint (g_bytes_get_size (key->wrapped), ==, 8);
  g_assert_cmpint (group->base, ==, 2014);
  g_assert_cmpint (group->vending_key_id, ==, f->key_id);
  g_assert_cmpuint (tariff->blocks->len, ==, 2);
  g_assert_cmpint (g_array_index (tariff->blocks, PosDbTariffBlock, 0).up_to, ==, 500);
  g_assert_cmpint (g_array_index (tariff->blocks, PosDbTariffBlock, 1).up_to, ==, 0);
  g_assert_cmpint (g_array_index (tariff->blocks, PosDbTariffBlock, 1).price, ==, 210000);

  g_assert_false (pos_db_supply_group_insert (f->db, &dup, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (pos_db_supply_group_insert (f->db, &bad, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
}

static void
test_customer_find (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 nomsa = add_customer (f, "ACC-0001", "Nomsa Dlamini", "0821234567");
  gint64 peter = add_customer (f, "ACC-0002", "Peter van der Merwe", "0830000000");
  g_autoptr(GPtrArray) hits = NULL;

  add_meter (f, peter, "600727000000000009");

  hits = pos_db_customer_find (f->db, "ACC-0001", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((PosDbCustomer *) hits->pdata[0])->id, ==, nomsa);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = pos_db_customer_find (f->db, "600727000000000009", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((PosDbCustomer *) hits->pdata[0])->id, ==, peter);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = pos_db_customer_find (f->db, "0821234567", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = pos_db_customer_find (f->db, "merw", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((PosDbCustomer *) hits->pdata[0])->name, ==, "Peter van der Merwe");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Operators and quotes in the text are just characters. */
  hits = pos_db_customer_find (f->db, "\"NEAR( OR *", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Renames are found under the new name. */
  {
    g_autoptr(PosDbCustomer) c = pos_db_customer_get (f->db, nomsa, &error);
    g_free (c->name);
    c->name = g_strdup ("Nomsa Zulu");
    g_assert_true (pos_db_customer_update (f->db, c, &error));
  }
  hits = pos_db_customer_find (f->db, "zulu", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = pos_db_customer_find (f->db, "dlamini", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_meters (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 c = add_customer (f, "ACC-1", "A", "");
  gint64 m = add_meter (f, c, "600727000000000009");
  PosDbMeter dup = { 0, (char *) "600727000000000009", c, f->group_id, 1, f->tariff_id, NULL, NULL, 0 };
  g_autoptr(PosDbMeter) back = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_false (pos_db_meter_insert (f->db, &dup, NOW, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_true (pos_db_meter_set_last_tid (f->db, m, 100, &error));
  g_assert_true (pos_db_meter_set_last_tid (f->db, m, 101, &error));
  /* Never backwards, never the same. */
  g_assert_false (pos_db_meter_set_last_tid (f->db, m, 101, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (pos_db_meter_set_last_tid (f->db, m, 50, &error));
  g_clear_error (&error);

  back = pos_db_meter_get_by_pan (f->db, "600727000000000009", &error);
  g_assert_cmpint (back->last_tid, ==, 101);
  g_assert_cmpstr (back->status, ==, "active");
  list = pos_db_meter_list_for_customer (f->db, c, &error);
  g_assert_cmpuint (list->len, ==, 1);
}

static void
test_receipts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosDbVendingPoint vp = { 0, (char *) "Main office", 100000, 0 };
  g_autoptr(PosDbVendingPoint) back = NULL;
  gint64 no = 0;

  g_assert_true (pos_db_vending_point_insert (f->db, &vp, &error));
  for (gint64 i = 1; i <= 5; i++)
    {
      g_assert_true (pos_db_vending_point_take_receipt (f->db, vp.id, 1000, &no, &error));
      g_assert_cmpint (no, ==, i);
    }
  /* A rolled-back sale gives its number back: no gap. */
  g_assert_true (pos_db_begin (f->db, &error));
  g_assert_true (pos_db_vending_point_take_receipt (f->db, vp.id, 1000, &no, &error));
  g_assert_cmpint (no, ==, 6);
  pos_db_rollback (f->db);
  g_assert_true (pos_db_vending_point_take_receipt (f->db, vp.id, 1000, &no, &error));
  g_assert_cmpint (no, ==, 6);

  back = pos_db_vending_point_get_by_name (f->db, "Main office", &error);
  g_assert_cmpint (back->credit_used, ==, 6000);
  g_assert_cmpint (back->credit_ceiling, ==, 100000);
}

static void
test_sales_and_tokens (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosDbUser u = { 0, (char *) "c", NULL, (char *) "cashier", (char *) "h", 0, NULL, TRUE };
  PosDbVendingPoint vp = { 0, (char *) "vp", 0, 0 };
  gint64 c = add_customer (f, "ACC-1", "A", "");
  gint64 m = add_meter (f, c, "600727000000000009");
  PosDbSale sale = { 0 };
  PosDbToken t = { 0 };
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(PosDbSale) back = NULL;

  g_assert_true (pos_db_user_insert (f->db, &u, NOW, &error));
  g_assert_true (pos_db_vending_point_insert (f->db, &vp, &error));
  sale.vending_point_id = vp.id;
  sale.receipt_no = 1;
  sale.kind = (char *) "credit";
  sale.meter_id = m;
  sale.customer_id = c;
  sale.user_id = u.id;
  sale.created_at = (char *) "2026-11-24T10:00:00Z";
  sale.amount = 10000;
  sale.kwh = 512;
  g_assert_true (pos_db_sale_insert (f->db, &sale, &error));

  t.sale_id = sale.id;
  t.meter_id = m;
  t.seq = 1;
  g_strlcpy (t.token, "23716100501183194197", sizeof t.token);
  t.tid = 5871715;
  t.base = 1993;
  g_assert_true (pos_db_token_insert (f->db, &t, &error));
  /* The same TID for the same meter is refused by the schema itself. */
  t.seq = 2;
  g_assert_false (pos_db_token_insert (f->db, &t, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* The same minute count from another base date is another TID. */
  t.seq = 3;
  t.base = 2014;
  g_assert_true (pos_db_token_insert (f->db, &t, &error));
  /* Tokens without TID (key change) may repeat none of that. */
  t.seq = 2;
  t.tid = -1;
  g_assert_true (pos_db_token_insert (f->db, &t, &error));

  tokens = pos_db_token_list_for_sale (f->db, sale.id, &error);
  g_assert_cmpuint (tokens->len, ==, 3);
  g_assert_cmpstr (g_array_index (tokens, PosDbToken, 0).token, ==, "23716100501183194197");
  g_assert_cmpint (g_array_index (tokens, PosDbToken, 1).tid, ==, -1);
  g_assert_cmpint (g_array_index (tokens, PosDbToken, 2).base, ==, 2014);
  g_assert_false (pos_db_exec (f->db, "UPDATE tokens SET token = '00000000000000000000'", &error));
  g_clear_error (&error);

  g_assert_cmpint (pos_db_meter_kwh_between (f->db, m, "2026-11-01", "2026-12-01", &error), ==, 512);
  g_assert_cmpint (pos_db_meter_kwh_between (f->db, m, "2026-12-01", "2027-01-01", &error), ==, 0);
  g_assert_true (pos_db_sale_set_reversed (f->db, sale.id, &error));
  g_assert_false (pos_db_sale_set_reversed (f->db, sale.id, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (pos_db_meter_kwh_between (f->db, m, "2026-11-01", "2026-12-01", &error), ==, 0);
  back = pos_db_sale_get_by_receipt (f->db, vp.id, 1, &error);
  g_assert_cmpstr (back->status, ==, "reversed");
  g_assert_cmpint (back->shift_id, ==, 0);
}

static void
test_shifts_and_debts (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosDbUser u = { 0, (char *) "c", NULL, (char *) "cashier", (char *) "h", 0, NULL, TRUE };
  PosDbVendingPoint vp = { 0, (char *) "vp", 0, 0 };
  PosDbShift shift = { 0 };
  g_autoptr(PosDbShift) open = NULL;
  PosDbDebt debt = { 0 }, back = { 0 };
  gint64 c = add_customer (f, "ACC-1", "A", "");

  g_assert_true (pos_db_user_insert (f->db, &u, NOW, &error));
  g_assert_true (pos_db_vending_point_insert (f->db, &vp, &error));
  shift.user_id = u.id;
  shift.vending_point_id = vp.id;
  shift.opened_at = (char *) NOW;
  shift.opening_float = 50000;
  g_assert_true (pos_db_shift_open (f->db, &shift, &error));
  /* One open shift per user. */
  g_assert_false (pos_db_shift_open (f->db, &shift, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  open = pos_db_shift_get_open (f->db, u.id, &error);
  g_assert_cmpint (open->opening_float, ==, 50000);
  {
    gint64 cash = -1;

    g_assert_true (pos_db_shift_expected_cash (f->db, open->id, &cash, &error));
    g_assert_cmpint (cash, ==, 50000);
  }
  g_assert_true (pos_db_shift_close (f->db, open->id, NOW, 49000, 50000, &error));
  g_assert_false (pos_db_shift_close (f->db, open->id, NOW, 49000, 50000, &error));
  g_clear_error (&error);

  debt.customer_id = c;
  debt.balance = 20000;
  debt.recovery_bp = 2500;
  g_assert_true (pos_db_debt_insert (f->db, &debt, "arrears", NOW, &error));
  g_assert_true (pos_db_debt_adjust (f->db, debt.id, -5000, &error));
  g_assert_true (pos_db_debt_get_open (f->db, c, &back, &error));
  g_assert_cmpint (back.balance, ==, 15000);
  g_assert_false (pos_db_debt_adjust (f->db, debt.id, -20000, &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
}

static void
test_audit_chain (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 rows = 0;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *detail = g_strdup_printf ("{\"n\": %d}", i);
      g_assert_true (pos_db_audit_append (f->db, NOW, 0, "test", detail, &error));
    }
  g_assert_true (pos_db_audit_verify (f->db, &rows, &error));
  g_assert_cmpint (rows, ==, 5);

  /* An edit is found... */
  g_assert_true (pos_db_exec (f->db, "UPDATE audit_log SET detail = '{\"n\": 9}' WHERE id = 3", &error));
  g_assert_false (pos_db_audit_verify (f->db, &rows, &error));
  g_assert_nonnull (strstr (error->message, "row 3 was edited"));
  g_clear_error (&error);
  g_assert_true (pos_db_exec (f->db, "UPDATE audit_log SET detail = '{\"n\": 2}' WHERE id = 3", &error));
  g_assert_true (pos_db_audit_verify (f->db, &rows, &error));

  /* ... and so is a deletion. */
  g_assert_true (pos_db_exec (f->db, "DELETE FROM audit_log WHERE id = 2", &error));
  g_assert_false (pos_db_audit_verify (f->db, &rows, &error));
  g_assert_nonnull (strstr (error->message, "deleted"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/pos/db/records/" path, Fixture, NULL, setup, func, teardown)
  ADD ("utility", test_utility);
  ADD ("users", test_users);
  ADD ("keys-groups-tariffs", test_keys_groups_tariffs);
  ADD ("customer-find", test_customer_find);
  ADD ("meters", test_meters);
  ADD ("receipts", test_receipts);
  ADD ("sales-and-tokens", test_sales_and_tokens);
  ADD ("shifts-and-debts", test_shifts_and_debts);
  ADD ("audit-chain", test_audit_chain);
#undef ADD

  return g_test_run ();
}
