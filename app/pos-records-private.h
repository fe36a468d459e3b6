/* pos-customers-private.h: customer look-ups the use cases share */
#pragma once

#include "pos-context-private.h"

G_BEGIN_DECLS

/* The customer with exactly @account_no, or NULL with
 * POS_APP_ERROR_NOT_FOUND (or a database error). */
PosDbCustomer *pos_customer_lookup (PosDb       *db,
                                    const char  *account_no,
                                    GError     **error);

G_END_DECLS
