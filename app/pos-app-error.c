/* pos-app-error.c */
#include "pos-app-error.h"

G_DEFINE_QUARK (pos-app-error-quark, pos_app_error)

const char *
pos_app_error_to_code (PosAppError code)
{
  switch (code)
    {
    case POS_APP_ERROR_BAD_REQUEST: return "bad_request";
    case POS_APP_ERROR_BAD_PAN_CHECK_DIGIT: return "bad_pan_check_digit";
    case POS_APP_ERROR_BAD_KEY: return "bad_key";
    case POS_APP_ERROR_AMOUNT_OUT_OF_RANGE: return "amount_out_of_range";
    case POS_APP_ERROR_TID_OUT_OF_RANGE: return "tid_out_of_range";
    case POS_APP_ERROR_KEY_EXPIRED: return "key_expired";
    case POS_APP_ERROR_NOT_LOGGED_IN: return "not_logged_in";
    case POS_APP_ERROR_PERMISSION_DENIED: return "permission_denied";
    case POS_APP_ERROR_BAD_PASSWORD: return "bad_password";
    case POS_APP_ERROR_LOCKED_OUT: return "locked_out";
    case POS_APP_ERROR_KEYS_LOCKED: return "keys_locked";
    case POS_APP_ERROR_BAD_PASSPHRASE: return "bad_passphrase";
    case POS_APP_ERROR_NOT_FOUND: return "not_found";
    case POS_APP_ERROR_DUPLICATE: return "duplicate";
    case POS_APP_ERROR_LIMIT: return "limit";
    case POS_APP_ERROR_NO_SHIFT: return "no_shift";
    case POS_APP_ERROR_STORAGE: return "storage";
    case POS_APP_ERROR_NOT_INITIALISED: return "not_initialised";
    case POS_APP_ERROR_PRINTER: return "printer";
    case POS_APP_ERROR_EXPORT: return "export";
    case POS_APP_ERROR_NO_READER: return "no_reader";
    case POS_APP_ERROR_CARD_REMOVED: return "card_removed";
    case POS_APP_ERROR_CARD_REFUSED: return "card_refused";
    case POS_APP_ERROR_CARD_UNAPPLIED: return "card_unapplied";
    case POS_APP_ERROR_CARD_WRITE_PENDING: return "card_write_pending";
    case POS_APP_ERROR_TOKEN_REFUSED: return "token_refused";
    case POS_APP_ERROR_FAILED:
    default:
      return "internal_error";
    }
}
