/* test-gtk.c: the cashier app under a real X server (Xvfb): every page
 * built, found and freed; a whole cash vend driven as the keyboard would;
 * a screenshot of each screen at 1024x600 */
#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pos-app.h"
#include "pos-bidi.h"
#include "pos-customer-item.h"
#include "pos-customers-page.h"
#include "pos-login-page.h"
#include "pos-passphrase-dialog.h"
#include "pos-admin-page.h"
#include "pos-customer-dialog.h"
#include "card-harness.h"
#include "pos-customer-cards-page.h"
#include "pos-engineering-page.h"
#include "pos-history-window.h"
#include "pos-hour-chart.h"
#include "pos-meter-dialog.h"
#include "pos-receipt-preview.h"
#include "pos-reports-page.h"
#include "pos-row-item.h"
#include "pos-sales-page.h"
#include "pos-shift-dialog.h"
#include "pos-vend-page.h"
#include "pos-window.h"
#include "pos-window-private.h"

#define N_CUSTOMERS 40
#define WIDTH       1024
#define HEIGHT      600

typedef struct
{
  char       *dir;
  char       *path;
  char       *settings;
  char       *cups;       /* a private cupsd's folder, or NULL */
  PosContext *context;
  GDateTime  *now;
} Fixture;

/* -- helpers ------------------------------------------------------------------ */

static gboolean cards_idle (gpointer data);

static GDateTime *
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return g_date_time_ref (f->now);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @cond holds; fails the test after 20 s. */
static void
wait_until (Condition   cond,
            gpointer    data,
            const char *what)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint id = g_timeout_add (10, wake_cb, NULL);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (id);
}

/* Lets the main loop run for @ms (animations, layout). */
static void
settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint id = g_timeout_add (10, wake_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

/* TRUE when the keyboard focus is in @widget (an entry's focus is on its
 * text child). */
static gboolean
focus_in (gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (obj);
  return obj;
}

typedef struct
{
  GtkStack   *stack;
  const char *name;
} StackWait;

static gboolean
stack_shows (gpointer data)
{
  StackWait *w = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (w->stack), w->name) == 0;
}

static void
wait_stack (gpointer    stack,
            const char *name)
{
  StackWait w = { GTK_STACK (stack), name };
  g_autofree char *what = g_strdup_printf ("the stack to show “%s”", name);

  wait_until (stack_shows, &w, what);
}

/* Saves @widget as tests/gtk/screenshots/@name.png in the build tree,
 * rendered by the widget's own GSK renderer. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("STSVEND_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GdkPaintable *paintable;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GdkTexture *texture;
  int w, h;

  /* long enough for layout and the shorter animations: a screenshot is
   * to be looked at, not measured */
  settle (200);
  gtk_test_widget_wait_for_draw (widget);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  g_assert_cmpint (w, >, 0);
  g_assert_cmpint (h, >, 0);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %dx%d: %s", w, h, path);
  g_object_unref (texture);
  gsk_render_node_unref (node);
  g_object_unref (paintable);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("stsvend-gtk-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "stsvend.db", NULL);
  /* this machine's settings in the test's own folder: no printer */
  f->settings = g_build_filename (f->dir, "settings.ini", NULL);
  f->now = g_date_time_new_from_iso8601 ("2026-11-24T10:15:00Z", NULL);
  f->context = pos_context_new ();
  pos_context_set_settings_path (f->context, f->settings);
  pos_context_set_clock (f->context, fixture_clock, f, NULL);
  pos_context_set_kdf_cost (f->context, 10);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* The same, with a demonstration database made beforehand. */
static void
fixture_setup_demo (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_setup (f, data);
  g_assert_true (pos_context_open_database (f->context, f->path, &error));
  g_assert_true (pos_admin_demo (f->context, N_CUSTOMERS, &error));
  g_assert_no_error (error);
  /* a fresh context, as the program starts: keys locked */
  g_clear_object (&f->context);
  f->context = pos_context_new ();
  pos_context_set_settings_path (f->context, f->settings);
  pos_context_set_clock (f->context, fixture_clock, f, NULL);
  pos_context_set_kdf_cost (f->context, 10);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&f->context);
  if (f->cups != NULL)
    {
      g_autofree char *stop = g_test_build_filename (G_TEST_DIST, "harness", "cups-stop.sh", NULL);
      g_autofree char *rm = g_strdup_printf ("rm -rf %s", f->cups);
      g_autofree char *command = g_strdup_printf ("%s %s", stop, f->cups);

      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
      g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
      g_free (f->cups);
    }
  g_unlink (f->settings);
  g_free (f->settings);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (f->path, suffixes[i], NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_clear_pointer (&f->now, g_date_time_unref);
}

static PosWindow *
window_new (Fixture *f)
{
  PosWindow *window = pos_window_new (NULL, f->context, f->path);

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Destroys @window and checks that nothing keeps it alive. */
static void
window_destroy (PosWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_until (is_null, &weak, "the window to be freed");
}

static void
log_in (PosWindow  *window,
        const char *user,
        const char *password,
        const char *passphrase)
{
  PosLoginPage *login = child (window, POS_TYPE_WINDOW, "login_page");
  GtkStack *stack = child (window, POS_TYPE_WINDOW, "stack");

  wait_stack (stack, "login");
  gtk_editable_set_text (child (login, POS_TYPE_LOGIN_PAGE, "username_entry"), user);
  gtk_editable_set_text (child (login, POS_TYPE_LOGIN_PAGE, "password_entry"), password);
  if (passphrase != NULL)
    {
      gtk_expander_set_expanded (child (login, POS_TYPE_LOGIN_PAGE, "passphrase_expander"), TRUE);
      gtk_editable_set_text (child (login, POS_TYPE_LOGIN_PAGE, "passphrase_entry"), passphrase);
    }
  /* Enter in the password */
  g_signal_emit_by_name (child (login, POS_TYPE_LOGIN_PAGE, "password_entry"), "activate");
  wait_stack (stack, "main");
}

/* The visible window of @type, if any. */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

/* Presses the dialog's default button, as Enter does: the dialog answers
 * with its default response and closes. */
static void
answer_dialog (gpointer dialog)
{
  GtkWidget *button = gtk_window_get_default_widget (GTK_WINDOW (dialog));
  gpointer weak = dialog;

  g_assert_nonnull (button);
  settle (300);  /* libadwaita 1.2 crashes on a response while the dialog still animates in */
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_signal_emit_by_name (button, "clicked");
  wait_until (is_null, &weak, "the dialog to close");
}

static void
open_shift (PosWindow *window,
            gboolean   take_screenshot)
{
  PosShiftDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-shift", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_SHIFT_DIALOG), "the shift dialog");
  dialog = find_toplevel (POS_TYPE_SHIFT_DIALOG);
  /* the vending points to choose from, the first chosen */
  g_assert_cmpstr (pos_shift_dialog_get_point (dialog), ==, "Main office");
  gtk_editable_set_text (child (dialog, POS_TYPE_SHIFT_DIALOG, "amount_row"), "500");
  if (take_screenshot)
    screenshot (GTK_WIDGET (dialog), "shift-dialog");
  answer_dialog (dialog);
  wait_stack (child (window, POS_TYPE_WINDOW, "shift_stack"), "open");
}

typedef struct
{
  GtkLabel   *label;
  const char *not;
} LabelWait;

static gboolean
label_changed (gpointer data)
{
  LabelWait *w = data;

  return g_strcmp0 (gtk_label_get_text (w->label), w->not) != 0;
}

/* The x of the first character of each of @parts (found in this order
 * in @layout's text), checked to grow: the parts read left to right on
 * one line, as they are stored, whatever the paragraph's direction. */
static void
assert_reads_ltr (PangoLayout       *layout,
                  const char *const *parts,
                  gsize              n_parts)
{
  const char *text = pango_layout_get_text (layout);
  const char *from = text;
  PangoRectangle previous = { 0 };

  for (gsize i = 0; i < n_parts; i++)
    {
      const char *at = strstr (from, parts[i]);
      PangoRectangle pos;

      g_assert_nonnull (at);
      pango_layout_index_to_pos (layout, (int) (at - text), &pos);
      g_test_message ("“%s” at x %d, y %d", parts[i], pos.x / PANGO_SCALE, pos.y / PANGO_SCALE);
      if (i > 0)
        {
          g_assert_cmpint (pos.y, ==, previous.y);
          g_assert_cmpint (pos.x, >, previous.x);
        }
      previous = pos;
      from = at + strlen (parts[i]);
    }
}

/* @token's groups of four read left to right in @layout. */
static void
assert_token_reads_ltr (PangoLayout *layout,
                        const char  *token)
{
  char groups[5][5] = { { 0 } };
  const char *parts[5];

  g_assert_cmpuint (strlen (token), ==, 20);
  for (gsize i = 0; i < 5; i++)
    {
      memcpy (groups[i], token + 4 * i, 4);
      parts[i] = groups[i];
    }
  assert_reads_ltr (layout, parts, G_N_ELEMENTS (parts));
}

/* -- units -------------------------------------------------------------------- */

/* The isolates, and what they are for: in a right-to-left paragraph a
 * token's groups come out reversed (UAX #9 N1) unless isolated. */
static void
test_bidi (void)
{
  const char *token = "31398830187395669327";
  g_autofree char *empty = pos_ltr (NULL);
  g_autofree char *pan = pos_ltr ("600727000000000009");
  g_autofree char *receipt = pos_ltr_int (-42);
  g_autofree char *grouped = pos_ltr_token (token);
  g_autofree char *no_token = pos_ltr_token ("");
  GtkWidget *label = g_object_ref_sink (gtk_label_new (NULL));
  g_autoptr(PangoLayout) plain = NULL;
  g_autoptr(PangoLayout) isolated = NULL;
  g_autofree char *isolated_text = g_strconcat ("توکن ", grouped, NULL);
  PangoRectangle first, last;

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (pan, ==, "\u2066" "600727000000000009" "\u2069");
  g_assert_cmpstr (receipt, ==, "\u2066" "-42" "\u2069");
  g_assert_cmpstr (grouped, ==, "\u2066" "3139 8830 1873 9566 9327" "\u2069");
  g_assert_cmpstr (no_token, ==, "");

  gtk_widget_set_direction (label, GTK_TEXT_DIR_RTL);
  /* the plain groups after a Persian word: the last group leftmost */
  plain = gtk_widget_create_pango_layout (label, "توکن 3139 8830 1873 9566 9327");
  pango_layout_index_to_pos (plain, (int) strlen ("توکن "), &first);
  pango_layout_index_to_pos (plain, (int) strlen ("توکن 3139 8830 1873 9566 "), &last);
  g_assert_cmpint (first.x, >, last.x);
  /* isolated: in stored order */
  isolated = gtk_widget_create_pango_layout (label, isolated_text);
  assert_token_reads_ltr (isolated, token);
  g_assert_finalize_object (label);
}


static void
test_customer_item (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(PosCustomerItem) item = NULL;
  g_autofree char *name = NULL;
  gpointer weak;

  g_assert_true (json_parser_load_from_data (parser,
    "[{\"account\":\"ACC-1\",\"name\":\"Nomsa Dlamini\",\"address\":\"12 Oak Road\",\"phone\":\"0821234567\","
    "\"meters\":[{\"pan\":\"600727000000000009\",\"status\":\"active\",\"tariff\":\"Residential\"},"
    "{\"pan\":\"600727040000000104\",\"status\":\"blocked\"}]},"
    "{\"account\":\"ACC-2\",\"name\":\"No Meter\",\"address\":\"\",\"phone\":\"\",\"meters\":[]}]", -1, &error));
  store = pos_customer_item_list_new (json_node_get_array (json_parser_get_root (parser)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  item = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (pos_customer_item_get_account (item), ==, "ACC-1");
  g_assert_cmpstr (pos_customer_item_get_pan (item), ==, "600727000000000009");
  g_assert_cmpstr (pos_customer_item_get_tariff (item), ==, "Residential");
  g_assert_cmpstr (pos_customer_item_get_meters (item), ==, "600727000000000009, 600727040000000104");
  g_object_get (item, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "Nomsa Dlamini");
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_null (pos_customer_item_get_pan (item));
  g_assert_cmpstr (pos_customer_item_get_meters (item), ==, "");

  weak = item;
  g_object_add_weak_pointer (G_OBJECT (item), &weak);
  g_clear_object (&item);
  g_clear_object (&store);
  g_assert_null (weak);
}

static void
test_shift_dialog (void)
{
  GtkWidget *parent = gtk_window_new ();
  PosShiftDialog *dialog = pos_shift_dialog_new (GTK_WINDOW (parent), TRUE);
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (pos_shift_dialog_is_closing (dialog));
  g_assert_false (gtk_widget_get_visible (child (dialog, POS_TYPE_SHIFT_DIALOG, "point_row")));
  gtk_editable_set_text (child (dialog, POS_TYPE_SHIFT_DIALOG, "amount_row"), "1500.50");
  g_assert_cmpstr (pos_shift_dialog_get_amount (dialog), ==, "1500.50");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until (is_null, &weak, "the dialog to be freed");
  gtk_window_destroy (GTK_WINDOW (parent));
}

/* A page on its own in a window: built from its template, shown, its key
 * widgets found, and freed with the window. */
typedef struct
{
  const char *name;
  GType     (*get_type) (void);
  const char *children[8];
} PageCase;

static const PageCase page_cases[] = {
  { "login-page", pos_login_page_get_type,
    { "username_entry", "password_entry", "passphrase_expander", "passphrase_entry", "error_label", "spinner" } },
  { "vend-page", pos_vend_page_get_type,
    { "search_entry", "results_view", "amount_entry", "kwh_label", "sell_button", "token_label", "new_sale_button" } },
  { "customers-page", pos_customers_page_get_type,
    { "search_entry", "column_view", "stack", "count_label", "add_button", "edit_button", "add_meter_button",
      "history_button" } },
  { "admin-page", pos_admin_page_get_type,
    { "stack", "users_group", "points_group", "receipt_printer_row", "receipt_format_row", "key_hex_row",
      "utility_name_row" } },
  { "cards-page", pos_customer_cards_page_get_type,
    { "reader_row", "status_row", "spinner", "owner_row", "purchase_row", "return_row", "amount_row",
      "meter_row" } },
  { "engineering-page", pos_engineering_page_get_type,
    { "stack", "meter_row", "kind_row", "value_row", "to_group_row", "from_group_row", "progress_bar" } },
  { "reports-page", pos_reports_page_get_type,
    { "stack", "chart", "totals_grid", "from_entry", "to_entry", "z_number", "progress_bar" } },
  { "sales-page", pos_sales_page_get_type,
    { "column_view", "stack", "summary_label", "reprint_button", "reissue_button", "reverse_button",
      "close_shift_button" } },
};

static void
test_page_alone (gconstpointer data)
{
  const PageCase *c = data;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (c->get_type (), NULL);
  gpointer weak_page = page;
  gpointer weak_window = window;
  g_autofree char *shot = g_strconcat ("alone-", c->name, NULL);

  g_object_add_weak_pointer (G_OBJECT (page), &weak_page);
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  for (gsize i = 0; i < G_N_ELEMENTS (c->children) && c->children[i] != NULL; i++)
    g_assert_true (GTK_IS_WIDGET (child (page, c->get_type (), c->children[i])));
  g_assert_true (gtk_widget_get_mapped (page));
  screenshot (window, shot);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_until (is_null, &weak_window, "the window to be freed");
  wait_until (is_null, &weak_page, "the page to be freed");
}

/* The shortcuts window GtkApplication shows for win.show-help-overlay. */
static void
test_help_overlay (void)
{
  GtkBuilder *builder = gtk_builder_new_from_resource ("/org/stsvend/Stsvend/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");
  gpointer weak = overlay;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  g_object_add_weak_pointer (overlay, &weak);
  gtk_window_present (GTK_WINDOW (overlay));
  screenshot (GTK_WIDGET (overlay), "shortcuts");
  gtk_window_destroy (GTK_WINDOW (overlay));
  g_object_unref (builder);
  wait_until (is_null, &weak, "the shortcuts window to be freed");
}

static void
test_window_welcome (Fixture       *f,
                     gconstpointer  data)
{
  PosWindow *window = window_new (f);
  GtkStack *stack = child (window, POS_TYPE_WINDOW, "stack");

  /* no database file: the first-run page, and nothing created yet */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "welcome");
  g_assert_true (gtk_widget_get_visible (child (window, POS_TYPE_WINDOW, "demo_button")));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  screenshot (GTK_WIDGET (window), "welcome");

  /* the demonstration database, made in the background, then the login */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.create-demo", NULL));
  wait_stack (stack, "login");
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  window_destroy (window);
}

static void
test_window_bad_database (Fixture       *f,
                          gconstpointer  data)
{
  PosWindow *window;
  GtkStack *stack;
  AdwStatusPage *status;

  /* a file that is not an stsvend database: said plainly, nothing offered */
  g_assert_true (g_file_set_contents (f->path, "these are the minutes of the meeting, not a database\n", -1, NULL));
  window = window_new (f);
  stack = child (window, POS_TYPE_WINDOW, "stack");
  wait_stack (stack, "welcome");
  status = child (window, POS_TYPE_WINDOW, "welcome_page");
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "The Database Cannot Be Opened");
  g_test_message ("description: %s", adw_status_page_get_description (status));
  g_assert_nonnull (strstr (adw_status_page_get_description (status), f->path));
  g_assert_true (g_str_has_suffix (adw_status_page_get_description (status), "."));
  g_assert_false (gtk_widget_get_visible (child (window, POS_TYPE_WINDOW, "demo_note")));
  g_assert_false (gtk_widget_get_visible (child (window, POS_TYPE_WINDOW, "demo_button")));
  screenshot (GTK_WIDGET (window), "bad-database");
  window_destroy (window);
}

static void
test_login_page (Fixture       *f,
                 gconstpointer  data)
{
  PosWindow *window = window_new (f);
  PosLoginPage *login = child (window, POS_TYPE_WINDOW, "login_page");
  GtkStack *stack = child (window, POS_TYPE_WINDOW, "stack");
  GtkLabel *error_label = child (login, POS_TYPE_LOGIN_PAGE, "error_label");
  LabelWait w = { error_label, "" };

  wait_stack (stack, "login");
  g_assert_true (focus_in (child (login, POS_TYPE_LOGIN_PAGE, "username_entry")));
  screenshot (GTK_WIDGET (window), "login");

  /* a wrong password: said in a plain sentence, no code */
  gtk_editable_set_text (child (login, POS_TYPE_LOGIN_PAGE, "username_entry"), "cashier");
  gtk_editable_set_text (child (login, POS_TYPE_LOGIN_PAGE, "password_entry"), "not-my-password");
  g_signal_emit_by_name (child (login, POS_TYPE_LOGIN_PAGE, "password_entry"), "activate");
  wait_until (label_changed, &w, "the login error");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (g_ascii_isupper (gtk_label_get_text (error_label)[0]));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (error_label), "."));
  g_assert_null (strstr (gtk_label_get_text (error_label), "bad_password"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "login");
  screenshot (GTK_WIDGET (window), "login-error");

  log_in (window, "supervisor", POS_DEMO_SUPERVISOR_PASSWORD, NULL);
  g_assert_cmpstr (gtk_label_get_text (child (window, POS_TYPE_WINDOW, "user_label")), ==, "Demo Supervisor");
  g_assert_cmpstr (gtk_label_get_text (child (window, POS_TYPE_WINDOW, "role_label")), ==, "Supervisor");

  /* log out: back to an empty login form */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.log-out", NULL));
  wait_stack (stack, "login");
  g_assert_cmpstr (gtk_editable_get_text (child (login, POS_TYPE_LOGIN_PAGE, "password_entry")), ==, "");
  window_destroy (window);
}

/* Presses @keyval for the key controller called @name on @widget (GTK 4.8
 * has no input synthesis); TRUE when it handled the key. */
static gboolean
press_key (gpointer    widget,
           const char *name,
           guint       keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (widget));
  gboolean handled = FALSE, found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c) && g_strcmp0 (gtk_event_controller_get_name (GTK_EVENT_CONTROLLER (c)), name) == 0)
        {
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
          found = TRUE;
        }
    }
  g_assert_true (found);
  return handled;
}

static gboolean
quote_ready (gpointer data)
{
  PosVendPage *page = data;
  GtkLabel *kwh = child (page, POS_TYPE_VEND_PAGE, "kwh_label");

  return g_str_has_suffix (gtk_label_get_text (kwh), "kWh")
         && !gtk_widget_get_visible (child (page, POS_TYPE_VEND_PAGE, "spinner"));
}

static void
test_vend_flow (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *request = NULL;
  g_autofree char *response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  PosWindow *window = window_new (f);
  PosVendPage *page = child (window, POS_TYPE_WINDOW, "vend_page");
  GtkEditable *search = child (page, POS_TYPE_VEND_PAGE, "search_entry");
  GtkEditable *amount = child (page, POS_TYPE_VEND_PAGE, "amount_entry");
  GtkStack *sale_stack = child (page, POS_TYPE_VEND_PAGE, "sale_stack");
  GtkLabel *token_label = child (page, POS_TYPE_VEND_PAGE, "token_label");
  const char *pan, *token;
  JsonObject *decoded;
  PosVendQuote quote;
  gboolean ok;
  GString *digits = g_string_new (NULL);

  log_in (window, "cashier", POS_DEMO_CASHIER_PASSWORD, POS_DEMO_PASSPHRASE);
  g_assert_cmpstr (gtk_label_get_text (child (window, POS_TYPE_WINDOW, "user_label")), ==, "Demo Cashier");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, POS_TYPE_WINDOW, "shift_stack")), ==, "closed");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sale_stack), ==, "none");
  g_assert_true (focus_in (search));
  screenshot (GTK_WIDGET (window), "vend-start");

  open_shift (window, TRUE);
  g_assert_cmpstr (gtk_label_get_text (child (window, POS_TYPE_WINDOW, "shift_label")), ==,
                   "Shift open at Main office");

  /* results as you type */
  gtk_editable_set_text (search, "nomsa");
  wait_stack (child (page, POS_TYPE_VEND_PAGE, "results_stack"), "results");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                      child (page, POS_TYPE_VEND_PAGE, "results_view")))), >, 0);
  screenshot (GTK_WIDGET (window), "vend-results");

  /* Down moves through the results, the cursor staying in the search;
   * Enter picks the one chosen */
  {
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (
                                      child (page, POS_TYPE_VEND_PAGE, "results_view")));
    g_autoptr(PosCustomerItem) second = g_list_model_get_item (G_LIST_MODEL (selection), 1);

    g_assert_nonnull (second);
    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
    g_assert_true (press_key (search, "pos-results-keys", GDK_KEY_Down));
    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);
    g_assert_true (press_key (search, "pos-results-keys", GDK_KEY_Up));
    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
    g_assert_true (press_key (search, "pos-results-keys", GDK_KEY_Down));
    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);
    g_assert_true (focus_in (search));
    g_signal_emit_by_name (search, "activate");
    wait_stack (sale_stack, "sale");
    g_assert_cmpstr (adw_preferences_row_get_title (child (page, POS_TYPE_VEND_PAGE, "customer_row")), ==,
                     pos_customer_item_get_name (second));
    /* Escape in the amount: back to an empty search */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "vend.new-sale", NULL));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (sale_stack), ==, "none");
  }

  /* the keyboard alone: type, Enter (before the results are in), type the
   * amount, Enter */
  gtk_editable_set_text (search, "ACC-000007");
  g_signal_emit_by_name (search, "activate");
  wait_stack (sale_stack, "sale");
  g_assert_true (focus_in (amount));
  found = pos_customer_find (f->context, "ACC-000007", 1, &error);
  g_assert_no_error (error);
  pan = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                                         json_array_get_object_element (found, 0), "meters"), 0), "pan");
  g_assert_cmpstr (adw_preferences_row_get_title (child (page, POS_TYPE_VEND_PAGE, "customer_row")), ==,
                   json_object_get_string_member (json_array_get_object_element (found, 0), "name"));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (child (page, POS_TYPE_VEND_PAGE, "meter_row")), pan));
  g_assert_cmpstr (gtk_label_get_text (child (page, POS_TYPE_VEND_PAGE, "tariff_label")), ==, "Residential block");

  gtk_editable_set_text (amount, "100");
  wait_until (quote_ready, page, "the quote");
  g_assert_true (pos_vend_quote (f->context, pan, 10000, &quote, &error));
  {
    g_autofree char *kwh_text = pos_kwh_format (quote.kwh);
    g_autofree char *kwh = pos_ltr (kwh_text);
    g_autofree char *expected = g_strdup_printf ("%s kWh", kwh);
    g_autofree char *vat_text = pos_money_format (quote.vat, 2);
    g_autofree char *vat = pos_ltr (vat_text);

    g_assert_cmpstr (gtk_label_get_text (child (page, POS_TYPE_VEND_PAGE, "kwh_label")), ==, expected);
    g_assert_cmpstr (gtk_label_get_text (child (page, POS_TYPE_VEND_PAGE, "vat_label")), ==, vat);
  }
  screenshot (GTK_WIDGET (window), "vend-quote");
  /* the smallest the window may be */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 540);
  screenshot (GTK_WIDGET (window), "vend-quote-smallest");
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);

  g_signal_emit_by_name (amount, "activate");
  wait_stack (sale_stack, "token");

  /* the token on screen is the one recorded with the sale */
  shown = g_strdup (gtk_label_get_text (token_label));
  g_assert_true (g_str_has_prefix (shown, POS_LRI));
  g_assert_true (g_str_has_suffix (shown, POS_PDI));
  g_assert_cmpuint (strlen (shown), ==, strlen (POS_LRI) + 24 + strlen (POS_PDI));
  for (const char *p = shown; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  g_assert_cmpuint (digits->len, ==, 20);
  g_assert_true (gtk_label_get_selectable (token_label));
  history = pos_sale_history (f->context, pan, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (history, 0), "tendered"), ==, 10000);
  token = json_array_get_string_element (json_object_get_array_member (json_array_get_object_element (history, 0),
                                                                       "tokens"), 0);
  g_assert_cmpstr (digits->str, ==, token);

  /* and the meter would accept it: decoded with the demo key */
  request = g_strdup_printf ("{\"op\":\"decode\",\"pan\":\"%s\",\"sgc\":\"123456\",\"ti\":1,\"krn\":1,\"kt\":2,"
                             "\"base\":2014,\"ea\":7,\"dkga\":2,\"vk\":\"abababababababab\",\"token\":\"%s\"}",
                             pan, token);
  response = pos_sts_request_run_line (f->context, request, -1, &ok);
  g_assert_true (ok);
  g_assert_true (json_parser_load_from_data (parser, response, -1, &error));
  decoded = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "decoded");
  g_assert_true (json_object_get_boolean_member (decoded, "crc_ok"));
  g_assert_cmpint (json_object_get_int_member (decoded, "class"), ==, 0);
  {
    g_autofree char *kwh = pos_kwh_format (quote.kwh);
    g_assert_cmpstr (json_object_get_string_member (decoded, "amount"), ==, kwh);
  }
  screenshot (GTK_WIDGET (window), "vend-token");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (GTK_WIDGET (window), "vend-token-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* Escape: a new sale, the cursor back in the search */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "vend.new-sale", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sale_stack), ==, "none");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_true (focus_in (search));

  /* close the shift: the float plus the sale is expected */
  {
    PosShiftDialog *dialog;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-shift", NULL));
    wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_SHIFT_DIALOG), "the close shift dialog");
    dialog = find_toplevel (POS_TYPE_SHIFT_DIALOG);
    g_assert_true (pos_shift_dialog_is_closing (dialog));
    g_assert_false (gtk_widget_get_visible (child (dialog, POS_TYPE_SHIFT_DIALOG, "point_row")));
    gtk_editable_set_text (child (dialog, POS_TYPE_SHIFT_DIALOG, "amount_row"), "600");
    answer_dialog (dialog);
    wait_stack (child (window, POS_TYPE_WINDOW, "shift_stack"), "closed");
  }

  g_string_free (digits, TRUE);
  window_destroy (window);
}

static void
test_vend_refused (Fixture       *f,
                   gconstpointer  data)
{
  PosWindow *window = window_new (f);
  PosVendPage *page = child (window, POS_TYPE_WINDOW, "vend_page");
  GtkEditable *search = child (page, POS_TYPE_VEND_PAGE, "search_entry");
  GtkStack *sale_stack = child (page, POS_TYPE_VEND_PAGE, "sale_stack");
  GtkLabel *message = child (page, POS_TYPE_VEND_PAGE, "quote_message");
  LabelWait w = { message, "" };

  /* no shift open: the vend is refused in words, nothing changes */
  log_in (window, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL);
  gtk_editable_set_text (search, "ACC-000003");
  g_signal_emit_by_name (search, "activate");
  wait_stack (sale_stack, "sale");

  /* an amount that is not money: the quote says so */
  gtk_editable_set_text (child (page, POS_TYPE_VEND_PAGE, "amount_entry"), "12,50");
  wait_until (label_changed, &w, "the amount message");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));

  gtk_editable_set_text (child (page, POS_TYPE_VEND_PAGE, "amount_entry"), "50");
  g_signal_emit_by_name (child (page, POS_TYPE_VEND_PAGE, "amount_entry"), "activate");
  settle (300);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sale_stack), ==, "sale");
  screenshot (GTK_WIDGET (window), "vend-no-shift");
  window_destroy (window);
}

static void
test_vend_keys_locked (Fixture       *f,
                       gconstpointer  data)
{
  PosWindow *window = window_new (f);
  PosVendPage *page = child (window, POS_TYPE_WINDOW, "vend_page");
  GtkEditable *search = child (page, POS_TYPE_VEND_PAGE, "search_entry");
  GtkEditable *amount = child (page, POS_TYPE_VEND_PAGE, "amount_entry");
  GtkStack *sale_stack = child (page, POS_TYPE_VEND_PAGE, "sale_stack");
  PosPassphraseDialog *dialog;

  /* logged in without the passphrase: the first sale asks for it */
  log_in (window, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL);
  g_assert_false (pos_context_keys_unlocked (f->context));
  open_shift (window, FALSE);
  gtk_editable_set_text (search, "0820000012");
  g_signal_emit_by_name (search, "activate");
  wait_stack (sale_stack, "sale");
  gtk_editable_set_text (amount, "20");
  g_signal_emit_by_name (amount, "activate");
  wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_PASSPHRASE_DIALOG), "the passphrase dialog");
  dialog = find_toplevel (POS_TYPE_PASSPHRASE_DIALOG);
  screenshot (GTK_WIDGET (dialog), "passphrase-dialog");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sale_stack), ==, "sale");

  gtk_editable_set_text (child (dialog, POS_TYPE_PASSPHRASE_DIALOG, "passphrase_entry"), POS_DEMO_PASSPHRASE);
  answer_dialog (dialog);
  wait_stack (sale_stack, "token");
  g_assert_true (pos_context_keys_unlocked (f->context));
  g_assert_cmpuint (strlen (gtk_label_get_text (child (page, POS_TYPE_VEND_PAGE, "token_label"))), ==,
                    strlen (POS_LRI) + 24 + strlen (POS_PDI));
  window_destroy (window);
}

/* Runs xdotool (real key presses through the X server) and waits for it. */
static void
xdo (const char *args)
{
  /* never wait for ever (search --sync waits until a window appears) */
  g_autofree char *command = g_strconcat ("timeout 10 xdotool ", args, NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = g_find_program_in_path ("xdotool");
  int status = 0;

  if (found == NULL)
    g_error ("xdotool is missing: install the xdotool package (tools/install-deps.sh test)");
  g_assert_true (g_spawn_command_line_sync (command, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *windows = NULL;

      g_spawn_command_line_sync ("sh -c 'for w in $(xdotool search --onlyvisible --name .); do "
                                 "xdotool getwindowname $w; done'", &windows, NULL, NULL, NULL);
      g_error ("%s failed: %s (windows: %s)", command, err, windows);
    }
}

typedef struct
{
  GtkEditable *editable;
  const char  *text;
} TextWait;

static gboolean
text_is (gpointer data)
{
  TextWait *w = data;

  return g_strcmp0 (gtk_editable_get_text (w->editable), w->text) == 0;
}

/* A cash vend from the keyboard alone, with real key events: Ctrl+F, the
 * account, Enter, the amount, Enter; Escape for the next sale. */
static void
test_vend_keyboard (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autofree char *shown = NULL;
  PosWindow *window = window_new (f);
  PosVendPage *page = child (window, POS_TYPE_WINDOW, "vend_page");
  GtkEditable *search = child (page, POS_TYPE_VEND_PAGE, "search_entry");
  GtkEditable *amount = child (page, POS_TYPE_VEND_PAGE, "amount_entry");
  GtkStack *sale_stack = child (page, POS_TYPE_VEND_PAGE, "sale_stack");
  TextWait typed_search = { search, "ACC-000012" };
  TextWait typed_amount = { amount, "150" };
  const char *token, *pan;

  PosLoginPage *login = child (window, POS_TYPE_WINDOW, "login_page");
  TextWait typed_user = { child (login, POS_TYPE_LOGIN_PAGE, "username_entry"), "cashier" };
  TextWait typed_password = { child (login, POS_TYPE_LOGIN_PAGE, "password_entry"), POS_DEMO_CASHIER_PASSWORD };

  /* no window manager: the keyboard goes to the window given the focus */
  wait_stack (child (window, POS_TYPE_WINDOW, "stack"), "login");
  xdo ("mousemove 500 300");
  xdo ("search --sync --onlyvisible --name ^stsvend$ windowfocus --sync");
  settle (200);

  /* log in: the user name, Enter, the password, Enter (no passphrase) */
  xdo ("type --delay 20 cashier");
  wait_until (text_is, &typed_user, "the user name typed");
  xdo ("key Return");
  wait_until (focus_in, typed_password.editable, "the cursor in the password");
  xdo ("type --delay 20 " POS_DEMO_CASHIER_PASSWORD);
  wait_until (text_is, &typed_password, "the password typed");
  xdo ("key Return");
  wait_stack (child (window, POS_TYPE_WINDOW, "stack"), "main");

  /* open the shift: the cursor is in the float; type it, Enter */
  {
    PosShiftDialog *dialog;
    TextWait typed_float = { NULL, "500" };

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-shift", NULL));
    wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_SHIFT_DIALOG), "the shift dialog");
    dialog = find_toplevel (POS_TYPE_SHIFT_DIALOG);
    typed_float.editable = child (dialog, POS_TYPE_SHIFT_DIALOG, "amount_row");
    settle (300);
    xdo ("search --sync --onlyvisible --name '^Open Shift$' windowfocus --sync");
    wait_until (focus_in, typed_float.editable, "the cursor in the float");
    xdo ("type --delay 20 500");
    wait_until (text_is, &typed_float, "the float typed");
    xdo ("key Return");
    wait_stack (child (window, POS_TYPE_WINDOW, "shift_stack"), "open");
  }
  /* the focus somewhere else first, so that Ctrl+F has work to do */
  adw_view_stack_set_visible_child_name (child (window, POS_TYPE_WINDOW, "view_stack"), "customers");
  xdo ("search --sync --onlyvisible --name ^stsvend$ windowfocus --sync");
  settle (200);
  xdo ("key ctrl+f");
  wait_until (focus_in, search, "Ctrl+F to focus the search");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (child (window, POS_TYPE_WINDOW, "view_stack")), ==, "vend");
  xdo ("type --delay 20 ACC-000012");
  wait_until (text_is, &typed_search, "the account typed");
  xdo ("key Return");
  wait_stack (sale_stack, "sale");
  wait_until (focus_in, amount, "the cursor in the amount");
  xdo ("type --delay 20 150");
  wait_until (text_is, &typed_amount, "the amount typed");
  xdo ("key Return");

  /* the keys are locked: the passphrase, asked once, and Enter sells */
  wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_PASSPHRASE_DIALOG), "the passphrase dialog");
  settle (300);
  /* the dialog's X window is named after its heading */
  xdo ("search --sync --onlyvisible --name '^Unlock the Vending Keys$' windowfocus --sync");
  xdo ("type --delay 10 '" POS_DEMO_PASSPHRASE "'");
  xdo ("key Return");
  wait_stack (sale_stack, "token");
  xdo ("search --sync --onlyvisible --name ^stsvend$ windowfocus --sync");
  /* the next Enter starts the next sale */
  wait_until (focus_in, child (page, POS_TYPE_VEND_PAGE, "new_sale_button"), "the focus on New Sale");
  screenshot (GTK_WIDGET (window), "keyboard-token");

  found = pos_customer_find (f->context, "ACC-000012", 1, &error);
  g_assert_no_error (error);
  pan = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                                         json_array_get_object_element (found, 0), "meters"), 0), "pan");
  history = pos_sale_history (f->context, pan, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (history, 0), "tendered"), ==, 15000);
  token = json_array_get_string_element (json_object_get_array_member (json_array_get_object_element (history, 0),
                                                                       "tokens"), 0);
  shown = g_strdup_printf (POS_LRI "%.4s %.4s %.4s %.4s %.4s" POS_PDI, token, token + 4, token + 8, token + 12,
                           token + 16);
  g_assert_cmpstr (gtk_label_get_text (child (page, POS_TYPE_VEND_PAGE, "token_label")), ==, shown);

  /* Enter on New Sale: the cursor back in an empty search */
  xdo ("key Return");
  wait_stack (sale_stack, "none");
  wait_until (focus_in, search, "the cursor back in the search");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");

  /* Escape gives up a sale half made */
  typed_search.text = "ACC-000013";
  xdo ("type --delay 20 ACC-000013");
  wait_until (text_is, &typed_search, "the account typed");
  xdo ("key Return");
  wait_stack (sale_stack, "sale");
  wait_until (focus_in, amount, "the cursor in the amount");
  xdo ("key Escape");
  wait_stack (sale_stack, "none");
  wait_until (focus_in, search, "the cursor back in the search");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  window_destroy (window);
}

static void
test_customers_page (Fixture       *f,
                     gconstpointer  data)
{
  PosWindow *window = window_new (f);
  PosCustomersPage *page = child (window, POS_TYPE_WINDOW, "customers_page");
  GtkStack *stack = child (page, POS_TYPE_CUSTOMERS_PAGE, "stack");
  GtkColumnView *view = child (page, POS_TYPE_CUSTOMERS_PAGE, "column_view");
  GListModel *columns = gtk_column_view_get_columns (view);

  log_in (window, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-customers", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (child (window, POS_TYPE_WINDOW, "view_stack")), ==,
                   "customers");
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 4);
  /* nothing typed: everyone, by name */
  wait_stack (stack, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, N_CUSTOMERS);
  screenshot (GTK_WIDGET (window), "customers-all");

  gtk_editable_set_text (child (page, POS_TYPE_CUSTOMERS_PAGE, "search_entry"), "dlamini");
  wait_stack (stack, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), >, 0);
  screenshot (GTK_WIDGET (window), "customers");

  gtk_editable_set_text (child (page, POS_TYPE_CUSTOMERS_PAGE, "search_entry"), "nobody-is-called-this");
  wait_stack (stack, "hint");
  window_destroy (window);
}

/* -- receipts and the sales page ---------------------------------------------- */

/* A label under @widget whose text holds @text, or NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} FindWait;

static gboolean
label_shown (gpointer data)
{
  FindWait *w = data;

  return find_label (w->widget, w->text) != NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Starts a private cupsd for @f; its "receipt" queue is this machine's
 * receipt printer. */
static void
start_cups (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *start = g_test_build_filename (G_TEST_DIST, "harness", "cups-start.sh", NULL);
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *socket = NULL;
  int status = 0;

  f->cups = g_build_filename (f->dir, "cups", NULL);
  command = g_strdup_printf ("%s %s", start, f->cups);
  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("cups-start.sh failed: %s", err);
  socket = g_build_filename (f->cups, "run", "cups.sock", NULL);
  g_setenv ("CUPS_SERVER", socket, TRUE);
  g_assert_true (pos_context_set_setting (f->context, POS_SETTING_RECEIPT_PRINTER, "receipt", &error));
  g_assert_no_error (error);
}

static char *
captured (Fixture *f,
          guint    n)
{
  g_autofree char *name = g_strdup_printf ("job-%u.out", n);
  g_autofree char *path = g_build_filename (f->cups, "out", "receipt", name, NULL);
  char *contents = NULL;
  gsize len = 0;

  wait_until (file_exists, path, "the receipt job");
  settle (200);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 0);
  /* ESC/POS holds NULs: as text up to the first one is not enough */
  for (gsize i = 0; i < len; i++)
    if (contents[i] == '\0')
      contents[i] = ' ';
  return contents;
}

static gboolean
sales_listed (gpointer data)
{
  PosSalesPage *page = data;
  GtkColumnView *view = child (page, POS_TYPE_SALES_PAGE, "column_view");

  return !pos_sales_page_is_busy (page) && gtk_column_view_get_model (view) != NULL;
}

static guint
sales_count (PosSalesPage *page)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (
                                     child (page, POS_TYPE_SALES_PAGE, "column_view"))));
}

typedef struct
{
  PosSalesPage *page;
  guint         n;
} CountWait;

static gboolean
sales_count_is (gpointer data)
{
  CountWait *w = data;

  return sales_listed (w->page) && sales_count (w->page) == w->n;
}

static void
sell (PosWindow  *window,
      const char *search_text,
      const char *amount_text)
{
  PosVendPage *page = child (window, POS_TYPE_WINDOW, "vend_page");
  GtkEditable *search = child (page, POS_TYPE_VEND_PAGE, "search_entry");
  GtkEditable *amount = child (page, POS_TYPE_VEND_PAGE, "amount_entry");
  GtkStack *sale_stack = child (page, POS_TYPE_VEND_PAGE, "sale_stack");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-sale", NULL));
  gtk_editable_set_text (search, search_text);
  g_signal_emit_by_name (search, "activate");
  wait_stack (sale_stack, "sale");
  gtk_editable_set_text (amount, amount_text);
  g_signal_emit_by_name (amount, "activate");
  wait_stack (sale_stack, "token");
}

static void
test_receipts_and_sales (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  PosWindow *window;
  PosVendPage *vend;
  PosSalesPage *page;
  PosReceiptPreview *preview;
  AdwMessageDialog *dialog;
  gpointer weak;
  const char *pan;

  start_cups (f);
  window = window_new (f);
  vend = child (window, POS_TYPE_WINDOW, "vend_page");
  page = child (window, POS_TYPE_WINDOW, "sales_page");
  log_in (window, "supervisor", POS_DEMO_SUPERVISOR_PASSWORD, POS_DEMO_PASSPHRASE);
  open_shift (window, FALSE);

  /* a sale: its receipt prints on the receipt printer by itself */
  sell (window, "ACC-000007", "50");
  first = captured (f, 1);
  g_assert_null (strstr (first, "COPY"));
  g_assert_nonnull (strstr (first, "ACC-000007"));

  /* the preview, from the token view */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (vend), "vend.preview-receipt", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_RECEIPT_PREVIEW), "the receipt preview");
  preview = find_toplevel (POS_TYPE_RECEIPT_PREVIEW);
  wait_until ((Condition) pos_receipt_preview_is_loaded, preview, "the receipt picture");
  screenshot (GTK_WIDGET (preview), "receipt-preview");
  weak = preview;
  g_object_add_weak_pointer (G_OBJECT (preview), &weak);
  gtk_window_destroy (GTK_WINDOW (preview));
  wait_until (is_null, &weak, "the preview to be freed");

  /* the Sales page lists it */
  sell (window, "ACC-000003", "20");
  g_free (captured (f, 2));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "sales"));
  {
    CountWait w = { page, 2 };
    wait_until (sales_count_is, &w, "today's two sales");
  }
  screenshot (GTK_WIDGET (window), "sales");

  /* reprint the first: marked COPY */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (
                                       child (page, POS_TYPE_SALES_PAGE, "column_view"))), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.reprint", NULL));
  second = captured (f, 3);
  g_assert_nonnull (strstr (second, "COPY"));

  /* re-issue: the meter's last token again, in a dialog */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.reissue", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the re-issued token");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "pos-reissue-dialog");
  screenshot (GTK_WIDGET (dialog), "sales-reissue");
  answer_dialog (dialog);

  /* reverse it, with a reason, confirmed */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.reverse", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the reversal dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "pos-reverse-dialog");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "reverse"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "sold to the wrong meter");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "reverse"));
  screenshot (GTK_WIDGET (dialog), "sales-reverse-dialog");
  answer_dialog (dialog);
  {
    CountWait w = { page, 3 };
    wait_until (sales_count_is, &w, "the reversal listed");
  }
  {
    g_autoptr(PosRowItem) item = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (
                                                          child (page, POS_TYPE_SALES_PAGE, "column_view"))), 0);
    g_assert_cmpstr (pos_row_item_get_string (item, "status"), ==, "reversed");
  }
  found = pos_customer_find (f->context, "ACC-000007", 1, &error);
  g_assert_no_error (error);
  pan = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                                         json_array_get_object_element (found, 0), "meters"), 0), "pan");
  history = pos_sale_history (f->context, pan, 5, &error);
  g_assert_no_error (error);
  /* newest first: the reversal, then the sale it reversed */
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "kind"), ==,
                   "reversal");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1), "status"), ==,
                   "reversed");
  g_assert_false (gtk_widget_is_sensitive (child (page, POS_TYPE_SALES_PAGE, "reverse_button")));
  screenshot (GTK_WIDGET (window), "sales-reversed");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (GTK_WIDGET (window), "sales-reversed-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* the printer fails: said in words, with Print Again; the sale stands */
  {
    g_autofree char *fail = g_build_filename (f->cups, "out", "receipt", "FAIL", NULL);
    FindWait w = { GTK_WIDGET (window), "Receipt 1: The receipt was not printed" };

    g_assert_true (g_file_set_contents (fail, "1", -1, NULL));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sales.reprint", NULL));
    wait_until (label_shown, &w, "the failed print toast");
    g_assert_nonnull (find_label (GTK_WIDGET (window), "Print Again"));
    screenshot (GTK_WIDGET (window), "print-failed");

    /* the printer mended and the queue started again: Print Again (the
     * toast's action and target) prints it, as a COPY */
    g_assert_cmpint (g_unlink (fail), ==, 0);
    {
      g_autofree char *command = g_strdup_printf ("sh -c 'PATH=$PATH:/usr/sbin cupsenable -h %s/run/cups.sock receipt'",
                                                  f->cups);
      int status = 0;

      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.print-receipt", "(sx)", "Main office",
                                               (gint64) 1));
    {
      /* CUPS numbers the jobs: two sales, the reprint, the failed one,
       * and this */
      g_autofree char *again = captured (f, 5);

      g_assert_nonnull (strstr (again, "COPY"));
    }
  }

  /* close the shift from the Sales page: counted, expected, difference */
  {
    PosShiftDialog *shift;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-shift", NULL));
    wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_SHIFT_DIALOG), "the close shift dialog");
    shift = find_toplevel (POS_TYPE_SHIFT_DIALOG);
    /* what the drawer should hold, before the count */
    g_test_message ("close shift: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (shift)));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (shift)), "should hold 520.00"));
    screenshot (GTK_WIDGET (shift), "shift-close-dialog");
    gtk_editable_set_text (child (shift, POS_TYPE_SHIFT_DIALOG, "amount_row"), "600");
    answer_dialog (shift);
    wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the shift closed dialog");
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "pos-shift-closed-dialog");
    /* amounts are left-to-right isolates: "-80.00" reads so in Persian too */
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Expected: " POS_LRI "520.00" POS_PDI));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Difference: " POS_LRI "80.00" POS_PDI));
    screenshot (GTK_WIDGET (dialog), "shift-closed");
    answer_dialog (dialog);
  }
  window_destroy (window);
}

/* -- the reports page ----------------------------------------------------------- */

static gboolean
reports_idle (gpointer data)
{
  return !pos_reports_page_is_busy (data);
}

typedef struct
{
  PosReportsPage *page;
  const char     *title;
} ReportWait;

static gboolean
report_shown (gpointer data)
{
  ReportWait *w = data;

  return !pos_reports_page_is_busy (w->page)
         && g_strcmp0 (gtk_label_get_text (child (w->page, POS_TYPE_REPORTS_PAGE, "title_label")), w->title) == 0;
}

static void
test_reports_page (Fixture       *f,
                   gconstpointer  data)
{
  PosWindow *window = window_new (f);
  PosReportsPage *page = child (window, POS_TYPE_WINDOW, "reports_page");
  PosHourChart *chart = child (page, POS_TYPE_REPORTS_PAGE, "chart");
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "sales.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  AdwMessageDialog *dialog;

  start_cups (f);
  g_assert_true (pos_context_set_setting (f->context, POS_SETTING_REPORT_PRINTER, "pdf", NULL));
  log_in (window, "supervisor", POS_DEMO_SUPERVISOR_PASSWORD, POS_DEMO_PASSPHRASE);
  open_shift (window, FALSE);
  sell (window, "ACC-000007", "50");
  sell (window, "ACC-000003", "25");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports"));
  g_assert_cmpstr (gtk_editable_get_text (child (page, POS_TYPE_REPORTS_PAGE, "from_entry")), ==, "2026-11-24");

  /* the shift's totals and its chart: both sales at ten o'clock */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.shift", NULL));
  {
    ReportWait w = { page, "Shift Report" };
    wait_until (report_shown, &w, "the shift report");
  }
  g_assert_cmpint (pos_hour_chart_get_value (chart, 10), ==, 7500);
  g_assert_cmpint (pos_hour_chart_get_value (chart, 9), ==, 0);
  g_assert_nonnull (find_label (child (page, POS_TYPE_REPORTS_PAGE, "totals_grid"), "75.00"));
  screenshot (GTK_WIDGET (window), "reports-shift");

  /* the day's sales report, exported to PDF and CSV */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.sales", NULL));
  {
    ReportWait w = { page, "Sales Report" };
    wait_until (report_shown, &w, "the sales report");
  }
  pos_reports_page_export_to (page, POS_REPORT_PDF, pdf);
  g_assert_true (gtk_widget_get_visible (child (page, POS_TYPE_REPORTS_PAGE, "progress_bar")));
  wait_until (reports_idle, page, "the PDF export");
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_clear_pointer (&contents, g_free);
  pos_reports_page_export_to (page, POS_REPORT_CSV, csv);
  wait_until (reports_idle, page, "the CSV export");
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* the header and two sales */
  g_assert_true (g_str_has_prefix (lines[0], "receipt,"));
  g_assert_false (gtk_widget_get_visible (child (page, POS_TYPE_REPORTS_PAGE, "progress_bar")));
  screenshot (GTK_WIDGET (window), "reports-sales");

  /* close the day: confirmed first, then the Z report, then looked up */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.z-close", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the close day dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "pos-z-close-dialog");
  screenshot (GTK_WIDGET (dialog), "reports-z-confirm");
  settle (300);
  {
    gpointer weak = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    /* what the Close the Day button does: the response, then closed */
    adw_message_dialog_response (dialog, "close-day");
    gtk_window_destroy (GTK_WINDOW (dialog));
    wait_until (is_null, &weak, "the dialog to close");
  }
  {
    ReportWait w = { page, "Z Report 1" };
    wait_until (report_shown, &w, "the Z report");
  }
  screenshot (GTK_WIDGET (window), "reports-z");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (GTK_WIDGET (window), "reports-z-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.shift", NULL));
  {
    ReportWait w = { page, "Shift Report" };
    wait_until (report_shown, &w, "the shift report again");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.z-get", NULL));
  {
    ReportWait w = { page, "Z Report 1" };
    wait_until (report_shown, &w, "the Z report looked up");
  }
  g_assert_cmpint (pos_hour_chart_get_value (chart, 10), ==, 7500);

  /* printed on the report printer: a PDF reaches its queue (the two
   * receipts were jobs 1 and 2) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.print", NULL));
  wait_until (reports_idle, page, "the report printed");
  {
    g_autofree char *job = g_build_filename (f->cups, "out", "pdf", "job-3.out", NULL);
    g_autofree char *printed = NULL;

    wait_until (file_exists, job, "the report's print job");
    settle (200);
    g_assert_true (g_file_get_contents (job, &printed, NULL, NULL));
    g_assert_true (g_str_has_prefix (printed, "%PDF-"));
  }
  window_destroy (window);
}

/* -- customers: add, edit, meters, purchases ------------------------------------- */

static gboolean
customers_show_one (gpointer data)
{
  PosCustomersPage *page = data;
  GtkColumnView *view = child (page, POS_TYPE_CUSTOMERS_PAGE, "column_view");
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  return model != NULL && g_list_model_get_n_items (model) == 1
         && !gtk_widget_get_visible (child (page, POS_TYPE_CUSTOMERS_PAGE, "spinner"));
}

static PosCustomerItem *
first_customer (PosCustomersPage *page)
{
  GtkColumnView *view = child (page, POS_TYPE_CUSTOMERS_PAGE, "column_view");

  return g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), 0);
}

static gboolean
history_loaded (gpointer data)
{
  return pos_history_window_get_count (data) >= 0;
}

static void
test_customers_edit (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PosCustomerItem) item = NULL;
  g_autofree char *account = NULL;
  PosWindow *window = window_new (f);
  PosCustomersPage *page = child (window, POS_TYPE_WINDOW, "customers_page");
  PosCustomerDialog *dialog;
  PosMeterDialog *meter;
  PosHistoryWindow *history;
  gpointer weak;

  log_in (window, "supervisor", POS_DEMO_SUPERVISOR_PASSWORD, POS_DEMO_PASSPHRASE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-customers", NULL));

  /* a new customer: Save only once the fields are valid */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "customers.add", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_CUSTOMER_DIALOG), "the customer dialog");
  dialog = find_toplevel (POS_TYPE_CUSTOMER_DIALOG);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  gtk_editable_set_text (child (dialog, POS_TYPE_CUSTOMER_DIALOG, "name_row"), "Zanele Mokoena");
  gtk_editable_set_text (child (dialog, POS_TYPE_CUSTOMER_DIALOG, "phone_row"), "082 555 12x4");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, POS_TYPE_CUSTOMER_DIALOG, "phone_row"), "error"));
  screenshot (GTK_WIDGET (dialog), "customer-dialog-invalid");
  gtk_editable_set_text (child (dialog, POS_TYPE_CUSTOMER_DIALOG, "phone_row"), "082 555 1234");
  gtk_editable_set_text (child (dialog, POS_TYPE_CUSTOMER_DIALOG, "address_row"), "9 Vilakazi Street, Soweto");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  screenshot (GTK_WIDGET (dialog), "customer-dialog");
  answer_dialog (dialog);
  wait_until (customers_show_one, page, "the new customer listed");
  item = first_customer (page);
  g_assert_cmpstr (pos_customer_item_get_name (item), ==, "Zanele Mokoena");
  account = g_strdup (pos_customer_item_get_account (item));
  g_clear_object (&item);

  /* edit: a new address */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "customers.edit", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_CUSTOMER_DIALOG), "the edit dialog");
  dialog = find_toplevel (POS_TYPE_CUSTOMER_DIALOG);
  g_assert_cmpstr (pos_customer_dialog_get_account (dialog), ==, account);
  gtk_editable_set_text (child (dialog, POS_TYPE_CUSTOMER_DIALOG, "address_row"), "11 Vilakazi Street, Soweto");
  answer_dialog (dialog);
  settle (200);
  wait_until (customers_show_one, page, "the customer again");
  item = first_customer (page);
  g_assert_cmpstr (pos_customer_item_get_address (item), ==, "11 Vilakazi Street, Soweto");
  g_clear_object (&item);

  /* a meter: a wrong check digit is shown at once, a right number added */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "customers.add-meter", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_METER_DIALOG), "the meter dialog");
  meter = find_toplevel (POS_TYPE_METER_DIALOG);
  gtk_editable_set_text (child (meter, POS_TYPE_METER_DIALOG, "pan_row"), "600727049999000141");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (meter), "add"));
  g_assert_true (gtk_widget_has_css_class (child (meter, POS_TYPE_METER_DIALOG, "pan_row"), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (child (meter, POS_TYPE_METER_DIALOG, "problem_label")),
                            "check digits"));
  screenshot (GTK_WIDGET (meter), "meter-dialog-invalid");
  gtk_editable_set_text (child (meter, POS_TYPE_METER_DIALOG, "pan_row"), "600727049999000140");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (meter), "add"));
  g_assert_cmpstr (pos_meter_dialog_get_tariff (meter), !=, NULL);
  answer_dialog (meter);
  settle (200);
  wait_until (customers_show_one, page, "the customer with the meter");
  item = first_customer (page);
  g_assert_cmpstr (pos_customer_item_get_pan (item), ==, "600727049999000140");
  g_clear_object (&item);
  screenshot (GTK_WIDGET (window), "customers-edited");

  /* a purchase, then the customer's purchase history */
  open_shift (window, FALSE);
  /* the first tariff by name, Commercial flat, has a monthly charge */
  sell (window, "600727049999000140", "300");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-customers", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "customers.history", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (POS_TYPE_HISTORY_WINDOW), "the purchases");
  history = find_toplevel (POS_TYPE_HISTORY_WINDOW);
  wait_until (history_loaded, history, "the purchases to load");
  g_assert_cmpint (pos_history_window_get_count (history), ==, 1);
  screenshot (GTK_WIDGET (history), "customer-history");
  weak = history;
  g_object_add_weak_pointer (G_OBJECT (history), &weak);
  gtk_window_destroy (GTK_WINDOW (history));
  wait_until (is_null, &weak, "the purchases window to be freed");
  window_destroy (window);
}

/* -- administration --------------------------------------------------------------- */

static gboolean
admin_idle (gpointer data)
{
  return !pos_admin_page_is_busy (data);
}

/* The widget of @type in the row whose name is @row_name under @widget. */
static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static JsonObject *
user_row (JsonArray  *users,
          const char *name)
{
  for (guint i = 0; i < json_array_get_length (users); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (users, i), "name"), name))
      return json_array_get_object_element (users, i);
  return NULL;
}

/* Fills the form that @action opens with @values and adds. */
static void
admin_form (PosAdminPage       *page,
            const char         *action,
            const char * const *values)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), action);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  entry = gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog));
  for (gsize i = 0; values[i] != NULL; i++, entry = gtk_widget_get_next_sibling (entry))
    gtk_editable_set_text (GTK_EDITABLE (entry), values[i]);
  answer_dialog (dialog);
  wait_until (admin_idle, page, action);
}

static void
test_admin_page (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) users = NULL;
  g_autoptr(JsonArray) keys = NULL;
  g_autofree char *printer = NULL;
  g_autofree char *backup = NULL;
  PosWindow *window;
  PosAdminPage *page;
  AdwMessageDialog *dialog;
  GtkWidget *row;

  start_cups (f);
  window = window_new (f);
  page = child (window, POS_TYPE_WINDOW, "admin_page");

  /* a cashier sees that the page is not theirs */
  log_in (window, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, POS_TYPE_ADMIN_PAGE, "stack")), ==, "denied");
  screenshot (GTK_WIDGET (window), "admin-denied");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.log-out", NULL));

  log_in (window, "admin", POS_DEMO_ADMIN_PASSWORD, POS_DEMO_PASSPHRASE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, POS_TYPE_ADMIN_PAGE, "stack")), ==, "admin");
  wait_until (admin_idle, page, "the administration lists");
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Demo Cashier"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Main office"));
  g_assert_cmpstr (gtk_editable_get_text (child (page, POS_TYPE_ADMIN_PAGE, "utility_name_row")), !=, "");
  screenshot (GTK_WIDGET (window), "admin");

  /* a user added, then disabled */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "admin.add-user", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the add user dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  {
    GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
    GtkWidget *user = gtk_widget_get_first_child (box);
    GtkWidget *full = gtk_widget_get_next_sibling (user);
    GtkWidget *password = gtk_widget_get_next_sibling (full);

    gtk_editable_set_text (GTK_EDITABLE (user), "thandi");
    gtk_editable_set_text (GTK_EDITABLE (full), "Thandi Nkosi");
    gtk_editable_set_text (GTK_EDITABLE (password), "thandi-password");
  }
  screenshot (GTK_WIDGET (dialog), "admin-add-user");
  answer_dialog (dialog);
  wait_until (admin_idle, page, "the user added");
  row = find_named (GTK_WIDGET (page), "thandi");
  g_assert_nonnull (row);
  gtk_switch_set_active (GTK_SWITCH (find_type (row, GTK_TYPE_SWITCH)), FALSE);
  wait_until (admin_idle, page, "the user disabled");
  users = pos_admin_list (f->context, POS_ADMIN_USERS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user_row (users, "thandi"));
  g_assert_false (json_object_get_boolean_member (user_row (users, "thandi"), "active"));

  /* this machine's receipt printer */
  adw_combo_row_set_selected (child (page, POS_TYPE_ADMIN_PAGE, "receipt_printer_row"), 2);
  wait_until (admin_idle, page, "the printer chosen");
  printer = pos_context_get_setting (f->context, POS_SETTING_RECEIPT_PRINTER);
  g_assert_cmpstr (printer, ==, "receipt");

  /* a vending key imported from hex; listed by name, the entry emptied */
  gtk_editable_set_text (child (page, POS_TYPE_ADMIN_PAGE, "key_name_row"), "Second key");
  gtk_editable_set_text (child (page, POS_TYPE_ADMIN_PAGE, "key_hex_row"), "0123456789abcdef");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "admin.import-key", NULL));
  g_assert_cmpstr (gtk_editable_get_text (child (page, POS_TYPE_ADMIN_PAGE, "key_hex_row")), ==, "");
  wait_until (admin_idle, page, "the key imported");
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Second key"));
  g_assert_null (find_label (GTK_WIDGET (page), "0123456789"));
  keys = pos_admin_list (f->context, POS_ADMIN_VENDING_KEYS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (keys), ==, 2);

  /* a vending point, a one-step tariff and a supply group added */
  admin_form (page, "admin.add-point", (const char *[]) { "Kiosk 2", "1000", NULL });
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Kiosk 2"));
  admin_form (page, "admin.add-tariff", (const char *[]) { "Flat 2.50", "15", "2.50", NULL });
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Flat 2.50"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "VAT 15.00%"));
  admin_form (page, "admin.add-group", (const char *[]) { "Second group", "654321", "1", "Second key", NULL });
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Second group"));
  screenshot (GTK_WIDGET (window), "admin-added");

  /* a vending point reconciled */
  g_signal_emit_by_name (find_type (find_type (child (page, POS_TYPE_ADMIN_PAGE, "points_group"), ADW_TYPE_ACTION_ROW),
                                    GTK_TYPE_BUTTON), "clicked");
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the reconcile dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "pos-reconcile-dialog");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "12345");
  answer_dialog (dialog);
  wait_until (admin_idle, page, "the point reconciled");
  {
    g_autoptr(JsonArray) points = pos_admin_list (f->context, POS_ADMIN_VENDING_POINTS, &error);

    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (points, 0), "credit_ceiling"), ==,
                     1234500);
  }
  g_assert_nonnull (find_label (GTK_WIDGET (page), "of 12345.00"));

  /* backup, then restore (confirmed): everyone logs in again */
  backup = g_build_filename (f->dir, "backup.db", NULL);
  pos_admin_page_backup_to (page, backup);
  wait_until (admin_idle, page, "the backup");
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  pos_admin_page_restore_from (page, backup);
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the restore dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "pos-restore-dialog");
  screenshot (GTK_WIDGET (dialog), "admin-restore-confirm");
  settle (300);
  {
    gpointer weak = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    adw_message_dialog_response (dialog, "restore");
    gtk_window_destroy (GTK_WINDOW (dialog));
    wait_until (is_null, &weak, "the dialog to close");
  }
  wait_stack (child (window, POS_TYPE_WINDOW, "stack"), "login");
  settle (500);
  window_destroy (window);
  g_unlink (backup);
}

/* -- engineering ---------------------------------------------------------------------- */

static gboolean
engineering_idle (gpointer data)
{
  return !pos_engineering_page_is_busy (data);
}

/* A second supply group for the demo's key, KRN 2, added by the
 * administrator before the app starts. */
static void
add_second_group (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosContext) admin = pos_context_new ();
  g_autoptr(JsonArray) keys = NULL;
  PosSupplyGroupSpec spec = { "Demo group, revision 2", "123456", 2, 2, 255, 2014, 7, NULL };

  pos_context_set_kdf_cost (admin, 10);
  pos_context_set_settings_path (admin, f->settings);
  g_assert_true (pos_context_open_database (admin, f->path, &error));
  g_assert_true (pos_context_login (admin, "admin", POS_DEMO_ADMIN_PASSWORD, &error));
  g_assert_true (pos_context_unlock_keys (admin, POS_DEMO_PASSPHRASE, &error));
  keys = pos_admin_list (admin, POS_ADMIN_VENDING_KEYS, &error);
  g_assert_no_error (error);
  spec.vending_key = json_object_get_string_member (json_array_get_object_element (keys, 0), "name");
  g_assert_cmpint (pos_admin_add_supply_group (admin, &spec, &error), >, 0);
  g_assert_no_error (error);
}

static guint
group_index (PosEngineeringPage *page,
             const char         *prefix)
{
  GListModel *names = adw_combo_row_get_model (child (page, POS_TYPE_ENGINEERING_PAGE, "from_group_row"));

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (names), i), prefix))
      return i;
  g_assert_not_reached ();
}

static gsize
token_count (const char *text)
{
  gsize digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      digits++;
  return digits;
}

static void
test_engineering_page (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = NULL;
  PosWindow *window;
  PosEngineeringPage *page;
  GtkLabel *tokens;
  AdwMessageDialog *dialog;
  const char *pan;

  add_second_group (f);
  window = window_new (f);
  page = child (window, POS_TYPE_WINDOW, "engineering_page");
  tokens = child (page, POS_TYPE_ENGINEERING_PAGE, "tokens_label");
  log_in (window, "supervisor", POS_DEMO_SUPERVISOR_PASSWORD, POS_DEMO_PASSPHRASE);
  open_shift (window, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "engineering"));
  wait_until (engineering_idle, page, "the supply groups");
  found = pos_customer_find (f->context, "ACC-000007", 1, &error);
  g_assert_no_error (error);
  pan = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                                         json_array_get_object_element (found, 0), "meters"), 0), "pan");

  /* a wrong meter number: nothing can be issued */
  gtk_editable_set_text (child (page, POS_TYPE_ENGINEERING_PAGE, "meter_row"), "600727040000000105");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "engineering.issue", NULL)
                  && !engineering_idle (page));
  gtk_editable_set_text (child (page, POS_TYPE_ENGINEERING_PAGE, "meter_row"), pan);

  /* clear tamper: one token */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "engineering.issue", NULL));
  wait_until (engineering_idle, page, "the clear tamper token");
  g_assert_cmpuint (token_count (gtk_label_get_text (tokens)), ==, 20);

  /* a power limit of 5 kW */
  adw_combo_row_set_selected (child (page, POS_TYPE_ENGINEERING_PAGE, "kind_row"), 2);
  gtk_editable_set_text (child (page, POS_TYPE_ENGINEERING_PAGE, "value_row"), "5000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "engineering.issue", NULL));
  wait_until (engineering_idle, page, "the power limit token");
  g_assert_cmpuint (token_count (gtk_label_get_text (tokens)), ==, 20);
  screenshot (GTK_WIDGET (window), "engineering-token");

  /* the meter's key change to revision 2, confirmed: two tokens */
  adw_combo_row_set_selected (child (page, POS_TYPE_ENGINEERING_PAGE, "to_group_row"), group_index (page, "Demo group, revision 2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "engineering.key-change", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the key change dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  settle (300);
  {
    gpointer weak = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    adw_message_dialog_response (dialog, "change");
    gtk_window_destroy (GTK_WINDOW (dialog));
    wait_until (is_null, &weak, "the dialog to close");
  }
  wait_until (engineering_idle, page, "the key change");
  g_assert_cmpuint (token_count (gtk_label_get_text (tokens)), ==, 2 * 20 + 2);   /* "1." and "2." */
  screenshot (GTK_WIDGET (window), "engineering-key-change");

  /* the rest of the first group migrated, each meter listed */
  adw_combo_row_set_selected (child (page, POS_TYPE_ENGINEERING_PAGE, "from_group_row"), group_index (page, "Demo supply"));
  adw_combo_row_set_selected (child (page, POS_TYPE_ENGINEERING_PAGE, "migrate_to_row"), group_index (page, "Demo group, revision 2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "engineering.migrate", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the migration dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "pos-migrate-dialog");
  screenshot (GTK_WIDGET (dialog), "engineering-migrate-confirm");
  settle (300);
  {
    gpointer weak = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    adw_message_dialog_response (dialog, "migrate");
    gtk_window_destroy (GTK_WINDOW (dialog));
    wait_until (is_null, &weak, "the dialog to close");
  }
  wait_until (engineering_idle, page, "the migration");
  g_test_message ("migrated %u meters", pos_engineering_page_get_migrated (page));
  g_assert_cmpuint (pos_engineering_page_get_migrated (page), ==, N_CUSTOMERS - 1);
  g_assert_true (gtk_widget_get_visible (child (page, POS_TYPE_ENGINEERING_PAGE, "progress_bar")));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (child (page, POS_TYPE_ENGINEERING_PAGE, "progress_bar")), ==, 1.0);
  screenshot (GTK_WIDGET (window), "engineering-migrated");
  window_destroy (window);
}

/* -- Persian: every screen right to left ------------------------------------------- */

/* The quote is on screen, in whatever language. */
static gboolean
quote_shown (gpointer data)
{
  PosVendPage *page = data;

  return g_strcmp0 (gtk_label_get_text (child (page, POS_TYPE_VEND_PAGE, "kwh_label")), "—") != 0
         && !gtk_widget_get_visible (child (page, POS_TYPE_VEND_PAGE, "spinner"));
}

/* Opens a window by @action on @widget, saves it as @name, closes it. */
static void
fa_dialog (gpointer    widget,
           const char *action,
           GType       type,
           const char *name)
{
  gpointer dialog;
  gpointer weak;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (widget), action, NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (type), name);
  dialog = find_toplevel (type);
  if (POS_IS_RECEIPT_PREVIEW (dialog))
    wait_until ((Condition) pos_receipt_preview_is_loaded, dialog, "the receipt picture");
  if (POS_IS_HISTORY_WINDOW (dialog))
    wait_until (history_loaded, dialog, "the purchases");
  screenshot (GTK_WIDGET (dialog), name);
  settle (100);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until (is_null, &weak, "the window to be freed");
}

static void
test_persian (Fixture       *f,
              gconstpointer  data)
{
  PosWindow *window;
  PosVendPage *vend;
  PosReportsPage *reports;
  PosSalesPage *sales;
  PosEngineeringPage *engineering;
  PosAdminPage *admin;
  GtkStack *stack;

  g_assert_nonnull (g_getenv ("STSVEND_LOCALEDIR"));
  /* the catalogue is read as the language asks for it; GTK chose its
   * direction at start, from its own catalogue, so it is told here */
  g_setenv ("LANGUAGE", "fa", TRUE);
  setlocale (LC_ALL, "");   /* so that gettext sees the new language */
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  g_assert_cmpstr (_("Sales Report"), ==, "گزارش فروش");

  window = window_new (f);
  vend = child (window, POS_TYPE_WINDOW, "vend_page");
  reports = child (window, POS_TYPE_WINDOW, "reports_page");
  sales = child (window, POS_TYPE_WINDOW, "sales_page");
  engineering = child (window, POS_TYPE_WINDOW, "engineering_page");
  admin = child (window, POS_TYPE_WINDOW, "admin_page");
  stack = child (window, POS_TYPE_WINDOW, "stack");
  wait_stack (stack, "login");
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (vend)), ==, GTK_TEXT_DIR_RTL);
  screenshot (GTK_WIDGET (window), "fa-login");

  log_in (window, "supervisor", POS_DEMO_SUPERVISOR_PASSWORD, POS_DEMO_PASSPHRASE);
  screenshot (GTK_WIDGET (window), "fa-vend-start");
  open_shift (window, FALSE);
  {
    GtkEditable *search = child (vend, POS_TYPE_VEND_PAGE, "search_entry");

    gtk_editable_set_text (search, "ACC-000007");
    g_signal_emit_by_name (search, "activate");
    wait_stack (child (vend, POS_TYPE_VEND_PAGE, "sale_stack"), "sale");
    gtk_editable_set_text (child (vend, POS_TYPE_VEND_PAGE, "amount_entry"), "100");
    wait_until (quote_shown, vend, "the quote");
    screenshot (GTK_WIDGET (window), "fa-vend-quote");
    g_signal_emit_by_name (child (vend, POS_TYPE_VEND_PAGE, "amount_entry"), "activate");
    wait_stack (child (vend, POS_TYPE_VEND_PAGE, "sale_stack"), "token");
    screenshot (GTK_WIDGET (window), "fa-vend-token");
    /* the token reads as stored and printed, first group leftmost; the
     * details give the meter number, the amount and the receipt as they
     * are */
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonArray) found = pos_customer_find (f->context, "ACC-000007", 1, &error);
      g_autoptr(JsonArray) history = NULL;
      JsonObject *sale;
      const char *pan;
      g_autofree char *receipt = NULL;
      const char *parts[2];

      g_assert_no_error (error);
      pan = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                                             json_array_get_object_element (found, 0), "meters"), 0), "pan");
      history = pos_sale_history (f->context, pan, 1, &error);
      g_assert_no_error (error);
      sale = json_array_get_object_element (history, 0);
      assert_token_reads_ltr (gtk_label_get_layout (child (vend, POS_TYPE_VEND_PAGE, "token_label")),
                              json_array_get_string_element (json_object_get_array_member (sale, "tokens"), 0));
      receipt = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (sale, "receipt"));
      g_assert_nonnull (strstr (gtk_label_get_text (child (vend, POS_TYPE_VEND_PAGE, "token_details")), receipt));
      /* its first digits left of its last */
      parts[0] = "600727";
      parts[1] = pan + strlen (pan) - 4;
      assert_reads_ltr (gtk_label_get_layout (child (vend, POS_TYPE_VEND_PAGE, "token_details")), parts, 2);
    }
    screenshot (GTK_WIDGET (window), "vend-token-fa");
  }
  fa_dialog (vend, "vend.preview-receipt", POS_TYPE_RECEIPT_PREVIEW, "fa-receipt-preview");

  /* the use cases' errors, in English, said in Persian by their code */
  {
    g_autoptr(GError) error = g_error_new_literal (POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED,
                                                   "a cashier may not reverse a sale");
    FindWait w = { GTK_WIDGET (window), "نقش شما اجازهٔ این کار را ندارد." };

    pos_window_show_error (window, error);
    wait_until (label_shown, &w, "the Persian error toast");
    screenshot (GTK_WIDGET (window), "fa-error-toast");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-customers", NULL));
  settle (300);
  screenshot (GTK_WIDGET (window), "fa-customers");
  {
    PosCustomersPage *customers = child (window, POS_TYPE_WINDOW, "customers_page");

    gtk_editable_set_text (child (customers, POS_TYPE_CUSTOMERS_PAGE, "search_entry"), "ACC-000007");
    wait_until (customers_show_one, customers, "the customer");
    fa_dialog (customers, "customers.add", POS_TYPE_CUSTOMER_DIALOG, "fa-customer-dialog");
    fa_dialog (customers, "customers.history", POS_TYPE_HISTORY_WINDOW, "fa-customer-history");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "sales"));
  {
    CountWait w = { sales, 1 };
    wait_until (sales_count_is, &w, "today's sale");
  }
  screenshot (GTK_WIDGET (window), "fa-sales");
  fa_dialog (sales, "sales.reverse", ADW_TYPE_MESSAGE_DIALOG, "fa-sales-reverse-dialog");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reports), "reports.shift", NULL));
  wait_until (reports_idle, reports, "the shift report");
  screenshot (GTK_WIDGET (window), "fa-reports");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (GTK_WIDGET (window), "fa-reports-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "engineering"));
  wait_until (engineering_idle, engineering, "the supply groups");
  screenshot (GTK_WIDGET (window), "fa-engineering");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  screenshot (GTK_WIDGET (window), "fa-admin-denied");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "cards"));
  wait_until (cards_idle, child (window, POS_TYPE_WINDOW, "cards_page"), "the reader list");
  screenshot (GTK_WIDGET (window), "fa-cards");

  /* the administrator's page */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.log-out", NULL));
  log_in (window, "admin", POS_DEMO_ADMIN_PASSWORD, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  wait_until (admin_idle, admin, "the administration lists");
  settle (300);   /* the crossfade from the login */
  screenshot (GTK_WIDGET (window), "fa-admin");
  window_destroy (window);

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

/* -- cards ---------------------------------------------------------------------------- */

#define CARD_PAN "600727040000000104"

static gboolean
cards_idle (gpointer data)
{
  return !pos_customer_cards_page_is_busy (data);
}

static const char *
row_title (PosCustomerCardsPage *page,
           const char   *row)
{
  return adw_preferences_row_get_title (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, row));
}

static const char *
row_subtitle (PosCustomerCardsPage *page,
              const char   *row)
{
  return adw_action_row_get_subtitle (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, row));
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
cards_do (PosCustomerCardsPage *page,
          const char   *action,
          const char   *what)
{
  g_assert_true (cards_idle (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  g_assert_true (pos_customer_cards_page_is_busy (page));
  wait_until (cards_idle, page, what);
}

/* The folder of the private pcscd (its socket DIR/run/pcscd.comm), made
 * in main(): pcsc-lite keeps the first socket path it is given, so the
 * whole process uses this one, whether a pcscd listens there or not. */
static char *pcscd_dir;

/* The Cards page without any card service: PC/SC is asked for readers
 * through the socket of a pcscd that is not running.  The page says so
 * and offers nothing that needs a reader. */
static void
test_cards_no_reader (Fixture       *f,
                      gconstpointer  data)
{
  PosWindow *window;
  PosCustomerCardsPage *page;

  window = window_new (f);
  page = child (window, POS_TYPE_WINDOW, "cards_page");
  log_in (window, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL);
  g_assert_false (gtk_widget_get_visible (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "supervisor_group")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "cards"));
  wait_until (cards_idle, page, "the reader list");
  g_assert_null (pos_customer_cards_page_get_reader (page));
  g_assert_true (g_str_has_prefix (row_subtitle (page, "status_row"), "No card reader found"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "cards.read", NULL) && !cards_idle (page));
  g_assert_false (gtk_widget_is_sensitive (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "read_button")));
  screenshot (GTK_WIDGET (window), "cards-no-reader");
  window_destroy (window);
}

/* The whole card flow on a private pcscd with an emulated contact card:
 * a supervisor issues the card to a demo meter, reads it, recharges it
 * (the sale recorded, its token on the card) and reads it again; a
 * cashier's second recharge is refused, the meter not having taken the
 * first; a supervisor is offered the override (declined here).  Then the
 * same screens in Persian. */
static void
test_cards_flow (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *card_dir = g_build_filename (f->dir, "card", NULL);
  g_autofree char *token = NULL;
  CardPcscd *pcscd;
  CardEmu *emu;
  PosWindow *window;
  PosCustomerCardsPage *page;
  JsonObject *card;
  JsonObject *sale;
  JsonObject *purchase;
  gpointer dialog;

  pcscd = card_pcscd_start (pcscd_dir);
  emu = card_emu_new (CARD_EMU_CONTACT, card_dir, pcscd, 0, "5356000000000042");
  card_emu_insert (emu);

  window = window_new (f);
  page = child (window, POS_TYPE_WINDOW, "cards_page");
  log_in (window, "supervisor", POS_DEMO_SUPERVISOR_PASSWORD, POS_DEMO_PASSPHRASE);
  open_shift (window, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "cards"));
  wait_until (cards_idle, page, "the reader list");
  g_assert_cmpstr (pos_customer_cards_page_get_reader (page), ==, card_emu_get_spec (emu));
  {
    g_autofree char *saved = pos_context_get_setting (f->context, "cards.reader");

    g_assert_cmpstr (saved, ==, card_emu_get_spec (emu));
  }
  screenshot (GTK_WIDGET (window), "cards-ready");

  /* issue: the meter number typed; the card read back at once */
  gtk_editable_set_text (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "meter_row"), CARD_PAN);
  cards_do (page, "cards.issue", "the issue");
  card = pos_customer_cards_page_get_card (page);
  g_assert_nonnull (card);
  g_assert_cmpstr (json_object_get_string_member (card, "meter"), ==, CARD_PAN);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (card, "purchase"), "seq"), ==, 0);
  screenshot (GTK_WIDGET (window), "cards-issued");

  /* recharge: the quote as the amount is typed, then Enter sells and writes */
  gtk_editable_set_text (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "amount_row"), "50");
  wait_until (widget_visible, child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "quote_row"), "the quote");
  g_assert_nonnull (strstr (row_subtitle (page, "quote_row"), "kWh; VAT "));
  screenshot (GTK_WIDGET (window), "cards-quote");
  g_signal_emit_by_name (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "amount_row"), "entry-activated");
  g_assert_true (pos_customer_cards_page_is_busy (page));
  wait_until (cards_idle, page, "the recharge");
  sale = pos_customer_cards_page_get_sale (page);
  g_assert_nonnull (sale);
  g_assert_cmpint (json_object_get_int_member (sale, "sale_id"), >, 0);
  g_assert_cmpint (json_object_get_int_member (sale, "receipt"), >, 0);
  g_assert_true (json_object_get_boolean_member (sale, "card_written"));
  token = g_strdup (json_object_get_string_member (sale, "token"));
  g_assert_cmpuint (strlen (token), ==, 20);
  g_assert_true (g_str_has_suffix (row_title (page, "result_row"), "written to the card"));
  screenshot (GTK_WIDGET (window), "cards-recharged");

  /* read again: the token is on the card, not yet in the meter */
  cards_do (page, "cards.read", "the second read");
  card = pos_customer_cards_page_get_card (page);
  purchase = json_object_get_object_member (card, "purchase");
  g_assert_cmpint (json_object_get_int_member (purchase, "seq"), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (purchase, "tokens"), 0), ==, token);
  g_assert_false (json_object_get_boolean_member (purchase, "applied"));
  g_assert_nonnull (strstr (row_subtitle (page, "purchase_row"), "not taken it yet"));
  screenshot (GTK_WIDGET (window), "cards-read");

  /* a supervisor's second recharge: refused, the override offered */
  gtk_editable_set_text (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "amount_row"), "20");
  cards_do (page, "cards.recharge", "the refused recharge");
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the override dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (dialog), ==, "pos-card-override-dialog");
  screenshot (GTK_WIDGET (dialog), "cards-override-confirm");
  answer_dialog (dialog);   /* the default: Cancel */
  g_assert_true (cards_idle (page));
  g_assert_true (json_object_get_int_member (pos_customer_cards_page_get_sale (page), "sale_id")
                 == json_object_get_int_member (sale, "sale_id"));

  /* the override taken, and the card pulled as it is written: the sale
   * stands, the write is offered again, and done once the card is back
   * (a read costs n_read commands; the recharge's own read as many, then
   * the sale, then the write) */
  {
    guint before = card_emu_count_commands (emu);
    guint n_read;
    gint64 first_sale = json_object_get_int_member (sale, "sale_id");

    cards_do (page, "cards.read", "a read, counted");
    n_read = card_emu_count_commands (emu) - before;
    g_test_message ("a read takes %u card commands", n_read);
    cards_do (page, "cards.recharge", "the refused recharge again");
    wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the override dialog");
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    settle (300);   /* as answer_dialog: not while it animates in */
    card_emu_pull_after (emu, n_read + 1, FALSE);
    {
      gpointer weak = dialog;

      g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
      /* as the Sell Anyway button does: the response, then the dialog
       * closes (its close response, Cancel, then does nothing) */
      adw_message_dialog_response (dialog, "sell");
      g_assert_true (pos_customer_cards_page_is_busy (page));
      gtk_window_close (GTK_WINDOW (dialog));
      wait_until (is_null, &weak, "the dialog to close");
    }
    wait_until (cards_idle, page, "the recharge pulled mid-write");
    g_assert_true (card_emu_was_pulled (emu));
    sale = pos_customer_cards_page_get_sale (page);
    g_assert_cmpint (json_object_get_int_member (sale, "sale_id"), >, first_sale);
    g_assert_false (json_object_get_boolean_member (sale, "card_written"));
    g_assert_true (gtk_widget_get_visible (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "try_again_button")));
    g_assert_true (g_str_has_suffix (row_title (page, "result_row"), "the card was not written"));
    g_assert_nonnull (strstr (row_subtitle (page, "result_row"), "The card was pulled out or stopped answering."));
    screenshot (GTK_WIDGET (window), "cards-write-failed");

    card_emu_insert (emu);
    cards_do (page, "cards.retry", "the write tried again");
    g_assert_false (gtk_widget_get_visible (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "try_again_button")));
    g_assert_cmpstr (row_title (page, "result_row"), ==, "Purchase 2 written to the card");
    card = pos_customer_cards_page_get_card (page);
    purchase = json_object_get_object_member (card, "purchase");
    g_assert_cmpint (json_object_get_int_member (purchase, "seq"), ==, 2);
    g_assert_false (json_object_get_boolean_member (card, "write_pending"));
    screenshot (GTK_WIDGET (window), "cards-written-again");
  }

  /* a cashier: refused in plain words, no override */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.log-out", NULL));
  log_in (window, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL);
  open_shift (window, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "cards"));
  wait_until (cards_idle, page, "the reader list");
  g_assert_false (gtk_widget_get_visible (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "supervisor_group")));
  cards_do (page, "cards.read", "the cashier's read");
  gtk_editable_set_text (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "amount_row"), "20");
  cards_do (page, "cards.recharge", "the cashier's refused recharge");
  g_assert_null (pos_customer_cards_page_get_sale (page));
  g_assert_cmpstr (row_title (page, "result_row"), ==, "Not sold: the meter has not taken the card’s last purchase");
  g_assert_nonnull (strstr (row_subtitle (page, "result_row"), "call a supervisor"));
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  screenshot (GTK_WIDGET (window), "cards-unapplied");
  window_destroy (window);

  /* the same in Persian */
  g_setenv ("LANGUAGE", "fa", TRUE);
  setlocale (LC_ALL, "");
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  window = window_new (f);
  page = child (window, POS_TYPE_WINDOW, "cards_page");
  log_in (window, "supervisor", POS_DEMO_SUPERVISOR_PASSWORD, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "cards"));
  wait_until (cards_idle, page, "the reader list");
  cards_do (page, "cards.read", "the read in Persian");
  gtk_editable_set_text (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "amount_row"), "20");
  cards_do (page, "cards.recharge", "the refused recharge in Persian");
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the override dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  screenshot (GTK_WIDGET (dialog), "fa-cards-override-confirm");
  answer_dialog (dialog);
  screenshot (GTK_WIDGET (window), "fa-cards-read");
  /* the override taken: sold and written */
  cards_do (page, "cards.recharge", "the refused recharge in Persian, again");
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the override dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  settle (300);
  {
    gpointer weak = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    adw_message_dialog_response (dialog, "sell");
    gtk_window_close (GTK_WINDOW (dialog));
    wait_until (is_null, &weak, "the dialog to close");
  }
  wait_until (cards_idle, page, "the recharge in Persian");
  g_assert_true (json_object_get_boolean_member (pos_customer_cards_page_get_sale (page), "card_written"));
  screenshot (GTK_WIDGET (window), "fa-cards-recharged");
  gtk_editable_set_text (child (page, POS_TYPE_CUSTOMER_CARDS_PAGE, "reason_row"), "گم شده");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "cards.replace", NULL));
  wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the replace dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_widget_get_name (dialog), ==, "pos-card-replace-dialog");
  screenshot (GTK_WIDGET (dialog), "fa-cards-replace-confirm");
  answer_dialog (dialog);   /* Cancel: nothing blocked */
  window_destroy (window);
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);

  card_emu_free (emu);
  card_pcscd_free (pcscd);
}

int
main (int   argc,
      char *argv[])
{
  /* before any thread: see pcscd_dir */
  pcscd_dir = g_dir_make_tmp ("stsvend-gtk-pcscd-XXXXXX", NULL);
  g_assert_nonnull (pcscd_dir);
  {
    g_autofree char *socket = g_build_filename (pcscd_dir, "run", "pcscd.comm", NULL);

    g_setenv ("PCSCLITE_CSOCK_NAME", socket, TRUE);
  }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* gtk_test_init keeps the C locale, where gettext ignores $LANGUAGE:
   * the environment's (C.UTF-8) instead, still English */
  setlocale (LC_ALL, "");
  /* the app's catalogue as built; English unless a test asks for more */
  if (g_getenv ("STSVEND_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("STSVEND_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);   /* as main.c does */
    }
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    /* what AdwApplication does for the real program */
    gtk_css_provider_load_from_resource (css, "/org/stsvend/Stsvend/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                      "/org/stsvend/Stsvend/icons");
  }

  g_test_add_func ("/pos/gtk/bidi/isolate", test_bidi);
  g_test_add_func ("/pos/gtk/customer-item/list", test_customer_item);
  g_test_add_func ("/pos/gtk/shift-dialog/build", test_shift_dialog);
  g_test_add_func ("/pos/gtk/help-overlay/build", test_help_overlay);
  for (gsize i = 0; i < G_N_ELEMENTS (page_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pos/gtk/%s/alone", page_cases[i].name);

      g_test_add_data_func (path, &page_cases[i], test_page_alone);
    }
  g_test_add ("/pos/gtk/window/first-run", Fixture, NULL, fixture_setup, test_window_welcome, fixture_teardown);
  g_test_add ("/pos/gtk/window/bad-database", Fixture, NULL, fixture_setup, test_window_bad_database,
              fixture_teardown);
  g_test_add ("/pos/gtk/login-page/login", Fixture, NULL, fixture_setup_demo, test_login_page, fixture_teardown);
  g_test_add ("/pos/gtk/vend-page/cash-vend", Fixture, NULL, fixture_setup_demo, test_vend_flow, fixture_teardown);
  g_test_add ("/pos/gtk/vend-page/refused", Fixture, NULL, fixture_setup_demo, test_vend_refused,
              fixture_teardown);
  g_test_add ("/pos/gtk/vend-page/keys-locked", Fixture, NULL, fixture_setup_demo, test_vend_keys_locked,
              fixture_teardown);
  g_test_add ("/pos/gtk/vend-page/keyboard-only", Fixture, NULL, fixture_setup_demo, test_vend_keyboard,
              fixture_teardown);
  g_test_add ("/pos/gtk/sales-page/receipts", Fixture, NULL, fixture_setup_demo, test_receipts_and_sales,
              fixture_teardown);
  g_test_add ("/pos/gtk/reports-page/flow", Fixture, NULL, fixture_setup_demo, test_reports_page, fixture_teardown);
  g_test_add ("/pos/gtk/customers-page/edit", Fixture, NULL, fixture_setup_demo, test_customers_edit,
              fixture_teardown);
  g_test_add ("/pos/gtk/admin-page/flow", Fixture, NULL, fixture_setup_demo, test_admin_page, fixture_teardown);
  g_test_add ("/pos/gtk/engineering-page/flow", Fixture, NULL, fixture_setup_demo, test_engineering_page,
              fixture_teardown);
  g_test_add ("/pos/gtk/cards-page/no-reader", Fixture, NULL, fixture_setup_demo, test_cards_no_reader,
              fixture_teardown);
  g_test_add ("/pos/gtk/cards-page/flow", Fixture, NULL, fixture_setup_demo, test_cards_flow, fixture_teardown);
  g_test_add ("/pos/gtk/window/persian", Fixture, NULL, fixture_setup_demo, test_persian, fixture_teardown);
  g_test_add ("/pos/gtk/customers-page/search", Fixture, NULL, fixture_setup_demo, test_customers_page,
              fixture_teardown);

  {
    int status = g_test_run ();
    g_autofree char *rm = g_strdup_printf ("rm -rf %s", pcscd_dir);

    g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
    g_free (pcscd_dir);
    return status;
  }
}
