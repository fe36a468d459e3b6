/* pos-customers-page.c: customers and their meters in a GtkColumnView,
 * searched as you type */
#include <glib/gi18n.h>

#include "pos-customer-dialog.h"
#include "pos-customer-item.h"
#include "pos-customers-page.h"
#include "pos-history-window.h"
#include "pos-meter-dialog.h"
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

  GtkButton      *add_button;
  GtkButton      *edit_button;
  GtkButton      *add_meter_button;
  GtkButton      *history_button;

  PosContext     *context;
  GCancellable   *cancellable;
  GCancellable   *action_cancellable;
  GtkSingleSelection *selection;
  JsonArray      *groups;          /* for the meter dialog, while it is asked for */
  char           *meter_account;
  guint           busy;
};

G_DEFINE_FINAL_TYPE (PosCustomersPage, pos_customers_page, ADW_TYPE_BIN)

static void
set_spinning (PosCustomersPage *self,
              gboolean          on)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), on);
  gtk_spinner_set_spinning (self->spinner, on);
}

static PosCustomerItem *
selected (PosCustomersPage *self)
{
  return self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

static void
update_actions (PosCustomersPage *self)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));
  const PosSession *session = window != NULL ? pos_window_get_session (window) : NULL;
  gboolean ready = self->context != NULL && self->busy == 0;
  gboolean chosen = ready && selected (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.add", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.edit", chosen);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.history", chosen);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.add-meter",
                                 chosen && session != NULL && session->role >= POS_ROLE_SUPERVISOR);
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
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&store)));
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (update_actions), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  update_actions (self);
  count = n >= LIMIT ? g_strdup_printf (_("The first %u by name"), n)
                     : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer", "%u customers", n), n);
  gtk_label_set_text (self->count_label, count);
  if (n == 0)
    {
      adw_status_page_set_title (self->status_page, _("No Customer Found"));
      adw_status_page_set_description (self->status_page, _("Try part of the name, or the whole account, meter or phone number."));
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
      if (self->selection != NULL)
        g_signal_handlers_disconnect_by_data (self->selection, self);
      g_clear_object (&self->selection);
      update_actions (self);
      gtk_label_set_text (self->count_label, "");
      adw_status_page_set_title (self->status_page, _("Customers"));
      adw_status_page_set_description (self->status_page,
                                       _("Type part of a name, or an account, meter or phone number."));
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


/* -- editing ------------------------------------------------------------------ */

static void
toast_error (PosCustomersPage *self,
             const GError     *error)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pos_window_show_error (window, error);
}

static void
toast (PosCustomersPage *self,
       const char       *text)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL)
    pos_window_toast (window, text);
}

static GtkWindow *
parent_window (PosCustomersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
begin (PosCustomersPage *self)
{
  self->busy++;
  update_actions (self);
}

static void
end (PosCustomersPage *self)
{
  g_assert (self->busy > 0);
  self->busy--;
  update_actions (self);
}

/* Shows @account_no alone in the list. */
static void
show_account (PosCustomersPage *self,
              const char       *account_no)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), account_no);
  search_changed_cb (self);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PosCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = pos_customer_save_finish (POS_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  end (self);
  if (account == NULL)
    {
      toast_error (self, error);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Customer %s saved."), account);

    toast (self, text);
  }
  show_account (self, account);
}

static void
customer_response_cb (PosCustomerDialog *dialog,
                      const char        *response,
                      PosCustomersPage  *self)
{
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *phone = NULL;

  if (!g_str_equal (response, "save") || pos_customer_dialog_get_problem (dialog) != NULL || self->context == NULL)
    return;
  name = pos_customer_dialog_dup_field (dialog, "name");
  address = pos_customer_dialog_dup_field (dialog, "address");
  phone = pos_customer_dialog_dup_field (dialog, "phone");
  begin (self);
  pos_customer_save_async (self->context, pos_customer_dialog_get_account (dialog), name, address, phone,
                           self->action_cancellable, saved_cb, g_object_ref (self));
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PosCustomersPage *self = POS_CUSTOMERS_PAGE (widget);
  PosCustomerItem *item = g_str_equal (action_name, "customers.edit") ? selected (self) : NULL;
  PosCustomerDialog *dialog;

  if (g_str_equal (action_name, "customers.edit") && item == NULL)
    return;
  dialog = item != NULL ? pos_customer_dialog_new (parent_window (self), pos_customer_item_get_account (item),
                                                   pos_customer_item_get_name (item),
                                                   pos_customer_item_get_address (item),
                                                   pos_customer_item_get_phone (item))
                        : pos_customer_dialog_new (parent_window (self), NULL, NULL, NULL, NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (customer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
meter_added_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PosCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = pos_meter_add_finish (POS_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  end (self);
  if (!ok)
    {
      toast_error (self, error);
      return;
    }
  toast (self, _("Meter added."));
  if (self->meter_account != NULL)
    show_account (self, self->meter_account);
}

static void
meter_response_cb (PosMeterDialog   *dialog,
                   const char       *response,
                   PosCustomersPage *self)
{
  const char *sgc = NULL;
  int krn = 1;

  if (!g_str_equal (response, "add") || pos_meter_dialog_get_problem (dialog) != NULL || self->context == NULL)
    return;
  if (!pos_meter_dialog_get_group (dialog, &sgc, &krn))
    {
      toast (self, _("Choose the meter’s supply group."));
      return;
    }
  g_free (self->meter_account);
  self->meter_account = g_strdup (pos_meter_dialog_get_account (dialog));
  begin (self);
  pos_meter_add_async (self->context, self->meter_account, pos_meter_dialog_get_pan (dialog), sgc, krn,
                       pos_meter_dialog_get_ti (dialog), pos_meter_dialog_get_tariff (dialog),
                       self->action_cancellable, meter_added_cb, g_object_ref (self));
}

static void
tariffs_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PosCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) tariffs = pos_admin_list_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(JsonArray) groups = g_steal_pointer (&self->groups);
  PosCustomerItem *item = selected (self);
  PosMeterDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  end (self);
  if (tariffs == NULL || groups == NULL || item == NULL)
    {
      if (error != NULL)
        toast_error (self, error);
      return;
    }
  dialog = pos_meter_dialog_new (parent_window (self), pos_customer_item_get_account (item), groups, tariffs);
  g_signal_connect_object (dialog, "response", G_CALLBACK (meter_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
groups_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PosCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) groups = pos_admin_list_finish (POS_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (groups == NULL)
    {
      end (self);
      toast_error (self, error);
      return;
    }
  g_clear_pointer (&self->groups, json_array_unref);
  self->groups = g_steal_pointer (&groups);
  pos_admin_list_async (self->context, POS_ADMIN_TARIFFS, self->action_cancellable, tariffs_listed_cb,
                        g_object_ref (self));
}

static void
add_meter_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PosCustomersPage *self = POS_CUSTOMERS_PAGE (widget);

  if (selected (self) == NULL || self->context == NULL)
    return;
  begin (self);
  pos_admin_list_async (self->context, POS_ADMIN_SUPPLY_GROUPS, self->action_cancellable, groups_listed_cb,
                        g_object_ref (self));
}

static void
history_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PosCustomersPage *self = POS_CUSTOMERS_PAGE (widget);
  PosCustomerItem *item = selected (self);
  PosHistoryWindow *history;

  if (item == NULL || self->context == NULL)
    return;
  history = pos_history_window_new (parent_window (self), self->context, pos_customer_item_get_account (item),
                                    pos_customer_item_get_name (item));
  gtk_window_present (GTK_WINDOW (history));
}

static void
row_activated_cb (PosCustomersPage *self,
                  guint             position)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "customers.edit", NULL);
}

static void
pos_customers_page_dispose (GObject *object)
{
  PosCustomersPage *self = POS_CUSTOMERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->groups, json_array_unref);
  g_clear_pointer (&self->meter_account, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, add_meter_button);
  gtk_widget_class_bind_template_child (widget_class, PosCustomersPage, history_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "customers.add", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "customers.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "customers.add-meter", NULL, add_meter_activated);
  gtk_widget_class_install_action (widget_class, "customers.history", NULL, history_activated);
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
  update_actions (self);
}
