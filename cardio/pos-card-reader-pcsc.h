/* pos-card-reader-pcsc.h: card readers under pcscd (PC/SC)
 *
 * Two kinds of card: a contact ISO 7816-4 card holding our data in the
 * transparent file 5301 and its serial in the read-only file 5300
 * (SELECT by file id, READ BINARY, UPDATE BINARY); and a MIFARE Classic
 * 1K behind a contactless reader, through the PC/SC part 3 storage-card
 * commands (get UID, load key, general authenticate, read and update
 * binary), recognised by its part 3 ATR.  Our blocks live in the data
 * blocks of sectors 1 to 15.  APDUs are traced with g_debug, with keys
 * redacted. */
#pragma once

#include "pos-card-reader.h"

G_BEGIN_DECLS

#define POS_TYPE_CARD_READER_PCSC (pos_card_reader_pcsc_get_type ())
G_DECLARE_FINAL_TYPE (PosCardReaderPcsc, pos_card_reader_pcsc, POS, CARD_READER_PCSC, PosCardReader)

/* File ids on the contact card. */
#define POS_CARD_PCSC_SERIAL_FILE 0x5300
#define POS_CARD_PCSC_DATA_FILE   0x5301

/* Talks to pcscd: every reader, or only @reader when not NULL.
 * POS_CARD_ERROR_NO_SERVICE when pcscd does not answer. */
G_GNUC_WARN_UNUSED_RESULT
PosCardReader *pos_card_reader_pcsc_new            (const char         *reader,
                                                    GError            **error);

/* The MIFARE sector key A (6 bytes) used to authenticate; the transport
 * key FF FF FF FF FF FF by default.  Never traced. */
void           pos_card_reader_pcsc_set_mifare_key (PosCardReaderPcsc  *self,
                                                    const guint8        key[6]);

/* The one place PC/SC result codes become POS_CARD_ERROR codes: sets
 * @error for @rv (a PC/SC LONG) with @what (what was being done) in the
 * message.  Does nothing for SCARD_S_SUCCESS. */
void           pos_card_error_set_from_pcsc        (GError            **error,
                                                    long                rv,
                                                    const char         *what);

G_END_DECLS
