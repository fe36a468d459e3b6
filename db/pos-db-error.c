/* pos-db-error.c */
#include "pos-db-error.h"

G_DEFINE_QUARK (pos-db-error-quark, pos_db_error)
