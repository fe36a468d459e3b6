/* pos-records-private.h: look-ups and record shapes the use cases share */
#pragma once

#include <json-glib/json-glib.h>

#include "pos-context-private.h"

G_BEGIN_DECLS

/* The customer with exactly @account_no, or NULL with
 * POS_APP_ERROR_NOT_FOUND (or a database error). */
PosDbCustomer *pos_customer_lookup (PosDb       *db,
                                    const char  *account_no,
                                    GError     **error);

/* The vending point named @point, or (NULL) the one of the user's open
 * shift; NULL with POS_APP_ERROR_NOT_FOUND or BAD_REQUEST. */
PosDbVendingPoint *pos_point_resolve (PosContext  *context,
                                      PosDb       *db,
                                      const char  *point,
                                      GError     **error);

/* Sets the members of a totals object (sales, amount, vat, ...,
 * by_cashier, by_payment, by_tariff, by_token, hourly) on @into: the
 * body of Z, shift and sales reports alike. */
void           pos_totals_to_json  (const PosDbDayTotals *totals,
                                    JsonObject           *into);

G_END_DECLS
