/* main.c: stsvend, the GTK cashier app */
#include <locale.h>

#include <glib/gi18n.h>

#include "pos-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PosApplication) app = NULL;

  /* the user's language; GTK then lays out right to left for Persian */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("STSVEND_LOCALEDIR") != NULL ? g_getenv ("STSVEND_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pos_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
