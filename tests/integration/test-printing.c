/* test-printing.c: receipts and reports from a real database through a
 * real, private cupsd (tests/harness/cups-start.sh), driven through
 * stsvend-cli as a cashier and a supervisor would: what the printer gets
 * is what the receipt renders to, a stopped printer fails plainly and
 * changes nothing, the reprint after it works, and the exports agree with
 * the database. */
#define _GNU_SOURCE
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "cli-test-util.h"

typedef struct
{
  char *dir;
  char *cups;
  char *db;
} Fixture;

static char *
harness (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "harness", name, NULL);
}

static void
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *start = harness ("cups-start.sh");
  g_autofree char *config = NULL;
  g_autofree char *socket = NULL;
  g_auto(Result) r = { 0 };

  f->dir = g_dir_make_tmp ("stsvend-print-XXXXXX", &error);
  g_assert_no_error (error);
  f->cups = g_build_filename (f->dir, "cups", NULL);
  f->db = g_build_filename (f->dir, "stsvend.db", NULL);
  {
    const char *argv[] = { start, f->cups, NULL };
    run_tool (argv);
  }
  socket = g_build_filename (f->cups, "run", "cups.sock", NULL);
  config = g_build_filename (f->dir, "settings.ini", NULL);
  g_setenv ("CUPS_SERVER", socket, TRUE);
  g_setenv ("STSVEND_CONFIG", config, TRUE);
  g_setenv ("STSVEND_DB", f->db, TRUE);
  g_setenv ("STSVEND_PASSPHRASE", "stsvend demo passphrase", TRUE);
  g_setenv ("STSVEND_USER", "supervisor", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-supervisor", TRUE);

  run_cli (&r, NULL, "demo", "--customers", "20", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "shift", "open", "--point", "Main office", "--float", "100", NULL);
  g_assert_cmpint (r.status, ==, 0);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *stop = harness ("cups-stop.sh");
  const char *argv[] = { stop, f->cups, NULL };
  g_autofree char *rm = g_find_program_in_path ("rm");
  const char *rm_argv[] = { rm, "-rf", f->dir, NULL };

  run_tool (argv);
  run_tool (rm_argv);
  g_free (f->dir);
  g_free (f->cups);
  g_free (f->db);
}

/* The bytes of the one job the capture backend wrote for @queue since
 * @known jobs, waiting briefly for the backend to finish. */
static GBytes *
captured_job (Fixture    *f,
              const char *queue,
              guint       n)
{
  g_autofree char *name = g_strdup_printf ("job-%u.out", n);
  g_autofree char *path = g_build_filename (f->cups, "out", queue, name, NULL);
  char *contents = NULL;
  gsize len = 0;

  for (int i = 0; i < 100 && !g_file_test (path, G_FILE_TEST_EXISTS); i++)
    g_usleep (50000);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_bytes_new_take (contents, len);
}

static GBytes *
read_file (const char *path)
{
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_bytes_new_take (contents, len);
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
test_receipt (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *original = g_build_filename (f->dir, "original.bin", NULL);
  g_autofree char *token = NULL;
  g_autofree char *grouped = NULL;
  g_auto(Result) r = { 0 };
  g_autoptr(GBytes) job1 = NULL;
  g_autoptr(GBytes) job2 = NULL;
  g_autoptr(GBytes) job3 = NULL;
  g_autoptr(GBytes) rendered = NULL;

  run_cli (&r, NULL, "--json", "vend", "--meter", "600727040000000104", "--amount", "100", NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) node = json_from_string (r.out, NULL);
    token = g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
  }
  grouped = g_strdup_printf ("%.4s %.4s %.4s %.4s %.4s", token, token + 4, token + 8, token + 12, token + 16);
  result_clear (&r);

  /* No printer chosen yet: a plain refusal. */
  run_cli (&r, NULL, "receipt", "print", "1", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no receipt printer is set up"));
  result_clear (&r);
  run_cli (&r, NULL, "printers", "--receipt", "receipt", "--report", "pdf", "--format", "escpos-80", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "[receipts]"));
  g_assert_nonnull (strstr (r.out, "[reports]"));
  result_clear (&r);
  /* A queue that does not exist, or a bad format beside a good queue, changes no setting. */
  {
    g_autofree char *config = g_build_filename (f->dir, "settings.ini", NULL);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_assert_true (g_file_get_contents (config, &before, NULL, NULL));
    run_cli (&r, NULL, "printers", "--receipt", "no-such-queue", "--report", "receipt", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "no print queue “no-such-queue”"));
    g_assert_nonnull (strstr (r.err, "nothing was changed"));
    result_clear (&r);
    run_cli (&r, NULL, "printers", "--report", "no-such-queue", NULL);
    g_assert_cmpint (r.status, ==, 1);
    result_clear (&r);
    g_assert_true (g_file_get_contents (config, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, before);
    run_cli (&r, NULL, "printers", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "[receipts]"));
    g_assert_nonnull (strstr (r.out, "[reports]"));
    g_assert_null (strstr (r.out, "no-such-queue"));
    result_clear (&r);
  }

  /* What the printer receives is the receipt, byte for byte. */
  run_cli (&r, NULL, "receipt", "render", "1", "--format", "escpos-80", "--out", original, NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "receipt", "print", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "COPY"));
  result_clear (&r);
  job1 = captured_job (f, "receipt", 1);
  rendered = read_file (original);
  g_assert_true (g_bytes_equal (job1, rendered));
  g_assert_true (bytes_contain (job1, grouped));
  g_assert_true (bytes_contain (job1, "Main office"));
  g_assert_false (bytes_contain (job1, "COPY"));

  /* A stopped printer: refused in plain words; the sale stands. */
  {
    const char *argv[] = { "cupsdisable", "-r", "out of paper", "receipt", NULL };
    run_tool (argv);
  }
  run_cli (&r, NULL, "receipt", "print", "1", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "the sale is recorded"));
  result_clear (&r);
  run_cli (&r, NULL, "history", "--meter", "600727040000000104", NULL);
  g_assert_nonnull (strstr (r.out, grouped));
  result_clear (&r);
  {
    const char *argv[] = { "cupsenable", "receipt", NULL };
    run_tool (argv);
  }
  /* Printed again: a COPY, and it arrives. */
  run_cli (&r, NULL, "receipt", "print", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "COPY"));
  result_clear (&r);
  job2 = captured_job (f, "receipt", 2);
  g_assert_true (bytes_contain (job2, "COPY"));
  g_assert_true (bytes_contain (job2, grouped));

  /* A printer that fails mid-job: the same plain refusal. */
  {
    g_autofree char *fail = g_build_filename (f->cups, "out", "receipt", "FAIL", NULL);

    g_assert_true (g_file_set_contents (fail, "1", -1, NULL));
    run_cli (&r, NULL, "receipt", "print", "1", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "not printed"));
    result_clear (&r);
    g_unlink (fail);
    {
      const char *argv[] = { "cupsenable", "receipt", NULL };
      run_tool (argv);
    }
  }
  run_cli (&r, NULL, "receipt", "print", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  job3 = captured_job (f, "receipt", 4);
  g_assert_true (bytes_contain (job3, grouped));

  /* A receipt that does not exist. */
  run_cli (&r, NULL, "receipt", "print", "99", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no receipt 99"));
}

/* Sums column @col (plain decimals, two places) of a CSV file without
 * quoted fields, skipping the header; *@out_rows counts the rows. */
static gint64
csv_sum_minor (const char *path,
               guint       col,
               guint      *out_rows)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 sum = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\r\n"));
  lines = g_strsplit (contents, "\r\n", -1);
  *out_rows = 0;
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      g_auto(GStrv) parts = NULL;

      g_assert_cmpuint (g_strv_length (fields), >, col);
      {
        gboolean negative = fields[col][0] == '-';

        parts = g_strsplit (fields[col] + (negative ? 1 : 0), ".", 2);
        g_assert_cmpuint (g_strv_length (parts), ==, 2);
        sum += (negative ? -1 : 1) * (g_ascii_strtoll (parts[0], NULL, 10) * 100 + g_ascii_strtoll (parts[1], NULL, 10));
      }
      (*out_rows)++;
    }
  return sum;
}

static gint64
db_int (Fixture    *f,
        const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_reports (Fixture       *f,
              gconstpointer  data)
{
  static const char *const meters[] = { "600727040000000104", "600727040000000286", "600727040000000369" };
  g_autofree char *sales_csv = g_build_filename (f->dir, "sales.csv", NULL);
  g_autofree char *cashiers_csv = g_build_filename (f->dir, "cashiers.csv", NULL);
  g_autofree char *z_pdf = g_build_filename (f->dir, "z.pdf", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_auto(Result) r = { 0 };
  g_autoptr(GBytes) job = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *report;
  guint rows = 0;
  gint64 amount;

  for (gsize i = 0; i < G_N_ELEMENTS (meters); i++)
    {
      run_cli (&r, NULL, "vend", "--meter", meters[i], "--amount", i == 0 ? "100" : "55.50", NULL);
      g_assert_cmpint (r.status, ==, 0);
      result_clear (&r);
    }
  run_cli (&r, NULL, "reverse", "--receipt", "2", "--reason", "wrong meter", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);

  run_cli (&r, NULL, "--json", "report", "sales", "--from", today, NULL);
  g_assert_cmpint (r.status, ==, 0);
  node = json_from_string (r.out, NULL);
  report = json_node_get_object (node);
  amount = json_object_get_int_member (report, "amount");
  g_assert_cmpint (amount, ==, db_int (f, "SELECT sum (amount) FROM sales"));
  g_assert_cmpint (amount, ==, 10000 + 5550);   /* the reversed 55.50 is out */
  g_assert_cmpint (json_object_get_int_member (report, "reversals"), ==, 1);
  result_clear (&r);

  /* Every sale, one row each; the amounts add up to the report's. */
  run_cli (&r, NULL, "report", "sales", "--from", today, "--out", sales_csv, "--section", "sales", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_assert_cmpint (csv_sum_minor (sales_csv, 9, &rows), ==, amount);
  g_assert_cmpuint (rows, ==, db_int (f, "SELECT count (*) FROM sales"));
  run_cli (&r, NULL, "report", "sales", "--from", today, "--out", cashiers_csv, "--section", "cashiers", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  /* The rows and the totals row: twice the amount. */
  g_assert_cmpint (csv_sum_minor (cashiers_csv, 2, &rows), ==, 2 * amount);
  run_cli (&r, NULL, "report", "sales", "--from", today, "--out", cashiers_csv, "--section", "nonsense", NULL);
  g_assert_cmpint (r.status, ==, 1);
  result_clear (&r);

  /* The Z report closes the day, to a PDF and to the report printer. */
  run_cli (&r, NULL, "printers", "--report", "pdf", NULL);
  result_clear (&r);
  run_cli (&r, NULL, "report", "z", "--close", today, "--out", z_pdf, "--print", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  job = captured_job (f, "pdf", 1);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (job, NULL), "%PDF-"));
  {
    g_autoptr(GBytes) file = read_file (z_pdf);
    g_assert_true (g_str_has_prefix (g_bytes_get_data (file, NULL), "%PDF-"));
  }
  {
    g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    const char *argv[] = { pdftotext, z_pdf, "-", NULL };

    g_assert_nonnull (pdftotext);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, NULL,
                                 &error));
    g_assert_nonnull (strstr (text, "End of day (Z) report"));
    g_assert_nonnull (strstr (text, "Z-000001"));
    g_assert_nonnull (strstr (text, "155.50"));
    g_assert_nonnull (strstr (text, "Residential block"));
  }
  /* And the day is closed: no more sales. */
  run_cli (&r, NULL, "vend", "--meter", meters[0], "--amount", "20", NULL);
  g_assert_cmpint (r.status, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pos/integration/printing/receipt", Fixture, NULL, setup, test_receipt, teardown);
  g_test_add ("/pos/integration/printing/reports", Fixture, NULL, setup, test_reports, teardown);
  return g_test_run ();
}
