/* pos-receipt.c: the receipt model and the number formats every renderer shares */
#include "pos-receipt.h"

#include <string.h>

static void
pos_receipt_line_free (PosReceiptLine *line)
{
  if (line == NULL)
    return;
  g_free (line->description);
  g_free (line->price);
  g_free (line);
}

void
pos_receipt_token_free (PosReceiptToken *token)
{
  if (token == NULL)
    return;
  g_free (token->label);
  g_free (token);
}

PosReceipt *
pos_receipt_new (void)
{
  PosReceipt *receipt = g_new0 (PosReceipt, 1);

  receipt->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_receipt_line_free);
  receipt->tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_receipt_token_free);
  receipt->decimals = 2;
  receipt->show_money = TRUE;
  return receipt;
}

void
pos_receipt_free (PosReceipt *receipt)
{
  if (receipt == NULL)
    return;

  g_free (receipt->kind);
  g_free (receipt->utility_name);
  g_free (receipt->utility_address);
  g_free (receipt->utility_tax_number);
  g_free (receipt->vending_point);
  g_free (receipt->cashier);
  g_free (receipt->receipt_number);
  g_free (receipt->date_time);
  g_free (receipt->date_time_iso);
  g_free (receipt->customer_name);
  g_free (receipt->customer_account);
  g_free (receipt->customer_address);
  g_free (receipt->meter_number);
  g_free (receipt->sgc);
  g_free (receipt->tariff_name);
  g_free (receipt->currency);
  g_free (receipt->note);
  g_clear_pointer (&receipt->lines, g_ptr_array_unref);
  g_clear_pointer (&receipt->tokens, g_ptr_array_unref);
  g_free (receipt);
}

static gboolean
is_token_digits (const char *digits)
{
  if (digits == NULL)
    return FALSE;
  for (guint i = 0; i < 20; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  return TRUE;
}

gboolean
pos_receipt_add_token (PosReceipt          *receipt,
                       PosReceiptTokenKind  kind,
                       const char          *label,
                       const char          *digits)
{
  PosReceiptToken *token;

  g_return_val_if_fail (receipt != NULL, FALSE);

  if (!is_token_digits (digits) || digits[20] != '\0')
    return FALSE;

  token = g_new0 (PosReceiptToken, 1);
  token->kind = kind;
  token->label = g_strdup (label);
  memcpy (token->digits, digits, 20);
  token->digits[20] = '\0';
  g_ptr_array_add (receipt->tokens, token);
  return TRUE;
}

void
pos_receipt_add_line (PosReceipt *receipt,
                      const char *description,
                      gint64      kwh_tenths,
                      const char *price,
                      gint64      value)
{
  PosReceiptLine *line;

  g_return_if_fail (receipt != NULL);

  line = g_new0 (PosReceiptLine, 1);
  line->description = g_strdup (description);
  line->kwh_tenths = kwh_tenths;
  line->price = g_strdup (price);
  line->value = value;
  g_ptr_array_add (receipt->lines, line);
}

static PosReceiptToken *
token_copy (const PosReceiptToken *token,
            char                  *label)
{
  PosReceiptToken *copy = g_new0 (PosReceiptToken, 1);

  copy->kind = token->kind;
  copy->label = label;
  memcpy (copy->digits, token->digits, sizeof copy->digits);
  return copy;
}

GPtrArray *
pos_receipt_dup_tokens_in_order (const PosReceipt *receipt)
{
  GPtrArray *ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_receipt_token_free);
  guint n_key_change = 0;
  guint i_key_change = 0;

  g_return_val_if_fail (receipt != NULL, ordered);

  for (guint i = 0; i < receipt->tokens->len; i++)
    {
      const PosReceiptToken *token = g_ptr_array_index (receipt->tokens, i);
      if (token->kind == POS_RECEIPT_TOKEN_KEY_CHANGE)
        n_key_change++;
    }

  /* Key change tokens first: the meter refuses a token made with the new
   * key until the whole set has been entered. */
  for (guint i = 0; i < receipt->tokens->len; i++)
    {
      const PosReceiptToken *token = g_ptr_array_index (receipt->tokens, i);
      char *label;

      if (token->kind != POS_RECEIPT_TOKEN_KEY_CHANGE)
        continue;
      i_key_change++;
      if (token->label != NULL)
        label = g_strdup (token->label);
      else
        label = g_strdup_printf ("Key change %u of %u", i_key_change, n_key_change);
      g_ptr_array_add (ordered, token_copy (token, label));
    }

  for (guint i = 0; i < receipt->tokens->len; i++)
    {
      const PosReceiptToken *token = g_ptr_array_index (receipt->tokens, i);
      const char *fallback;

      if (token->kind == POS_RECEIPT_TOKEN_KEY_CHANGE)
        continue;
      fallback = token->kind == POS_RECEIPT_TOKEN_CREDIT ? "Credit" : "Engineering";
      g_ptr_array_add (ordered, token_copy (token, g_strdup (token->label != NULL ? token->label : fallback)));
    }

  return ordered;
}

static char *
format_money (gint64   minor,
              guint    decimals,
              gboolean group)
{
  GString *out = g_string_sized_new (32);
  guint64 magnitude;
  char digits[32];
  int n;
  int n_int;

  decimals = MIN (decimals, 18);

  /* The magnitude as unsigned, so that G_MININT64 does not overflow. */
  magnitude = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);

  /* Pad with leading zeros so that there is at least one integer digit. */
  if ((guint) n <= decimals)
    {
      char padded[32];
      int pad = (int) decimals + 1 - n;

      memset (padded, '0', pad);
      memcpy (padded + pad, digits, n + 1);
      memcpy (digits, padded, n + pad + 1);
      n += pad;
    }

  if (minor < 0)
    g_string_append_c (out, '-');

  n_int = n - (int) decimals;
  for (int i = 0; i < n_int; i++)
    {
      if (group && i > 0 && (n_int - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, digits[i]);
    }
  if (decimals > 0)
    {
      g_string_append_c (out, '.');
      g_string_append_len (out, digits + n_int, decimals);
    }

  return g_string_free (out, FALSE);
}

char *
pos_print_format_money (gint64 minor,
                        guint  decimals)
{
  return format_money (minor, decimals, TRUE);
}

char *
pos_print_format_money_plain (gint64 minor,
                              guint  decimals)
{
  return format_money (minor, decimals, FALSE);
}

char *
pos_print_format_kwh (gint64 tenths)
{
  return format_money (tenths, 1, FALSE);
}

char *
pos_print_format_token (const char digits[20])
{
  char out[25];
  guint o = 0;

  if (!is_token_digits (digits))
    return NULL;

  for (guint i = 0; i < 20; i++)
    {
      if (i > 0 && i % 4 == 0)
        out[o++] = ' ';
      out[o++] = digits[i];
    }
  out[o] = '\0';
  return g_strdup (out);
}
