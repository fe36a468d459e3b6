/* card-harness.h: the real card stacks for tests, driven from C: a private
 * pcscd with vpcd (tests/harness/pcscd-start.sh), and the card emulators
 * (contact card and MIFARE Classic behind PC/SC, a PN532 with a tag for
 * libnfc).  Everything started here is stopped by the _free functions, and
 * by watchdogs if the test dies first.  Missing tools fail the test. */
#pragma once

#include <gio/gio.h>

typedef struct _CardPcscd CardPcscd;
typedef struct _CardEmu   CardEmu;

typedef enum
{
  CARD_EMU_CONTACT,        /* ISO 7816-4 file card on vpcd */
  CARD_EMU_MIFARE_PCSC,    /* MIFARE Classic 1K behind PC/SC part 3, on vpcd */
  CARD_EMU_PN532,          /* MIFARE Classic 1K on an emulated PN532 (libnfc) */
} CardEmuKind;

/* Starts pcscd under @dir and points PCSCLITE_CSOCK_NAME at it.  One per
 * process: pcsc-lite keeps the first socket path it was given. */
CardPcscd  *card_pcscd_start        (const char  *dir);
void        card_pcscd_free         (CardPcscd   *pcscd);
guint       card_pcscd_get_port     (CardPcscd   *pcscd);

/* A blank card of @kind with serial/UID @serial_hex (8 bytes for a contact
 * card, 4 for MIFARE), its files under @dir.  PC/SC cards use vpcd slot
 * @slot of @pcscd; a PN532 needs no pcscd (NULL) and starts at once with
 * its tag out of the field. */
CardEmu    *card_emu_new            (CardEmuKind  kind,
                                     const char  *dir,
                                     CardPcscd   *pcscd,
                                     guint        slot,
                                     const char  *serial_hex);
void        card_emu_free           (CardEmu     *emu);

/* Puts the card in (and waits until the reader sees it) or takes it out. */
void        card_emu_insert         (CardEmu     *emu);
void        card_emu_remove         (CardEmu     *emu);

/* The card is pulled out after @n more commands (tearing a write caught by
 * the pull when @tear). */
void        card_emu_pull_after     (CardEmu     *emu,
                                     guint        n,
                                     gboolean     tear);
/* Cancels a pull that has not happened (read at the next command). */
void        card_emu_pull_cancel    (CardEmu     *emu);
/* How many commands the card has answered (those a pull counts). */
guint       card_emu_count_commands (CardEmu     *emu);
/* TRUE when the card was pulled (the emulator let it go). */
gboolean    card_emu_was_pulled     (CardEmu     *emu);

/* "pcsc:stsvend test 00 0N" or "nfc:pn532_uart:PATH". */
const char *card_emu_get_spec       (CardEmu     *emu);
/* The file holding the card's memory. */
const char *card_emu_get_store      (CardEmu     *emu);
