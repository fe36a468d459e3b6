/* pos-escpos.h: receipts for thermal printers, as ESC/POS bytes
 *
 * The bytes go to a raw CUPS queue unchanged (pos-printer.h).  Text is
 * printed in code page PC850 (ESC t 2): every character of the receipt is
 * converted from UTF-8, and one that PC850 cannot show prints as '?'.
 * Control characters in the receipt's strings never reach the printer
 * (they print as '?', a line break as a space), so a customer's name
 * cannot smuggle in a printer command.  The output depends on nothing but
 * its arguments, byte for byte.
 */
#pragma once

#include <glib.h>

#include "pos-receipt.h"

G_BEGIN_DECLS

/* Columns of the common printers in Font A. */
#define POS_ESCPOS_COLUMNS_58MM 32
#define POS_ESCPOS_COLUMNS_80MM 48

/* The ESC t value of the code page we print in (PC850, Multilingual Latin 1). */
#define POS_ESCPOS_CODE_PAGE 2

/* Renders @receipt for a printer @columns characters wide (24 to 64;
 * 32 for 58 mm paper, 48 for 80 mm): initialise (ESC @), code page
 * (ESC t), a bold header, word-wrapped lines that never pass @columns,
 * labels with their values right-aligned, COPY/REVERSAL banners, the
 * tokens in groups of four in bold double height (key change tokens first,
 * labelled with their order of entry), and, when @qr is TRUE and there is
 * a credit token, a QR code of that token's 20 digits (GS ( k, model 2,
 * error correction M); then a feed and a partial cut (GS V 1).
 * POS_PRINT_ERROR_INVALID for a column count out of range,
 * POS_PRINT_ERROR_RENDER_FAILED if the code page conversion is missing. */
G_GNUC_WARN_UNUSED_RESULT
GBytes *pos_escpos_render_receipt (const PosReceipt  *receipt,
                                   guint              columns,
                                   gboolean           qr,
                                   GError           **error);

/* @text (UTF-8) as PC850 bytes, NUL-terminated: characters PC850 lacks
 * become '?', control characters '?', line breaks and tabs a space.
 * Invalid UTF-8 is repaired first.  Exposed for tests. */
G_GNUC_WARN_UNUSED_RESULT
char   *pos_escpos_transliterate  (const char  *text,
                                   GError     **error);

G_END_DECLS
