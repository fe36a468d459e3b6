/* bench-vend.c: the vending core's figures on a generated database.
 *
 *   bench-vend [--customers N] [--sales M] [--vends V] [--day-sales D]
 *
 * Prints durable vends per second and the p50/p99 latency of a vend, the
 * same with three programs selling from the file at once, lookup times (account, meter, phone, name), and the time to close a Z
 * report for a day of D sales.  Targets (issue 3): vend p99 < 10 ms,
 * >= 500 durable vends/s, lookups < 5 ms, a 100 000-sale Z report < 0.5 s,
 * on 1 000 000 customers and 10 000 000 sales (the defaults here are
 * smaller so that CI stays quick; pass the full sizes by hand). */
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pos-app.h"
#include "pos-context-private.h"
#include "pos-db-private.h"

static GDateTime *
bench_clock (gpointer user_data)
{
  return g_date_time_ref (user_data);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  g_array_sort (ms, compare_double);
  return g_array_index (ms, double, (guint) ((ms->len - 1) * p));
}

static void
demo_pan (char out[19], guint n)
{
  char body[18];

  g_snprintf (body, sizeof body, "60072704%08u", n);
  body[16] = (char) ('0' + sts_luhn_check_digit (body + 6, 10));
  body[17] = '\0';
  g_snprintf (out, 19, "%s%d", body, sts_luhn_check_digit (body, 17));
}

/* Stops the benchmark at the first failure, saying what failed; @error is
 * the GError* of the caller's scope. */
#define check(expr, error) \
  G_STMT_START { \
    if (!(expr)) \
      g_error ("%s: %s", #expr, (error) != NULL ? (error)->message : "failed"); \
  } G_STMT_END

/* Customers and meters straight into the tables, one transaction. */
static void
generate_customers (PosDb *db,
                    guint  n,
                    gint64 group_id,
                    gint64 tariff_id)
{
  GError *error = NULL;
  sqlite3_stmt *c, *m;

  check (pos_db_begin (db, &error), error);
  c = pos_db_prepare (db, "gen-customer", "INSERT INTO customers (id, account_no, name, address, phone, created_at)"
                      " VALUES (?, ?, ?, '', ?, '2026-01-01T00:00:00Z')", &error);
  m = pos_db_prepare (db, "gen-meter", "INSERT INTO meters (id, pan, customer_id, supply_group_id, ti, tariff_id,"
                      " created_at) VALUES (?, ?, ?, ?, 1, ?, '2026-01-01T00:00:00Z')", &error);
  for (guint i = 1; i <= n; i++)
    {
      char account[16], name[48], phone[16], pan[19];

      g_snprintf (account, sizeof account, "ACC-%07u", i);
      g_snprintf (name, sizeof name, "Customer%u Surname%u", i, i % 9973);
      g_snprintf (phone, sizeof phone, "08%08u", i);
      demo_pan (pan, i);
      sqlite3_reset (c);
      sqlite3_bind_int (c, 1, (int) i);
      sqlite3_bind_text (c, 2, account, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (c, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (c, 4, phone, -1, SQLITE_TRANSIENT);
      check (pos_db_step (db, c, &error) == SQLITE_DONE, error);
      sqlite3_reset (m);
      sqlite3_bind_int (m, 1, (int) i);
      sqlite3_bind_text (m, 2, pan, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (m, 3, (int) i);
      sqlite3_bind_int64 (m, 4, group_id);
      sqlite3_bind_int64 (m, 5, tariff_id);
      check (pos_db_step (db, m, &error) == SQLITE_DONE, error);
    }
  check (pos_db_commit (db, &error), error);
}

/* Past sales with a token each: @n over the 100 days before the bench's
 * day, plus @today on that day. */
static void
generate_sales (PosDb  *db,
                guint   n_customers,
                guint   n,
                guint   today,
                gint64  user_id,
                gint64  point_id,
                gint64  tariff_id)
{
  GError *error = NULL;
  sqlite3_stmt *s, *t;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  check (pos_db_begin (db, &error), error);
  s = pos_db_prepare (db, "gen-sale", "INSERT INTO sales (id, vending_point_id, receipt_no, kind, meter_id,"
                      " customer_id, user_id, created_at, tendered, amount, vat, energy_value, kwh, tariff_id)"
                      " VALUES (?1, ?2, ?1, 'credit', ?3, ?3, ?4, ?5, ?6, ?6, ?6 * 15 / 115, ?6 - ?6 * 15 / 115, ?7, ?8)",
                      &error);
  t = pos_db_prepare (db, "gen-token", "INSERT INTO tokens (sale_id, meter_id, seq, token, tid, base, token_class,"
                      " subclass) VALUES (?1, ?2, 1, ?3, ?1, 2014, 0, 0)", &error);
  for (guint i = 1; i <= n + today; i++)
    {
      guint meter = 1 + g_rand_int_range (rand, 0, (gint32) n_customers);
      char when[32], token[21];
      guint day = i > n ? 100 : (guint) ((guint64) i * 100 / (n + 1));
      g_autoptr(GDateTime) base = g_date_time_new_utc (2026, 8, 16, 0, 0, 0);
      g_autoptr(GDateTime) at = g_date_time_add_seconds (g_date_time_add_days (base, day),
                                                        g_rand_int_range (rand, 6 * 3600, 20 * 3600));
      g_autofree char *iso = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");

      g_strlcpy (when, iso, sizeof when);
      g_snprintf (token, sizeof token, "%020u", i);
      sqlite3_reset (s);
      sqlite3_bind_int (s, 1, (int) i);
      sqlite3_bind_int64 (s, 2, point_id);
      sqlite3_bind_int (s, 3, (int) meter);
      sqlite3_bind_int64 (s, 4, user_id);
      sqlite3_bind_text (s, 5, when, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (s, 6, 1000 + g_rand_int_range (rand, 0, 50000));
      sqlite3_bind_int (s, 7, g_rand_int_range (rand, 10, 5000));
      sqlite3_bind_int64 (s, 8, tariff_id);
      check (pos_db_step (db, s, &error) == SQLITE_DONE, error);
      sqlite3_reset (t);
      sqlite3_bind_int (t, 1, (int) i);
      sqlite3_bind_int (t, 2, (int) meter);
      sqlite3_bind_text (t, 3, token, -1, SQLITE_TRANSIENT);
      check (pos_db_step (db, t, &error) == SQLITE_DONE, error);
    }
  check (pos_db_exec (db, "UPDATE vending_points SET next_receipt = (SELECT max (receipt_no) + 1 FROM sales);"
                          "UPDATE meters SET last_tid = t.last FROM (SELECT meter_id, max (tid) AS last"
                          " FROM tokens WHERE tid IS NOT NULL GROUP BY meter_id) AS t"
                          " WHERE t.meter_id = meters.id", &error), error);
  check (pos_db_commit (db, &error), error);
}

/* "bench-vend --seller PATH N CUSTOMERS": another program on the file,
 * selling N times and printing each vend's milliseconds. */
static int
seller (const char *path,
        gint64      n,
        gint64      customers,
        GDateTime  *now)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new ();

  pos_context_set_clock (context, bench_clock, now, NULL);
  pos_context_set_kdf_cost (context, 10);
  check (pos_context_open_database (context, path, &error), error);
  check (pos_context_login (context, "admin", POS_DEMO_ADMIN_PASSWORD, &error), error);
  check (pos_context_unlock_keys (context, POS_DEMO_PASSPHRASE, &error), error);
  for (gint64 i = 0; i < n; i++)
    {
      char pan[19];
      PosVendResult r;
      gint64 start = g_get_monotonic_time ();

      demo_pan (pan, 1 + (guint) g_rand_int_range (rand, 0, (gint32) customers));
      check (pos_vend (context, pan, 5000, &r, &error), error);
      printf ("%.3f\n", (g_get_monotonic_time () - start) / 1000.0);
    }
  return 0;
}

/* Three programs selling at once: this one and two sellers. */
static void
contended_vends (PosContext *context,
                 const char *self_path,
                 const char *path,
                 gint64      vends,
                 gint64      customers,
                 GRand      *rand)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, vends);
  g_autofree char *c = g_strdup_printf ("%" G_GINT64_FORMAT, customers);
  GSubprocess *others[2];
  gint64 t0 = g_get_monotonic_time ();
  double total;

  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      others[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_path, "--seller", path, n, c, NULL);
      check (others[i] != NULL, error);
    }
  for (gint64 i = 0; i < vends; i++)
    {
      char pan[19];
      PosVendResult r;
      gint64 start = g_get_monotonic_time ();
      double d;

      demo_pan (pan, 1 + (guint) g_rand_int_range (rand, 0, (gint32) customers));
      check (pos_vend (context, pan, 5000, &r, &error), error);
      d = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ms, d);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      check (g_subprocess_communicate_utf8 (others[i], NULL, NULL, &out, NULL, &error), error);
      check (g_subprocess_get_if_exited (others[i]) && g_subprocess_get_exit_status (others[i]) == 0, error);
      lines = g_strsplit (out, "\n", -1);
      for (guint k = 0; lines[k] != NULL && *lines[k] != '\0'; k++)
        {
          double d = g_ascii_strtod (lines[k], NULL);
          g_array_append_val (ms, d);
        }
      g_object_unref (others[i]);
    }
  total = (g_get_monotonic_time () - t0) / 1e6;
  check (ms->len == 3 * vends, error);
  printf ("%-40s %10.0f vends/s\n", "contended vends (3 programs, in all)", ms->len / total);
  printf ("%-40s %10.2f ms\n", "contended vend latency p50", percentile (ms, 0.50));
  printf ("%-40s %10.2f ms\n", "contended vend latency p99", percentile (ms, 0.99));
}

int
main (int    argc,
      char **argv)
{
  gint64 customers = 100000, sales = 1000000, vends = 2000, day_sales = 100000;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &customers, "Customers (and meters)", "N" },
    { "sales", 0, 0, G_OPTION_ARG_INT64, &sales, "Past sales", "N" },
    { "vends", 0, 0, G_OPTION_ARG_INT64, &vends, "Vends to time", "N" },
    { "day-sales", 0, 0, G_OPTION_ARG_INT64, &day_sales, "Sales on the Z report's day", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the database afterwards (its path is printed)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- vending core benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("stsvend-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 24, 21, 0, 0);
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  PosDb *db;
  gint64 t0;
  double total;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc == 5 && g_str_equal (argv[1], "--seller"))
    return seller (argv[2], g_ascii_strtoll (argv[3], NULL, 10), g_ascii_strtoll (argv[4], NULL, 10), now);
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);

  pos_context_set_clock (context, bench_clock, now, NULL);
  pos_context_set_kdf_cost (context, 10);
  check (pos_context_open_database (context, path, &error), error);
  check (pos_admin_demo (context, 0, &error), error);
  db = pos_context_get_db (context, NULL);

  printf ("stsvend vending benchmark: %" G_GINT64_FORMAT " customers, %" G_GINT64_FORMAT
          " past sales, %" G_GINT64_FORMAT " on the day\n", customers, sales, day_sales);
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(PosDbSupplyGroup) group = pos_db_supply_group_find (db, "123456", 1, &error);
    g_autoptr(PosDbTariff) tariff = pos_db_tariff_get_by_name (db, "Residential block", &error);
    g_autoptr(PosDbVendingPoint) point = pos_db_vending_point_get_by_name (db, "Main office", &error);
    g_autoptr(PosDbUser) user = pos_db_user_get_by_name (db, "cashier", &error);

    /* Generation only: a big cache and no fsync; the timed part below
     * runs with the production settings again. */
    check (pos_db_exec (db, "PRAGMA cache_size = -1048576; PRAGMA synchronous = OFF", &error), error);
    generate_customers (db, (guint) customers, group->id, tariff->id);
    generate_sales (db, (guint) customers, (guint) sales, (guint) day_sales, user->id, point->id, tariff->id);
    check (pos_db_exec (db, "PRAGMA cache_size = -2000;"
                            " PRAGMA synchronous = FULL", &error), error);
  }
  check (pos_db_exec (db, "ANALYZE", &error), error);
  printf ("%-40s %10.1f s\n", "generating the database", (g_get_monotonic_time () - t0) / 1e6);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    GStatBuf st, wst;
    double size = g_stat (path, &st) == 0 ? (double) st.st_size : 0;

    if (g_stat (wal, &wst) == 0)
      size += (double) wst.st_size;
    printf ("%-40s %10.1f MB\n", "database size (with its WAL)", size / 1e6);
  }

  /* Durable vends, one transaction each, synchronous=FULL. */
  check (pos_shift_open (context, "Main office", 0, &error) != 0, error);
  t0 = g_get_monotonic_time ();
  for (gint64 i = 0; i < vends; i++)
    {
      char pan[19];
      PosVendResult r;
      gint64 start = g_get_monotonic_time ();
      double d;

      demo_pan (pan, 1 + (guint) g_rand_int_range (rand, 0, (gint32) customers));
      check (pos_vend (context, pan, 5000, &r, &error), error);
      d = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ms, d);
    }
  total = (g_get_monotonic_time () - t0) / 1e6;
  printf ("%-40s %10.0f vends/s   (target 500)\n", "durable vends", vends / total);
  printf ("%-40s %10.2f ms\n", "vend latency p50", percentile (ms, 0.50));
  printf ("%-40s %10.2f ms      (target < 10)\n", "vend latency p99", percentile (ms, 0.99));
  contended_vends (context, argv[0], path, vends / 4, customers, rand);

  /* Lookups: account, meter, phone, name. */
  {
    static const char *const kinds[] = { "account", "meter", "phone", "name" };

    for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        g_array_set_size (ms, 0);
        for (int i = 0; i < 500; i++)
          {
            guint n = 1 + (guint) g_rand_int_range (rand, 0, (gint32) customers);
            char text[48];
            g_autoptr(JsonArray) found = NULL;
            gint64 start;
            double d;

            if (k == 0)
              g_snprintf (text, sizeof text, "ACC-%07u", n);
            else if (k == 1)
              demo_pan (text, n);
            else if (k == 2)
              g_snprintf (text, sizeof text, "08%08u", n);
            else
              g_snprintf (text, sizeof text, "customer%u", n);
            start = g_get_monotonic_time ();
            found = pos_customer_find (context, text, 20, &error);
            d = (g_get_monotonic_time () - start) / 1000.0;
            if (found == NULL || json_array_get_length (found) == 0)
              g_error ("lookup %s found nothing", text);
            g_array_append_val (ms, d);
          }
        {
          g_autofree char *label = g_strdup_printf ("lookup by %s p99", kinds[k]);
          printf ("%-40s %10.2f ms      (target < 5)\n", label, percentile (ms, 0.99));
        }
      }
  }

  /* The Z report of the busy day. */
  {
    g_autoptr(JsonObject) z = NULL;

    t0 = g_get_monotonic_time ();
    z = pos_z_report_close (context, "Main office", "2026-11-24", &error);
    check (z != NULL, error);
    printf ("%-40s %10.3f s       (target < 0.5; %" G_GINT64_FORMAT " sales)\n", "Z report",
            (g_get_monotonic_time () - t0) / 1e6, json_object_get_int_member (z, "sales"));

    /* Its exports: the report as PDF, and every sale of the day as CSV. */
    {
      g_autofree char *pdf = g_build_filename (dir, "z.pdf", NULL);
      g_autofree char *csv = g_build_filename (dir, "z-sales.csv", NULL);

      t0 = g_get_monotonic_time ();
      check (pos_report_export (context, z, POS_REPORT_PDF, NULL, pdf, NULL, NULL, NULL, &error), error);
      printf ("%-40s %10.3f s\n", "Z report to PDF", (g_get_monotonic_time () - t0) / 1e6);
      t0 = g_get_monotonic_time ();
      check (pos_report_export (context, z, POS_REPORT_CSV, "sales", csv, NULL, NULL, NULL, &error), error);
      printf ("%-40s %10.3f s\n", "Z report's sales to CSV", (g_get_monotonic_time () - t0) / 1e6);
      g_unlink (pdf);
      g_unlink (csv);
    }
  }

  g_clear_object (&context);
  pos_app_release_caches ();
  if (keep)
    {
      printf ("database kept at %s\n", path);
      return 0;
    }
  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
        g_unlink (p);
      }
    g_rmdir (dir);
  }
  return 0;
}
