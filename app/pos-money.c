/* pos-money.c */
#include "pos-app-error.h"
#include "pos-money.h"

gboolean
pos_money_parse (const char  *text,
                 int          minor_digits,
                 gint64      *out_minor,
                 GError     **error)
{
  gint64 value = 0;
  int decimals = -1;
  gboolean digits = FALSE;

  g_return_val_if_fail (minor_digits >= 0 && minor_digits <= 6, FALSE);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (*p == '.' && decimals < 0)
        {
          decimals = 0;
          continue;
        }
      if (!g_ascii_isdigit (*p) || (decimals >= 0 && ++decimals > minor_digits)
          || value > (G_MAXINT64 - 9) / 10)
        {
          digits = FALSE;
          break;
        }
      value = value * 10 + (*p - '0');
      digits = TRUE;
    }
  if (!digits)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "“%s” is not an amount of money (digits, and at most %d decimals)",
                   text != NULL ? text : "", minor_digits);
      return FALSE;
    }
  for (int i = MAX (decimals, 0); i < minor_digits; i++)
    {
      if (value > G_MAXINT64 / 10)
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "“%s” is too large", text);
          return FALSE;
        }
      value *= 10;
    }
  if (value > POS_MONEY_MAX)
    {
      g_autofree char *most = pos_money_format (POS_MONEY_MAX, minor_digits);

      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "“%s” is too large (at most %s)", text, most);
      return FALSE;
    }
  *out_minor = value;
  return TRUE;
}

gboolean
pos_money_check (gint64       minor,
                 const char  *what,
                 GError     **error)
{
  if (minor >= 0 && minor <= POS_MONEY_MAX)
    return TRUE;
  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
               "%s must be from 0 to %" G_GINT64_FORMAT " minor units; %" G_GINT64_FORMAT " is outside",
               what, POS_MONEY_MAX, minor);
  return FALSE;
}

char *
pos_money_format (gint64 minor,
                  int    minor_digits)
{
  guint64 magnitude = minor < 0 ? (guint64) -(minor + 1) + 1 : (guint64) minor;
  guint64 scale = 1;

  for (int i = 0; i < minor_digits; i++)
    scale *= 10;
  if (minor_digits == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor < 0 ? "-" : "", magnitude);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, minor < 0 ? "-" : "",
                          magnitude / scale, minor_digits, magnitude % scale);
}

char *
pos_kwh_format (gint64 tenths)
{
  return pos_money_format (tenths, 1);
}
