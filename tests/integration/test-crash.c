/* test-crash.c: vends killed with SIGKILL at random moments, many times;
 * afterwards the file is intact, every token ever printed is recorded, no
 * receipt is used twice and no meter has the same TID twice. */
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

#define ROUNDS 25

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
test_kill_loop (void)
{
  const char *loop = g_getenv ("STSVEND_VEND_LOOP");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("stsvend-crash-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "stsvend.db", NULL);
  g_autoptr(GString) printed = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new ();
  g_auto(GStrv) lines = NULL;
  sqlite3 *db = NULL;
  guint n_tokens = 0;

  g_assert_nonnull (loop);
  {
    g_autoptr(GSubprocess) setup = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, loop, path, "setup", NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (setup, NULL, &error));
  }

  for (int round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autofree char *out = NULL;
      guint delay = (guint) g_rand_int_range (rand, 30, 400);

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, loop, path, NULL);
      g_assert_no_error (error);
      g_usleep (delay * 1000);
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (proc) || g_subprocess_get_if_exited (proc));
      /* Only whole lines count: a line cut by the kill was never shown. */
      if (out != NULL)
        {
          char *last = strrchr (out, '\n');

          if (last != NULL)
            g_string_append_len (printed, out, last - out + 1);
        }
    }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
  }

  /* Every printed token is in the database, with its sale. */
  lines = g_strsplit (printed->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      sqlite3_stmt *stmt = NULL;

      if (lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM tokens t JOIN sales s ON s.id = t.sale_id"
                                               " JOIN meters m ON m.id = t.meter_id"
                                               " WHERE t.token = ? AND m.pan = ? AND s.receipt_no = ? AND t.tid = ?",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, fields[1], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, fields[0], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, g_ascii_strtoll (fields[2], NULL, 10));
      sqlite3_bind_int64 (stmt, 4, g_ascii_strtoll (fields[3], NULL, 10));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      sqlite3_finalize (stmt);
      n_tokens++;
    }
  g_test_message ("%u tokens printed across %d kills", n_tokens, ROUNDS);
  g_assert_cmpuint (n_tokens, >, 0);

  /* No sale twice, no receipt number twice or skipped, no TID twice, and
   * every credit sale has exactly one token. */
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM (SELECT token FROM tokens GROUP BY token HAVING count (*) > 1)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM (SELECT meter_id, base, tid FROM tokens WHERE tid IS NOT NULL"
                                  " GROUP BY 1, 2, 3 HAVING count (*) > 1)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT max (receipt_no) - count (*) FROM sales"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM sales s WHERE kind = 'credit'"
                                  " AND (SELECT count (*) FROM tokens t WHERE t.sale_id = s.id) <> 1"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM meters m WHERE last_tid <>"
                                  " coalesce ((SELECT max (tid) FROM tokens t WHERE t.meter_id = m.id), -1)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM sales"), >=, n_tokens);
  sqlite3_close (db);

  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
        g_unlink (p);
      }
    g_rmdir (dir);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pos/integration/crash/kill-loop", test_kill_loop);
  return g_test_run ();
}
