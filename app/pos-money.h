/* pos-money.h: money as people type and read it, in integer minor units */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest amount of money stsvend takes anywhere (a vend, a float, a
 * charge, a debt, a limit, a price): 10^14 minor units, a trillion at two
 * decimals.  Below it a quote's products fit in 64 bits; the quote still
 * checks each one. */
#define POS_MONEY_MAX G_GINT64_CONSTANT (100000000000000)

/* A tariff step's monthly limit, in tenths of a kWh: 100 million kWh. */
#define POS_TARIFF_STEP_MAX 1000000000

/* Whether @minor is an amount stsvend takes: 0 to POS_MONEY_MAX.  If not,
 * sets a POS_APP_ERROR_BAD_REQUEST naming @what. */
gboolean pos_money_check  (gint64       minor,
                           const char  *what,
                           GError     **error);

/* Parses "100", "100.5" or "100.50" (at most @minor_digits decimals, 0 to 6; no
 * sign, no thousands separators) into minor units, at most POS_MONEY_MAX. */
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
