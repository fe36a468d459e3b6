/* pos-db-error.h: the error domain of db/ */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define POS_DB_ERROR (pos_db_error_quark ())

typedef enum
{
  POS_DB_ERROR_FAILED,
} PosDbError;

GQuark pos_db_error_quark (void);

G_END_DECLS
