/* fuzz-receipt-text.c: any bytes as the text of a receipt (customer name,
 * address, account, tariff, cashier: what people type), rendered as
 * ESC/POS at both widths.  Names come from outside; they must never crash
 * the renderer nor end the receipt early. */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "pos-printing.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) fields = g_strsplit (text, "|", 6);
  g_autoptr(PosReceipt) r = pos_receipt_new ();
  const guint widths[] = { POS_ESCPOS_COLUMNS_58MM, POS_ESCPOS_COLUMNS_80MM };
  guint n = g_strv_length (fields);

  r->customer_name = g_strdup (n > 0 ? fields[0] : "");
  r->customer_address = g_strdup (n > 1 ? fields[1] : "");
  r->customer_account = g_strdup (n > 2 ? fields[2] : "");
  r->tariff_name = g_strdup (n > 3 ? fields[3] : "");
  r->cashier = g_strdup (n > 4 ? fields[4] : "");
  r->note = g_strdup (n > 5 ? fields[5] : "");
  r->utility_name = g_strdup ("Fuzz Power");
  r->receipt_number = g_strdup ("000001");
  r->currency = g_strdup ("ZAR");
  r->amount_tendered = 10000;
  pos_receipt_add_line (r, n > 3 ? fields[3] : "", 620, "1.50000/kWh", 9300);
  if (!pos_receipt_add_token (r, POS_RECEIPT_TOKEN_CREDIT, NULL, "12345678901234567890"))
    __builtin_trap ();

  for (gsize w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = pos_escpos_render_receipt (r, widths[w], TRUE, &error);
      gsize len;
      const guint8 *p;

      if (bytes == NULL)
        {
          /* A refusal is fine; a refusal without a reason is not. */
          if (error == NULL)
            __builtin_trap ();
          continue;
        }
      p = g_bytes_get_data (bytes, &len);
      /* The token is always printed, whatever the names held. */
      if (len < 20 || memmem (p, len, "1234 5678 9012 3456 7890", 24) == NULL)
        __builtin_trap ();
    }
  return 0;
}
