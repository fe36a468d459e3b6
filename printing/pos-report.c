/* pos-report.c: the report model and its CSV export (RFC 4180) */
#include "pos-report.h"

#include <string.h>

#include "pos-print-error.h"
#include "pos-receipt.h"

static void
row_free (PosReportRow *row)
{
  if (row == NULL)
    return;
  for (guint i = 0; i < row->n_cells; i++)
    g_free (row->cells[i].text);
  g_free (row->cells);
  g_free (row);
}

static void
section_free (PosReportSection *section)
{
  g_free (section->title);
  g_strfreev (section->headers);
  g_ptr_array_unref (section->rows);
  row_free (section->totals);
  g_free (section);
}

PosReport *
pos_report_new (const char *title)
{
  PosReport *report = g_new0 (PosReport, 1);

  report->title = g_strdup (title);
  report->decimals = 2;
  report->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  return report;
}

void
pos_report_free (PosReport *report)
{
  if (report == NULL)
    return;
  g_free (report->title);
  g_free (report->subtitle);
  g_free (report->number);
  g_free (report->utility_name);
  g_free (report->generated_at);
  g_free (report->currency);
  g_ptr_array_unref (report->sections);
  g_free (report);
}

PosReportSection *
pos_report_add_section (PosReport          *report,
                        const char         *title,
                        const char * const *headers)
{
  PosReportSection *section;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (headers != NULL, NULL);

  section = g_new0 (PosReportSection, 1);
  section->title = g_strdup (title);
  section->headers = g_strdupv ((char **) headers);
  section->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_ptr_array_add (report->sections, section);
  return section;
}

static PosReportRow *
row_new (const PosReportSection *section,
         const PosReportCell    *cells,
         guint                   n_cells)
{
  PosReportRow *row = g_new0 (PosReportRow, 1);
  guint n_columns = g_strv_length (section->headers);

  row->n_cells = MAX (n_cells, n_columns);
  row->cells = g_new0 (PosReportCell, row->n_cells);
  for (guint i = 0; i < row->n_cells; i++)
    {
      if (i < n_cells)
        {
          row->cells[i] = cells[i];
          if (cells[i].kind == POS_REPORT_CELL_TEXT)
            row->cells[i].text = g_strdup (cells[i].text != NULL ? cells[i].text : "");
          else
            row->cells[i].text = NULL;
        }
      else
        {
          row->cells[i].kind = POS_REPORT_CELL_TEXT;
          row->cells[i].text = g_strdup ("");
        }
    }
  return row;
}

void
pos_report_section_add_row (PosReportSection    *section,
                            const PosReportCell *cells,
                            guint                n_cells)
{
  g_return_if_fail (section != NULL);
  g_ptr_array_add (section->rows, row_new (section, cells, n_cells));
}

void
pos_report_section_set_totals (PosReportSection    *section,
                               const PosReportCell *cells,
                               guint                n_cells)
{
  g_return_if_fail (section != NULL);
  row_free (section->totals);
  section->totals = row_new (section, cells, n_cells);
}

char *
pos_report_cell_format (const PosReport     *report,
                        const PosReportCell *cell,
                        gboolean             grouped)
{
  switch (cell->kind)
    {
    case POS_REPORT_CELL_MONEY:
      return grouped ? pos_print_format_money (cell->value, report->decimals)
                     : pos_print_format_money_plain (cell->value, report->decimals);
    case POS_REPORT_CELL_KWH:
      return pos_print_format_kwh (cell->value);
    case POS_REPORT_CELL_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, cell->value);
    case POS_REPORT_CELL_TEXT:
    default:
      return g_strdup (cell->text != NULL ? cell->text : "");
    }
}

/* RFC 4180, 2.5-2.7: quote a field holding a comma, quote, CR or LF. */
static void
append_field (GString    *out,
              const char *text,
              gboolean    is_text)
{
  gboolean formula = is_text && (text[0] == '=' || text[0] == '+' || text[0] == '-'
                                 || text[0] == '@' || text[0] == '\t' || text[0] == '\r');
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static void
append_row (GString            *out,
            const PosReport    *report,
            const PosReportRow *row)
{
  for (guint i = 0; i < row->n_cells; i++)
    {
      g_autofree char *text = pos_report_cell_format (report, &row->cells[i], FALSE);

      if (i > 0)
        g_string_append_c (out, ',');
      append_field (out, text, row->cells[i].kind == POS_REPORT_CELL_TEXT);
    }
  g_string_append (out, "\r\n");
}

void
pos_report_csv_append_header (GString            *out,
                              const char * const *headers)
{
  g_return_if_fail (out != NULL && headers != NULL);
  for (guint i = 0; headers[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_field (out, headers[i], TRUE);
    }
  g_string_append (out, "\r\n");
}

void
pos_report_csv_append_row (GString              *out,
                           const PosReport      *report,
                           const PosReportCell  *cells,
                           guint                 n_cells)
{
  PosReportRow row = { n_cells, (PosReportCell *) cells };

  g_return_if_fail (out != NULL && report != NULL);
  append_row (out, report, &row);
}

static gboolean
flush (GOutputStream  *stream,
       GString        *buffer,
       GCancellable   *cancellable,
       GError        **error)
{
  if (buffer->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (buffer, 0);
  return TRUE;
}

gboolean
pos_report_write_csv (const PosReport    *report,
                      guint               section_index,
                      GOutputStream      *stream,
                      PosReportProgress   progress,
                      gpointer            user_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(GString) buffer = g_string_sized_new (1 << 16);
  const PosReportSection *section;
  gsize total;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (section_index >= report->sections->len)
    {
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_INVALID,
                   "The report has no section %u.", section_index + 1);
      return FALSE;
    }
  section = g_ptr_array_index (report->sections, section_index);
  total = section->rows->len;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  pos_report_csv_append_header (buffer, (const char * const *) section->headers);

  for (gsize i = 0; i < total; i++)
    {
      append_row (buffer, report, g_ptr_array_index (section->rows, i));
      if (buffer->len >= (1 << 16) - 4096)
        {
          if (!flush (stream, buffer, cancellable, error))
            return FALSE;
        }
      if ((i + 1) % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress (i + 1, total, user_data);
        }
    }
  if (section->totals != NULL)
    append_row (buffer, report, section->totals);

  if (!flush (stream, buffer, cancellable, error)
      || !g_output_stream_flush (stream, cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (total, total, user_data);
  return TRUE;
}

gboolean
pos_report_write_csv_file (const PosReport    *report,
                           guint               section_index,
                           const char         *path,
                           PosReportProgress   progress,
                           gpointer            user_data,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *local_error = NULL;

  /* g_file_replace writes beside the file and renames it into place on close. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &local_error);
  if (stream != NULL
      && pos_report_write_csv (report, section_index, G_OUTPUT_STREAM (stream),
                               progress, user_data, cancellable, &local_error))
    {
      if (g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
        return TRUE;
    }
  else if (stream != NULL)
    {
      /* Do not put a half-written file in place of a good one. */
      g_autoptr(GCancellable) abandon = g_cancellable_new ();
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
    }

  if (local_error->domain == POS_PRINT_ERROR
      || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_IO,
               "The CSV file could not be written: %s", local_error->message);
  g_error_free (local_error);
  return FALSE;
}
