/* pos-bidi.c: left-to-right isolates for numbers and paths (UAX #9, 2.4
 * "Explicit Directional Isolates") */
#include "pos-bidi.h"

char *
pos_ltr (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return g_strdup ("");
  return g_strconcat (POS_LRI, text, POS_PDI, NULL);
}

char *
pos_ltr_int (gint64 value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return pos_ltr (text);
}

char *
pos_ltr_token (const char *token)
{
  GString *grouped;

  if (token == NULL || token[0] == '\0')
    return g_strdup ("");
  grouped = g_string_new (POS_LRI);
  for (gsize i = 0; token[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (grouped, ' ');
      g_string_append_c (grouped, token[i]);
    }
  g_string_append (grouped, POS_PDI);
  return g_string_free (grouped, FALSE);
}
