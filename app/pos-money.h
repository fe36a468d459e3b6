/* pos-money.h: money as people type and read it, in integer minor units */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses "100", "100.5" or "100.50" (at most @minor_digits decimals, 0 to 6; no
 * sign, no thousands separators) into minor units. */
gboolean pos_money_parse  (const char  *text,
                           int          minor_digits,
                           gint64      *out_minor,
                           GError     **error);

/* "1234.50" for 123450 with 2 minor digits (a minus sign if negative). */
G_GNUC_WARN_UNUSED_RESULT
char    *pos_money_format (gint64 minor,
                           int    minor_digits);

/* "62.0" for 620 tenths of a kWh. */
G_GNUC_WARN_UNUSED_RESULT
char    *pos_kwh_format   (gint64 tenths);

G_END_DECLS
