/* test-db.c: opening, migrating, refusing and backing up real SQLite files */
#include <errno.h>
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

  f->dir = g_dir_make_tmp ("stsvend-db-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "stsvend.db", NULL);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDb) db = pos_db_open (f->path, &error);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (pos_db_get_schema_version (db), ==, POS_DB_SCHEMA_VERSION);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));

  stmt = pos_db_prepare (db, "journal", "PRAGMA journal_mode", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos_db_step (db, stmt, &error), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  stmt = pos_db_prepare (db, "fk", "PRAGMA foreign_keys", &error);
  g_assert_cmpint (pos_db_step (db, stmt, &error), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  stmt = pos_db_prepare (db, "sync", "PRAGMA synchronous", &error);
  g_assert_cmpint (pos_db_step (db, stmt, &error), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);  /* FULL */
  g_assert_true (pos_db_check_integrity (db, &error));
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PosDb *db = pos_db_open (f->path, &error);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_true (pos_db_exec (db, "INSERT INTO utility (id, name) VALUES (1, 'City Power')", &error));
  g_object_unref (db);

  db = pos_db_open (f->path, &error);
  g_assert_no_error (error);
  stmt = pos_db_prepare (db, "name", "SELECT name FROM utility WHERE id = ?", &error);
  sqlite3_bind_int (stmt, 1, 1);
  g_assert_cmpint (pos_db_step (db, stmt, &error), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "City Power");
  g_object_unref (db);
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PosDb *db = pos_db_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_true (pos_db_exec (db, "PRAGMA user_version = 99; PRAGMA journal_mode = DELETE", &error));
  g_object_unref (db);

  before = file_checksum (f->path);
  db = pos_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_foreign (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  sqlite3 *other = NULL;
  PosDb *db;

  /* Another program's SQLite file. */
  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  db = pos_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);

  /* Not SQLite at all. */
  g_assert_true (g_file_set_contents (f->path, "this is a shopping list, not a database\n", -1, NULL));
  db = pos_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_A_DATABASE);
}

static void
test_cant_open (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *blocker = g_build_filename (f->dir, "file", NULL);
  g_autofree char *path = g_build_filename (blocker, "stsvend.db", NULL);
  PosDb *db;

  /* A file where the folder should be. */
  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  db = pos_db_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CANT_OPEN);
}

static void
test_fault_hook (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDb) db = pos_db_open (f->path, &error);
  const char *sql = "INSERT INTO vending_points (name) VALUES (?)";
  sqlite3_stmt *stmt;

  stmt = pos_db_prepare (db, "vp-insert", sql, &error);
  g_assert_nonnull (stmt);
  pos_db_set_fault (db, "vp-insert", 2);

  sqlite3_bind_text (stmt, 1, "one", -1, SQLITE_STATIC);
  g_assert_cmpint (pos_db_step (db, stmt, &error), ==, SQLITE_DONE);
  stmt = pos_db_prepare (db, "vp-insert", sql, &error);
  sqlite3_bind_text (stmt, 1, "two", -1, SQLITE_STATIC);
  g_assert_cmpint (pos_db_step (db, stmt, &error), ==, -1);
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_FAILED);
  g_clear_error (&error);
  /* One shot: the next step works again. */
  stmt = pos_db_prepare (db, "vp-insert", sql, &error);
  sqlite3_bind_text (stmt, 1, "three", -1, SQLITE_STATIC);
  g_assert_cmpint (pos_db_step (db, stmt, &error), ==, SQLITE_DONE);
}

static void
test_transactions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDb) db = pos_db_open (f->path, &error);
  sqlite3_stmt *stmt;

  g_assert_true (pos_db_begin (db, &error));
  g_assert_true (pos_db_exec (db, "INSERT INTO vending_points (name) VALUES ('gone')", &error));
  pos_db_rollback (db);
  g_assert_true (pos_db_begin (db, &error));
  g_assert_true (pos_db_exec (db, "INSERT INTO vending_points (name) VALUES ('kept')", &error));
  g_assert_true (pos_db_commit (db, &error));

  stmt = pos_db_prepare (db, "count", "SELECT group_concat (name) FROM vending_points", &error);
  g_assert_cmpint (pos_db_step (db, stmt, &error), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "kept");

  /* Uniqueness maps to CONSTRAINT. */
  g_assert_false (pos_db_exec (db, "INSERT INTO vending_points (name) VALUES ('kept')", &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
}

static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDb) db = pos_db_open (f->path, &error);

  g_assert_true (pos_db_exec (db,
    "INSERT INTO users (id, username, role, password_hash, created_at) VALUES (1, 'a', 'admin', 'x', 'now');"
    "INSERT INTO vending_points (id, name) VALUES (1, 'vp');"
    "INSERT INTO sales (id, vending_point_id, receipt_no, kind, user_id, created_at) VALUES (1, 1, 1, 'credit', 1, 'now');"
    "INSERT INTO z_reports (vending_point_id, number, day, closed_at, closed_by, body) VALUES (1, 1, 'd', 'now', 1, '{}');",
    &error));
  g_assert_no_error (error);

  g_assert_false (pos_db_exec (db, "DELETE FROM sales", &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (pos_db_exec (db, "UPDATE z_reports SET body = 'edited'", &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (pos_db_exec (db, "DELETE FROM z_reports", &error));
  g_assert_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT);
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDb) db = pos_db_open (f->path, &error);
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(PosDb) copy = NULL;
  sqlite3_stmt *stmt;

  g_assert_true (pos_db_exec (db, "INSERT INTO vending_points (name) VALUES ('vp')", &error));
  g_assert_true (pos_db_backup (db, copy_path, &error));
  g_assert_no_error (error);

  copy = pos_db_open (copy_path, &error);
  g_assert_no_error (error);
  g_assert_true (pos_db_check_integrity (copy, &error));
  stmt = pos_db_prepare (copy, "name", "SELECT name FROM vending_points", &error);
  g_assert_cmpint (pos_db_step (copy, stmt, &error), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "vp");
}

static void
test_freed (Fixture       *f,
            gconstpointer  data)
{
  PosDb *db = pos_db_open (f->path, NULL);
  gpointer weak = db;

  g_assert_nonnull (db);
  g_object_add_weak_pointer (G_OBJECT (db), &weak);
  g_object_unref (db);
  g_assert_null (weak);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/pos/db/" path, Fixture, NULL, setup, func, teardown)
  ADD ("open/create", test_create);
  ADD ("open/reopen", test_reopen);
  ADD ("open/too-new", test_too_new);
  ADD ("open/foreign", test_foreign);
  ADD ("open/cant-open", test_cant_open);
  ADD ("statement/fault-hook", test_fault_hook);
  ADD ("transaction/commit-rollback", test_transactions);
  ADD ("schema/append-only", test_append_only);
  ADD ("backup/copy", test_backup);
  ADD ("object/freed", test_freed);
#undef ADD

  return g_test_run ();
}
