/* pos-customers.h: customers and their meters */
#pragma once

#include <json-glib/json-glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

typedef struct
{
  const char *account_no;   /* NULL: the next free "ACC-nnnnnn" */
  const char *name;
  const char *address;
  const char *phone;
} PosCustomerSpec;

/* Adds a customer (any logged-in user).  Returns its id, 0 on error;
 * POS_APP_ERROR_DUPLICATE for an account number in use. */
gint64      pos_customer_add    (PosContext             *context,
                                 const PosCustomerSpec  *spec,
                                 GError                **error);

typedef struct
{
  const char *pan;          /* 18 digits, check digits verified */
  const char *sgc;
  int         krn;
  int         ti;
  const char *tariff;       /* the tariff's name */
  const char *card_serial;  /* NULL: a keypad meter */
} PosMeterSpec;

/* Adds a meter to the customer with @account_no (supervisor or admin).
 * Refuses a bad or duplicate meter number, an unknown supply group or
 * tariff. */
gint64      pos_meter_add       (PosContext          *context,
                                 const char          *account_no,
                                 const PosMeterSpec  *spec,
                                 GError             **error);

/* Customers matching @text (account, meter or phone number, or part of
 * the name), each as an object with their meters.  NULL on error. */
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_customer_find   (PosContext  *context,
                                 const char  *text,
                                 guint        limit,
                                 GError     **error);

/* One customer by account number, with their meters (tariff, supply
 * group, status), open debt and last purchase. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_customer_get    (PosContext  *context,
                                 const char  *account_no,
                                 GError     **error);

/* Customers in order of name, @limit from @offset, as pos_customer_find
 * gives them. */
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_customer_list   (PosContext  *context,
                                 guint        offset,
                                 guint        limit,
                                 GError     **error);

/* Changes the name, address and phone of @account_no (any logged-in
 * user; the account number never changes).  NULL members keep their
 * value.  Audited with the old and new values. */
gboolean    pos_customer_update (PosContext             *context,
                                 const char             *account_no,
                                 const PosCustomerSpec  *spec,
                                 GError                **error);

/* Changes meter @pan's tariff (by name; NULL keeps it) and status
 * ("active", "blocked" or "removed"; NULL keeps it).  Supervisor.  A
 * blocked or removed meter is sold nothing. */
gboolean    pos_meter_update    (PosContext  *context,
                                 const char  *pan,
                                 const char  *tariff,
                                 const char  *status,
                                 GError     **error);

/* Records a debt of @amount (minor units) for @account_no, recovered at
 * @recovery_bp basis points of each purchase (at least @min_per_vend)
 * until cleared.  Supervisor.  Returns its id, 0 on error. */
gint64      pos_debt_add        (PosContext  *context,
                                 const char  *account_no,
                                 gint64       amount,
                                 int          recovery_bp,
                                 gint64       min_per_vend,
                                 const char  *description,
                                 GError     **error);

G_END_DECLS
