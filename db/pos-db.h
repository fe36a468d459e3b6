/* pos-db.h: the stsvend database, one SQLite file (and the one header
 * app/ includes from db/)
 *
 * Opening applies the versioned migrations; a file written by a newer
 * stsvend is refused and left untouched.  The file runs in WAL mode with
 * synchronous=FULL and foreign keys on: a committed sale survives a power
 * cut.  Every statement is prepared once, with bound parameters.
 */
#pragma once

#include <glib-object.h>

#include "pos-db-error.h"

G_BEGIN_DECLS

/* The schema this program writes (PRAGMA user_version). */
#define POS_DB_SCHEMA_VERSION 3

#define POS_TYPE_DB (pos_db_get_type ())
G_DECLARE_FINAL_TYPE (PosDb, pos_db, POS, DB, GObject)

/* The per-user default: $XDG_DATA_HOME/stsvend/stsvend.db. */
G_GNUC_WARN_UNUSED_RESULT
char       *pos_db_default_path        (void);

/* Opens (creating if needed) the database at @path and brings its schema
 * up to date.  POS_DB_ERROR_TOO_NEW for a newer file, NOT_A_DATABASE for
 * a file that is not one of ours. */
G_GNUC_WARN_UNUSED_RESULT
PosDb      *pos_db_open                (const char  *path,
                                        GError     **error);

const char *pos_db_get_path            (PosDb *self);
int         pos_db_get_schema_version  (PosDb *self);

/* Ends every read left open outside a transaction (a statement stepped to
 * a row and not reset), so this connection holds no snapshot between use
 * cases and sees what other programs wrote since. */
void        pos_db_release_reads       (PosDb   *self);

/* Transactions.  begin takes the write lock at once (BEGIN IMMEDIATE), so
 * a transaction that has begun cannot later fail for lack of the lock;
 * it waits for other programs' writes (up to about 15 s in all) before it
 * says the database is busy. */
gboolean    pos_db_begin               (PosDb   *self,
                                        GError **error);
gboolean    pos_db_commit              (PosDb   *self,
                                        GError **error);
void        pos_db_rollback            (PosDb   *self);

/* "ok", or the first problem PRAGMA integrity_check reports as an error. */
gboolean    pos_db_check_integrity     (PosDb   *self,
                                        GError **error);

/* Copies the live database to @dest with SQLite's online backup. */
gboolean    pos_db_backup              (PosDb       *self,
                                        const char  *dest,
                                        GError     **error);

/* Replaces the whole live database with the backup at @src, after
 * checking that @src is an stsvend database this program can read (not
 * newer, not foreign) that passes PRAGMA integrity_check; @src is only
 * read.  An older backup is migrated afterwards.  On a refusal the live
 * database is unchanged. */
gboolean    pos_db_restore             (PosDb       *self,
                                        const char  *src,
                                        GError     **error);

/* Test hook: the @nth (1-based) step of the statement named @tag, from now
 * on, fails as a disk error would.  NULL @tag clears it. */
void        pos_db_set_fault           (PosDb      *self,
                                        const char *tag,
                                        guint       nth);

G_END_DECLS

/* The rows and their queries. */
#include "pos-db-records.h"
#include "pos-db-sales.h"
#include "pos-db-cards.h"
#include "pos-db-restores.h"
