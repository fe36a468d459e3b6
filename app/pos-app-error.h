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
} PosAppError;

GQuark       pos_app_error_quark   (void);

/* The stable lower-case identifier of @code, as the batch contract
 * prints it ("bad_request", "key_expired", ...). */
const char  *pos_app_error_to_code (PosAppError code);

G_END_DECLS
