/* pos-db-private.h: what the files of db/ share (never included above
 * db/: it is the only header that brings in sqlite3.h) */
#pragma once

#include <sqlite3.h>

#include "pos-db.h"

G_BEGIN_DECLS

/* A cached prepared statement for @sql, reset and with its bindings
 * cleared, named @tag for messages and the fault hook.  NULL on error. */
sqlite3_stmt *pos_db_prepare     (PosDb       *self,
                                  const char  *tag,
                                  const char  *sql,
                                  GError     **error);

/* Steps @stmt: SQLITE_ROW or SQLITE_DONE, or -1 with @error set (the
 * fault hook included). */
int           pos_db_step        (PosDb         *self,
                                  sqlite3_stmt  *stmt,
                                  GError       **error);

/* Runs @sql (no parameters, possibly several statements). */
gboolean      pos_db_exec        (PosDb       *self,
                                  const char  *sql,
                                  GError     **error);

/* Sets @error from the connection's last SQLite error, prefixed by @what. */
gboolean      pos_db_set_error   (PosDb       *self,
                                  GError     **error,
                                  const char  *what);

sqlite3      *pos_db_get_handle  (PosDb *self);

/* Small helpers for the queries: a column as a new string (NULL for
 * NULL) or bytes; NULL-aware binds (an id of 0 binds NULL); a step that
 * must finish (pos_db_run), must give a row (pos_db_step_row: NOT_FOUND
 * naming @what otherwise) or gives one integer (-1 on error). */
char         *pos_db_column_dup  (sqlite3_stmt *stmt,
                                  int           col);
GBytes       *pos_db_column_bytes (sqlite3_stmt *stmt,
                                   int           col);
void          pos_db_bind_text   (sqlite3_stmt *stmt,
                                  int           col,
                                  const char   *text);
void          pos_db_bind_bytes  (sqlite3_stmt *stmt,
                                  int           col,
                                  GBytes       *bytes);
void          pos_db_bind_id     (sqlite3_stmt *stmt,
                                  int           col,
                                  gint64        id);
gboolean      pos_db_run         (PosDb         *self,
                                  sqlite3_stmt  *stmt,
                                  GError       **error);
gboolean      pos_db_step_row    (PosDb         *self,
                                  sqlite3_stmt  *stmt,
                                  const char    *what,
                                  GError       **error);
gint64        pos_db_step_int    (PosDb         *self,
                                  sqlite3_stmt  *stmt,
                                  GError       **error);
gint64        pos_db_last_id     (PosDb *self);

/* The migrations, in order: entry i takes user_version i to i + 1. */
extern const char *const pos_db_migrations[POS_DB_SCHEMA_VERSION];

G_END_DECLS
