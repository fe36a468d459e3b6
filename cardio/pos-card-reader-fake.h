/* pos-card-reader-fake.h: a reader with one card in memory, for tests
 *
 * The card can be taken out, and can be "pulled" after a given number of
 * further card operations (reads and block writes), optionally tearing the
 * block being written (only its first half lands), to test what a card
 * pulled at every step of a write leaves behind. */
#pragma once

#include "pos-card-reader.h"

G_BEGIN_DECLS

#define POS_TYPE_CARD_READER_FAKE (pos_card_reader_fake_get_type ())
G_DECLARE_FINAL_TYPE (PosCardReaderFake, pos_card_reader_fake, POS, CARD_READER_FAKE, PosCardReader)

#define POS_CARD_READER_FAKE_NAME "Fake reader 00"

/* A fake reader holding a blank card with serial @serial (1 to 16 bytes). */
G_GNUC_WARN_UNUSED_RESULT
PosCardReader *pos_card_reader_fake_new         (const guint8      *serial,
                                                 gsize              serial_len);

/* Puts the card in (TRUE) or takes it out (FALSE: a connected reader then
 * fails with POS_CARD_ERROR_CARD_REMOVED). */
void           pos_card_reader_fake_set_present (PosCardReaderFake *self,
                                                 gboolean           present);

/* After @n_ops more operations succeed, the next one finds the card gone;
 * with @tear a block write that finds it gone writes its first 8 bytes.
 * G_MAXUINT: never (the default). */
void           pos_card_reader_fake_pull_after  (PosCardReaderFake *self,
                                                 guint              n_ops,
                                                 gboolean           tear);

/* Operations done since the reader was made. */
guint          pos_card_reader_fake_get_ops     (PosCardReaderFake *self);

/* The card's memory (POS_CARD_LAYOUT_BLOCKS blocks), to inspect or alter. */
guint8        *pos_card_reader_fake_get_memory  (PosCardReaderFake *self);

/* Gives the card another serial (a copy of the memory on another card). */
void           pos_card_reader_fake_set_serial  (PosCardReaderFake *self,
                                                 const guint8      *serial,
                                                 gsize              serial_len);

G_END_DECLS
