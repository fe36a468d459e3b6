/* pos-db.c: opening, migrating and transacting on the SQLite file */
#include <errno.h>

#include <glib/gstdio.h>

#include "pos-db-private.h"

/* 'STSV': marks the file as ours, so a foreign SQLite file is refused. */
#define APPLICATION_ID 0x53545356

struct _PosDb
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *handle;
  GHashTable *statements;   /* tag -> sqlite3_stmt */
  int         version;

  char       *fault_tag;
  guint       fault_countdown;
};

G_DEFINE_FINAL_TYPE (PosDb, pos_db, G_TYPE_OBJECT)

static void
pos_db_finalize (GObject *object)
{
  PosDb *self = POS_DB (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_free (self->path);
  g_free (self->fault_tag);

  G_OBJECT_CLASS (pos_db_parent_class)->finalize (object);
}

static void
pos_db_class_init (PosDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pos_db_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
pos_db_init (PosDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

/* The one place SQLite's result codes become ours. */
static PosDbError
map_code (int code)
{
  switch (code & 0xFF)
    {
    case SQLITE_CANTOPEN: return POS_DB_ERROR_CANT_OPEN;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return POS_DB_ERROR_NOT_A_DATABASE;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return POS_DB_ERROR_BUSY;
    case SQLITE_FULL: return POS_DB_ERROR_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM: return POS_DB_ERROR_READ_ONLY;
    case SQLITE_CONSTRAINT: return POS_DB_ERROR_CONSTRAINT;
    default: return POS_DB_ERROR_FAILED;
    }
}

static gboolean
set_code_error (GError    **error,
                int         code,
                const char *what,
                const char *detail)
{
  g_set_error (error, POS_DB_ERROR, map_code (code), "%s: %s", what, detail);
  return FALSE;
}

gboolean
pos_db_set_error (PosDb       *self,
                  GError     **error,
                  const char  *what)
{
  return set_code_error (error, sqlite3_extended_errcode (self->handle), what,
                         sqlite3_errmsg (self->handle));
}

sqlite3 *
pos_db_get_handle (PosDb *self)
{
  return self->handle;
}

gboolean
pos_db_exec (PosDb       *self,
             const char  *sql,
             GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      set_code_error (error, rc, "database", message != NULL ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
pos_db_prepare (PosDb       *self,
                const char  *tag,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, tag);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      pos_db_set_error (self, error, tag);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (tag), stmt);
  return stmt;
}

int
pos_db_step (PosDb         *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  int rc;

  if (self->fault_tag != NULL)
    {
      sqlite3_stmt *faulty = g_hash_table_lookup (self->statements, self->fault_tag);

      if (faulty == stmt && --self->fault_countdown == 0)
        {
          g_clear_pointer (&self->fault_tag, g_free);
          g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_FAILED,
                       "disk I/O error (injected by the test fault hook)");
          return -1;
        }
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;
  pos_db_set_error (self, error, "database");
  sqlite3_reset (stmt);
  return -1;
}

void
pos_db_set_fault (PosDb      *self,
                  const char *tag,
                  guint       nth)
{
  g_return_if_fail (POS_IS_DB (self));

  g_free (self->fault_tag);
  self->fault_tag = g_strdup (tag);
  self->fault_countdown = nth;
}

char *
pos_db_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "stsvend", "stsvend.db", NULL);
}

static gboolean
query_int (PosDb       *self,
           const char  *sql,
           int         *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return pos_db_set_error (self, error, self->path);
    }
  *out = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Applies the missing migrations, each in its own transaction. */
static gboolean
migrate (PosDb   *self,
         GError **error)
{
  int app_id, n_objects;

  if (!query_int (self, "PRAGMA application_id", &app_id, error)
      || !query_int (self, "PRAGMA user_version", &self->version, error)
      || !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    return FALSE;

  if (self->version > POS_DB_SCHEMA_VERSION)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_TOO_NEW,
                   "%s was written by a newer stsvend (schema %d; this program knows up to %d); "
                   "it has not been changed",
                   self->path, self->version, POS_DB_SCHEMA_VERSION);
      return FALSE;
    }
  if (app_id != APPLICATION_ID && !(app_id == 0 && n_objects == 0))
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_A_DATABASE,
                   "%s is an SQLite file, but not an stsvend database", self->path);
      return FALSE;
    }

  for (int v = self->version; v < POS_DB_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                               v + 1, APPLICATION_ID);

      if (!pos_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!pos_db_exec (self, pos_db_migrations[v], error) || !pos_db_exec (self, bump, error)
          || !pos_db_exec (self, "COMMIT", error))
        {
          pos_db_exec (self, "ROLLBACK", NULL);
          g_prefix_error (error, "upgrading %s to schema %d: ", self->path, v + 1);
          return FALSE;
        }
      self->version = v + 1;
    }
  return TRUE;
}

PosDb *
pos_db_open (const char  *path,
             GError     **error)
{
  g_autoptr(PosDb) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_CANT_OPEN,
                   "cannot create the folder %s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (POS_TYPE_DB, NULL);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_code_error (error, rc, path, self->handle != NULL ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);

  /* The version is checked before anything (WAL mode included) writes. */
  if (!migrate (self, error))
    return NULL;
  if (!pos_db_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                          "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;", error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
pos_db_get_path (PosDb *self)
{
  g_return_val_if_fail (POS_IS_DB (self), NULL);
  return self->path;
}

int
pos_db_get_schema_version (PosDb *self)
{
  g_return_val_if_fail (POS_IS_DB (self), 0);
  return self->version;
}

void
pos_db_release_reads (PosDb *self)
{
  g_return_if_fail (POS_IS_DB (self));
  /* Inside a transaction the statements belong to it; it ends them. */
  if (!sqlite3_get_autocommit (self->handle))
    return;
  for (sqlite3_stmt *stmt = sqlite3_next_stmt (self->handle, NULL); stmt != NULL;
       stmt = sqlite3_next_stmt (self->handle, stmt))
    if (sqlite3_stmt_busy (stmt))
      sqlite3_reset (stmt);
}

/* How long a write waits for the other programs on the file, in all. */
#define BEGIN_PATIENCE_US (15 * G_USEC_PER_SEC)

gboolean
pos_db_begin (PosDb   *self,
              GError **error)
{
  gint64 deadline;
  gulong pause_us = 2000;

  g_return_val_if_fail (POS_IS_DB (self), FALSE);
  deadline = g_get_monotonic_time () + BEGIN_PATIENCE_US;
  for (;;)
    {
      int rc;

      /* A read left open would pin an old snapshot, and a snapshot older
       * than another program's last commit can never take the write lock
       * (SQLITE_BUSY_SNAPSHOT, at once, whatever the busy timeout). */
      pos_db_release_reads (self);
      rc = sqlite3_exec (self->handle, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        return TRUE;
      /* The busy handler has waited its 5 s for the lock already when it
       * could; some busy states (a snapshot, a WAL being recovered) skip
       * it: those are retried here, with a growing pause, a while longer. */
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () + (gint64) pause_us >= deadline)
        {
          set_code_error (error, rc, "database", sqlite3_errmsg (self->handle));
          return FALSE;
        }
      g_usleep (pause_us + g_random_int_range (0, (gint32) pause_us));
      pause_us = MIN (pause_us * 2, 100000);
    }
}

gboolean
pos_db_commit (PosDb   *self,
               GError **error)
{
  g_return_val_if_fail (POS_IS_DB (self), FALSE);
  if (!pos_db_exec (self, "COMMIT", error))
    {
      pos_db_rollback (self);
      return FALSE;
    }
  pos_db_release_reads (self);
  return TRUE;
}

void
pos_db_rollback (PosDb *self)
{
  g_return_if_fail (POS_IS_DB (self));
  if (!sqlite3_get_autocommit (self->handle))
    pos_db_exec (self, "ROLLBACK", NULL);
  pos_db_release_reads (self);
}

gboolean
pos_db_check_integrity (PosDb   *self,
                        GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (POS_IS_DB (self), FALSE);
  if (sqlite3_prepare_v2 (self->handle, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return pos_db_set_error (self, error, "integrity check");
    }
  ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  if (!ok)
    g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_A_DATABASE, "integrity check: %s",
                 (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
pos_db_backup (PosDb       *self,
               const char  *dest,
               GError     **error)
{
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (POS_IS_DB (self), FALSE);

  rc = sqlite3_open_v2 (dest, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      set_code_error (error, rc, dest, target != NULL ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
      sqlite3_close_v2 (target);
      return FALSE;
    }
  backup = sqlite3_backup_init (target, "main", self->handle, "main");
  if (backup == NULL)
    {
      set_code_error (error, sqlite3_errcode (target), dest, sqlite3_errmsg (target));
      sqlite3_close_v2 (target);
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (10);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      set_code_error (error, rc, dest, sqlite3_errstr (rc));
      sqlite3_close_v2 (target);
      return FALSE;
    }
  rc = sqlite3_close_v2 (target);
  return rc == SQLITE_OK || set_code_error (error, rc, dest, sqlite3_errstr (rc));
}

/* One integer or text answer of @sql on @handle, for checking a file that
 * is not (yet) ours. */
static gboolean
probe_file (sqlite3     *handle,
            const char  *sql,
            int         *out_int,
            char       **out_text)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) == SQLITE_OK
                && sqlite3_step (stmt) == SQLITE_ROW;

  if (ok && out_int != NULL)
    *out_int = sqlite3_column_int (stmt, 0);
  if (ok && out_text != NULL)
    *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
pos_db_restore (PosDb       *self,
                const char  *src,
                GError     **error)
{
  sqlite3 *source = NULL;
  sqlite3_backup *backup;
  g_autofree char *integrity = NULL;
  int app_id = 0, version = 0, rc;

  g_return_val_if_fail (POS_IS_DB (self), FALSE);
  g_return_val_if_fail (src != NULL, FALSE);

  if (!g_file_test (src, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_CANT_OPEN, "%s: no such backup file", src);
      return FALSE;
    }
  rc = sqlite3_open_v2 (src, &source, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      set_code_error (error, rc, src, source != NULL ? sqlite3_errmsg (source) : sqlite3_errstr (rc));
      sqlite3_close_v2 (source);
      return FALSE;
    }
  if (!probe_file (source, "PRAGMA application_id", &app_id, NULL)
      || !probe_file (source, "PRAGMA user_version", &version, NULL)
      || app_id != APPLICATION_ID || version < 1)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_A_DATABASE, "%s is not an stsvend backup", src);
      sqlite3_close_v2 (source);
      return FALSE;
    }
  if (version > POS_DB_SCHEMA_VERSION)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_TOO_NEW,
                   "%s was written by a newer stsvend (schema %d; this program knows up to %d)",
                   src, version, POS_DB_SCHEMA_VERSION);
      sqlite3_close_v2 (source);
      return FALSE;
    }
  if (!probe_file (source, "PRAGMA integrity_check", NULL, &integrity) || g_strcmp0 (integrity, "ok") != 0)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_A_DATABASE, "%s is damaged: %s", src,
                   integrity != NULL ? integrity : sqlite3_errmsg (source));
      sqlite3_close_v2 (source);
      return FALSE;
    }

  /* Cached statements would hold read locks on the old pages. */
  g_hash_table_remove_all (self->statements);
  backup = sqlite3_backup_init (self->handle, "main", source, "main");
  if (backup == NULL)
    {
      pos_db_set_error (self, error, "restore");
      sqlite3_close_v2 (source);
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (10);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  sqlite3_close_v2 (source);
  if (rc != SQLITE_DONE)
    return set_code_error (error, rc, "restore", sqlite3_errstr (rc));
  return migrate (self, error);
}

/* -- helpers for the query files ------------------------------------------ */

char *
pos_db_column_dup (sqlite3_stmt *stmt,
                   int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

GBytes *
pos_db_column_bytes (sqlite3_stmt *stmt,
                     int           col)
{
  const void *blob = sqlite3_column_blob (stmt, col);

  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_bytes_new (blob, (gsize) sqlite3_column_bytes (stmt, col));
}

void
pos_db_bind_text (sqlite3_stmt *stmt,
                  int           col,
                  const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
}

void
pos_db_bind_bytes (sqlite3_stmt *stmt,
                   int           col,
                   GBytes       *bytes)
{
  if (bytes == NULL)
    sqlite3_bind_null (stmt, col);
  else
    {
      gsize len;
      gconstpointer data = g_bytes_get_data (bytes, &len);

      sqlite3_bind_blob (stmt, col, data, (int) len, SQLITE_TRANSIENT);
    }
}

void
pos_db_bind_id (sqlite3_stmt *stmt,
                int           col,
                gint64        id)
{
  if (id == 0)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_int64 (stmt, col, id);
}

gboolean
pos_db_run (PosDb         *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  return pos_db_step (self, stmt, error) == SQLITE_DONE;
}

gboolean
pos_db_step_row (PosDb         *self,
                 sqlite3_stmt  *stmt,
                 const char    *what,
                 GError       **error)
{
  int rc = pos_db_step (self, stmt, error);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "no such %s", what);
  return FALSE;
}

gint64
pos_db_step_int (PosDb         *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  if (pos_db_step (self, stmt, error) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

gint64
pos_db_last_id (PosDb *self)
{
  return sqlite3_last_insert_rowid (self->handle);
}
