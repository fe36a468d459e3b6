/* pos-customers-page.c: customers and their meters in a GtkColumnView,
 * searched as you type */
#include "pos-customer-item.h"
#include "pos-customers-page.h"
#include "pos-window-private.h"

#define LIMIT 200

struct _PosCustomersPage
{
  AdwBin          parent_instance;

  GtkSearchEntry *search_entry;
  GtkSpinner     *spinner;
  GtkLabel       *count_label;
  GtkStack       *stack;
  AdwStatusPage  *status_page;
  GtkColumnView  *column_view;

  PosContext     *context;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (PosCustomersPage, pos_customers_page, ADW_TYPE_BIN)

static void
set_spinning (PosCustomersPage *self,
              gboolean          on)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), on);
  gtk_spinner_set_spinning (self->spinner, on);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PosCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = g_task_get_source_tag (G_TASK (result)) == pos_customer_list_async
                               ? pos_customer_list_finish (POS_CONTEXT (source), result, &error)
                               : pos_customer_find_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(GListStore) store = NULL;
  g_autofree char *count = NULL;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_spinning (self, FALSE);
  if (found == NULL)
    {
      PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

      if (window != NULL)
        pos_window_show_error (window, error);
      return;
    }
  store = pos_customer_item_list_new (found);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&store)))));
  count = n >= LIMIT ? g_strdup_printf ("The first %u by name", n)
                     : g_strdup_printf (n == 1 ? "%u customer" : "%u customers", n);
  gtk_label_set_text (self->count_label, count);
  if (n == 0)
    {
      adw_status_page_set_title (self->status_page, "No Customer Found");
      adw_status_page_set_description (self->status_page, "Try part of the name, or the whole account, meter or phone number.");
      gtk_stack_set_visible_child_name (self->stack, "hint");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
search_changed_cb (PosCustomersPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_spinning (self, FALSE);
  if (self->context == NULL)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      gtk_label_set_text (self->count_label, "");
      adw_status_page_set_title (self->status_page, "Customers");
      adw_status_page_set_description (self->status_page,
                                       "Type part of a name, or an account, meter or phone number.");
      gtk_stack_set_visible_child_name (self->stack, "hint");
      return;
    }
  self->cancellable = g_cancellable_new ();
  set_spinning (self, TRUE);
  /* Nothing typed: everyone, by name (the first page of them). */
  if (text[0] == '\0')
    pos_customer_list_async (self->context, 0, LIMIT, self->cancellable, found_cb, g_object_ref (self));
  else
    pos_customer_find_async (self->context, text, LIMIT, self->cancellable, found_cb, g_object_ref (self));
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  const char *property = user_data;
  g_autofree char *text = NULL;

  g_object_get (gtk_list_item_get_item (list_item), property, &text, NULL);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text != NULL ? text : "");
}

static void
add_column (PosCustomersPage *self,
            const char       *title,
            const char       *property,
            gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) property);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

static void
pos_customers_page_dispose (GObject *object)
{
  PosCustomersPage *self = POS_CUSTOMERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_CUSTOMERS_PAGE);

  G_OBJECT_CLASS (pos_customers_page_parent_class)->dispose (object);
}

static void
pos_customers_page_class_init (PosCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_customers_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
}

static void
pos_customers_page_init (PosCustomersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, "Name", "name", TRUE);
  add_column (self, "Account", "account", FALSE);
  add_column (self, "Phone", "phone", FALSE);
  add_column (self, "Meters", "meters", TRUE);
}

void
pos_customers_page_set_context (PosCustomersPage *self,
                                PosContext       *context)
{
  g_return_if_fail (POS_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (context == NULL || POS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  search_changed_cb (self);
}
