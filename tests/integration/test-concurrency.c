/* test-concurrency.c: several programs on one database file, as at a till
 * where the cashier app runs beside stsvend-cli.  Three sellers to one
 * meter all succeed with no TID or receipt number twice, and a program
 * that has been reading goes on selling after another one wrote. */
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "pos-app.h"

#define SELLERS 3
#define VENDS   15

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
run_setup (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) setup = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("STSVEND_VEND_LOOP"),
                                                   path, "setup", NULL);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (setup, NULL, &error));
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (g_getenv ("STSVEND_VEND_LOOP"));
  f->dir = g_dir_make_tmp ("stsvend-concurrency-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "stsvend.db", NULL);
  run_setup (f->path);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static GSubprocess *
start_seller (const char *path,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *count = g_strdup_printf ("%u", n);
  GSubprocess *proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                        g_getenv ("STSVEND_VEND_LOOP"), path, "count", count, NULL);

  g_assert_no_error (error);
  return proc;
}

/* Waits for @proc, asserts it sold all it was asked, and adds its
 * "pan token receipt tid" lines to @lines. */
static void
finish_seller (GSubprocess *proc,
               guint        n,
               GPtrArray   *lines)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) split = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    g_error ("a seller failed: %s", err);
  split = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (split), ==, n + 1);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (lines, g_strdup (split[i]));
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Every token, TID and receipt number in @lines is there once. */
static void
assert_all_distinct (GPtrArray *lines)
{
  g_autoptr(GHashTable) tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) receipts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) tids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines->pdata[i], " ", -1);

      g_assert_cmpuint (g_strv_length (f), ==, 4);
      g_assert_cmpuint (strlen (f[1]), ==, 20);
      g_assert_true (g_hash_table_add (tokens, g_strdup (f[1])));
      g_assert_true (g_hash_table_add (receipts, g_strdup (f[2])));
      g_assert_true (g_hash_table_add (tids, g_strdup (f[3])));
    }
}

static void
test_three_sellers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GSubprocess *sellers[SELLERS];

  for (guint i = 0; i < SELLERS; i++)
    sellers[i] = start_seller (f->path, VENDS);
  for (guint i = 0; i < SELLERS; i++)
    {
      finish_seller (sellers[i], VENDS, lines);
      g_object_unref (sellers[i]);
    }
  g_assert_cmpuint (lines->len, ==, SELLERS * VENDS);
  assert_all_distinct (lines);
  g_assert_cmpint (query_int (f->path, "SELECT count (*) FROM sales"), ==, SELLERS * VENDS);
  g_assert_cmpint (query_int (f->path, "SELECT count (DISTINCT meter_id || ':' || tid) FROM tokens"), ==,
                   query_int (f->path, "SELECT count (*) FROM tokens"));
}

static const char *
first_pan (PosContext *context)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = pos_customer_find (context, "ACC-000001", 1, &error);
  static char pan[32];

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_strlcpy (pan, json_object_get_string_member (json_array_get_object_element (
                    json_object_get_array_member (json_array_get_object_element (found, 0), "meters"), 0), "pan"),
             sizeof pan);
  return pan;
}

static void
test_after_other_writer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) found = NULL;
  PosVendResult before, after;
  PosVendQuote quote;
  GSubprocess *other;
  const char *pan;

  pos_context_set_kdf_cost (context, 10);
  g_assert_true (pos_context_open_database (context, f->path, &error));
  g_assert_no_error (error);
  g_assert_true (pos_context_login (context, "admin", POS_DEMO_ADMIN_PASSWORD, &error));
  g_assert_true (pos_context_unlock_keys (context, POS_DEMO_PASSPHRASE, &error));
  g_assert_no_error (error);

  /* This program reads and sells, as the open cashier app does... */
  pan = first_pan (context);
  g_assert_true (pos_vend_quote (context, pan, 1000, &quote, &error));
  g_assert_true (pos_vend (context, pan, 1000, &before, &error));
  g_assert_no_error (error);
  found = pos_customer_find (context, "ACC-000002", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);

  /* ...another program writes the same file... */
  other = start_seller (f->path, 2);
  finish_seller (other, 2, lines);
  g_object_unref (other);

  /* ...and this one still quotes and sells, seeing what the other wrote. */
  pan = first_pan (context);
  g_assert_true (pos_vend_quote (context, pan, 1000, &quote, &error));
  g_assert_no_error (error);
  g_assert_true (pos_vend (context, pan, 1000, &after, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < lines->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines->pdata[i], " ", -1);

      g_assert_cmpuint (after.tid, >, (guint32) g_ascii_strtoull (fields[3], NULL, 10));
      g_assert_cmpint (after.receipt_no, >, g_ascii_strtoll (fields[2], NULL, 10));
    }
  g_assert_cmpint (query_int (f->path, "SELECT count (*) FROM sales"), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/pos/integration/concurrency/three-sellers", Fixture, NULL, setup, test_three_sellers, teardown);
  g_test_add ("/pos/integration/concurrency/after-other-writer", Fixture, NULL, setup, test_after_other_writer,
              teardown);
  return g_test_run ();
}
