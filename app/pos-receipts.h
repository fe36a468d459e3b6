/* pos-receipts.h: a sale's receipt, rendered and printed
 *
 * The receipt is built from the records (DOMAIN.md, "The receipt") and
 * drawn by printing/.  The first receipt printed for a sale is the
 * original; every later one says COPY.  A failed print never touches the
 * sale: it is recorded already, and the receipt can be printed again.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

typedef enum
{
  POS_RECEIPT_ESCPOS_58,   /* ESC/POS bytes, 32 columns */
  POS_RECEIPT_ESCPOS_80,   /* ESC/POS bytes, 48 columns */
  POS_RECEIPT_PDF_A4,
  POS_RECEIPT_PDF_A5,
  POS_RECEIPT_PDF_ROLL,    /* 80 mm wide, as long as the receipt */
  POS_RECEIPT_PNG,         /* a preview for the screen */
} PosReceiptFormat;

/* "escpos-58", "escpos-80", "pdf-a4", "pdf-a5", "pdf-roll", "png", and
 * the short "escpos" (80 mm) and "pdf" (A4); FALSE for anything else. */
gboolean    pos_receipt_format_parse     (const char        *text,
                                          PosReceiptFormat  *out);
const char *pos_receipt_format_to_string (PosReceiptFormat   format);

/* The settings keys the printing use cases read (pos_context_get_setting). */
#define POS_SETTING_RECEIPT_PRINTER "printing.receipt-printer"
#define POS_SETTING_RECEIPT_FORMAT  "printing.receipt-format"   /* default escpos-80 */
#define POS_SETTING_RECEIPT_QR      "printing.receipt-qr"       /* "true": the token as a QR code too */
#define POS_SETTING_REPORT_PRINTER  "printing.report-printer"

/* Receipt @receipt_no of vending point @point (NULL: the point of the
 * user's open shift) in @format, marked COPY if one was printed before.
 * Renders only: nothing is counted or printed.  Any logged-in user. */
G_GNUC_WARN_UNUSED_RESULT
GBytes     *pos_receipt_render           (PosContext        *context,
                                          const char        *point,
                                          gint64             receipt_no,
                                          PosReceiptFormat   format,
                                          GError           **error);

/* Prints receipt @receipt_no on @printer (NULL: the configured receipt
 * printer) in the configured format, and waits for the job to finish.
 * Only a print that the printer completed counts (the next one is a
 * COPY) and is audited.  POS_APP_ERROR_PRINTER, in plain words, when no
 * printer is set up, it is stopped or missing, or the job failed.
 * *@out_copy, when given, tells whether this print was a COPY. */
gboolean    pos_receipt_print            (PosContext        *context,
                                          const char        *point,
                                          gint64             receipt_no,
                                          const char        *printer,
                                          gboolean          *out_copy,
                                          GError           **error);

/* The print queues this machine can use: name, default, state ("idle",
 * "processing", "stopped"), message and accepting; and which of them are
 * set as the receipt and report printer. */
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_printers_list            (PosContext  *context,
                                          GError     **error);

/* A change to this machine's printer choice.  NULL leaves a field as it
 * is; "" for a printer means none.  @qr: -1 unchanged, 0 no, 1 yes. */
typedef struct
{
  const char *receipt_printer;
  const char *report_printer;
  const char *receipt_format;   /* escpos-58, escpos-80, pdf-a4, pdf-a5, pdf-roll */
  int         qr;
} PosPrinterChoice;

/* Checks the whole choice first (each printer is a queue CUPS knows, the
 * format is one a printer takes) and saves it only when all of it holds:
 * a refused choice changes no setting. */
gboolean    pos_printers_configure       (PosContext             *context,
                                          const PosPrinterChoice *choice,
                                          GError                **error);

/* A receipt number as printed: "000042", or "2-000042" for one sold after
 * the second restore (a restore may bring numbers back that a lost
 * database had printed; the generation keeps every printed one unique). */
char              *pos_receipt_number_format (gint64 generation,
                                              gint64 receipt_no);

G_END_DECLS
