/* pos-receipt-pdf.c: receipts drawn with cairo and laid out by pango */
#include "pos-receipt-pdf.h"

#include <math.h>
#include <cairo-pdf.h>

#include "pos-print-cairo-private.h"
#include "pos-print-error.h"

/* One column of text flowing down one or more pages. */
typedef struct
{
  cairo_t     *cr;
  double       x;
  double       width;
  double       top;
  double       bottom;     /* G_MAXDOUBLE on a roll: one endless page */
  double       y;
  PangoLayout *body;
  PangoLayout *strong;
  PangoLayout *heading;
  PangoLayout *banner;
  PangoLayout *token;
} Sheet;

typedef struct
{
  double page_width;
  double page_height;      /* 0 on a roll: as long as the receipt */
  double margin;
  double max_width;        /* of the text column */
  double font_size;
} PaperSpec;

static PaperSpec
paper_spec (PosPaper paper)
{
  switch (paper)
    {
    case POS_PAPER_A4:
      return (PaperSpec) { 210 * POS_PT_PER_MM, 297 * POS_PT_PER_MM, 20 * POS_PT_PER_MM, 380, 10 };
    case POS_PAPER_A5:
      return (PaperSpec) { 148 * POS_PT_PER_MM, 210 * POS_PT_PER_MM, 12 * POS_PT_PER_MM, 340, 9 };
    case POS_PAPER_ROLL_58MM:
      return (PaperSpec) { 58 * POS_PT_PER_MM, 0, 3 * POS_PT_PER_MM, 1000, 7 };
    case POS_PAPER_ROLL_80MM:
    default:
      return (PaperSpec) { 80 * POS_PT_PER_MM, 0, 4 * POS_PT_PER_MM, 1000, 8 };
    }
}

static PangoLayout *
sheet_layout (Sheet      *s,
              const char *family,
              const char *weight,
              double      size)
{
  g_autofree char *font = NULL;
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  /* The size is written with '.', whatever the locale. */
  g_ascii_formatd (num, sizeof num, "%.1f", size);
  font = g_strdup_printf ("%s %s %s", family, weight, num);
  return pos_print_cairo_layout (s->cr, font);
}

static void
sheet_init (Sheet           *s,
            cairo_t         *cr,
            const PaperSpec *spec)
{
  double token_size;

  s->cr = cr;
  s->width = MIN (spec->page_width - 2 * spec->margin, spec->max_width);
  s->x = (spec->page_width - s->width) / 2;
  s->top = spec->margin;
  s->bottom = spec->page_height > 0 ? spec->page_height - spec->margin : G_MAXDOUBLE;
  s->y = s->top;

  /* The token's 24 characters must fit across the column. */
  token_size = MIN (spec->font_size * 1.6, s->width / 15.5);

  s->body = sheet_layout (s, "DejaVu Sans", "", spec->font_size);
  s->strong = sheet_layout (s, "DejaVu Sans", "Bold", spec->font_size);
  s->heading = sheet_layout (s, "DejaVu Sans", "Bold", spec->font_size * 1.4);
  s->banner = sheet_layout (s, "DejaVu Sans", "Bold", spec->font_size * 2);
  s->token = sheet_layout (s, "DejaVu Sans Mono", "Bold", token_size);
}

static void
sheet_clear (Sheet *s)
{
  g_clear_object (&s->body);
  g_clear_object (&s->strong);
  g_clear_object (&s->heading);
  g_clear_object (&s->banner);
  g_clear_object (&s->token);
}

/* Starts a new page when @height does not fit on this one. */
static void
sheet_reserve (Sheet  *s,
               double  height)
{
  if (s->y + height > s->bottom && s->y > s->top)
    {
      cairo_show_page (s->cr);
      s->y = s->top;
    }
}

static double
layout_height (PangoLayout *layout)
{
  int w;
  int h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_natural_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static void
sheet_text (Sheet          *s,
            PangoLayout    *layout,
            const char     *text,
            PangoAlignment  align)
{
  double h;

  if (text == NULL || *text == '\0')
    return;

  pango_layout_set_width (layout, (int) (s->width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pos_print_cairo_set_text (layout, text, align);
  h = layout_height (layout);
  sheet_reserve (s, h);
  cairo_move_to (s->cr, s->x, s->y);
  pango_cairo_show_layout (s->cr, layout);
  s->y += h;
}

/* "Label ...... value", the value at the right edge; when both do not fit
 * on one line the value goes below the label. */
static void
sheet_pair (Sheet       *s,
            PangoLayout *layout,
            const char  *label,
            const char  *value)
{
  double label_w;
  double value_w;
  double h;

  if (value == NULL || *value == '\0')
    return;

  pango_layout_set_width (layout, -1);
  pos_print_cairo_set_text (layout, label, PANGO_ALIGN_LEFT);
  label_w = layout_natural_width (layout);
  pos_print_cairo_set_text (layout, value, PANGO_ALIGN_RIGHT);
  value_w = layout_natural_width (layout);

  if (label_w + value_w + 6 > s->width)
    {
      sheet_text (s, layout, label, PANGO_ALIGN_LEFT);
      sheet_text (s, layout, value, PANGO_ALIGN_RIGHT);
      return;
    }

  pango_layout_set_width (layout, (int) (s->width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pos_print_cairo_set_text (layout, label, PANGO_ALIGN_LEFT);
  h = layout_height (layout);
  sheet_reserve (s, h);
  cairo_move_to (s->cr, s->x, s->y);
  pango_cairo_show_layout (s->cr, layout);
  pos_print_cairo_set_text (layout, value, PANGO_ALIGN_RIGHT);
  cairo_move_to (s->cr, s->x, s->y);
  pango_cairo_show_layout (s->cr, layout);
  s->y += MAX (h, layout_height (layout));
}

static void
sheet_money (Sheet            *s,
             PangoLayout      *layout,
             const PosReceipt *r,
             const char       *label,
             gint64            minor)
{
  g_autofree char *amount = pos_print_format_money (minor, r->decimals);
  g_autofree char *value = NULL;

  value = r->currency != NULL ? g_strconcat (r->currency, " ", amount, NULL) : g_strdup (amount);
  sheet_pair (s, layout, label, value);
}

static void
sheet_rule (Sheet *s)
{
  double gap = layout_height (s->body) / 2;

  sheet_reserve (s, gap * 2);
  s->y += gap;
  cairo_set_line_width (s->cr, 0.5);
  cairo_move_to (s->cr, s->x, s->y);
  cairo_line_to (s->cr, s->x + s->width, s->y);
  cairo_stroke (s->cr);
  s->y += gap;
}

static void
draw_receipt (Sheet            *s,
              const PosReceipt *r)
{
  g_autoptr(GPtrArray) tokens = NULL;

  cairo_set_source_rgb (s->cr, 0, 0, 0);

  sheet_text (s, s->heading, r->utility_name, PANGO_ALIGN_CENTER);
  sheet_text (s, s->body, r->utility_address, PANGO_ALIGN_CENTER);
  if (r->utility_tax_number != NULL)
    {
      g_autofree char *tax = g_strconcat ("Tax no. ", r->utility_tax_number, NULL);
      sheet_text (s, s->body, tax, PANGO_ALIGN_CENTER);
    }
  if (r->copy)
    sheet_text (s, s->banner, "COPY", PANGO_ALIGN_CENTER);
  if (r->reversal)
    sheet_text (s, s->banner, "REVERSAL", PANGO_ALIGN_CENTER);
  sheet_text (s, s->strong, r->kind, PANGO_ALIGN_CENTER);

  sheet_rule (s);
  sheet_pair (s, s->body, "Receipt", r->receipt_number);
  sheet_pair (s, s->body, "Date", r->date_time);
  sheet_pair (s, s->body, "Vending point", r->vending_point);
  sheet_pair (s, s->body, "Cashier", r->cashier);

  sheet_rule (s);
  sheet_pair (s, s->body, "Customer", r->customer_name);
  sheet_pair (s, s->body, "Account", r->customer_account);
  sheet_text (s, s->body, r->customer_address, PANGO_ALIGN_LEFT);
  sheet_pair (s, s->body, "Meter", r->meter_number);
  if (r->sgc != NULL)
    {
      g_autofree char *ids = g_strdup_printf ("SGC %s   KRN %u   TI %02u", r->sgc, r->krn, r->ti);
      sheet_text (s, s->body, ids, PANGO_ALIGN_LEFT);
    }

  if (r->tariff_name != NULL || r->lines->len > 0)
    {
      sheet_rule (s);
      sheet_pair (s, s->body, "Tariff", r->tariff_name);
      for (guint i = 0; i < r->lines->len; i++)
        {
          const PosReceiptLine *line = g_ptr_array_index (r->lines, i);
          g_autofree char *kwh = pos_print_format_kwh (line->kwh_tenths);
          g_autofree char *value = pos_print_format_money (line->value, r->decimals);
          g_autofree char *detail = NULL;

          sheet_text (s, s->body, line->description, PANGO_ALIGN_LEFT);
          detail = g_strdup_printf ("    %s kWh \u00d7 %s", kwh, line->price != NULL ? line->price : "");
          sheet_pair (s, s->body, detail, value);
        }
    }

  if (r->show_money)
    {
      g_autofree char *kwh = pos_print_format_kwh (r->kwh_tenths);
      g_autofree char *units = g_strconcat (kwh, " kWh", NULL);

      sheet_rule (s);
      sheet_money (s, s->body, r, "Amount tendered", r->amount_tendered);
      if (r->fixed_charges != 0)
        sheet_money (s, s->body, r, "Fixed charges", r->fixed_charges);
      if (r->debt_recovered != 0 || r->debt_balance != 0)
        {
          sheet_money (s, s->body, r, "Debt recovered", r->debt_recovered);
          sheet_money (s, s->body, r, "Debt balance", r->debt_balance);
        }
      sheet_money (s, s->body, r, "VAT", r->vat);
      sheet_money (s, s->body, r, "Energy amount", r->energy_amount);
      sheet_pair (s, s->strong, "Units", units);
    }

  tokens = pos_receipt_dup_tokens_in_order (r);
  for (guint i = 0; i < tokens->len; i++)
    {
      const PosReceiptToken *token = g_ptr_array_index (tokens, i);
      g_autofree char *grouped = pos_print_format_token (token->digits);

      if (i == 0)
        sheet_rule (s);
      sheet_text (s, s->strong, token->label, PANGO_ALIGN_LEFT);
      sheet_text (s, s->token, grouped, PANGO_ALIGN_CENTER);
    }

  if (r->show_money)
    {
      sheet_rule (s);
      sheet_money (s, s->strong, r, "Change due", r->change_due);
    }
  if (r->note != NULL)
    {
      sheet_rule (s);
      sheet_text (s, s->body, r->note, PANGO_ALIGN_LEFT);
    }
  if (r->copy)
    sheet_text (s, s->banner, "COPY", PANGO_ALIGN_CENTER);
}

/* How long the receipt is on @spec's paper, drawn without a page end. */
static double
measure_receipt (const PosReceipt *r,
                 const PaperSpec  *spec)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  Sheet s = { 0 };
  double height;

  sheet_init (&s, cr, spec);
  draw_receipt (&s, r);
  height = s.y + spec->margin;
  sheet_clear (&s);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return ceil (height);
}

GBytes *
pos_receipt_render_pdf (const PosReceipt  *r,
                        PosPaper           paper,
                        GError           **error)
{
  PaperSpec spec = paper_spec (paper);
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Sheet s = { 0 };
  double height;

  g_return_val_if_fail (r != NULL, NULL);

  height = spec.page_height > 0 ? spec.page_height : measure_receipt (r, &spec);
  surface = cairo_pdf_surface_create_for_stream (pos_print_cairo_append, out, spec.page_width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  r->receipt_number != NULL ? r->receipt_number : "Receipt");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "stsvend");
  if (r->date_time_iso != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, r->date_time_iso);

  cr = cairo_create (surface);
  sheet_init (&s, cr, &spec);
  draw_receipt (&s, r);
  sheet_clear (&s);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!pos_print_cairo_check (status, "receipt", error))
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (out);
}

gboolean
pos_receipt_write_pdf (const PosReceipt  *r,
                       PosPaper           paper,
                       const char        *path,
                       GError           **error)
{
  g_autoptr(GBytes) pdf = pos_receipt_render_pdf (r, paper, error);

  return pdf != NULL && pos_print_write_file (pdf, path, error);
}

GBytes *
pos_receipt_render_png (const PosReceipt  *r,
                        guint              width_px,
                        GError           **error)
{
  PaperSpec spec = paper_spec (POS_PAPER_ROLL_80MM);
  GByteArray *out;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Sheet s = { 0 };
  double scale;
  double height;

  g_return_val_if_fail (r != NULL, NULL);

  if (width_px < 100 || width_px > 4000)
    {
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_INVALID,
                   "A preview %u pixels wide is not supported; use 100 to 4000.", width_px);
      return NULL;
    }

  scale = width_px / spec.page_width;
  height = measure_receipt (r, &spec);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width_px, (int) ceil (height * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  sheet_init (&s, cr, &spec);
  draw_receipt (&s, r);
  sheet_clear (&s);
  status = cairo_status (cr);
  cairo_destroy (cr);

  out = g_byte_array_new ();
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, pos_print_cairo_append, out);
  cairo_surface_destroy (surface);

  if (!pos_print_cairo_check (status, "receipt preview", error))
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (out);
}
