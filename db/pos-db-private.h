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

/* The migrations, in order: entry i takes user_version i to i + 1. */
extern const char *const pos_db_migrations[POS_DB_SCHEMA_VERSION];

G_END_DECLS
