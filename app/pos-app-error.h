/* pos-app-error.h: the error domain of the use cases */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define POS_APP_ERROR (pos_app_error_quark ())

/* Stable codes the front ends translate into messages. */
typedef enum
{
  POS_APP_ERROR_FAILED,            /* something unexpected; see the message */
  POS_APP_ERROR_BAD_REQUEST,       /* a member missing, malformed or out of range */
  POS_APP_ERROR_BAD_PAN_CHECK_DIGIT,
  POS_APP_ERROR_BAD_KEY,
  POS_APP_ERROR_AMOUNT_OUT_OF_RANGE,
  POS_APP_ERROR_TID_OUT_OF_RANGE,
  POS_APP_ERROR_KEY_EXPIRED,
  POS_APP_ERROR_NOT_LOGGED_IN,     /* the use case needs a user */
  POS_APP_ERROR_PERMISSION_DENIED, /* the user's role may not do this */
  POS_APP_ERROR_BAD_PASSWORD,      /* wrong user name or password */
  POS_APP_ERROR_LOCKED_OUT,        /* too many failed logins; try later */
  POS_APP_ERROR_KEYS_LOCKED,       /* vending keys need the passphrase */
  POS_APP_ERROR_BAD_PASSPHRASE,
  POS_APP_ERROR_NOT_FOUND,         /* no such customer, meter, sale... */
  POS_APP_ERROR_DUPLICATE,         /* it exists already */
  POS_APP_ERROR_LIMIT,             /* over a vend limit or the credit ceiling */
  POS_APP_ERROR_NO_SHIFT,          /* a cashier needs an open shift */
  POS_APP_ERROR_STORAGE,           /* the database failed: disk full, locked... */
  POS_APP_ERROR_NOT_INITIALISED,   /* the database has no utility yet: run init */
  POS_APP_ERROR_PRINTER,           /* no printer, printer stopped, job failed: the sale stands */
  POS_APP_ERROR_EXPORT,            /* a report or receipt file could not be written */
  POS_APP_ERROR_NO_READER,         /* no card reader, or the card service is not running */
  POS_APP_ERROR_CARD_REMOVED,      /* no card, or it left mid-operation: insert it and retry */
  POS_APP_ERROR_CARD_REFUSED,      /* forged, copied, foreign, blocked or not our card */
  POS_APP_ERROR_CARD_UNAPPLIED,    /* the card's last purchase is not in the meter yet */
  POS_APP_ERROR_CARD_WRITE_PENDING,/* a sold purchase still waits to be written to the card */
  POS_APP_ERROR_TOKEN_REFUSED,     /* the meter (simulator) refused a token */
} PosAppError;

GQuark       pos_app_error_quark   (void);

/* The stable lower-case identifier of @code, as the batch contract
 * prints it ("bad_request", "key_expired", ...). */
const char  *pos_app_error_to_code (PosAppError code);

G_END_DECLS
