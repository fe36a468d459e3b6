/* pos-print-cairo.c: helpers the cairo renderers share */
#include "pos-print-cairo-private.h"

#include <fontconfig/fontconfig.h>

#include "pos-print-error.h"
#include "pos-receipt-pdf.h"

cairo_status_t
pos_print_cairo_append (void                *closure,
                        const unsigned char *data,
                        unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

PangoLayout *
pos_print_cairo_layout (cairo_t    *cr,
                        const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoFontDescription *desc = pango_font_description_from_string (font);

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  /* One cairo unit is one point: font sizes are in points. */
  pango_cairo_context_set_resolution (context, 72);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_auto_dir (layout, TRUE);

  pango_font_description_free (desc);
  cairo_font_options_destroy (options);
  return layout;
}

void
pos_print_cairo_set_text (PangoLayout    *layout,
                          const char     *text,
                          PangoAlignment  align)
{
  PangoDirection dir;

  /* Deprecated only in favour of fribidi, which pango already uses for it. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dir = pango_find_base_dir (text, -1);
  G_GNUC_END_IGNORE_DEPRECATIONS

  pango_layout_set_text (layout, text, -1);

  /* With auto-dir, pango swaps LEFT and RIGHT for a paragraph whose
   * direction differs from the context's (left to right); undo that so
   * that the text lands where the caller asked. */
  if (dir == PANGO_DIRECTION_RTL && align != PANGO_ALIGN_CENTER)
    align = align == PANGO_ALIGN_LEFT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
  pango_layout_set_alignment (layout, align);
}

gboolean
pos_print_cairo_check (cairo_status_t   status,
                       const char      *what,
                       GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_RENDER_FAILED,
               "The %s could not be drawn: %s.", what, cairo_status_to_string (status));
  return FALSE;
}

gboolean
pos_print_write_file (GBytes      *bytes,
                      const char  *path,
                      GError     **error)
{
  GError *local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_IO,
                   "The file could not be written: %s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  return TRUE;
}

void
pos_print_release_caches (void)
{
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
}
