/* pos-db-error.h: the error domain of db/ */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define POS_DB_ERROR (pos_db_error_quark ())

/* SQLite's codes are mapped onto these once, in pos-db.c. */
typedef enum
{
  POS_DB_ERROR_FAILED,        /* anything else; the message says what */
  POS_DB_ERROR_CANT_OPEN,     /* the file cannot be opened or created */
  POS_DB_ERROR_NOT_A_DATABASE,/* the file is not an stsvend database (or is corrupt) */
  POS_DB_ERROR_TOO_NEW,       /* written by a newer stsvend: refused, left untouched */
  POS_DB_ERROR_BUSY,          /* locked by another process for too long */
  POS_DB_ERROR_FULL,          /* the disk is full */
  POS_DB_ERROR_READ_ONLY,     /* the file or its folder is not writable */
  POS_DB_ERROR_CONSTRAINT,    /* a uniqueness or reference rule refused the change */
  POS_DB_ERROR_NOT_FOUND,     /* no such record */
} PosDbError;

GQuark pos_db_error_quark (void);

G_END_DECLS
