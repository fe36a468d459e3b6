/* main.c: stsvend, the GTK cashier app */
#include "pos-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PosApplication) app = pos_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
