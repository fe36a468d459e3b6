/* pos-card-reader-nfc.h: MIFARE Classic 1K on a PN532-class reader
 * through libnfc
 *
 * The device is named by its libnfc connection string (for example
 * "pn532_uart:/dev/ttyUSB0"); libnfc is never asked to scan, so it never
 * touches a device it was not given.  Drivers for USB devices that pcscd's
 * CCID driver also drives (acr122_usb, pn53x_usb) and libnfc's own PC/SC
 * drivers are refused: those readers go through pos-card-reader-pcsc.h.
 * Within one process a device is claimed by one reader object at a time
 * (POS_CARD_ERROR_BUSY otherwise).  MIFARE commands go through
 * nfc_initiator_transceive_bytes() and are traced with g_debug, keys
 * redacted. */
#pragma once

#include "pos-card-reader.h"

G_BEGIN_DECLS

#define POS_TYPE_CARD_READER_NFC (pos_card_reader_nfc_get_type ())
G_DECLARE_FINAL_TYPE (PosCardReaderNfc, pos_card_reader_nfc, POS, CARD_READER_NFC, PosCardReader)

/* A reader for the libnfc device @connstring; the device is opened at
 * connect and closed at disconnect. */
G_GNUC_WARN_UNUSED_RESULT
PosCardReader *pos_card_reader_nfc_new            (const char        *connstring,
                                                   GError           **error);

/* The MIFARE sector key A (6 bytes); FF FF FF FF FF FF by default. */
void           pos_card_reader_nfc_set_mifare_key (PosCardReaderNfc  *self,
                                                   const guint8       key[6]);

G_END_DECLS
