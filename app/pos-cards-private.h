/* pos-cards-private.h: what the card use cases and the meter simulator
 * share: the MAC service backed by sts/, and card errors mapped to
 * POS_APP_ERROR (never included by ui/: it brings in cardio/ and sts/) */
#pragma once

#include "pos-cardio.h"
#include "pos-context-private.h"

G_BEGIN_DECLS

/* The PosCardMac app/ lends cardio/: sts/'s card keys under the utility's
 * card secret. */
typedef struct
{
  PosCardMac base;
  StsKey     secret;
} PosCardsMac;

void     pos_cards_mac_init       (PosCardsMac    *mac,
                                   guint32         utility_card_id,
                                   const StsKey   *secret);
/* Wipes the secret. */
void     pos_cards_mac_clear      (PosCardsMac    *mac);

/* Unwraps the utility's card secret (keys unlocked) into @out; with
 * @create, makes it first if there is none (inside the caller's
 * transaction, audited). */
gboolean pos_cards_mac_load       (PosContext     *context,
                                   PosDb          *db,
                                   gboolean        create,
                                   PosCardsMac    *out,
                                   GError        **error);

/* Turns a POS_CARD_ERROR in *@error into the POS_APP_ERROR front ends
 * show (leaves other domains alone). */
void     pos_app_error_from_card  (GError        **error);

/* The reader named @spec, connected to its card (the first reader holding
 * one when @spec names no reader); errors already POS_APP_ERROR. */
PosCardReader *pos_cards_connect  (const char     *spec,
                                   GError        **error);

G_END_DECLS
