/* pos-application.c: the AdwApplication: the command line (--db), the
 * application actions, and one window on one database */
#include <glib/gi18n.h>

#include "config.h"

#include "pos-app.h"

#include "pos-application.h"
#include "pos-window.h"

struct _PosApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
};

G_DEFINE_FINAL_TYPE (PosApplication, pos_application, ADW_TYPE_APPLICATION)

static void
pos_application_finalize (GObject *object)
{
  PosApplication *self = POS_APPLICATION (object);

  g_free (self->db_path);

  G_OBJECT_CLASS (pos_application_parent_class)->finalize (object);
}

/* --db PATH, else $STSVEND_DB, else the per-user default. */
static int
pos_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  PosApplication *self = POS_APPLICATION (application);
  const char *env = g_getenv ("STSVEND_DB");
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("stsvend %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "db", "^ay", &path))
    self->db_path = g_steal_pointer (&path);
  else if (env != NULL && env[0] != '\0')
    self->db_path = g_strdup (env);
  else
    self->db_path = pos_database_default_path ();
  return -1;
}

static void
pos_application_activate (GApplication *application)
{
  PosApplication *self = POS_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      g_autoptr(PosContext) context = pos_context_new ();

      window = GTK_WINDOW (pos_window_new (self, context, self->db_path));
    }
  gtk_window_present (window);
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The stsvend developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "stsvend",
                         "application-icon", POS_APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Sell prepaid electricity as STS tokens"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated_cb },
  { .name = "about", .activate = about_activated_cb },
};

static void
pos_application_startup (GApplication *application)
{
  GtkApplication *app = GTK_APPLICATION (application);
  /* The window's shortcuts are bound in PosWindow itself. */
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
  };

  G_APPLICATION_CLASS (pos_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (gsize i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
}

static void
pos_application_class_init (PosApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pos_application_finalize;
  app_class->handle_local_options = pos_application_handle_local_options;
  app_class->startup = pos_application_startup;
  app_class->activate = pos_application_activate;
}

static void
pos_application_init (PosApplication *self)
{
  const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, "The database file (default: $STSVEND_DB, else the per-user one)",
      "PATH" },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, "Show the version and exit", NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

PosApplication *
pos_application_new (void)
{
  return g_object_new (POS_TYPE_APPLICATION,
                       "application-id", POS_APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
