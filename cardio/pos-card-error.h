/* pos-card-error.h: the error domain of cardio/
 *
 * Every PC/SC and libnfc failure is mapped onto one of these codes at the
 * back-end's boundary (pos_card_error_from_pcsc() for PC/SC); app/ maps
 * them onto POS_APP_ERROR. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define POS_CARD_ERROR (pos_card_error_quark ())

typedef enum
{
  POS_CARD_ERROR_FAILED,           /* anything else; see the message */
  POS_CARD_ERROR_NO_SERVICE,       /* pcscd (or the NFC device) cannot be reached */
  POS_CARD_ERROR_NO_READER,        /* no reader, or not the one asked for */
  POS_CARD_ERROR_NO_CARD,          /* the reader is empty */
  POS_CARD_ERROR_CARD_REMOVED,     /* the card left during the operation */
  POS_CARD_ERROR_WRONG_CARD,       /* a card of another type (not our file, not MIFARE Classic 1K) */
  POS_CARD_ERROR_AUTH_FAILED,      /* the card refused the sector key */
  POS_CARD_ERROR_BLANK,            /* no stsvend identity on the card */
  POS_CARD_ERROR_BAD_MAC,          /* a record fails its MAC: forged, altered or copied */
  POS_CARD_ERROR_UNKNOWN_VERSION,  /* a layout version this program does not know */
  POS_CARD_ERROR_FOREIGN_UTILITY,  /* a card of another utility */
  POS_CARD_ERROR_TORN_WRITE,       /* a write was interrupted or did not read back: retry */
  POS_CARD_ERROR_CORRUPT,          /* records that contradict each other */
  POS_CARD_ERROR_TIMEOUT,          /* no event within the time asked for */
  POS_CARD_ERROR_BUSY,             /* the device is claimed by another reader object */
  POS_CARD_ERROR_BAD_REQUEST,      /* a value the layout cannot hold */
} PosCardError;

GQuark       pos_card_error_quark     (void);

/* A stable lower-case name for @code ("bad_mac", "card_removed", ...). */
const char  *pos_card_error_to_string (PosCardError code);

G_END_DECLS
