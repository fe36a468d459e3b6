/* pos-cards.h: customers' IC cards: issue, read, recharge, replace
 *
 * A reader is named by a spec string ("pcsc", "pcsc:NAME",
 * "nfc:CONNSTRING"); front ends never see the reader itself.  Every card
 * record is MACed under a key diversified from the utility's card secret,
 * which is kept wrapped under the key-encryption key like the vending
 * keys: the keys must be unlocked.  Results are JSON objects (see each
 * function); errors are POS_APP_ERROR, card problems as NO_READER,
 * CARD_REMOVED (insert the card and retry), CARD_REFUSED (forged, copied,
 * foreign, blocked, not issued here). */
#pragma once

#include <json-glib/json-glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

/* The readers @spec sees (a new array), e.g. for "pcsc" every PC/SC
 * reader. */
G_GNUC_WARN_UNUSED_RESULT
GStrv       pos_cards_list_readers  (const char  *spec,
                                     GError     **error);

/* Issues the card in @reader to meter @pan (supervisor): the card is
 * recorded, then written with the meter's identity and an empty purchase.
 * The first issue makes the utility's card secret.  Issuing the same card
 * to the same meter again is a success that changes nothing (or finishes
 * an issue the card was pulled from).  Refuses a blocked card, a card of
 * another meter, and a meter that has an active card (use replace).
 * Returns { serial, meter, account, issued }. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_issue_to_meter (PosContext  *context,
                                     const char  *reader,
                                     const char  *pan,
                                     GError     **error);

/* Replaces meter @pan's lost or broken card with the card in @reader
 * (supervisor): the old serial is blocked for good, with @reason, and the
 * new card issued.  Returns what pos_card_issue_to_meter() does plus
 * { blocked }. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_replace        (PosContext  *context,
                                     const char  *reader,
                                     const char  *pan,
                                     const char  *reason,
                                     GError     **error);

/* Reads the card in @reader (cashier): whose it is and what the meter
 * wrote back, which is stored as a meter reading.  Returns { serial,
 * meter, account, customer, purchase { seq, issued_at, tokens [], applied },
 * meter_return { generation, last_sequence, credit_kwh_tenths, cumulative_kwh_tenths,
 * tamper, low_battery, written_at }, write_pending, interrupted }. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_read_card      (PosContext  *context,
                                     const char  *reader,
                                     GError     **error);

/* Sells @tendered to the card's meter through pos_vend() and writes the
 * token to the card as its next purchase (cashier).  The card is read
 * first (and its reading stored).  If its last purchase is not yet in the
 * meter, POS_APP_ERROR_CARD_UNAPPLIED unless @override (supervisor only).
 * If a sold purchase still waits for the card, CARD_WRITE_PENDING: use
 * pos_card_retry_write().  The sale is recorded before the card is
 * written: when the write fails the result still comes back, with
 * card_written false and card_error, and the write can be retried; it is
 * never sold again.  A key change made for the meter since the card's last
 * purchase goes on the card first, before the credit token, when the whole
 * fits on the card (4 tokens; a 4-token set does not: key_change_warning).
 * Returns { receipt, sale_id, token, kwh_tenths, seq, key_change_tokens,
 * card_written, card_error? }. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_recharge       (PosContext  *context,
                                     const char  *reader,
                                     gint64       tendered,
                                     gboolean     override,
                                     GError     **error);

/* Writes the card's sold-but-unwritten purchase again (cashier); a card
 * that holds it already is just marked written.  Returns { seq, token,
 * card_written } ({ nothing_pending: true } when there is none). */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_retry_write    (PosContext  *context,
                                     const char  *reader,
                                     GError     **error);

G_END_DECLS
