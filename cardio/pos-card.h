/* pos-card.h: the customer card as a whole, read and written through a
 * PosCardReader with the transactional protocol of cardio/README.md
 *
 * The purchase record and the return area each have two slots and a
 * commit block that names the slot in use.  A write goes to the other
 * slot, is read back and compared, and is committed by writing the commit
 * block last, in one block write.  A card pulled at any point therefore
 * reads as the old state or the new one, never a mix; an interrupted write
 * is reported (pending) and can simply be done again. */
#pragma once

#include "pos-card-layout.h"
#include "pos-card-reader.h"

G_BEGIN_DECLS

typedef struct
{
  PosCardIdentity identity;
  PosCardPurchase purchase;          /* the committed purchase (seq 0: none yet) */
  PosCardReturn   ret;               /* the committed return area */
  gboolean        purchase_pending;  /* an interrupted purchase write was found */
  gboolean        return_pending;    /* an interrupted return write was found */
} PosCardContents;

/* Reads and checks everything on the connected card: the identity must be
 * ours (BLANK, UNKNOWN_VERSION, FOREIGN_UTILITY, BAD_MAC for a forged or
 * copied card), then each area's committed record. */
gboolean pos_card_read           (PosCardReader          *reader,
                                  const PosCardMac       *mac,
                                  PosCardContents        *out,
                                  GError                **error);

/* Makes the connected card a new card for @identity (its serial is taken
 * from the card): an empty purchase (sequence 0, issued at @now) and an
 * empty return area, the identity written last and everything read back.
 * Whatever the card held before is gone. */
gboolean pos_card_issue          (PosCardReader          *reader,
                                  const PosCardMac       *mac,
                                  const PosCardIdentity  *identity,
                                  gint64                  now,
                                  GError                **error);

/* Writes @purchase as the card's next purchase.  Its sequence must be
 * above the committed one; the same purchase again is a success (a retry
 * after a pull that committed after all).  POS_CARD_ERROR_TORN_WRITE when
 * the read-back differs, CARD_REMOVED when the card left: the card then
 * holds the old purchase or this one, and the call can be repeated. */
gboolean pos_card_write_purchase (PosCardReader          *reader,
                                  const PosCardMac       *mac,
                                  const PosCardPurchase  *purchase,
                                  GError                **error);

/* The same for the return area (the meter's side): @ret->generation must
 * be above the committed one. */
gboolean pos_card_write_return   (PosCardReader          *reader,
                                  const PosCardMac       *mac,
                                  const PosCardReturn    *ret,
                                  GError                **error);

G_END_DECLS
