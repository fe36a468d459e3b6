/* pos-escpos.c: receipts as ESC/POS bytes (Epson's command set, which the
 * common 58 and 80 mm thermal printers follow) */
#include "pos-escpos.h"

#include <string.h>

#include "pos-print-error.h"

#define ESC 0x1b
#define GS  0x1d
#define LF  0x0a

typedef enum
{
  ALIGN_LEFT,
  ALIGN_CENTER,
  ALIGN_RIGHT,
} Align;

typedef struct
{
  GByteArray *out;
  guint       columns;
  GError     *error;      /* the first conversion error, if any */
} Writer;

char *
pos_escpos_transliterate (const char  *text,
                          GError     **error)
{
  g_autofree char *valid = NULL;
  g_autofree char *composed = NULL;
  g_autoptr(GString) clean = NULL;
  GError *local_error = NULL;
  char *converted;

  if (text == NULL)
    return g_strdup ("");

  /* Precomposed forms first, so that "e" + U+0301 prints as one é. */
  valid = g_utf8_make_valid (text, -1);
  composed = g_utf8_normalize (valid, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  clean = g_string_sized_new (strlen (composed));
  for (const char *p = composed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (clean, ' ');
      else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (clean, '?');
      else
        g_string_append_unichar (clean, c);
    }

  converted = g_convert_with_fallback (clean->str, clean->len, "CP850", "UTF-8", "?",
                                       NULL, NULL, &local_error);
  if (converted == NULL)
    {
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_RENDER_FAILED,
                   "Text cannot be converted for the receipt printer: %s", local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  return converted;
}

static void
put (Writer     *w,
     const char *bytes,
     gsize       len)
{
  g_byte_array_append (w->out, (const guint8 *) bytes, len);
}

static void
put_cmd (Writer      *w,
         const guint8 *bytes,
         gsize        len)
{
  g_byte_array_append (w->out, bytes, len);
}

static void
put_spaces (Writer *w,
            gsize   n)
{
  for (gsize i = 0; i < n; i++)
    g_byte_array_append (w->out, (const guint8 *) " ", 1);
}

static void
bold (Writer   *w,
      gboolean  on)
{
  const guint8 cmd[] = { ESC, 'E', on ? 1 : 0 };
  put_cmd (w, cmd, sizeof cmd);
}

/* GS ! n: bits 0-2 height multiple - 1, bits 4-6 width multiple - 1. */
static void
size (Writer *w,
      guint   width,
      guint   height)
{
  const guint8 cmd[] = { GS, '!', (guint8) (((width - 1) << 4) | (height - 1)) };
  put_cmd (w, cmd, sizeof cmd);
}

static void
newline (Writer *w)
{
  const guint8 lf = LF;
  put_cmd (w, &lf, 1);
}

/* One line of at most @width columns of code page bytes, aligned. */
static void
put_aligned (Writer     *w,
             const char *text,
             gsize       len,
             gsize       width,
             Align       align)
{
  gsize pad = width > len ? width - len : 0;

  if (align == ALIGN_CENTER)
    put_spaces (w, pad / 2);
  else if (align == ALIGN_RIGHT)
    put_spaces (w, pad);
  put (w, text, len);
  newline (w);
}

/* Word-wraps code page text to @width columns: breaks at spaces, and cuts
 * a word longer than a whole line. */
static void
put_wrapped_cp (Writer     *w,
                const char *text,
                gsize       width,
                Align       align)
{
  gsize len = strlen (text);
  gsize start = 0;

  while (start < len && text[start] == ' ')
    start++;
  if (start == len)
    return;

  while (start < len)
    {
      gsize end = start;
      gsize line_end = start;

      /* The longest run of whole words that fits. */
      while (end < len)
        {
          gsize word_end = end;

          while (word_end < len && text[word_end] == ' ')
            word_end++;
          while (word_end < len && text[word_end] != ' ')
            word_end++;
          if (word_end - start > width)
            break;
          end = word_end;
          line_end = word_end;
        }

      if (line_end == start)
        line_end = start + width;   /* one word longer than the line */

      put_aligned (w, text + start, line_end - start, width, align);

      start = line_end;
      while (start < len && text[start] == ' ')
        start++;
    }
}

static char *
to_cp (Writer     *w,
       const char *utf8)
{
  GError *error = NULL;
  char *cp = pos_escpos_transliterate (utf8, &error);

  if (cp == NULL)
    {
      if (w->error == NULL)
        w->error = error;
      else
        g_error_free (error);
      return g_strdup ("");
    }
  return cp;
}

static void
put_wrapped (Writer     *w,
             const char *utf8,
             gsize       width,
             Align       align)
{
  g_autofree char *cp = NULL;

  if (utf8 == NULL || *utf8 == '\0')
    return;
  cp = to_cp (w, utf8);
  put_wrapped_cp (w, cp, width, align);
}

/* "Label          value": the value right-aligned.  When both do not fit
 * on one line, the label wraps on its own and the value follows on the
 * next line(s), right-aligned. */
static void
put_pair (Writer     *w,
          const char *label,
          const char *value)
{
  g_autofree char *l = NULL;
  g_autofree char *v = NULL;
  gsize ll;
  gsize vl;

  if (value == NULL || *value == '\0')
    return;

  l = to_cp (w, label);
  v = to_cp (w, value);
  ll = strlen (l);
  vl = strlen (v);

  if (ll + 1 + vl <= w->columns)
    {
      put (w, l, ll);
      put_spaces (w, w->columns - ll - vl);
      put (w, v, vl);
      newline (w);
    }
  else
    {
      put_wrapped_cp (w, l, w->columns, ALIGN_LEFT);
      put_wrapped_cp (w, v, w->columns, ALIGN_RIGHT);
    }
}

static void
put_money (Writer           *w,
           const PosReceipt *r,
           const char       *label,
           gint64            minor)
{
  g_autofree char *amount = pos_print_format_money (minor, r->decimals);
  g_autofree char *value = NULL;

  value = r->currency != NULL ? g_strconcat (r->currency, " ", amount, NULL) : g_strdup (amount);
  put_pair (w, label, value);
}

static void
put_rule (Writer *w)
{
  for (guint i = 0; i < w->columns; i++)
    put (w, "-", 1);
  newline (w);
}

/* A banner in bold double width and height, centred: COPY, REVERSAL. */
static void
put_banner (Writer     *w,
            const char *text)
{
  bold (w, TRUE);
  size (w, 2, 2);
  put_wrapped (w, text, w->columns / 2, ALIGN_CENTER);
  size (w, 1, 1);
  bold (w, FALSE);
}

/* GS ( k pL pH cn fn [params]: one QR code function. */
static void
put_qr_function (Writer       *w,
                 guint8        fn,
                 const guint8 *params,
                 gsize         n_params)
{
  gsize len = n_params + 2;
  const guint8 head[] = { GS, '(', 'k', (guint8) (len & 0xff), (guint8) (len >> 8), 49, fn };

  put_cmd (w, head, sizeof head);
  put_cmd (w, params, n_params);
}

static void
put_qr (Writer     *w,
        const char *data)
{
  const guint8 model[] = { 50, 0 };                        /* fn 65: model 2 */
  const guint8 module[] = { w->columns >= 48 ? 6 : 4 };    /* fn 67: dot size of a module */
  const guint8 level[] = { 49 };                           /* fn 69: error correction M */
  const guint8 print[] = { 48 };                           /* fn 81: print the stored symbol */
  const guint8 center[] = { ESC, 'a', 1 };
  const guint8 left[] = { ESC, 'a', 0 };
  g_autofree guint8 *store = NULL;
  gsize len = strlen (data);

  store = g_malloc (len + 1);
  store[0] = 48;                                           /* fn 80: store data, m = 48 */
  memcpy (store + 1, data, len);

  put_cmd (w, center, sizeof center);
  put_qr_function (w, 65, model, sizeof model);
  put_qr_function (w, 67, module, sizeof module);
  put_qr_function (w, 69, level, sizeof level);
  put_qr_function (w, 80, store, len + 1);
  put_qr_function (w, 81, print, sizeof print);
  newline (w);
  put_cmd (w, left, sizeof left);
}

GBytes *
pos_escpos_render_receipt (const PosReceipt  *r,
                           guint              columns,
                           gboolean           qr,
                           GError           **error)
{
  static const guint8 init[] = { ESC, '@', ESC, 't', POS_ESCPOS_CODE_PAGE };
  static const guint8 feed_cut[] = { ESC, 'd', 4, GS, 'V', 1 };
  Writer w = { NULL, columns, NULL };
  g_autoptr(GPtrArray) tokens = NULL;
  const PosReceiptToken *credit = NULL;

  g_return_val_if_fail (r != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (columns < 24 || columns > 64)
    {
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_INVALID,
                   "A receipt printer %u characters wide is not supported; use 24 to 64.", columns);
      return NULL;
    }

  w.out = g_byte_array_sized_new (2048);
  put_cmd (&w, init, sizeof init);

  /* Header: who sells. */
  bold (&w, TRUE);
  size (&w, 1, 2);
  put_wrapped (&w, r->utility_name, columns, ALIGN_CENTER);
  size (&w, 1, 1);
  bold (&w, FALSE);
  put_wrapped (&w, r->utility_address, columns, ALIGN_CENTER);
  if (r->utility_tax_number != NULL)
    {
      g_autofree char *tax = g_strconcat ("Tax no. ", r->utility_tax_number, NULL);
      put_wrapped (&w, tax, columns, ALIGN_CENTER);
    }

  if (r->copy)
    put_banner (&w, "COPY");
  if (r->reversal)
    put_banner (&w, "REVERSAL");
  if (r->kind != NULL)
    {
      bold (&w, TRUE);
      put_wrapped (&w, r->kind, columns, ALIGN_CENTER);
      bold (&w, FALSE);
    }

  put_rule (&w);
  put_pair (&w, "Receipt", r->receipt_number);
  put_pair (&w, "Date", r->date_time);
  put_pair (&w, "Vending point", r->vending_point);
  put_pair (&w, "Cashier", r->cashier);

  put_rule (&w);
  put_pair (&w, "Customer", r->customer_name);
  put_pair (&w, "Account", r->customer_account);
  put_wrapped (&w, r->customer_address, columns, ALIGN_LEFT);
  put_pair (&w, "Meter", r->meter_number);
  if (r->sgc != NULL)
    {
      g_autofree char *ids = g_strdup_printf ("SGC %s  KRN %u  TI %02u", r->sgc, r->krn, r->ti);
      put_wrapped (&w, ids, columns, ALIGN_LEFT);
    }

  if (r->tariff_name != NULL || r->lines->len > 0)
    {
      put_rule (&w);
      put_pair (&w, "Tariff", r->tariff_name);
      for (guint i = 0; i < r->lines->len; i++)
        {
          const PosReceiptLine *line = g_ptr_array_index (r->lines, i);
          g_autofree char *kwh = pos_print_format_kwh (line->kwh_tenths);
          g_autofree char *value = pos_print_format_money (line->value, r->decimals);
          g_autofree char *detail = NULL;

          put_wrapped (&w, line->description, columns, ALIGN_LEFT);
          detail = g_strdup_printf ("  %s kWh x %s", kwh, line->price != NULL ? line->price : "");
          put_pair (&w, detail, value);
        }
    }

  if (r->show_money)
    {
      g_autofree char *kwh = pos_print_format_kwh (r->kwh_tenths);
      g_autofree char *units = g_strconcat (kwh, " kWh", NULL);

      put_rule (&w);
      put_money (&w, r, "Amount tendered", r->amount_tendered);
      if (r->fixed_charges != 0)
        put_money (&w, r, "Fixed charges", r->fixed_charges);
      if (r->debt_recovered != 0 || r->debt_balance != 0)
        {
          put_money (&w, r, "Debt recovered", r->debt_recovered);
          put_money (&w, r, "Debt balance", r->debt_balance);
        }
      put_money (&w, r, "VAT", r->vat);
      put_money (&w, r, "Energy amount", r->energy_amount);
      bold (&w, TRUE);
      put_pair (&w, "Units", units);
      bold (&w, FALSE);
    }

  tokens = pos_receipt_dup_tokens_in_order (r);
  for (guint i = 0; i < tokens->len; i++)
    {
      const PosReceiptToken *token = g_ptr_array_index (tokens, i);
      g_autofree char *grouped = pos_print_format_token (token->digits);

      if (i == 0)
        put_rule (&w);
      put_wrapped (&w, token->label, columns, ALIGN_LEFT);
      bold (&w, TRUE);
      size (&w, 1, 2);
      put_wrapped (&w, grouped, columns, ALIGN_CENTER);
      size (&w, 1, 1);
      bold (&w, FALSE);
      if (credit == NULL && token->kind == POS_RECEIPT_TOKEN_CREDIT)
        credit = token;
    }

  if (r->show_money)
    {
      put_rule (&w);
      bold (&w, TRUE);
      put_money (&w, r, "Change due", r->change_due);
      bold (&w, FALSE);
    }

  if (qr && credit != NULL)
    put_qr (&w, credit->digits);

  if (r->note != NULL)
    {
      put_rule (&w);
      put_wrapped (&w, r->note, columns, ALIGN_LEFT);
    }
  if (r->copy)
    put_banner (&w, "COPY");

  put_cmd (&w, feed_cut, sizeof feed_cut);

  if (w.error != NULL)
    {
      g_propagate_error (error, w.error);
      g_byte_array_unref (w.out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (w.out);
}
