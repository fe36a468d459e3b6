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

G_END_DECLS
