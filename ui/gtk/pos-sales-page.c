/* pos-sales-page.c: today's sales at the user's vending point in a
 * GtkColumnView; the chosen one reprinted (marked COPY), its meter's last
 * token re-issued, or reversed with a reason (supervisors, confirmed).
 * Every use case runs in the background (pos-async.h). */
#include <glib/gi18n.h>

#include "pos-bidi.h"
#include "pos-row-item.h"
#include "pos-sales-page.h"
#include "pos-window-private.h"

#define MINOR_DIGITS 2

struct _PosSalesPage
{
  AdwBin              parent_instance;

  GtkLabel           *summary_label;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkButton          *reprint_button;
  GtkButton          *preview_button;
  GtkButton          *reissue_button;
  GtkButton          *reverse_button;
  GtkButton          *close_shift_button;

  PosContext         *context;
  GtkSingleSelection *selection;
  GCancellable       *cancellable;
  guint               busy;
};

G_DEFINE_FINAL_TYPE (PosSalesPage, pos_sales_page, ADW_TYPE_BIN)

/* -- helpers ------------------------------------------------------------------ */

static void
toast_error (PosSalesPage *self,
             const GError *error)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pos_window_show_error (window, error);
}

static void
toast (PosSalesPage *self,
       const char   *text)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL)
    pos_window_toast (window, text);
}

static PosRowItem *
selected (PosSalesPage *self)
{
  return self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

static gboolean
is_supervisor (PosSalesPage *self)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));
  const PosSession *session = window != NULL ? pos_window_get_session (window) : NULL;

  return session != NULL && session->role >= POS_ROLE_SUPERVISOR;
}

static void
update_actions (PosSalesPage *self)
{
  PosRowItem *item = selected (self);
  gboolean ready = self->context != NULL && self->busy == 0;
  gboolean credit = item != NULL && g_str_equal (pos_row_item_get_string (item, "kind"), "credit");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.refresh", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.reprint", ready && item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.preview", ready && item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.reissue", ready && credit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.reverse",
                                 ready && credit && is_supervisor (self)
                                 && g_str_equal (pos_row_item_get_string (item, "status"), "ok"));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
}

static void
begin (PosSalesPage *self)
{
  self->busy++;
  update_actions (self);
}

static void
end (PosSalesPage *self)
{
  g_assert (self->busy > 0);
  self->busy--;
  update_actions (self);
}

/* "10:15" from "2026-11-24T10:15:00Z". */
static char *
time_of_day (const char *iso)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (iso, NULL);

  return t != NULL ? g_date_time_format (t, "%H:%M") : g_strdup (iso);
}

static char *
status_text (PosRowItem *item)
{
  const char *kind = pos_row_item_get_string (item, "kind");
  const char *status = pos_row_item_get_string (item, "status");

  if (g_str_equal (kind, "reversal"))
    return g_strdup (_("Reversal"));
  if (g_str_equal (status, "reversed"))
    return g_strdup (_("Reversed"));
  if (g_str_equal (kind, "free"))
    return g_strdup (_("Free issue"));
  if (g_str_equal (kind, "engineering") || g_str_equal (kind, "key_change"))
    return g_strdup (_("Engineering"));
  return g_strdup (_("Sold"));
}

/* The text of column @key for @item. */
static char *
cell_text (PosRowItem *item,
           const char *key)
{
  if (g_str_equal (key, "receipt"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, pos_row_item_get_int (item, "receipt"));
  if (g_str_equal (key, "time"))
    return time_of_day (pos_row_item_get_string (item, "time"));
  if (g_str_equal (key, "amount"))
    return pos_money_format (pos_row_item_get_int (item, "amount"), MINOR_DIGITS);
  if (g_str_equal (key, "kwh"))
    return pos_kwh_format (pos_row_item_get_int (item, "kwh"));
  if (g_str_equal (key, "status"))
    return status_text (item);
  if (g_str_equal (key, "customer") && pos_row_item_get_string (item, "customer")[0] == '\0')
    return g_strdup (pos_row_item_get_string (item, "account"));
  return g_strdup (pos_row_item_get_string (item, key));
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  const char *key = user_data;
  GtkWidget *label = gtk_label_new (NULL);
  gboolean number = g_str_equal (key, "amount") || g_str_equal (key, "kwh") || g_str_equal (key, "receipt");

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  PosRowItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = cell_text (item, user_data);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (g_str_equal (user_data, "status"))
    {
      gboolean dim = !g_str_equal (pos_row_item_get_string (item, "status"), "ok")
                     || g_str_equal (pos_row_item_get_string (item, "kind"), "reversal");

      if (dim)
        gtk_widget_add_css_class (label, "error");
      else
        gtk_widget_remove_css_class (label, "error");
    }
}

static void
add_column (PosSalesPage *self,
            const char   *title,
            const char   *key,
            gboolean      expand)
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

/* -- listing ------------------------------------------------------------------ */

static void
selection_changed_cb (PosSalesPage *self)
{
  update_actions (self);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PosSalesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = pos_sales_today_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(GListStore) store = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *summary = NULL;
  gint64 total = 0;
  guint n, sold = 0, previous;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  end (self);
  if (rows == NULL)
    {
      toast_error (self, error);
      return;
    }
  previous = self->selection != NULL ? gtk_single_selection_get_selected (self->selection)
                                     : GTK_INVALID_LIST_POSITION;
  store = pos_row_item_list_new (rows);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PosRowItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_equal (pos_row_item_get_string (item, "kind"), "credit"))
        sold++;
      total += pos_row_item_get_int (item, "amount");
    }
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (store)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  if (previous != GTK_INVALID_LIST_POSITION && previous < n)
    gtk_single_selection_set_selected (self->selection, previous);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  total_text = pos_money_format (total, MINOR_DIGITS);
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sale, %s taken", "%u sales, %s taken", sold), sold, total_text);
  gtk_label_set_text (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  update_actions (self);
}

void
pos_sales_page_refresh (PosSalesPage *self)
{
  g_return_if_fail (POS_IS_SALES_PAGE (self));

  if (self->context == NULL)
    return;
  begin (self);
  pos_sales_today_async (self->context, self->cancellable, listed_cb, g_object_ref (self));
}

/* -- actions ------------------------------------------------------------------ */

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  pos_sales_page_refresh (POS_SALES_PAGE (widget));
}

static void
reprint_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PosSalesPage *self = POS_SALES_PAGE (widget);
  PosWindow *window = pos_window_from_widget (widget);
  PosRowItem *item = selected (self);

  if (window == NULL || item == NULL)
    return;
  if (g_str_equal (action_name, "sales.preview"))
    pos_window_preview_receipt (window, pos_row_item_get_string (item, "point"), pos_row_item_get_int (item, "receipt"));
  else
    pos_window_print_receipt (window, pos_row_item_get_string (item, "point"), pos_row_item_get_int (item, "receipt"),
                              TRUE);
}

static void
row_activated_cb (PosSalesPage *self,
                  guint         position)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sales.preview", NULL);
}

static void
reissued_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PosSalesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) sale = pos_sale_reissue_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(GString) body = NULL;
  JsonArray *tokens;
  GtkRoot *root;
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  end (self);
  if (sale == NULL)
    {
      toast_error (self, error);
      return;
    }
  body = g_string_new (NULL);
  tokens = json_object_get_array_member (sale, "tokens");
  for (guint i = 0; tokens != NULL && i < json_array_get_length (tokens); i++)
    {
      g_autofree char *grouped = pos_ltr_token (json_array_get_string_element (tokens, i));

      g_string_append_printf (body, "%s%s", i > 0 ? "\n" : "", grouped);
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  {
    g_autofree char *meter = pos_ltr (json_object_get_string_member_with_default (sale, "meter", ""));

    heading = g_strdup_printf (_("Token for Meter %s"), meter);
  }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                                       body->str));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_widget_set_name (GTK_WIDGET (dialog), "pos-reissue-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reissue_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PosSalesPage *self = POS_SALES_PAGE (widget);
  PosRowItem *item = selected (self);

  if (item == NULL || self->context == NULL)
    return;
  begin (self);
  pos_sale_reissue_async (self->context, pos_row_item_get_string (item, "meter"), self->cancellable, reissued_cb,
                          g_object_ref (self));
}

static void
reversed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PosSalesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 reversal = pos_sale_reverse_finish (POS_CONTEXT (source), result, &error);

  end (self);
  if (reversal == 0)
    {
      toast_error (self, error);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Sale reversed: reversal receipt %lld."), (long long) reversal);

    toast (self, text);
  }
  pos_sales_page_refresh (self);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reverse", reason[0] != '\0');
}

static void
reverse_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PosSalesPage     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *point = g_object_get_data (G_OBJECT (dialog), "pos-point");
  gint64 receipt_no = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "pos-receipt"));

  if (!g_str_equal (response, "reverse") || reason[0] == '\0' || self->context == NULL)
    return;
  begin (self);
  /* no cancellable: a reversal, once asked for, is seen through */
  pos_sale_reverse_async (self->context, point, receipt_no, reason, NULL, reversed_cb, g_object_ref (self));
}

static void
reverse_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PosSalesPage *self = POS_SALES_PAGE (widget);
  PosRowItem *item = selected (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *amount = NULL;

  if (item == NULL)
    return;
  amount = pos_money_format (pos_row_item_get_int (item, "amount"), MINOR_DIGITS);
  heading = g_strdup_printf (_("Reverse Sale %lld?"), (long long) pos_row_item_get_int (item, "receipt"));
  body = g_strdup_printf (_("%s to meter %s will be taken back and the token no longer counts as sold. "
                            "This cannot be undone. Give the reason:"),
                          amount, pos_row_item_get_string (item, "meter"));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. wrong meter"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reverse", _("_Reverse Sale"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reverse", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "reverse", FALSE);
  adw_message_dialog_set_default_response (dialog, "reverse");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_widget_set_name (GTK_WIDGET (dialog), "pos-reverse-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "pos-point", g_strdup (pos_row_item_get_string (item, "point")), g_free);
  g_object_set_data (G_OBJECT (dialog), "pos-receipt", GSIZE_TO_POINTER (pos_row_item_get_int (item, "receipt")));
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reverse_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* -- the object --------------------------------------------------------------- */

static void
pos_sales_page_dispose (GObject *object)
{
  PosSalesPage *self = POS_SALES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_SALES_PAGE);

  G_OBJECT_CLASS (pos_sales_page_parent_class)->dispose (object);
}

static void
pos_sales_page_class_init (PosSalesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_sales_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-sales-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosSalesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PosSalesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PosSalesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PosSalesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, PosSalesPage, reprint_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalesPage, preview_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalesPage, reissue_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalesPage, reverse_button);
  gtk_widget_class_bind_template_child (widget_class, PosSalesPage, close_shift_button);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "sales.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "sales.reprint", NULL, reprint_activated);
  gtk_widget_class_install_action (widget_class, "sales.preview", NULL, reprint_activated);
  gtk_widget_class_install_action (widget_class, "sales.reissue", NULL, reissue_activated);
  gtk_widget_class_install_action (widget_class, "sales.reverse", NULL, reverse_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "sales.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "sales.reprint", NULL);
}

static void
pos_sales_page_init (PosSalesPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, _("Receipt"), "receipt", FALSE);
  add_column (self, _("Time"), "time", FALSE);
  add_column (self, _("Customer"), "customer", TRUE);
  add_column (self, _("Meter"), "meter", FALSE);
  add_column (self, _("Amount"), "amount", FALSE);
  add_column (self, _("kWh"), "kwh", FALSE);
  add_column (self, _("Status"), "status", FALSE);
  update_actions (self);
}

void
pos_sales_page_set_context (PosSalesPage *self,
                            PosContext   *context)
{
  g_return_if_fail (POS_IS_SALES_PAGE (self));
  g_return_if_fail (context == NULL || POS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  gtk_column_view_set_model (self->column_view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  gtk_label_set_text (self->summary_label, "");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

gboolean
pos_sales_page_is_busy (PosSalesPage *self)
{
  g_return_val_if_fail (POS_IS_SALES_PAGE (self), FALSE);
  return self->busy > 0;
}
