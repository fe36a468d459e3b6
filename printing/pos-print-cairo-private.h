/* pos-print-cairo-private.h: what the cairo renderers of printing/ share
 * (never leaves the folder) */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

#define POS_PT_PER_MM (72.0 / 25.4)

/* cairo_write_func_t appending to the GByteArray @closure. */
cairo_status_t pos_print_cairo_append   (void                *closure,
                                         const unsigned char *data,
                                         unsigned int         length);

/* A layout for @cr with metrics that do not depend on the surface
 * (no hinting), so that a measuring pass and the drawing pass agree. */
PangoLayout   *pos_print_cairo_layout   (cairo_t    *cr,
                                         const char *font);

/* Sets @text and, from its first strong character, the alignment that
 * puts it at @align's edge whatever its direction. */
void           pos_print_cairo_set_text (PangoLayout    *layout,
                                         const char     *text,
                                         PangoAlignment  align);

/* Sets a POS_PRINT_ERROR_RENDER_FAILED from @status, when it is an error. */
gboolean       pos_print_cairo_check    (cairo_status_t   status,
                                         const char      *what,
                                         GError         **error);

/* Copies @bytes to @path atomically; POS_PRINT_ERROR_IO on failure. */
gboolean       pos_print_write_file     (GBytes      *bytes,
                                         const char  *path,
                                         GError     **error);

G_END_DECLS
