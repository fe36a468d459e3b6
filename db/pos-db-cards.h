/* pos-db-cards.h: customer IC cards: the wrapped utility card secret, the
 * cards issued (and blocked), the purchases written to them, and the
 * meter readings their return areas bring back */
#pragma once

#include <glib-object.h>

#include "pos-db.h"

G_BEGIN_DECLS

/* -- the utility card secret ------------------------------------------------ */

/* The wrapped card secret and the utility id cards carry; NULL with
 * POS_DB_ERROR_NOT_FOUND before one was made.  A new reference. */
GBytes    *pos_db_card_secret_get            (PosDb       *self,
                                              guint32     *out_utility_card_id,
                                              GError     **error);
/* Stores the one card secret (refused, CONSTRAINT, if there is one). */
gboolean   pos_db_card_secret_insert         (PosDb       *self,
                                              guint32      utility_card_id,
                                              GBytes      *wrapped,
                                              const char  *now,
                                              GError     **error);

/* -- cards --------------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  char   *serial;       /* upper-case hex */
  gint64  meter_id;
  char   *status;       /* "active" or "blocked" */
  char   *issued_at;
  char   *blocked_at;
  char   *reason;
} PosDbCard;

void       pos_db_card_free                  (PosDbCard *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbCard, pos_db_card_free)

/* Records an active card (sets card->id) and the meter's card_serial.
 * CONSTRAINT for a serial seen before or a meter with an active card. */
gboolean   pos_db_card_insert                (PosDb       *self,
                                              PosDbCard   *card,
                                              GError     **error);
PosDbCard *pos_db_card_get_by_serial         (PosDb       *self,
                                              const char  *serial,
                                              GError     **error);
/* The meter's active card, NOT_FOUND if it has none. */
PosDbCard *pos_db_card_get_active_for_meter  (PosDb       *self,
                                              gint64       meter_id,
                                              GError     **error);
/* Blocks card @id for good. */
gboolean   pos_db_card_block                 (PosDb       *self,
                                              gint64       id,
                                              const char  *now,
                                              const char  *reason,
                                              GError     **error);

/* -- purchases written to cards ----------------------------------------------------- */

typedef struct
{
  gint64  id;
  gint64  card_id;
  gint64  seq;
  gint64  sale_id;
  char   *tokens;       /* space-separated, in order of entry */
  gint64  issued_at;    /* Unix time */
  char   *written_at;   /* NULL: not yet on the card */
} PosDbCardPurchase;

void               pos_db_card_purchase_free        (PosDbCardPurchase *purchase);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbCardPurchase, pos_db_card_purchase_free)

/* Sets purchase->id. */
gboolean           pos_db_card_purchase_insert      (PosDb              *self,
                                                     PosDbCardPurchase  *purchase,
                                                     GError            **error);
/* The card's purchase with the highest sequence; NOT_FOUND if none. */
PosDbCardPurchase *pos_db_card_purchase_get_last    (PosDb              *self,
                                                     gint64              card_id,
                                                     GError            **error);
gboolean           pos_db_card_purchase_set_written (PosDb              *self,
                                                     gint64              id,
                                                     const char         *now,
                                                     GError            **error);

/* What became of sale @sale_id's card purchase, if it had one. */
typedef enum
{
  POS_DB_CARD_SALE_NONE,       /* not a card purchase (a keypad token) */
  POS_DB_CARD_SALE_PENDING,    /* sold for a card, not yet written to it */
  POS_DB_CARD_SALE_ON_CARD,    /* on the card; no reading shows it applied */
  POS_DB_CARD_SALE_APPLIED,    /* a reading of the meter shows it applied */
} PosDbCardSaleState;

gboolean           pos_db_card_sale_state           (PosDb               *self,
                                                     gint64               sale_id,
                                                     PosDbCardSaleState  *out_state,
                                                     GError             **error);

/* The tokens, in their order of entry, of meter @meter_id's newest key
 * change (a sale of kind "key_change", not reversed) made after sale
 * @after_sale_id and at or after @since (a stored time); an empty array
 * when there is none.  A card carries them before its next credit. */
G_GNUC_WARN_UNUSED_RESULT
GPtrArray         *pos_db_card_key_change_tokens    (PosDb              *self,
                                                     gint64              meter_id,
                                                     gint64              after_sale_id,
                                                     const char         *since,
                                                     GError            **error);

/* -- meter readings ---------------------------------------------------------------------------- */

typedef struct
{
  gint64      meter_id;
  const char *read_at;
  gint64      credit;          /* tenths of a kWh */
  gint64      cumulative_kwh;  /* tenths of a kWh */
  int         flags;           /* bit 0 tamper, bit 1 low battery */
  gint64      last_sequence;
  const char *source;          /* "card" */
} PosDbMeterReading;

gboolean   pos_db_meter_reading_insert       (PosDb                    *self,
                                              const PosDbMeterReading  *reading,
                                              GError                  **error);
/* The meter's readings, newest first, at most @limit, as rows of
 * (read_at, credit, cumulative_kwh, flags, last_sequence): a GPtrArray of
 * GVariant "(sxxix)". */
G_GNUC_WARN_UNUSED_RESULT
GPtrArray *pos_db_meter_readings_list        (PosDb       *self,
                                              gint64       meter_id,
                                              guint        limit,
                                              GError     **error);

G_END_DECLS
