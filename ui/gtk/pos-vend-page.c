/* pos-vend-page.c: a cash vend from the keyboard alone: type the search,
 * Enter, type the amount, Enter; the token shows large; Escape starts the
 * next sale.  Every use case runs in the background (pos-async.h). */
#include <glib/gi18n.h>

#include <string.h>

#include "pos-bidi.h"
#include "pos-customer-item.h"
#include "pos-passphrase-dialog.h"
#include "pos-vend-page.h"
#include "pos-window-private.h"

#define MINOR_DIGITS   2
#define SEARCH_LIMIT   50
#define QUOTE_DELAY_MS 150

struct _PosVendPage
{
  AdwBin           parent_instance;

  GtkSearchEntry  *search_entry;
  GtkStack        *results_stack;
  GtkLabel        *empty_label;
  GtkListView     *results_view;
  GtkStack        *sale_stack;
  AdwActionRow    *customer_row;
  AdwActionRow    *meter_row;
  GtkLabel        *tariff_label;
  GtkEntry        *amount_entry;
  GtkLabel        *vat_label;
  GtkLabel        *fixed_label;
  GtkLabel        *debt_label;
  GtkLabel        *energy_label;
  GtkLabel        *kwh_label;
  GtkLabel        *quote_message;
  GtkSpinner      *spinner;
  GtkButton       *sell_button;
  GtkLabel        *token_label;
  GtkLabel        *token_details;
  GtkButton       *new_sale_button;

  PosContext      *context;
  GtkSingleSelection *selection;
  PosCustomerItem *customer;
  GCancellable    *search_cancellable;
  GCancellable    *quote_cancellable;
  char            *searched_text;     /* the text of the last search started */
  gboolean         searching;
  gboolean         pick_when_found;   /* Enter came before the results */
  guint            quote_source;
  gboolean         vending;
  gint64           receipt_no;        /* the sale on screen, 0 for none */
  char             token[21];
};

G_DEFINE_FINAL_TYPE (PosVendPage, pos_vend_page, ADW_TYPE_BIN)

static void start_search (PosVendPage *self,
                          const char  *text);

/* -- helpers ------------------------------------------------------------------ */

static void
toast_error (PosVendPage  *self,
             const GError *error)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL)
    pos_window_show_error (window, error);
}

static void
toast (PosVendPage *self,
       const char  *text)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL)
    pos_window_toast (window, text);
}

static void
set_money (GtkLabel *label,
           gint64    minor)
{
  g_autofree char *money = pos_money_format (minor, MINOR_DIGITS);
  g_autofree char *text = pos_ltr (money);

  gtk_label_set_text (label, text);
}

static void
update_actions (PosVendPage *self)
{
  gboolean selling = self->customer != NULL && !self->vending
                     && g_strcmp0 (gtk_stack_get_visible_child_name (self->sale_stack), "sale") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vend.sell", selling);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vend.quick-amount", selling);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vend.new-sale", !self->vending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vend.print-receipt", self->receipt_no != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vend.preview-receipt", self->receipt_no != 0);
}

static void
set_spinning (PosVendPage *self)
{
  gboolean on = self->vending || self->quote_cancellable != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), on);
  gtk_spinner_set_spinning (self->spinner, on);
}

static void
clear_quote (PosVendPage *self,
             const char  *message)
{
  GtkLabel *labels[] = { self->vat_label, self->fixed_label, self->debt_label, self->energy_label, self->kwh_label };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_label_set_text (labels[i], "—");
  gtk_label_set_text (self->quote_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->quote_message), message != NULL);
}

static void
cancel_quote (PosVendPage *self)
{
  g_clear_handle_id (&self->quote_source, g_source_remove);
  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
  set_spinning (self);
}

/* -- search ------------------------------------------------------------------- */

static void
pick (PosVendPage     *self,
      PosCustomerItem *item)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *meter = NULL;
  g_autofree char *account = NULL;
  g_autofree char *pan_ltr = NULL;
  const char *pan = pos_customer_item_get_pan (item);
  const char *status = pos_customer_item_get_meter_status (item);

  if (pan == NULL)
    {
      toast (self, _("This customer has no meter to sell to."));
      return;
    }
  g_set_object (&self->customer, item);
  cancel_quote (self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row), pos_customer_item_get_name (item));
  account = pos_ltr (pos_customer_item_get_account (item));
  subtitle = g_strdup_printf ("%s · %s", account, pos_customer_item_get_address (item));
  adw_action_row_set_subtitle (self->customer_row, subtitle);
  pan_ltr = pos_ltr (pan);
  meter = g_strdup_printf (_("Meter %s"), pan_ltr);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->meter_row), meter);
  adw_action_row_set_subtitle (self->meter_row, status != NULL && g_strcmp0 (status, "active") != 0 ? status : NULL);
  gtk_label_set_text (self->tariff_label, pos_customer_item_get_tariff (item) != NULL
                                           ? pos_customer_item_get_tariff (item) : "");

  gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), "");
  clear_quote (self, NULL);
  gtk_stack_set_visible_child_name (self->sale_stack, "sale");
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
}

static void
pick_selected (PosVendPage *self)
{
  PosCustomerItem *item;

  if (self->selection == NULL)
    return;
  item = gtk_single_selection_get_selected_item (self->selection);
  if (item != NULL)
    pick (self, item);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PosVendPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = pos_customer_find_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(GListStore) store = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->searching = FALSE;
  g_clear_object (&self->search_cancellable);
  if (found == NULL)
    {
      self->pick_when_found = FALSE;
      toast_error (self, error);
      return;
    }
  store = pos_customer_item_list_new (found);
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (store)));
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    {
      g_autofree char *text = g_strdup_printf (_("No customer matches “%s”."), self->searched_text);

      gtk_label_set_text (self->empty_label, text);
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
      self->pick_when_found = FALSE;
      return;
    }
  gtk_stack_set_visible_child_name (self->results_stack, "results");
  if (self->pick_when_found)
    {
      self->pick_when_found = FALSE;
      pick_selected (self);
    }
}

static void
start_search (PosVendPage *self,
              const char  *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (g_strcmp0 (stripped, self->searched_text) == 0 && (self->searching || self->selection != NULL))
    return;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_free (self->searched_text);
  self->searched_text = g_steal_pointer (&stripped);
  if (self->searched_text[0] == '\0' || self->context == NULL)
    {
      self->searching = FALSE;
      g_clear_object (&self->selection);
      gtk_list_view_set_model (self->results_view, NULL);
      gtk_stack_set_visible_child_name (self->results_stack, "hint");
      return;
    }
  self->searching = TRUE;
  self->search_cancellable = g_cancellable_new ();
  pos_customer_find_async (self->context, self->searched_text, SEARCH_LIMIT, self->search_cancellable, found_cb,
                           g_object_ref (self));
}

static void
search_changed_cb (PosVendPage *self)
{
  start_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* Enter: the customer chosen in the list; if the search has not answered
 * yet (Enter typed within the debounce), as soon as it does. */
static void
search_activated_cb (PosVendPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (text[0] == '\0')
    return;
  if (g_strcmp0 (text, self->searched_text) != 0 || self->searching)
    {
      self->pick_when_found = TRUE;
      start_search (self, text);
      return;
    }
  pick_selected (self);
}

static void
stop_search_cb (PosVendPage *self)
{
  pos_vend_page_new_sale (self);
}

static void
result_activated_cb (PosVendPage *self,
                     guint        position)
{
  g_autoptr(PosCustomerItem) item = NULL;

  if (self->selection == NULL)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (item != NULL)
    pick (self, item);
}

/* Up and Down move through the results while the cursor stays in the
 * search. */
static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       gpointer               user_data)
{
  PosVendPage *self = user_data;
  guint n, selected;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_Up && keyval != GDK_KEY_KP_Down && keyval != GDK_KEY_KP_Up)
      || self->selection == NULL)
    return FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  if (n == 0)
    return FALSE;
  selected = gtk_single_selection_get_selected (self->selection);
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    selected = selected == GTK_INVALID_LIST_POSITION ? 0 : MIN (selected + 1, n - 1);
  else
    selected = selected == GTK_INVALID_LIST_POSITION || selected == 0 ? 0 : selected - 1;
  gtk_single_selection_set_selected (self->selection, selected);
  gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u", selected);
  return TRUE;
}

static void
setup_result_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_result_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  PosCustomerItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  g_autofree char *account = pos_ltr (pos_customer_item_get_account (item));
  g_autofree char *meters = pos_ltr (pos_customer_item_get_meters (item));
  g_autofree char *phone = pos_ltr (pos_customer_item_get_phone (item));
  g_autofree char *text = g_strdup_printf ("%s · %s · %s", account, meters, phone);

  gtk_label_set_text (GTK_LABEL (name), pos_customer_item_get_name (item));
  gtk_label_set_text (GTK_LABEL (detail), text);
}

/* -- quote -------------------------------------------------------------------- */

static gboolean
parse_amount (PosVendPage  *self,
              gint64       *out,
              GError      **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->amount_entry))));

  return pos_money_parse (text, MINOR_DIGITS, out, error);
}

static void
quoted_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PosVendPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PosVendQuote quote;

  if (!pos_vend_quote_finish (POS_CONTEXT (source), result, &quote, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->quote_cancellable);
      set_spinning (self);
      message = pos_window_sentence (error->message);
      clear_quote (self, message);
      return;
    }
  g_clear_object (&self->quote_cancellable);
  set_spinning (self);
  clear_quote (self, NULL);
  set_money (self->vat_label, quote.vat);
  set_money (self->fixed_label, quote.fixed_charge);
  set_money (self->debt_label, quote.debt_recovered);
  set_money (self->energy_label, quote.energy_value);
  {
    g_autofree char *kwh = pos_kwh_format (quote.kwh);
    g_autofree char *kwh_ltr = pos_ltr (kwh);
    g_autofree char *text = g_strdup_printf (_("%s kWh"), kwh_ltr);

    gtk_label_set_text (self->kwh_label, text);
  }
}

static gboolean
quote_timeout_cb (gpointer user_data)
{
  PosVendPage *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 amount;

  self->quote_source = 0;
  if (self->customer == NULL || self->context == NULL)
    return G_SOURCE_REMOVE;
  if (!parse_amount (self, &amount, &error))
    {
      g_autofree char *message = pos_window_sentence (error->message);

      clear_quote (self, message);
      return G_SOURCE_REMOVE;
    }
  self->quote_cancellable = g_cancellable_new ();
  set_spinning (self);
  pos_vend_quote_async (self->context, pos_customer_item_get_pan (self->customer), amount, self->quote_cancellable,
                        quoted_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
amount_changed_cb (PosVendPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_entry));

  cancel_quote (self);
  if (text[0] == '\0')
    {
      clear_quote (self, NULL);
      return;
    }
  self->quote_source = g_timeout_add (QUOTE_DELAY_MS, quote_timeout_cb, self);
}

/* -- vend --------------------------------------------------------------------- */

static void
show_token (PosVendPage         *self,
            const PosVendResult *vended)
{
  g_autofree char *grouped = pos_ltr_token (vended->token);
  g_autofree char *kwh_text = pos_kwh_format (vended->quote.kwh);
  g_autofree char *amount_text = pos_money_format (vended->quote.tendered, MINOR_DIGITS);
  g_autofree char *kwh = pos_ltr (kwh_text);
  g_autofree char *amount = pos_ltr (amount_text);
  g_autofree char *pan = pos_ltr (pos_customer_item_get_pan (self->customer));
  g_autofree char *receipt = pos_ltr_int (vended->receipt_no);
  g_autofree char *details = NULL;

  g_strlcpy (self->token, vended->token, sizeof self->token);
  gtk_label_set_text (self->token_label, grouped);
  details = g_strdup_printf (_("%s kWh for %s to meter %s, %s\nReceipt %s"),
                             kwh, amount, pan, pos_customer_item_get_name (self->customer), receipt);
  gtk_label_set_text (self->token_details, details);
  gtk_stack_set_visible_child_name (self->sale_stack, "token");
  gtk_widget_grab_focus (GTK_WIDGET (self->new_sale_button));
  gtk_label_select_region (self->token_label, 0, 0);
}

static void sell (PosVendPage *self);

static void
unlocked_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PosVendPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pos_unlock_keys_finish (POS_CONTEXT (source), result, &error))
    {
      toast_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
      return;
    }
  sell (self);
}

static void
passphrase_response_cb (PosPassphraseDialog *dialog,
                        const char          *response,
                        PosVendPage         *self)
{
  if (!g_str_equal (response, "unlock") || self->context == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
      return;
    }
  pos_unlock_keys_async (self->context, pos_passphrase_dialog_get_passphrase (dialog), NULL, unlocked_cb,
                         g_object_ref (self));
}

/* The keys are locked (logged in without the passphrase): ask for it, and
 * sell once they are open. */
static void
ask_passphrase (PosVendPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PosPassphraseDialog *dialog = pos_passphrase_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);

  g_signal_connect_object (dialog, "response", G_CALLBACK (passphrase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vended_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PosVendPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PosVendResult vended;
  gboolean ok = pos_vend_finish (POS_CONTEXT (source), result, &vended, &error);

  self->vending = FALSE;
  set_spinning (self);
  gtk_editable_set_editable (GTK_EDITABLE (self->amount_entry), TRUE);
  if (!ok && g_error_matches (error, POS_APP_ERROR, POS_APP_ERROR_KEYS_LOCKED))
    {
      update_actions (self);
      ask_passphrase (self);
      return;
    }
  if (!ok)
    {
      toast_error (self, error);
      update_actions (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
      amount_changed_cb (self);   /* the quote again, for what is typed */
      return;
    }
  /* New Sale must be enabled before it can take the focus */
  self->receipt_no = vended.receipt_no;
  update_actions (self);
  show_token (self, &vended);
  update_actions (self);
  memset (&vended, 0, sizeof vended);
  /* the sale is recorded: its receipt prints as configured, and a
   * failed print is the window's toast, with Print Again */
  {
    PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

    if (window != NULL)
      pos_window_print_new_receipt (window, self->receipt_no);
  }
}

static void
sell (PosVendPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 amount;

  if (self->customer == NULL || self->vending || self->context == NULL)
    return;
  if (!parse_amount (self, &amount, &error))
    {
      toast (self, _("Type the amount tendered, like 100 or 100.50."));
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
      return;
    }
  cancel_quote (self);
  self->vending = TRUE;
  set_spinning (self);
  gtk_editable_set_editable (GTK_EDITABLE (self->amount_entry), FALSE);
  update_actions (self);
  /* No cancellable: a vend, once asked for, is seen through. */
  pos_vend_async (self->context, pos_customer_item_get_pan (self->customer), amount, NULL, vended_cb,
                  g_object_ref (self));
}

static void
amount_activated_cb (PosVendPage *self)
{
  sell (self);
}

/* -- actions ------------------------------------------------------------------ */

static void
sell_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sell (POS_VEND_PAGE (widget));
}

static void
new_sale_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  pos_vend_page_new_sale (POS_VEND_PAGE (widget));
}

static void
print_receipt_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PosVendPage *self = POS_VEND_PAGE (widget);
  PosWindow *window = pos_window_from_widget (widget);

  if (window == NULL || self->receipt_no == 0)
    return;
  if (g_str_equal (action_name, "vend.print-receipt"))
    pos_window_print_receipt (window, NULL, self->receipt_no, FALSE);
  else
    pos_window_preview_receipt (window, NULL, self->receipt_no);
}

static void
focus_search_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  pos_vend_page_focus_search (POS_VEND_PAGE (widget));
}

static void
quick_amount_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PosVendPage *self = POS_VEND_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->amount_entry), -1);
}

/* -- the object --------------------------------------------------------------- */

static void
pos_vend_page_dispose (GObject *object)
{
  PosVendPage *self = POS_VEND_PAGE (object);

  cancel_quote (self);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->results_view != NULL)
    gtk_list_view_set_model (self->results_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->customer);
  g_clear_object (&self->context);
  g_clear_pointer (&self->searched_text, g_free);
  memset (self->token, 0, sizeof self->token);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_VEND_PAGE);

  G_OBJECT_CLASS (pos_vend_page_parent_class)->dispose (object);
}

static void
pos_vend_page_class_init (PosVendPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_vend_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-vend-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, sale_stack);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, meter_row);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, tariff_label);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, vat_label);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, fixed_label);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, debt_label);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, energy_label);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, kwh_label);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, quote_message);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, sell_button);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, token_label);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, token_details);
  gtk_widget_class_bind_template_child (widget_class, PosVendPage, new_sale_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, amount_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, amount_activated_cb);

  gtk_widget_class_install_action (widget_class, "vend.sell", NULL, sell_activated);
  gtk_widget_class_install_action (widget_class, "vend.new-sale", NULL, new_sale_activated);
  gtk_widget_class_install_action (widget_class, "vend.focus-search", NULL, focus_search_activated);
  gtk_widget_class_install_action (widget_class, "vend.quick-amount", "s", quick_amount_activated);
  gtk_widget_class_install_action (widget_class, "vend.print-receipt", NULL, print_receipt_activated);
  gtk_widget_class_install_action (widget_class, "vend.preview-receipt", NULL, print_receipt_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "vend.new-sale", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "vend.print-receipt", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "vend.preview-receipt", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "vend.sell", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "vend.sell", NULL);
}

static void
pos_vend_page_init (PosVendPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the token reads left to right in every language */
  gtk_widget_set_direction (GTK_WIDGET (self->token_label), GTK_TEXT_DIR_LTR);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_result_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_result_cb), NULL);
  gtk_list_view_set_factory (self->results_view, factory);
  g_object_unref (factory);

  gtk_event_controller_set_name (keys, "pos-results-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  clear_quote (self, NULL);
  update_actions (self);
}

void
pos_vend_page_set_context (PosVendPage *self,
                           PosContext  *context)
{
  g_return_if_fail (POS_IS_VEND_PAGE (self));
  g_return_if_fail (context == NULL || POS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  pos_vend_page_new_sale (self);
}

void
pos_vend_page_new_sale (PosVendPage *self)
{
  g_return_if_fail (POS_IS_VEND_PAGE (self));

  if (self->vending)
    return;
  cancel_quote (self);
  g_clear_object (&self->customer);
  self->receipt_no = 0;
  memset (self->token, 0, sizeof self->token);
  gtk_label_set_text (self->token_label, "");
  gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), "");
  clear_quote (self, NULL);
  self->pick_when_found = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  start_search (self, "");
  gtk_stack_set_visible_child_name (self->sale_stack, "none");
  update_actions (self);
  pos_vend_page_focus_search (self);
}

void
pos_vend_page_focus_search (PosVendPage *self)
{
  g_return_if_fail (POS_IS_VEND_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
