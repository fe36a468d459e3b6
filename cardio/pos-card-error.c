/* pos-card-error.c */
#include "pos-card-error.h"

G_DEFINE_QUARK (pos-card-error-quark, pos_card_error)

const char *
pos_card_error_to_string (PosCardError code)
{
  switch (code)
    {
    case POS_CARD_ERROR_FAILED: return "failed";
    case POS_CARD_ERROR_NO_SERVICE: return "no_service";
    case POS_CARD_ERROR_NO_READER: return "no_reader";
    case POS_CARD_ERROR_NO_CARD: return "no_card";
    case POS_CARD_ERROR_CARD_REMOVED: return "card_removed";
    case POS_CARD_ERROR_WRONG_CARD: return "wrong_card";
    case POS_CARD_ERROR_AUTH_FAILED: return "auth_failed";
    case POS_CARD_ERROR_BLANK: return "blank";
    case POS_CARD_ERROR_BAD_MAC: return "bad_mac";
    case POS_CARD_ERROR_UNKNOWN_VERSION: return "unknown_version";
    case POS_CARD_ERROR_FOREIGN_UTILITY: return "foreign_utility";
    case POS_CARD_ERROR_TORN_WRITE: return "torn_write";
    case POS_CARD_ERROR_CORRUPT: return "corrupt";
    case POS_CARD_ERROR_TIMEOUT: return "timeout";
    case POS_CARD_ERROR_BUSY: return "busy";
    case POS_CARD_ERROR_BAD_REQUEST: return "bad_request";
    default: return "failed";
    }
}
