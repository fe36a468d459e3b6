/* vend-loop.c: the crash and concurrency tests' seller.  "vend-loop DB
 * setup" creates a small demo database; "vend-loop DB" sells credit in a
 * loop, printing each token (flushed) only after pos_vend() has returned
 * it, until it is killed; "vend-loop DB count N" sells N times to the
 * first customer's meter and exits 0, or 1 at the first refusal. */
#include <stdio.h>
#include <string.h>

#include "pos-app.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(GError) error = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "usage: vend-loop DB [setup]\n");
      return 2;
    }
  /* A cheap scrypt cost keeps each start short; the test is about crashes. */
  pos_context_set_kdf_cost (context, 10);
  if (!pos_context_open_database (context, argv[1], &error))
    g_error ("%s", error->message);

  if (argc > 2 && strcmp (argv[2], "setup") == 0)
    {
      if (!pos_admin_demo (context, 20, &error)
          || pos_shift_open (context, "Main office", 0, &error) == 0)
        g_error ("%s", error->message);
      return 0;
    }

  if (!pos_context_login (context, "admin", POS_DEMO_ADMIN_PASSWORD, &error)
      || !pos_context_unlock_keys (context, POS_DEMO_PASSPHRASE, &error))
    g_error ("%s", error->message);

  if (argc > 3 && strcmp (argv[2], "count") == 0)
    {
      guint n = (guint) g_ascii_strtoull (argv[3], NULL, 10);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(JsonArray) found = pos_customer_find (context, "ACC-000001", 1, &error);
          PosVendResult r;
          const char *pan;

          if (found == NULL || json_array_get_length (found) != 1)
            {
              fprintf (stderr, "vend-loop: no customer ACC-000001: %s\n", error != NULL ? error->message : "");
              return 1;
            }
          pan = json_object_get_string_member (
            json_array_get_object_element (json_object_get_array_member (json_array_get_object_element (found, 0),
                                                                         "meters"), 0), "pan");
          if (!pos_vend (context, pan, 1000, &r, &error))
            {
              fprintf (stderr, "vend-loop: vend %u: %s\n", i + 1, error->message);
              return 1;
            }
          printf ("%s %s %" G_GINT64_FORMAT " %u\n", pan, r.token, r.receipt_no, r.tid);
          fflush (stdout);
        }
      return 0;
    }

  for (guint i = 0;; i++)
    {
      g_autoptr(JsonArray) found = NULL;
      g_autofree char *account = g_strdup_printf ("ACC-%06u", 1 + i % 20);
      PosVendResult r;
      const char *pan;

      found = pos_customer_find (context, account, 1, &error);
      if (found == NULL || json_array_get_length (found) != 1)
        g_error ("no customer %s", account);
      pan = json_object_get_string_member (
        json_array_get_object_element (json_object_get_array_member (json_array_get_object_element (found, 0),
                                                                     "meters"), 0), "pan");
      if (!pos_vend (context, pan, 1000 + (gint64) (i % 50) * 100, &r, &error))
        g_error ("vend: %s", error->message);
      printf ("%s %s %" G_GINT64_FORMAT " %u\n", pan, r.token, r.receipt_no, r.tid);
      fflush (stdout);
    }
}
