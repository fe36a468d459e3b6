/* pos-db.h: the SQLite store: schema, migrations and every query.
 * The one header app/ includes from this layer. */
#pragma once

#include "pos-db-error.h"
