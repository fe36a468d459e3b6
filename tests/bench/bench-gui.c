/* bench-gui.c: the cashier app's cold start and memory.
 *
 *   bench-gui [--customers N]
 *
 * For the demonstration database (2000 customers) and a generated one of
 * N customers (default 1 000 000), starts the window in a fresh process
 * (this program again, with --child) and prints the time from the spawn
 * to the first frame, to the login screen (the database open), and to
 * the Vend page after logging in with a search answered, with the memory
 * in use (VmRSS) at each point.  Targets (issue 6): first frame < 0.5 s,
 * < 120 MB.  Figures only: nothing is asserted.  Needs a display (meson
 * runs it under xvfb-run). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pos-app.h"
#include "pos-context-private.h"
#include "pos-db-private.h"
#include "pos-login-page.h"
#include "pos-vend-page.h"
#include "pos-window.h"

#define check(expr, error) \
  G_STMT_START { \
    if (!(expr)) \
      g_error ("%s: %s", #expr, (error) != NULL ? (error)->message : "failed"); \
  } G_STMT_END

/* -- the child: one cold start ------------------------------------------------- */

typedef struct
{
  gint64     spawned;      /* the parent's monotonic time at the spawn */
  PosWindow *window;
  gboolean   first_frame;
  gboolean   login_shown;
  gboolean   done;
} Child;

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}

static void
report (Child      *c,
        const char *what)
{
  printf ("%s %.3f %.1f\n", what, (g_get_monotonic_time () - c->spawned) / 1e6, rss_mb ());
  fflush (stdout);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Child         *c)
{
  if (c->first_frame)
    return;
  c->first_frame = TRUE;
  report (c, "first-frame");
}

static void
mapped_cb (GtkWidget *widget,
           Child     *c)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), c);
}

static gboolean
poll_cb (gpointer data)
{
  Child *c = data;
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (c->window), POS_TYPE_WINDOW, "stack"));
  const char *name = gtk_stack_get_visible_child_name (stack);

  if (!c->login_shown && g_strcmp0 (name, "login") == 0)
    {
      PosLoginPage *login = POS_LOGIN_PAGE (gtk_widget_get_template_child (GTK_WIDGET (c->window), POS_TYPE_WINDOW,
                                                                          "login_page"));

      c->login_shown = TRUE;
      report (c, "login-screen");
      gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (login), POS_TYPE_LOGIN_PAGE,
                                                                          "username_entry")), "cashier");
      gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (login), POS_TYPE_LOGIN_PAGE,
                                                                          "password_entry")),
                             POS_DEMO_CASHIER_PASSWORD);
      g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (login), POS_TYPE_LOGIN_PAGE, "password_entry"),
                             "activate");
    }
  else if (c->login_shown && g_strcmp0 (name, "main") == 0)
    {
      PosVendPage *vend = POS_VEND_PAGE (gtk_widget_get_template_child (GTK_WIDGET (c->window), POS_TYPE_WINDOW,
                                                                        "vend_page"));
      GtkEditable *search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (vend), POS_TYPE_VEND_PAGE,
                                                                         "search_entry"));
      GtkStack *results = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (vend), POS_TYPE_VEND_PAGE,
                                                                    "results_stack"));

      if (gtk_editable_get_text (search)[0] == '\0')
        gtk_editable_set_text (search, "surname17");
      else if (g_strcmp0 (gtk_stack_get_visible_child_name (results), "hint") != 0)
        {
          report (c, "vend-page-searched");
          c->done = TRUE;
          return G_SOURCE_REMOVE;
        }
    }
  return G_SOURCE_CONTINUE;
}

static int
run_child (const char *path,
           gint64      spawned)
{
  g_autoptr(PosContext) context = NULL;
  Child c = { spawned, NULL, FALSE, FALSE, FALSE };
  g_autofree char *settings = g_build_filename (g_get_tmp_dir (), "stsvend-bench-gui-settings.ini", NULL);
  GtkCssProvider *css;
  gint64 end;

  gtk_init ();
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/stsvend/Stsvend/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  context = pos_context_new ();
  pos_context_set_settings_path (context, settings);
  c.window = pos_window_new (NULL, context, path);
  gtk_window_set_default_size (GTK_WINDOW (c.window), 1024, 600);
  g_signal_connect (c.window, "map", G_CALLBACK (mapped_cb), &c);
  gtk_window_present (GTK_WINDOW (c.window));
  g_timeout_add (5, poll_cb, &c);
  end = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (!c.done && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (c.window));
  g_object_unref (css);
  g_unlink (settings);
  return c.done ? 0 : 1;
}

/* -- the parent: databases and runs --------------------------------------------- */

static void
demo_pan (char out[19], guint n)
{
  char body[18];

  g_snprintf (body, sizeof body, "60072704%08u", n);
  body[16] = (char) ('0' + sts_luhn_check_digit (body + 6, 10));
  body[17] = '\0';
  g_snprintf (out, 19, "%s%d", body, sts_luhn_check_digit (body, 17));
}

/* The demonstration database with @n generated customers instead of its
 * own, each with a meter, written straight into the tables. */
static void
make_database (const char *path,
               guint       n)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *c, *m;
  PosDb *db;

  pos_context_set_kdf_cost (context, 10);
  check (pos_context_open_database (context, path, &error), error);
  check (pos_admin_demo (context, n == 0 ? 2000 : 0, &error), error);
  if (n == 0)
    return;
  db = pos_context_get_db (context, NULL);
  {
    g_autoptr(PosDbSupplyGroup) group = pos_db_supply_group_find (db, "123456", 1, &error);
    g_autoptr(PosDbTariff) tariff = pos_db_tariff_get_by_name (db, "Residential block", &error);

    check (group != NULL && tariff != NULL, error);
    check (pos_db_exec (db, "PRAGMA cache_size = -1048576; PRAGMA synchronous = OFF", &error), error);
    check (pos_db_begin (db, &error), error);
    c = pos_db_prepare (db, "gen-customer", "INSERT INTO customers (id, account_no, name, address, phone, created_at)"
                        " VALUES (?, ?, ?, '', ?, '2026-01-01T00:00:00Z')", &error);
    m = pos_db_prepare (db, "gen-meter", "INSERT INTO meters (id, pan, customer_id, supply_group_id, ti, tariff_id,"
                        " created_at) VALUES (?, ?, ?, ?, 1, ?, '2026-01-01T00:00:00Z')", &error);
    for (guint i = 1; i <= n; i++)
      {
        char account[16], name[48], phone[16], pan[19];

        g_snprintf (account, sizeof account, "ACC-%07u", i);
        g_snprintf (name, sizeof name, "Customer%u Surname%u", i, i % 9973);
        g_snprintf (phone, sizeof phone, "08%08u", i);
        demo_pan (pan, i);
        sqlite3_reset (c);
        sqlite3_bind_int (c, 1, (int) i);
        sqlite3_bind_text (c, 2, account, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (c, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (c, 4, phone, -1, SQLITE_TRANSIENT);
        check (pos_db_step (db, c, &error) == SQLITE_DONE, error);
        sqlite3_reset (m);
        sqlite3_bind_int (m, 1, (int) i);
        sqlite3_bind_text (m, 2, pan, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (m, 3, (int) i);
        sqlite3_bind_int64 (m, 4, group->id);
        sqlite3_bind_int64 (m, 5, tariff->id);
        check (pos_db_step (db, m, &error) == SQLITE_DONE, error);
      }
    check (pos_db_commit (db, &error), error);
    check (pos_db_exec (db, "PRAGMA synchronous = FULL; ANALYZE", &error), error);
  }
}

static void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);

      g_unlink (p);
    }
}

/* Runs one cold start on @path and prints its figures. */
static void
measure (const char *self,
         const char *label,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spawned = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  gint64 t0 = g_get_monotonic_time ();
  const char *argv[] = { self, "--child", path, NULL, NULL };

  spawned = g_strdup_printf ("%" G_GINT64_FORMAT, t0);
  argv[3] = spawned;
  check (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error), error);
  if (!g_spawn_check_wait_status (status, &error))
    {
      printf ("%-58s the window did not come up: %s\n", label, error->message);
      return;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char what[32];
      double seconds, mb;

      if (sscanf (lines[i], "%31s %lf %lf", what, &seconds, &mb) == 3)
        {
          g_autofree char *name = g_strdup_printf ("%s: %s", label, what);

          printf ("%-58s %8.3f s %8.1f MB\n", name, seconds, mb);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  gint64 customers = 1000000;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &customers, "Customers in the large database", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;
  gint64 t0;

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], g_ascii_strtoll (argv[3], NULL, 10));

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);
  dir = g_dir_make_tmp ("stsvend-bench-gui-XXXXXX", &error);
  check (dir != NULL, error);
  small = g_build_filename (dir, "demo.db", NULL);
  large = g_build_filename (dir, "large.db", NULL);

  printf ("stsvend cashier app: cold start (spawn to first frame) and memory in use (VmRSS)\n");
  printf ("targets: first frame < 0.5 s, < 120 MB\n");
  make_database (small, 0);
  measure (argv[0], "demo database (2000 customers)", small);
  measure (argv[0], "demo database, again (warm file cache)", small);

  t0 = g_get_monotonic_time ();
  make_database (large, (guint) customers);
  {
    g_autofree char *label = g_strdup_printf ("%" G_GINT64_FORMAT " customers", customers);
    GStatBuf st;

    printf ("%-58s %8.1f s %8.1f MB on disk\n", "generating the large database", (g_get_monotonic_time () - t0) / 1e6,
            g_stat (large, &st) == 0 ? st.st_size / 1e6 : 0.0);
    measure (argv[0], label, large);
  }
  remove_db (small);
  remove_db (large);
  g_rmdir (dir);
  return 0;
}
