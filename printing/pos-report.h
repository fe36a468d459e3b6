/* pos-report.h: reports (the end-of-day Z report, shift and sales
 * reports) as a model, rendered to PDF and exported as CSV
 *
 * A plain struct with public fields; the caller fills it in and the
 * renderers never change it.  A report has sections, each a table with a
 * title, column headers, rows and an optional totals row.  Cells hold
 * text, money (minor units of the report's currency), energy (tenths of a
 * kWh) or a plain integer; they keep their kind so that the PDF aligns
 * numbers right and the CSV writes them in plain form (1234.50).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  POS_REPORT_CELL_TEXT,
  POS_REPORT_CELL_MONEY,
  POS_REPORT_CELL_KWH,
  POS_REPORT_CELL_INTEGER,
} PosReportCellKind;

typedef struct
{
  PosReportCellKind  kind;
  char              *text;    /* POS_REPORT_CELL_TEXT: owned, never NULL */
  gint64             value;   /* the other kinds */
} PosReportCell;

typedef struct
{
  guint          n_cells;
  PosReportCell *cells;
} PosReportRow;

typedef struct
{
  char          *title;
  GStrv          headers;     /* column headers; the number of columns */
  GPtrArray     *rows;        /* of PosReportRow */
  PosReportRow  *totals;      /* NULL: no totals row */
} PosReportSection;

typedef struct
{
  char      *title;           /* "End of day (Z) report" */
  char      *subtitle;        /* the period: "2026-11-30 06:00 to 2026-11-30 18:00"; may be NULL */
  char      *number;          /* "Z-000123"; may be NULL */
  char      *utility_name;
  char      *generated_at;    /* formatted by the caller */
  char      *currency;
  guint      decimals;
  GPtrArray *sections;        /* of PosReportSection */
  gboolean   has_hourly;      /* draw the chart of sales by hour */
  gint64     sales_by_hour[24];  /* minor units, hour 0 to 23 */
} PosReport;

/* Cells to pass to pos_report_section_add_row (the text is copied). */
#define POS_REPORT_TEXT(t)    ((PosReportCell) { POS_REPORT_CELL_TEXT, (char *) (t), 0 })
#define POS_REPORT_MONEY(v)   ((PosReportCell) { POS_REPORT_CELL_MONEY, NULL, (v) })
#define POS_REPORT_KWH(v)     ((PosReportCell) { POS_REPORT_CELL_KWH, NULL, (v) })
#define POS_REPORT_INTEGER(v) ((PosReportCell) { POS_REPORT_CELL_INTEGER, NULL, (v) })

/* An empty report titled @title, 2 decimals, no sections. */
G_GNUC_WARN_UNUSED_RESULT
PosReport        *pos_report_new                 (const char *title);

void              pos_report_free                (PosReport *report);

/* Appends a section with the NULL-terminated column @headers (copied);
 * returns it, owned by @report. */
PosReportSection *pos_report_add_section         (PosReport          *report,
                                                  const char         *title,
                                                  const char * const *headers);

/* Appends a row of @n_cells cells (copied; text NULL counts as "").  A
 * row with fewer cells than columns is padded with empty text. */
void              pos_report_section_add_row     (PosReportSection    *section,
                                                  const PosReportCell *cells,
                                                  guint                n_cells);

/* Sets (replaces) the totals row. */
void              pos_report_section_set_totals  (PosReportSection    *section,
                                                  const PosReportCell *cells,
                                                  guint                n_cells);

/* A cell as text: money "1 234.50" when @grouped, else "1234.50"; energy
 * "62.0"; integers plain. */
G_GNUC_WARN_UNUSED_RESULT
char             *pos_report_cell_format         (const PosReport     *report,
                                                  const PosReportCell *cell,
                                                  gboolean             grouped);

/* @report as PDF on A4 paper: a heading, the chart of sales by hour when
 * has_hourly, then each section as a table that continues on as many
 * pages as it needs, its header repeated; "Page n of m" at each foot. */
G_GNUC_WARN_UNUSED_RESULT
GBytes           *pos_report_render_pdf          (const PosReport  *report,
                                                  GError          **error);

gboolean          pos_report_write_pdf           (const PosReport  *report,
                                                  const char       *path,
                                                  GError          **error);

/* Progress of an export: @done of @total rows written. */
typedef void (*PosReportProgress) (gsize    done,
                                   gsize    total,
                                   gpointer user_data);

/* Writes section @section_index of @report to @stream as CSV (RFC 4180):
 * UTF-8, CRLF line ends, the column headers first, then the rows, then
 * the totals row if there is one.  A field holding a comma, a double
 * quote, CR or LF is quoted (quotes doubled).  Numbers are plain: money
 * 1234.50, energy 62.0, integers 42.  A text cell that starts with '=',
 * '+', '-', '@', a tab or CR gets a leading apostrophe, so that a
 * spreadsheet never runs it as a formula.  @progress, if not NULL, is
 * called every few thousand rows and once at the end.  G_IO_ERROR_*
 * from @stream (including cancellation) is passed on as is. */
gboolean          pos_report_write_csv           (const PosReport    *report,
                                                  guint               section_index,
                                                  GOutputStream      *stream,
                                                  PosReportProgress   progress,
                                                  gpointer            user_data,
                                                  GCancellable       *cancellable,
                                                  GError            **error);

/* The same to the file @path, replaced atomically (POS_PRINT_ERROR_IO). */
gboolean          pos_report_write_csv_file      (const PosReport    *report,
                                                  guint               section_index,
                                                  const char         *path,
                                                  PosReportProgress   progress,
                                                  gpointer            user_data,
                                                  GCancellable       *cancellable,
                                                  GError            **error);

/* For writers that stream more rows than they hold (a long sales list):
 * append one RFC 4180 record, CRLF-terminated, to @out, exactly as
 * pos_report_write_csv writes a header or a row (the same quoting, the
 * same guard against formulas, numbers in plain form with @report's
 * decimals). */
void              pos_report_csv_append_header   (GString             *out,
                                                  const char * const  *headers);
void              pos_report_csv_append_row      (GString             *out,
                                                  const PosReport     *report,
                                                  const PosReportCell *cells,
                                                  guint                n_cells);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosReport, pos_report_free)

G_END_DECLS
