/* pos-history-window.c: pos_sale_history_for_customer() in a
 * GtkColumnView, newest first, loaded in the background */
#include <glib/gi18n.h>

#include "pos-history-window.h"
#include "pos-row-item.h"
#include "pos-window-private.h"

#define HISTORY_LIMIT 200
#define MINOR_DIGITS  2

struct _PosHistoryWindow
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkColumnView  *column_view;

  GCancellable   *cancellable;
  int             count;
};

G_DEFINE_FINAL_TYPE (PosHistoryWindow, pos_history_window, ADW_TYPE_WINDOW)

static char *
cell_text (PosRowItem *item,
           const char *key)
{
  if (g_str_equal (key, "receipt"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, pos_row_item_get_int (item, "receipt"));
  if (g_str_equal (key, "created_at"))
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (pos_row_item_get_string (item, key), NULL);

      return t != NULL ? g_date_time_format (t, "%Y-%m-%d %H:%M") : g_strdup ("");
    }
  if (g_str_equal (key, "amount"))
    return pos_money_format (pos_row_item_get_int (item, "amount"), MINOR_DIGITS);
  if (g_str_equal (key, "kwh"))
    return pos_kwh_format (pos_row_item_get_int (item, "kwh_tenths"));
  if (g_str_equal (key, "status"))
    {
      const char *kind = pos_row_item_get_string (item, "kind");

      if (g_str_equal (kind, "reversal"))
        return g_strdup (_("Reversal"));
      return g_strdup (g_str_equal (pos_row_item_get_string (item, "status"), "reversed") ? _("Reversed") : _("Sold"));
    }
  if (g_str_equal (key, "token"))
    {
      JsonObject *o = pos_row_item_get_object (item);
      JsonArray *tokens = json_object_has_member (o, "tokens") ? json_object_get_array_member (o, "tokens") : NULL;
      const char *token = tokens != NULL && json_array_get_length (tokens) > 0
                            ? json_array_get_string_element (tokens, json_array_get_length (tokens) - 1) : "";
      GString *grouped = g_string_new (NULL);

      for (gsize i = 0; token[i] != '\0'; i++)
        {
          if (i > 0 && i % 4 == 0)
            g_string_append_c (grouped, ' ');
          g_string_append_c (grouped, token[i]);
        }
      return g_string_free (grouped, FALSE);
    }
  return g_strdup (pos_row_item_get_string (item, key));
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean number = g_str_equal (user_data, "amount") || g_str_equal (user_data, "kwh");

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1 : 0);
  gtk_label_set_selectable (GTK_LABEL (label), g_str_equal (user_data, "token"));
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  g_autofree char *text = cell_text (gtk_list_item_get_item (list_item), user_data);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static void
add_column (PosHistoryWindow *self,
            const char       *title,
            const char       *key,
            gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) key);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) key);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PosHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = pos_sale_history_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(GListStore) store = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rows == NULL)
    {
      g_autofree char *text = pos_window_sentence (error->message);

      adw_status_page_set_title (self->empty_page, _("The Purchases Cannot Be Shown"));
      adw_status_page_set_description (self->empty_page, text);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      self->count = 0;
      return;
    }
  store = pos_row_item_list_new (rows);
  self->count = (int) g_list_model_get_n_items (G_LIST_MODEL (store));
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&store)))));
  gtk_stack_set_visible_child_name (self->stack, self->count > 0 ? "list" : "empty");
}

static void
pos_history_window_dispose (GObject *object)
{
  PosHistoryWindow *self = POS_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_HISTORY_WINDOW);

  G_OBJECT_CLASS (pos_history_window_parent_class)->dispose (object);
}

static void
pos_history_window_class_init (PosHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_history_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PosHistoryWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PosHistoryWindow, column_view);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pos_history_window_init (PosHistoryWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->count = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  add_column (self, _("Receipt"), "receipt", FALSE);
  add_column (self, _("Date"), "created_at", FALSE);
  add_column (self, _("Meter"), "meter", FALSE);
  add_column (self, _("Amount"), "amount", FALSE);
  add_column (self, _("kWh"), "kwh", FALSE);
  add_column (self, _("Status"), "status", FALSE);
  add_column (self, _("Token"), "token", TRUE);
}

PosHistoryWindow *
pos_history_window_new (GtkWindow  *parent,
                        PosContext *context,
                        const char *account_no,
                        const char *name)
{
  PosHistoryWindow *self;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (account_no != NULL, NULL);

  self = g_object_new (POS_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  adw_window_title_set_title (self->window_title, name != NULL ? name : account_no);
  adw_window_title_set_subtitle (self->window_title, account_no);
  pos_sale_history_async (context, account_no, HISTORY_LIMIT, self->cancellable, listed_cb, g_object_ref (self));
  return self;
}

int
pos_history_window_get_count (PosHistoryWindow *self)
{
  g_return_val_if_fail (POS_IS_HISTORY_WINDOW (self), -1);
  return self->count;
}
