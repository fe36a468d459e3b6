/* printing-test-util.c: the sample receipt and the poppler-utils probes */
#include "printing-test-util.h"

#include <string.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

PosReceipt *
test_sample_receipt (void)
{
  PosReceipt *r = pos_receipt_new ();

  r->kind = g_strdup ("Credit");
  r->utility_name = g_strdup ("City Power Ltd");
  r->utility_address = g_strdup ("1 Main Road, Springfield");
  r->utility_tax_number = g_strdup ("4123456789");
  r->vending_point = g_strdup ("Main office");
  r->cashier = g_strdup ("José Müller");
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
  r->decimals = 2;
  r->amount_tendered = 123456;
  r->fixed_charges = 500;
  r->debt_recovered = 646;
  r->debt_balance = 12000;
  r->vat = 1304;
  r->energy_amount = 8050;
  r->kwh_tenths = 620;
  r->change_due = 112956;
  g_assert_true (pos_receipt_add_token (r, POS_RECEIPT_TOKEN_CREDIT, NULL, TEST_CREDIT_TOKEN));
  g_assert_true (pos_receipt_add_token (r, POS_RECEIPT_TOKEN_KEY_CHANGE, NULL, TEST_KEY_TOKEN_1));
  g_assert_true (pos_receipt_add_token (r, POS_RECEIPT_TOKEN_KEY_CHANGE, NULL, TEST_KEY_TOKEN_2));
  r->note = g_strdup ("Thank you \u2013 pay \u20ac 5 \u2713 at the counter");
  return r;
}

char *
test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("stsvend-print-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

char *
test_run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  if (error != NULL)
    g_error ("%s could not run (is it installed?): %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return out;
}

static char *
write_tmp_pdf (GBytes  *pdf,
               char   **dir)
{
  g_autoptr(GError) error = NULL;
  char *path;

  *dir = test_make_tmp_dir ();
  path = g_build_filename (*dir, "doc.pdf", NULL);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  return path;
}

char *
test_pdf_text (GBytes *pdf)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = write_tmp_pdf (pdf, &dir);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  char *text = test_run (argv);

  test_remove_tree (dir);
  return text;
}

guint
test_pdf_pages (GBytes *pdf)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = write_tmp_pdf (pdf, &dir);
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = test_run (argv);
  const char *pages = strstr (info, "\nPages:");
  guint64 n = 0;

  test_remove_tree (dir);
  g_assert_nonnull (pages);
  pages += strlen ("\nPages:");
  while (*pages == ' ')
    pages++;
  {
    g_autofree char *num = g_strndup (pages, strcspn (pages, "\n"));
    g_assert_true (g_ascii_string_to_unsigned (num, 10, 1, 100000, &n, NULL));
  }
  return (guint) n;
}

void
test_release_font_caches (void)
{
  pos_print_release_caches ();
}
