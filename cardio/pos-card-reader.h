/* pos-card-reader.h: one interface for every kind of card reader
 *
 * A PosCardReader lists its readers, connects to one (or to the first
 * holding a card), reads and writes the card's storage as numbered 16-byte
 * blocks, and waits for a card to be inserted or removed.  Back-ends:
 * pos-card-reader-pcsc.h (contact ISO 7816-4 file cards and MIFARE Classic
 * 1K through PC/SC part 3), pos-card-reader-nfc.h (MIFARE Classic 1K on a
 * PN532 through libnfc) and pos-card-reader-fake.h (memory, for tests).
 *
 * A block write is the card's unit of atomicity: the card protocol
 * (pos-card.h) builds its transactions on that.  Readers are not
 * thread-safe: use one from one thread at a time. */
#pragma once

#include <glib-object.h>

#include "pos-card-error.h"
#include "pos-card-layout.h"

G_BEGIN_DECLS

#define POS_TYPE_CARD_READER (pos_card_reader_get_type ())
G_DECLARE_DERIVABLE_TYPE (PosCardReader, pos_card_reader, POS, CARD_READER, GObject)

typedef enum
{
  POS_CARD_MEDIUM_NONE,
  POS_CARD_MEDIUM_CONTACT_FILE,   /* ISO 7816-4 card with our transparent file */
  POS_CARD_MEDIUM_MIFARE_1K,      /* MIFARE Classic 1K */
  POS_CARD_MEDIUM_MEMORY,         /* the fake reader */
} PosCardMedium;

typedef enum
{
  POS_CARD_EVENT_INSERTED,
  POS_CARD_EVENT_REMOVED,
} PosCardEvent;

struct _PosCardReaderClass
{
  GObjectClass parent_class;

  /* The names of the readers this back-end sees (a new NULL-terminated
   * array, possibly empty). */
  GStrv    (*list_readers) (PosCardReader  *self,
                            GError        **error);
  /* Connects to the card in @reader (NULL: the first reader that holds a
   * card) and calls pos_card_reader_set_card(). */
  gboolean (*connect)      (PosCardReader  *self,
                            const char     *reader,
                            GError        **error);
  void     (*disconnect)   (PosCardReader  *self);
  gboolean (*read_blocks)  (PosCardReader  *self,
                            guint           block,
                            guint           n_blocks,
                            guint8         *out,
                            GError        **error);
  gboolean (*write_block)  (PosCardReader  *self,
                            guint           block,
                            const guint8   *data,
                            GError        **error);
  gboolean (*wait_event)   (PosCardReader  *self,
                            const char     *reader,
                            guint           timeout_ms,
                            PosCardEvent   *out_event,
                            GError        **error);

  gpointer padding[8];
};

/* Opens a reader by @spec: "pcsc" (every PC/SC reader), "pcsc:NAME" (that
 * reader only), "nfc:CONNSTRING" (a libnfc device, e.g.
 * "pn532_uart:/dev/ttyUSB0").  libnfc is never asked to scan: it only
 * opens the device named, and a USB device that pcscd also drives
 * (acr122_usb, pn53x_usb) is refused (POS_CARD_ERROR_BUSY), so PC/SC and
 * libnfc never both claim one device. */
G_GNUC_WARN_UNUSED_RESULT
PosCardReader *pos_card_reader_open            (const char     *spec,
                                                GError        **error);

/* The readers this back-end sees. */
G_GNUC_WARN_UNUSED_RESULT
GStrv          pos_card_reader_list_readers    (PosCardReader  *self,
                                                GError        **error);

/* Connects to the card in @reader, or (NULL) the first reader holding a
 * card: POS_CARD_ERROR_NO_READER, NO_CARD, WRONG_CARD, AUTH_FAILED...
 * A connected reader is disconnected first. */
gboolean       pos_card_reader_connect         (PosCardReader  *self,
                                                const char     *reader,
                                                GError        **error);
void           pos_card_reader_disconnect      (PosCardReader  *self);
gboolean       pos_card_reader_is_connected    (PosCardReader  *self);

/* The reader in use, the kind of card and its serial (a MIFARE UID, or a
 * contact card's serial file), while connected; NULL/NONE otherwise. */
const char    *pos_card_reader_get_reader_name (PosCardReader  *self);
PosCardMedium  pos_card_reader_get_medium      (PosCardReader  *self);
const guint8  *pos_card_reader_get_serial      (PosCardReader  *self,
                                                gsize          *out_len);
/* The serial as upper-case hex (a new string), NULL when not connected. */
G_GNUC_WARN_UNUSED_RESULT
char          *pos_card_reader_dup_serial_hex  (PosCardReader  *self);

/* Reads @n_blocks blocks from @block into @out (16 * @n_blocks bytes). */
gboolean       pos_card_reader_read            (PosCardReader  *self,
                                                guint           block,
                                                guint           n_blocks,
                                                guint8         *out,
                                                GError        **error);

/* Writes @n_blocks blocks from @block, one block per card operation, in
 * order.  On an error, blocks before the failing one are written and the
 * failing one may be torn. */
gboolean       pos_card_reader_write           (PosCardReader  *self,
                                                guint           block,
                                                guint           n_blocks,
                                                const guint8   *data,
                                                GError        **error);

/* Waits up to @timeout_ms for a card to be inserted into or removed from
 * @reader (NULL: any reader) and says which; POS_CARD_ERROR_TIMEOUT when
 * nothing happened. */
gboolean       pos_card_reader_wait_event      (PosCardReader  *self,
                                                const char     *reader,
                                                guint           timeout_ms,
                                                PosCardEvent   *out_event,
                                                GError        **error);

/* For back-ends: records the card just connected (or forgets it, with
 * @medium NONE). */
void           pos_card_reader_set_card        (PosCardReader  *self,
                                                const char     *reader,
                                                PosCardMedium   medium,
                                                const guint8   *serial,
                                                gsize           serial_len);

/* For back-ends: @len bytes as spaced upper-case hex for APDU traces (a
 * new string). */
G_GNUC_WARN_UNUSED_RESULT
char          *pos_card_hex                    (const guint8   *data,
                                                gsize           len);

G_END_DECLS
