/* test-report.c: reports as CSV (read back by a small RFC 4180 reader)
 * and as PDF (pages and text read back with poppler-utils) */
#include <string.h>

#include "printing-test-util.h"

#define N_ROWS 300

static PosReport *
sample_report (guint n_rows)
{
  PosReport *report = pos_report_new ("End of day (Z) report");
  const char *headers[] = { "Cashier", "Sales", "Amount", "kWh", "Note", NULL };
  PosReportSection *section;
  gint64 amount_total = 0;
  gint64 kwh_total = 0;
  gint64 sales_total = 0;

  report->number = g_strdup ("Z-000123");
  report->subtitle = g_strdup ("30/11/2026 06:00 to 30/11/2026 18:00");
  report->utility_name = g_strdup ("City Power Ltd");
  report->generated_at = g_strdup ("30/11/2026 18:05");
  report->currency = g_strdup ("ZAR");
  report->decimals = 2;
  report->has_hourly = TRUE;
  for (guint h = 6; h < 18; h++)
    report->sales_by_hour[h] = (gint64) (h * 7919 % 50) * 10000 + 550;

  section = pos_report_add_section (report, "Sales by cashier", headers);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *name = NULL;
      const char *note;
      gint64 amount = (gint64) (i * 104729 % 100000) + 1 - (i % 17 == 0 ? 200000 : 0);
      gint64 kwh = (gint64) (i * 31 % 977);

      switch (i % 5)
        {
        case 0: name = g_strdup_printf ("Dlamini, Nomsa %u", i); break;
        case 1: name = g_strdup_printf ("O\"Brien \"Pat\" %u", i); break;
        case 2: name = g_strdup_printf ("Line\r\nbreak %u", i); break;
        case 3: name = g_strdup_printf ("\u0645\u062d\u0645\u062f \u0631\u0636\u0627\u06cc\u06cc %u", i); break;
        default: name = g_strdup_printf ("Plain %u", i); break;
        }
      note = i % 7 == 0 ? "=HYPERLINK(\"http://x\")" : i % 7 == 1 ? "" : "ok";
      {
        PosReportCell cells[] = {
          POS_REPORT_TEXT (name), POS_REPORT_INTEGER (i % 9), POS_REPORT_MONEY (amount),
          POS_REPORT_KWH (kwh), POS_REPORT_TEXT (note),
        };
        pos_report_section_add_row (section, cells, G_N_ELEMENTS (cells));
      }
      amount_total += amount;
      kwh_total += kwh;
      sales_total += i % 9;
    }
  {
    PosReportCell totals[] = {
      POS_REPORT_TEXT ("Total"), POS_REPORT_INTEGER (sales_total), POS_REPORT_MONEY (amount_total),
      POS_REPORT_KWH (kwh_total),
    };
    pos_report_section_set_totals (section, totals, G_N_ELEMENTS (totals));
  }

  {
    const char *tariff_headers[] = { "Tariff", "Amount", NULL };
    PosReportSection *tariffs = pos_report_add_section (report, "Sales by tariff", tariff_headers);
    PosReportCell row[] = { POS_REPORT_TEXT ("Residential block"), POS_REPORT_MONEY (amount_total) };

    pos_report_section_add_row (tariffs, row, G_N_ELEMENTS (row));
  }
  return report;
}

/* A strict RFC 4180 reader: records end in CRLF; a field is quoted or not;
 * inside quotes "" is a quote and anything else (CR, LF, commas) is data.
 * Returns an array of GStrv; fails the test on malformed input. */
static GPtrArray *
parse_csv (const char *data,
           gsize       len)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gsize i = 0;

  while (i < len)
    {
      /* One field. */
      if (data[i] == '"')
        {
          i++;
          for (;;)
            {
              g_assert_cmpuint (i, <, len);   /* an unterminated quote */
              if (data[i] == '"')
                {
                  if (i + 1 < len && data[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              g_string_append_c (field, data[i++]);
            }
        }
      else
        {
          while (i < len && data[i] != ',' && data[i] != '\r' && data[i] != '\n')
            {
              g_assert_cmpint (data[i], !=, '"');   /* a quote inside an unquoted field */
              g_string_append_c (field, data[i++]);
            }
        }

      g_ptr_array_add (fields, g_strndup (field->str, field->len));
      g_string_truncate (field, 0);

      g_assert_cmpuint (i, <, len);   /* every record ends in CRLF */
      if (data[i] == ',')
        {
          i++;
          continue;
        }
      g_assert_cmpint (data[i], ==, '\r');
      g_assert_cmpuint (i + 1, <, len);
      g_assert_cmpint (data[i + 1], ==, '\n');
      i += 2;
      g_ptr_array_add (fields, NULL);
      /* The strings go to the record; the array itself is freed. */
      g_ptr_array_set_free_func (fields, NULL);
      g_ptr_array_add (records, g_ptr_array_free (g_steal_pointer (&fields), FALSE));
      fields = g_ptr_array_new_with_free_func (g_free);
    }
  g_assert_cmpuint (fields->len, ==, 0);
  return records;
}

/* "1234.50" -> 123450; "-0.05" -> -5; "62.0" -> 620 (fixed decimals). */
static gint64
parse_fixed (const char *text,
             guint       decimals)
{
  g_autofree char *digits = g_strdup (text);
  char *dot = strchr (digits, '.');
  gint64 value = 0;

  g_assert_nonnull (dot);
  g_assert_cmpuint (strlen (dot + 1), ==, decimals);
  memmove (dot, dot + 1, strlen (dot));
  g_assert_true (g_ascii_string_to_signed (digits, 10, G_MININT64, G_MAXINT64, &value, NULL));
  return value;
}

typedef struct
{
  guint calls;
  gsize last_done;
  gsize last_total;
} Progress;

static void
progress_cb (gsize    done,
             gsize    total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, >=, p->last_done);
  g_assert_cmpuint (done, <=, total);
  p->calls++;
  p->last_done = done;
  p->last_total = total;
}

static char *
csv_of (const PosReport *report,
        guint            section,
        gsize           *len,
        Progress        *progress)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (pos_report_write_csv (report, section, stream, progress != NULL ? progress_cb : NULL,
                                       progress, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  *len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
test_csv_round_trip (void)
{
  g_autoptr(PosReport) report = sample_report (N_ROWS);
  PosReportSection *section = g_ptr_array_index (report->sections, 0);
  Progress progress = { 0 };
  gsize len;
  g_autofree char *csv = csv_of (report, 0, &len, &progress);
  g_autoptr(GPtrArray) records = parse_csv (csv, len);
  gint64 amount = 0;
  gint64 kwh = 0;
  gint64 sales = 0;
  GStrv totals;

  g_assert_true (g_utf8_validate (csv, len, NULL));
  g_assert_cmpuint (records->len, ==, 1 + N_ROWS + 1);

  /* The header row. */
  {
    const char *expected[] = { "Cashier", "Sales", "Amount", "kWh", "Note", NULL };
    g_assert_cmpstrv (g_ptr_array_index (records, 0), expected);
  }

  for (guint i = 0; i < N_ROWS; i++)
    {
      GStrv record = g_ptr_array_index (records, i + 1);
      const PosReportRow *row = g_ptr_array_index (section->rows, i);
      gint64 sales_cell = 0;

      g_assert_cmpuint (g_strv_length (record), ==, 5);
      /* Text comes back exactly, quotes, commas, CR and LF included. */
      g_assert_cmpstr (record[0], ==, row->cells[0].text);
      g_assert_true (g_ascii_string_to_signed (record[1], 10, 0, 100, &sales_cell, NULL));
      g_assert_cmpint (parse_fixed (record[2], 2), ==, row->cells[2].value);
      g_assert_cmpint (parse_fixed (record[3], 1), ==, row->cells[3].value);
      /* A formula is defused with a leading apostrophe. */
      if (i % 7 == 0)
        g_assert_cmpstr (record[4], ==, "'=HYPERLINK(\"http://x\")");
      sales += sales_cell;
      amount += parse_fixed (record[2], 2);
      kwh += parse_fixed (record[3], 1);
    }

  /* The totals row matches the rows. */
  totals = g_ptr_array_index (records, N_ROWS + 1);
  g_assert_cmpstr (totals[0], ==, "Total");
  g_assert_cmpint (g_ascii_strtoll (totals[1], NULL, 10), ==, sales);
  g_assert_cmpint (parse_fixed (totals[2], 2), ==, amount);
  g_assert_cmpint (parse_fixed (totals[3], 1), ==, kwh);
  g_assert_cmpstr (totals[4], ==, "");

  /* Plain numbers: no grouping anywhere. */
  g_assert_null (strstr (csv, "0 0"));
  g_assert_cmpuint (progress.calls, >=, 1);
  g_assert_cmpuint (progress.last_done, ==, N_ROWS);
  g_assert_cmpuint (progress.last_total, ==, N_ROWS);
}

static void
test_csv_quoting (void)
{
  g_autoptr(PosReport) report = pos_report_new ("Quoting");
  const char *headers[] = { "a,b", "say \"hi\"", "plain", NULL };
  PosReportSection *section = pos_report_add_section (report, "S", headers);
  PosReportCell row[] = { POS_REPORT_TEXT ("x\ny"), POS_REPORT_TEXT ("-1"), POS_REPORT_MONEY (-5) };
  gsize len;
  g_autofree char *csv = NULL;

  pos_report_section_add_row (section, row, G_N_ELEMENTS (row));
  csv = csv_of (report, 0, &len, NULL);
  g_assert_cmpstr (csv, ==,
                   "\"a,b\",\"say \"\"hi\"\"\",plain\r\n"
                   "\"x\ny\",'-1,-0.05\r\n");
}

static void
test_csv_many_rows_progress (void)
{
  g_autoptr(PosReport) report = sample_report (20000);
  Progress progress = { 0 };
  gsize len;
  g_autofree char *csv = csv_of (report, 0, &len, &progress);

  g_assert_cmpuint (len, ==, strlen (csv));
  g_assert_cmpuint (progress.calls, >=, 4);
  g_assert_cmpuint (progress.last_done, ==, 20000);
}

static void
test_csv_file (void)
{
  g_autoptr(PosReport) report = sample_report (50);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "z.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "no", "such", "z.csv", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GPtrArray) records = NULL;

  g_assert_true (pos_report_write_csv_file (report, 1, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  records = parse_csv (contents, len);
  g_assert_cmpuint (records->len, ==, 2);

  g_assert_false (pos_report_write_csv_file (report, 0, bad, NULL, NULL, NULL, &error));
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_IO);
  g_clear_error (&error);

  g_assert_false (pos_report_write_csv_file (report, 7, path, NULL, NULL, NULL, &error));
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_INVALID);

  /* The failed export left the good file as it was, and no temporary file. */
  {
    g_autofree char *after = NULL;
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    guint n_files = 0;

    g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, contents);
    while (g_dir_read_name (listing) != NULL)
      n_files++;
    g_assert_cmpuint (n_files, ==, 1);
  }
  test_remove_tree (dir);
}

static void
test_csv_cancelled (void)
{
  g_autoptr(PosReport) report = sample_report (10);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (pos_report_write_csv (report, 0, stream, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_pdf_multi_page (void)
{
  g_autoptr(PosReport) report = sample_report (N_ROWS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pos_report_render_pdf (report, &error);
  g_autofree char *text = NULL;
  g_autofree char *last_page = NULL;
  guint pages;

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  pages = test_pdf_pages (pdf);
  g_assert_cmpuint (pages, >, 1);

  text = test_pdf_text (pdf);
  last_page = g_strdup_printf ("page %u of %u", pages, pages);
  g_assert_nonnull (strstr (text, "End of day (Z) report"));
  g_assert_nonnull (strstr (text, "Z-000123"));
  g_assert_nonnull (strstr (text, "Sales by hour"));
  g_assert_nonnull (strstr (text, "Sales by tariff"));
  g_assert_nonnull (strstr (text, "page 1 of"));
  g_assert_nonnull (strstr (text, last_page));
  g_assert_nonnull (strstr (text, "Plain 299"));
  g_assert_nonnull (strstr (text, "Total"));
}

static void
test_pdf_small (void)
{
  g_autoptr(PosReport) report = sample_report (5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pos_report_render_pdf (report, &error);
  g_autofree char *text = NULL;
  g_autofree char *amount = NULL;
  PosReportSection *section;
  const PosReportRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (test_pdf_pages (pdf), ==, 1);
  text = test_pdf_text (pdf);
  section = g_ptr_array_index (report->sections, 0);
  row = g_ptr_array_index (section->rows, 1);
  amount = pos_print_format_money (row->cells[2].value, 2);
  g_assert_nonnull (strstr (text, amount));
  /* pdftotext may split Arabic script with stray spaces at small sizes
   * (see test-receipt.c): look for the letters, spaces aside. */
  {
    g_autofree char *squeezed = g_strdelimit (g_strdup (text), " ", '_');
    g_auto(GStrv) parts = g_strsplit (squeezed, "_", -1);
    g_autofree char *joined = g_strjoinv ("", parts);
    if (strstr (joined, "\u0645\u062d\u0645\u062f\u0631\u0636\u0627\u06cc\u06cc") == NULL)
      g_error ("the Persian name is missing from the PDF text:\n%s", text);
  }
}

static void
test_pdf_empty (void)
{
  g_autoptr(PosReport) report = pos_report_new ("Empty");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  report->has_hourly = TRUE;   /* all hours zero */
  pdf = pos_report_render_pdf (report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (test_pdf_pages (pdf), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/printing/report/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/pos/printing/report/csv-quoting", test_csv_quoting);
  g_test_add_func ("/pos/printing/report/csv-progress", test_csv_many_rows_progress);
  g_test_add_func ("/pos/printing/report/csv-file", test_csv_file);
  g_test_add_func ("/pos/printing/report/csv-cancelled", test_csv_cancelled);
  g_test_add_func ("/pos/printing/report/pdf-pages", test_pdf_multi_page);
  g_test_add_func ("/pos/printing/report/pdf-small", test_pdf_small);
  g_test_add_func ("/pos/printing/report/pdf-empty", test_pdf_empty);

  status = g_test_run ();
  test_release_font_caches ();
  return status;
}
