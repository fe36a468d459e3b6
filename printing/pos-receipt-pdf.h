/* pos-receipt-pdf.h: receipts as PDF (A4, A5, a paper roll) and as a PNG
 * preview for the screen, laid out by pango and drawn by cairo
 *
 * Text is shaped by pango in "DejaVu Sans" (fonts-dejavu-core), the
 * tokens in "DejaVu Sans Mono"; each paragraph takes its direction from
 * its own text, so a Persian or Arabic name reads right to left.
 */
#pragma once

#include <glib.h>

#include "pos-receipt.h"

G_BEGIN_DECLS

typedef enum
{
  POS_PAPER_A4,          /* 210 x 297 mm, as many pages as needed */
  POS_PAPER_A5,          /* 148 x 210 mm, as many pages as needed */
  POS_PAPER_ROLL_80MM,   /* 80 mm wide, one page exactly as long as the receipt */
  POS_PAPER_ROLL_58MM,   /* 58 mm wide, likewise */
} PosPaper;

/* @receipt as a PDF document on @paper.  POS_PRINT_ERROR_RENDER_FAILED
 * when cairo fails. */
G_GNUC_WARN_UNUSED_RESULT
GBytes *pos_receipt_render_pdf (const PosReceipt  *receipt,
                                PosPaper           paper,
                                GError           **error);

/* Writes the PDF of @receipt to the file @path (replaced atomically).
 * POS_PRINT_ERROR_IO when it cannot be written. */
gboolean pos_receipt_write_pdf (const PosReceipt  *receipt,
                                PosPaper           paper,
                                const char        *path,
                                GError           **error);

/* A PNG image, @width_px pixels wide (100 to 4000), of the receipt laid
 * out as on an 80 mm roll, on white; as tall as the receipt. */
G_GNUC_WARN_UNUSED_RESULT
GBytes *pos_receipt_render_png (const PosReceipt  *receipt,
                                guint              width_px,
                                GError           **error);

/* Releases the font map and the cairo and fontconfig caches that
 * rendering leaves behind, so that a leak checker at exit sees only real
 * leaks.  For programs and tests that are about to exit, after their last
 * rendering; never while a GUI toolkit shares those caches. */
void     pos_print_release_caches (void);

G_END_DECLS
