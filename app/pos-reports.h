/* pos-reports.h: sales reports for a period or a shift, and exporting and
 * printing any report (Z reports included) as PDF or CSV
 *
 * A report is a JSON object: the totals (sales, amount, vat,
 * fixed_charges, debt_recovered, kwh_tenths, tokens, reversals,
 * reversed_amount, by_cashier, by_payment, by_tariff, by_token, hourly)
 * and what it covers ("report": "z", "sales" or "shift"; vending_point,
 * from, to, shift).  pos_z_report_close/get give the same shape.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

/* The totals of @point's sales (NULL: every vending point) from day
 * @from_day to day @to_day, both included ("YYYY-MM-DD", UTC).
 * Supervisor. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_report_sales (PosContext  *context,
                              const char  *point,
                              const char  *from_day,
                              const char  *to_day,
                              GError     **error);

/* The totals of shift @shift_id, or (0) of the user's open shift or else
 * their last one.  Cashiers see their own shifts, supervisors any. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_report_shift (PosContext  *context,
                              gint64       shift_id,
                              GError     **error);

typedef enum
{
  POS_REPORT_PDF,
  POS_REPORT_CSV,
} PosReportFormat;

/* The CSV sections of a report, by name: "summary", "cashiers",
 * "payments", "tariffs", "tokens", "hourly", and "sales" (every sale the
 * report covers, one row each). */
extern const char *const pos_report_sections[];

/* Called now and then during a long export: @done of @total rows. */
typedef void (*PosProgressFunc) (gsize    done,
                                 gsize    total,
                                 gpointer user_data);

/* Writes @report to @path: PDF (every section and the chart of sales by
 * hour), or CSV of @section (NULL: "summary").  The file is replaced
 * whole or not at all.  POS_APP_ERROR_EXPORT when it cannot be written. */
gboolean    pos_report_export (PosContext       *context,
                               JsonObject       *report,
                               PosReportFormat   format,
                               const char       *section,
                               const char       *path,
                               PosProgressFunc   progress,
                               gpointer          user_data,
                               GCancellable     *cancellable,
                               GError          **error);

/* Prints @report as PDF on @printer (NULL: the configured report
 * printer) and waits for it.  POS_APP_ERROR_PRINTER on failure. */
gboolean    pos_report_print  (PosContext  *context,
                               JsonObject  *report,
                               const char  *printer,
                               GError     **error);

G_END_DECLS
