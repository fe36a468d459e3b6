/* bench-print.c: how long printing/ takes to render, printed (never
 * asserted): a receipt to ESC/POS, to PDF (roll and A4) and to a PNG
 * preview; a 100 000-row report to CSV and to PDF. */
#include <stdio.h>

#include "pos-printing.h"

#define REPORT_ROWS 100000

static PosReceipt *
bench_receipt (void)
{
  PosReceipt *r = pos_receipt_new ();

  r->kind = g_strdup ("Credit");
  r->utility_name = g_strdup ("City Power Ltd");
  r->utility_address = g_strdup ("1 Main Road, Springfield");
  r->utility_tax_number = g_strdup ("4123456789");
  r->vending_point = g_strdup ("Main office");
  r->cashier = g_strdup ("Thandi Mokoena");
  r->receipt_number = g_strdup ("MO-000042");
  r->date_time = g_strdup ("30/11/2026 10:15");
  r->date_time_iso = g_strdup ("2026-11-30T10:15:00");
  r->customer_name = g_strdup ("Nomsa Dlamini");
  r->customer_account = g_strdup ("ACC-1001");
  r->customer_address = g_strdup ("12 Long Street, Apartment 4B, Springfield Central, 8001");
  r->meter_number = g_strdup ("600727040000000104");
  r->sgc = g_strdup ("123456");
  r->krn = 1;
  r->ti = 1;
  r->tariff_name = g_strdup ("Residential block");
  pos_receipt_add_line (r, "Block 1 (0-50 kWh)", 500, "1.2500/kWh", 6250);
  pos_receipt_add_line (r, "Block 2 (above 50 kWh)", 120, "1.5000/kWh", 1800);
  r->currency = g_strdup ("ZAR");
  r->amount_tendered = 10000;
  r->vat = 1304;
  r->energy_amount = 8050;
  r->kwh_tenths = 620;
  pos_receipt_add_token (r, POS_RECEIPT_TOKEN_KEY_CHANGE, NULL, "11112222333344445555");
  pos_receipt_add_token (r, POS_RECEIPT_TOKEN_KEY_CHANGE, NULL, "66667777888899990000");
  pos_receipt_add_token (r, POS_RECEIPT_TOKEN_CREDIT, NULL, "56645791230984561238");
  return r;
}

static PosReport *
bench_report (guint n_rows)
{
  PosReport *report = pos_report_new ("Sales journal");
  const char *headers[] = { "Receipt", "Customer", "Meter", "Amount", "VAT", "kWh", NULL };
  PosReportSection *section = pos_report_add_section (report, "Sales", headers);
  gint64 amount = 0;
  gint64 vat = 0;
  gint64 kwh = 0;

  report->currency = g_strdup ("ZAR");
  report->has_hourly = TRUE;
  for (guint h = 0; h < 24; h++)
    report->sales_by_hour[h] = (gint64) (h * 7919 % 97) * 1000;

  for (guint i = 0; i < n_rows; i++)
    {
      char receipt[32];
      char customer[64];
      gint64 a = 1000 + (gint64) (i * 104729 % 100000);
      PosReportCell cells[] = {
        POS_REPORT_TEXT (receipt), POS_REPORT_TEXT (customer), POS_REPORT_TEXT ("600727040000000104"),
        POS_REPORT_MONEY (a), POS_REPORT_MONEY (a * 15 / 115), POS_REPORT_KWH (a / 20),
      };

      g_snprintf (receipt, sizeof receipt, "MO-%06u", i);
      g_snprintf (customer, sizeof customer, "Customer %u, \"Springfield\"", i);
      pos_report_section_add_row (section, cells, G_N_ELEMENTS (cells));
      amount += a;
      vat += a * 15 / 115;
      kwh += a / 20;
    }
  {
    PosReportCell totals[] = {
      POS_REPORT_TEXT ("Total"), POS_REPORT_TEXT (""), POS_REPORT_TEXT (""),
      POS_REPORT_MONEY (amount), POS_REPORT_MONEY (vat), POS_REPORT_KWH (kwh),
    };
    pos_report_section_set_totals (section, totals, G_N_ELEMENTS (totals));
  }
  return report;
}

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static void
bench_receipt_render (const char *what,
                      guint       n,
                      GBytes   *(*render) (const PosReceipt *r, int arg),
                      int         arg)
{
  g_autoptr(PosReceipt) r = bench_receipt ();
  gsize size = 0;
  gint64 start;
  double s;

  /* One warm-up (fonts are loaded on first use). */
  g_bytes_unref (render (r, arg));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      GBytes *bytes = render (r, arg);
      size = g_bytes_get_size (bytes);
      g_bytes_unref (bytes);
    }
  s = seconds_since (start);
  printf ("receipt -> %-14s %9.1f us each  (%u runs, %" G_GSIZE_FORMAT " bytes)\n",
          what, s * 1e6 / n, n, size);
}

static GBytes *
render_escpos (const PosReceipt *r,
               int               columns)
{
  return pos_escpos_render_receipt (r, (guint) columns, TRUE, NULL);
}

static GBytes *
render_pdf (const PosReceipt *r,
            int               paper)
{
  return pos_receipt_render_pdf (r, (PosPaper) paper, NULL);
}

static GBytes *
render_png (const PosReceipt *r,
            int               width)
{
  return pos_receipt_render_png (r, (guint) width, NULL);
}

static void
count_progress (gsize    done,
                gsize    total,
                gpointer user_data)
{
  (*(guint *) user_data)++;
}

int
main (void)
{
  g_autoptr(PosReport) report = NULL;
  g_autoptr(GOutputStream) csv = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  guint progress_calls = 0;
  gint64 start;
  double s;

  bench_receipt_render ("ESC/POS 48", 20000, render_escpos, 48);
  bench_receipt_render ("ESC/POS 32", 20000, render_escpos, 32);
  bench_receipt_render ("PDF roll", 200, render_pdf, POS_PAPER_ROLL_80MM);
  bench_receipt_render ("PDF A4", 200, render_pdf, POS_PAPER_A4);
  bench_receipt_render ("PNG 576 px", 100, render_png, 576);

  start = g_get_monotonic_time ();
  report = bench_report (REPORT_ROWS);
  printf ("report: %u rows built in %.3f s\n", REPORT_ROWS, seconds_since (start));

  csv = g_memory_output_stream_new_resizable ();
  start = g_get_monotonic_time ();
  if (!pos_report_write_csv (report, 0, csv, count_progress, &progress_calls, NULL, &error))
    g_error ("CSV: %s", error->message);
  s = seconds_since (start);
  printf ("report -> CSV   %9.3f s  (%u rows, %" G_GSIZE_FORMAT " bytes, %.0f rows/s, %u progress calls)\n",
          s, REPORT_ROWS, g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (csv)),
          REPORT_ROWS / s, progress_calls);

  start = g_get_monotonic_time ();
  pdf = pos_report_render_pdf (report, &error);
  if (pdf == NULL)
    g_error ("PDF: %s", error->message);
  s = seconds_since (start);
  printf ("report -> PDF   %9.3f s  (%u rows, %" G_GSIZE_FORMAT " bytes, %.0f rows/s)\n",
          s, REPORT_ROWS, g_bytes_get_size (pdf), REPORT_ROWS / s);
  return 0;
}
