/* pos-reports-page.h: the shift report, sales reports for a period, the
 * Z report (closed and looked up), their totals and chart, exported to
 * PDF or CSV and printed */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_REPORTS_PAGE (pos_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (PosReportsPage, pos_reports_page, POS, REPORTS_PAGE, AdwBin)

/* Works on @context (NULL: logged out). */
void        pos_reports_page_set_context (PosReportsPage *self,
                                          PosContext     *context);
/* The report on screen, or NULL. */
JsonObject *pos_reports_page_get_report  (PosReportsPage *self);
/* TRUE while a report is being made, exported or printed. */
gboolean    pos_reports_page_is_busy     (PosReportsPage *self);
/* Exports the report on screen to @path without asking (what the file
 * chooser's answer does). */
void        pos_reports_page_export_to   (PosReportsPage  *self,
                                          PosReportFormat  format,
                                          const char      *path);

G_END_DECLS
