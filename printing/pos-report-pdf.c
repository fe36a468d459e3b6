/* pos-report-pdf.c: reports as A4 PDF: heading, chart of sales by hour,
 * tables over as many pages as they need */
#include "pos-report.h"

#include <math.h>
#include <string.h>
#include <cairo-pdf.h>

#include "pos-print-cairo-private.h"
#include "pos-print-error.h"
#include "pos-receipt.h"

#define PAGE_WIDTH   (210 * POS_PT_PER_MM)
#define PAGE_HEIGHT  (297 * POS_PT_PER_MM)
#define MARGIN       (15 * POS_PT_PER_MM)
#define FOOTER       18.0
#define CELL_PAD     3.0
#define CHART_HEIGHT 150.0

typedef struct
{
  const PosReport *report;
  cairo_t         *cr;
  gboolean         counting;   /* first pass: only count the pages */
  guint            page;       /* 1-based */
  guint            n_pages;    /* known on the second pass */
  double           y;
  double           row_height;
  PangoLayout     *title;
  PangoLayout     *heading;
  PangoLayout     *body;
  PangoLayout     *strong;
  PangoLayout     *small;
} Doc;

static double
layout_height (PangoLayout *layout)
{
  int w;
  int h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
doc_footer (Doc *d)
{
  g_autofree char *text = NULL;

  if (d->counting)
    return;
  text = g_strdup_printf ("%s%s%s \u2014 page %u of %u",
                          d->report->title != NULL ? d->report->title : "",
                          d->report->number != NULL ? " " : "",
                          d->report->number != NULL ? d->report->number : "",
                          d->page, d->n_pages);
  pango_layout_set_width (d->small, (int) ((PAGE_WIDTH - 2 * MARGIN) * PANGO_SCALE));
  pos_print_cairo_set_text (d->small, text, PANGO_ALIGN_CENTER);
  cairo_move_to (d->cr, MARGIN, PAGE_HEIGHT - MARGIN - layout_height (d->small) + FOOTER / 2);
  pango_cairo_show_layout (d->cr, d->small);
}

static void
doc_new_page (Doc *d)
{
  doc_footer (d);
  if (!d->counting)
    cairo_show_page (d->cr);
  d->page++;
  d->y = MARGIN;
}

static gboolean
doc_fits (Doc    *d,
          double  height)
{
  return d->y + height <= PAGE_HEIGHT - MARGIN - FOOTER;
}

static void
doc_text (Doc            *d,
          PangoLayout    *layout,
          const char     *text,
          PangoAlignment  align)
{
  double h;

  if (text == NULL || *text == '\0')
    return;
  pango_layout_set_width (layout, (int) ((PAGE_WIDTH - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pos_print_cairo_set_text (layout, text, align);
  h = layout_height (layout);
  if (!doc_fits (d, h))
    doc_new_page (d);
  if (!d->counting)
    {
      cairo_move_to (d->cr, MARGIN, d->y);
      pango_cairo_show_layout (d->cr, layout);
    }
  d->y += h;
}

/* Bars of sales by hour, a baseline, the hours below and the largest
 * value written above its bar. */
static void
doc_chart (Doc *d)
{
  const double label_h = layout_height (d->small);
  const double width = PAGE_WIDTH - 2 * MARGIN;
  const double plot_h = CHART_HEIGHT - 2 * label_h - 4;
  const double slot = width / 24;
  gint64 max = 0;
  guint max_hour = 0;
  double base;

  if (!doc_fits (d, CHART_HEIGHT + label_h))
    doc_new_page (d);
  doc_text (d, d->strong, "Sales by hour", PANGO_ALIGN_LEFT);

  for (guint h = 0; h < 24; h++)
    if (d->report->sales_by_hour[h] > max)
      {
        max = d->report->sales_by_hour[h];
        max_hour = h;
      }

  base = d->y + label_h + plot_h;
  if (!d->counting)
    {
      cairo_set_source_rgb (d->cr, 0.35, 0.45, 0.6);
      for (guint h = 0; h < 24 && max > 0; h++)
        {
          gint64 v = MAX (d->report->sales_by_hour[h], 0);
          double bar = plot_h * ((double) v / (double) max);   /* drawing only, never money */

          cairo_rectangle (d->cr, MARGIN + h * slot + slot * 0.15, base - bar, slot * 0.7, bar);
        }
      cairo_fill (d->cr);

      cairo_set_source_rgb (d->cr, 0, 0, 0);
      cairo_set_line_width (d->cr, 0.5);
      cairo_move_to (d->cr, MARGIN, base);
      cairo_line_to (d->cr, MARGIN + width, base);
      cairo_stroke (d->cr);

      pango_layout_set_width (d->small, (int) (slot * 2 * PANGO_SCALE));
      for (guint h = 0; h < 24; h += 2)
        {
          g_autofree char *hour = g_strdup_printf ("%02u", h);

          pos_print_cairo_set_text (d->small, hour, PANGO_ALIGN_CENTER);
          cairo_move_to (d->cr, MARGIN + h * slot - slot / 2, base + 2);
          pango_cairo_show_layout (d->cr, d->small);
        }
      if (max > 0)
        {
          g_autofree char *value = pos_print_format_money (max, d->report->decimals);

          pango_layout_set_width (d->small, (int) (slot * 6 * PANGO_SCALE));
          pos_print_cairo_set_text (d->small, value, PANGO_ALIGN_CENTER);
          cairo_move_to (d->cr, MARGIN + max_hour * slot + slot / 2 - slot * 3,
                         base - plot_h - label_h - 1);
          pango_cairo_show_layout (d->cr, d->small);
        }
    }
  d->y = base + label_h + 8;
}

/* Column widths: text columns (judged by the first rows) twice as wide. */
static double *
column_widths (const PosReportSection *section,
               guint                   n_columns)
{
  double *widths = g_new0 (double, n_columns);
  double total = 0;

  for (guint c = 0; c < n_columns; c++)
    {
      gboolean text = FALSE;

      for (guint r = 0; r < MIN (section->rows->len, 50u) && !text; r++)
        {
          const PosReportRow *row = g_ptr_array_index (section->rows, r);
          text = c < row->n_cells && row->cells[c].kind == POS_REPORT_CELL_TEXT;
        }
      widths[c] = text ? 2 : 1;
      total += widths[c];
    }
  for (guint c = 0; c < n_columns; c++)
    widths[c] *= (PAGE_WIDTH - 2 * MARGIN) / total;
  return widths;
}

static void
doc_row (Doc           *d,
         PangoLayout   *layout,
         const double  *widths,
         guint          n_columns,
         const char   **texts,
         const gboolean *numeric,
         gboolean       shaded)
{
  double x = MARGIN;

  if (d->counting)
    {
      d->y += d->row_height;
      return;
    }
  if (shaded)
    {
      cairo_set_source_rgb (d->cr, 0.9, 0.9, 0.9);
      cairo_rectangle (d->cr, MARGIN, d->y, PAGE_WIDTH - 2 * MARGIN, d->row_height);
      cairo_fill (d->cr);
      cairo_set_source_rgb (d->cr, 0, 0, 0);
    }
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  for (guint c = 0; c < n_columns; c++)
    {
      const char *text = texts[c] != NULL ? texts[c] : "";
      g_autofree char *one_line = NULL;

      /* A cell is one line: line breaks in the text become spaces. */
      if (strpbrk (text, "\r\n\t") != NULL)
        text = one_line = g_strdelimit (g_strdup (text), "\r\n\t", ' ');

      pango_layout_set_width (layout, (int) ((widths[c] - 2 * CELL_PAD) * PANGO_SCALE));
      pos_print_cairo_set_text (layout, text, numeric[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      cairo_move_to (d->cr, x + CELL_PAD, d->y + 1);
      pango_cairo_show_layout (d->cr, layout);
      x += widths[c];
    }
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  d->y += d->row_height;
}

static void
doc_header_row (Doc                    *d,
                const PosReportSection *section,
                const double           *widths,
                guint                   n_columns,
                const gboolean         *numeric)
{
  doc_row (d, d->strong, widths, n_columns, (const char **) section->headers, numeric, TRUE);
}

static void
doc_data_row (Doc                    *d,
              PangoLayout            *layout,
              const PosReportRow     *row,
              const double           *widths,
              guint                   n_columns,
              const gboolean         *numeric)
{
  char *texts[64];
  guint n = MIN (n_columns, G_N_ELEMENTS (texts));

  if (d->counting)
    {
      d->y += d->row_height;
      return;
    }
  for (guint c = 0; c < n; c++)
    texts[c] = c < row->n_cells ? pos_report_cell_format (d->report, &row->cells[c], TRUE) : g_strdup ("");
  doc_row (d, layout, widths, n, (const char **) texts, numeric, FALSE);
  for (guint c = 0; c < n; c++)
    g_free (texts[c]);
}

static void
doc_section (Doc                    *d,
             const PosReportSection *section)
{
  guint n_columns = MIN (g_strv_length (section->headers), 64u);
  g_autofree double *widths = column_widths (section, n_columns);
  g_autofree gboolean *numeric = g_new0 (gboolean, MAX (n_columns, 1u));

  if (n_columns == 0)
    return;

  for (guint c = 0; c < n_columns; c++)
    {
      const PosReportRow *row = section->rows->len > 0 ? g_ptr_array_index (section->rows, 0) : section->totals;
      numeric[c] = row != NULL && c < row->n_cells && row->cells[c].kind != POS_REPORT_CELL_TEXT;
    }

  /* The title stays with the header and at least one row. */
  if (!doc_fits (d, layout_height (d->heading) + 6 + 2 * d->row_height))
    doc_new_page (d);
  d->y += 6;
  doc_text (d, d->heading, section->title, PANGO_ALIGN_LEFT);
  doc_header_row (d, section, widths, n_columns, numeric);

  for (guint r = 0; r < section->rows->len; r++)
    {
      if (!doc_fits (d, d->row_height))
        {
          doc_new_page (d);
          doc_header_row (d, section, widths, n_columns, numeric);
        }
      doc_data_row (d, d->body, g_ptr_array_index (section->rows, r), widths, n_columns, numeric);
    }

  if (section->totals != NULL)
    {
      if (!doc_fits (d, d->row_height + 2))
        {
          doc_new_page (d);
          doc_header_row (d, section, widths, n_columns, numeric);
        }
      if (!d->counting)
        {
          cairo_set_line_width (d->cr, 0.75);
          cairo_move_to (d->cr, MARGIN, d->y + 0.5);
          cairo_line_to (d->cr, PAGE_WIDTH - MARGIN, d->y + 0.5);
          cairo_stroke (d->cr);
        }
      d->y += 2;
      doc_data_row (d, d->strong, section->totals, widths, n_columns, numeric);
    }
}

static void
doc_draw (Doc *d)
{
  const PosReport *r = d->report;

  d->page = 1;
  d->y = MARGIN;
  cairo_set_source_rgb (d->cr, 0, 0, 0);

  doc_text (d, d->strong, r->utility_name, PANGO_ALIGN_LEFT);
  doc_text (d, d->title, r->title, PANGO_ALIGN_LEFT);
  doc_text (d, d->heading, r->number, PANGO_ALIGN_LEFT);
  doc_text (d, d->body, r->subtitle, PANGO_ALIGN_LEFT);
  if (r->generated_at != NULL)
    {
      g_autofree char *when = g_strconcat ("Generated ", r->generated_at, NULL);
      doc_text (d, d->small, when, PANGO_ALIGN_LEFT);
    }
  if (r->currency != NULL)
    {
      g_autofree char *money = g_strconcat ("Amounts in ", r->currency, NULL);
      doc_text (d, d->small, money, PANGO_ALIGN_LEFT);
    }
  d->y += 8;

  if (r->has_hourly)
    doc_chart (d);

  for (guint i = 0; i < r->sections->len; i++)
    doc_section (d, g_ptr_array_index (r->sections, i));

  doc_footer (d);
}

static void
doc_init (Doc             *d,
          const PosReport *report,
          cairo_t         *cr)
{
  d->report = report;
  d->cr = cr;
  d->title = pos_print_cairo_layout (cr, "DejaVu Sans Bold 16");
  d->heading = pos_print_cairo_layout (cr, "DejaVu Sans Bold 12");
  d->body = pos_print_cairo_layout (cr, "DejaVu Sans 8.5");
  d->strong = pos_print_cairo_layout (cr, "DejaVu Sans Bold 8.5");
  d->small = pos_print_cairo_layout (cr, "DejaVu Sans 7");
  pango_layout_set_text (d->body, "Xg", -1);
  d->row_height = ceil (layout_height (d->body)) + 2;
}

static void
doc_clear (Doc *d)
{
  g_clear_object (&d->title);
  g_clear_object (&d->heading);
  g_clear_object (&d->body);
  g_clear_object (&d->strong);
  g_clear_object (&d->small);
}

GBytes *
pos_report_render_pdf (const PosReport  *report,
                       GError          **error)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Doc d = { 0 };
  guint n_pages;

  g_return_val_if_fail (report != NULL, NULL);

  /* First pass: count the pages, for "page n of m". */
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (surface);
  doc_init (&d, report, cr);
  d.counting = TRUE;
  doc_draw (&d);
  n_pages = d.page;
  doc_clear (&d);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  surface = cairo_pdf_surface_create_for_stream (pos_print_cairo_append, out, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  report->title != NULL ? report->title : "Report");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "stsvend");
  cr = cairo_create (surface);
  memset (&d, 0, sizeof d);
  doc_init (&d, report, cr);
  d.n_pages = n_pages;
  doc_draw (&d);
  doc_clear (&d);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!pos_print_cairo_check (status, "report", error))
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (out);
}

gboolean
pos_report_write_pdf (const PosReport  *report,
                      const char       *path,
                      GError          **error)
{
  g_autoptr(GBytes) pdf = pos_report_render_pdf (report, error);

  return pdf != NULL && pos_print_write_file (pdf, path, error);
}
