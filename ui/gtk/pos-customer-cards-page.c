/* pos-customer-cards-page.c: the customer's IC card at the counter.  The reader is
 * picked from those found (remembered as this machine's "cards.reader"
 * setting); a card is read (whose it is, its last purchase and whether the
 * meter took it, what the meter wrote back), recharged (the sale first,
 * then the write: a failed write is offered again, never sold twice; a
 * card whose last purchase the meter has not taken is refused, and only a
 * supervisor may sell over it, confirmed), and supervisors issue and
 * replace cards (a replacement confirmed: the old card is blocked for
 * good).  Every use case runs in the background (pos-async.h). */
#include <glib/gi18n.h>

#include "pos-bidi.h"
#include "pos-customer-cards-page.h"
#include "pos-window-private.h"

#define MINOR_DIGITS    2
#define READER_SETTING  "cards.reader"

struct _PosCustomerCardsPage
{
  AdwBin               parent_instance;

  GtkSpinner          *spinner;
  AdwComboRow         *reader_row;
  AdwActionRow        *status_row;
  AdwPreferencesGroup *card_group;
  GtkButton           *read_button;
  AdwActionRow        *owner_row;
  AdwActionRow        *meter_info_row;
  AdwActionRow        *purchase_row;
  AdwActionRow        *return_row;
  AdwActionRow        *pending_row;
  AdwEntryRow         *amount_row;
  AdwActionRow        *quote_row;
  AdwActionRow        *result_row;
  GtkButton           *try_again_button;
  GtkLabel            *token_label;
  AdwPreferencesGroup *supervisor_group;
  AdwEntryRow         *meter_row;
  AdwEntryRow         *reason_row;

  PosContext          *context;
  PosRole              role;
  GCancellable        *cancellable;
  GStrv                readers;     /* reader specs, as in the combo row */
  char                *reader;      /* the one in use */
  JsonObject          *card;        /* the last card read */
  JsonObject          *sale;        /* the last recharge */
  gint64               tendered;    /* of the recharge waiting for an override */
  gboolean             filling;     /* the combo row is being filled */
  GCancellable        *quote_cancellable;
  guint                quote_source;
  guint                busy;
};

G_DEFINE_FINAL_TYPE (PosCustomerCardsPage, pos_customer_cards_page, ADW_TYPE_BIN)

/* -- helpers ------------------------------------------------------------------ */

static void
toast_error (PosCustomerCardsPage *self,
             const GError *error)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pos_window_show_error (window, error);
}

static void
toast (PosCustomerCardsPage *self,
       const char   *text)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL)
    pos_window_toast (window, text);
}

static gboolean
meter_ok (PosCustomerCardsPage *self)
{
  return pos_meter_number_check (gtk_editable_get_text (GTK_EDITABLE (self->meter_row)), NULL);
}

static gboolean
reason_given (PosCustomerCardsPage *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));

  return reason[0] != '\0';
}

static void
update_actions (PosCustomerCardsPage *self)
{
  gboolean ready = self->context != NULL && self->busy == 0;
  gboolean reader = ready && self->reader != NULL;
  gboolean supervisor = self->role >= POS_ROLE_SUPERVISOR;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.refresh", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.read", reader);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.recharge", reader);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.retry", reader);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.issue", reader && supervisor && meter_ok (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cards.replace",
                                 reader && supervisor && meter_ok (self) && reason_given (self));
  if (self->spinner != NULL)   /* NULL once disposed */
    gtk_spinner_set_spinning (self->spinner, self->busy > 0);
}

static void
begin (PosCustomerCardsPage *self)
{
  self->busy++;
  update_actions (self);
}

static void
end (PosCustomerCardsPage *self)
{
  g_assert (self->busy > 0);
  self->busy--;
  update_actions (self);
}

static char *
kwh_text (gint64 tenths)
{
  return g_strdup_printf (_("%lld.%d kWh"), (long long) (tenths / 10), (int) ABS (tenths % 10));
}

/* "2026-11-30 10:15 UTC" from ISO 8601 */
static char *
when_text (const char *iso)
{
  g_autoptr(GDateTime) dt = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  if (dt == NULL)
    return g_strdup (_("never"));
  /* isolated left to right (LRI ... PDI), so that a right-to-left
   * sentence does not reorder the date's parts */
  return g_date_time_format (dt, "\u2066%Y-%m-%d %H:%M UTC\u2069");
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  return o != NULL && json_object_has_member (o, name) ? json_object_get_string_member (o, name) : NULL;
}

/* -- what the card holds ------------------------------------------------------- */

static void
clear_card (PosCustomerCardsPage *self)
{
  g_clear_pointer (&self->card, json_object_unref);
  adw_action_row_set_subtitle (self->owner_row, "");
  adw_action_row_set_subtitle (self->meter_info_row, "");
  adw_action_row_set_subtitle (self->purchase_row, "");
  adw_action_row_set_subtitle (self->return_row, "");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->quote_row), FALSE);
}

static void
show_card (PosCustomerCardsPage *self,
           JsonObject   *card)
{
  JsonObject *purchase = json_object_get_object_member (card, "purchase");
  JsonObject *ret = json_object_get_object_member (card, "meter_return");
  JsonArray *tokens = json_object_get_array_member (purchase, "tokens");
  gint64 seq = json_object_get_int_member (purchase, "seq");
  gboolean applied = json_object_get_boolean_member (purchase, "applied");
  g_autofree char *owner = g_strdup_printf (_("%s, account %s"), member_string (card, "customer"),
                                            member_string (card, "account"));
  g_autofree char *meter = g_strdup_printf (_("%s (card %s)"), member_string (card, "meter"),
                                            member_string (card, "serial"));
  g_autofree char *bought = when_text (member_string (purchase, "issued_at"));
  g_autofree char *purchase_text = NULL;
  g_autofree char *credit = kwh_text (json_object_get_int_member (ret, "credit_kwh_tenths"));
  g_autofree char *used = kwh_text (json_object_get_int_member (ret, "cumulative_kwh_tenths"));
  g_autofree char *written = when_text (member_string (ret, "written_at"));
  g_autofree char *return_text = NULL;
  GString *flags = g_string_new (NULL);
  g_autofree char *flags_text = NULL;

  if (seq == 0 || json_array_get_length (tokens) == 0)
    purchase_text = g_strdup (_("None yet: a new card"));
  else
    purchase_text = g_strdup_printf (applied ? _("Purchase %lld of %s: the meter has taken it")
                                             : _("Purchase %lld of %s: the meter has not taken it yet"),
                                     (long long) seq, bought);
  if (json_object_get_boolean_member (ret, "tamper"))
    g_string_append (flags, _("Tamper!"));
  if (json_object_get_boolean_member (ret, "low_battery"))
    {
      if (flags->len > 0)
        g_string_append (flags, " ");
      g_string_append (flags, _("Battery low!"));
    }
  if (flags->len == 0)
    g_string_append (flags, _("No tamper, battery good"));
  flags_text = g_string_free (flags, FALSE);
  if (member_string (ret, "written_at") == NULL)
    return_text = g_strdup (_("Nothing yet: the card has not been in the meter"));
  else
    return_text = g_strdup_printf (_("Credit left %s, used in all %s\n%s\nWritten %s"), credit, used, flags_text,
                                   written);

  adw_action_row_set_subtitle (self->owner_row, owner);
  adw_action_row_set_subtitle (self->meter_info_row, meter);
  adw_action_row_set_subtitle (self->purchase_row, purchase_text);
  adw_action_row_set_icon_name (self->purchase_row, applied ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  adw_action_row_set_subtitle (self->return_row, return_text);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_row), json_object_get_boolean_member (card, "write_pending"));
  if (self->role >= POS_ROLE_SUPERVISOR && gtk_editable_get_text (GTK_EDITABLE (self->meter_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->meter_row), member_string (card, "meter"));
}

static void
set_status (PosCustomerCardsPage *self,
            const char   *text)
{
  adw_action_row_set_subtitle (self->status_row, text);
}

/* -- readers -------------------------------------------------------------------- */

static void
reader_chosen_cb (PosCustomerCardsPage *self)
{
  guint i = adw_combo_row_get_selected (self->reader_row);
  g_autoptr(GError) error = NULL;

  if (self->filling || self->readers == NULL || i == GTK_INVALID_LIST_POSITION || i >= g_strv_length (self->readers))
    return;
  if (g_strcmp0 (self->reader, self->readers[i]) == 0)
    return;
  g_free (self->reader);
  self->reader = g_strdup (self->readers[i]);
  if (self->context != NULL && !pos_context_set_setting (self->context, READER_SETTING, self->reader, &error))
    g_warning ("remembering the card reader: %s", error->message);
  clear_card (self);
  update_actions (self);
}

static void
readers_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PosCustomerCardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = pos_cards_list_readers_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GStrvBuilder) specs = g_strv_builder_new ();
  guint chosen = 0;
  guint n;

  end (self);
  if (self->cancellable == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->readers, g_strfreev);
  g_clear_pointer (&self->reader, g_free);
  saved = self->context != NULL ? pos_context_get_setting (self->context, READER_SETTING) : NULL;
  for (n = 0; names != NULL && names[n] != NULL; n++)
    {
      g_autofree char *spec = g_strconcat ("pcsc:", names[n], NULL);

      if (g_strcmp0 (saved, spec) == 0)
        chosen = n;
      g_strv_builder_add (specs, spec);
      gtk_string_list_append (model, names[n]);
    }
  /* a reader set by hand that PC/SC does not list (nfc:...) stays offered */
  if (saved != NULL && !g_str_has_prefix (saved, "pcsc"))
    {
      chosen = n++;
      g_strv_builder_add (specs, saved);
      gtk_string_list_append (model, saved);
    }
  self->readers = g_strv_builder_end (specs);
  self->filling = TRUE;
  adw_combo_row_set_model (self->reader_row, G_LIST_MODEL (model));
  self->filling = FALSE;
  if (n == 0)
    {
      /* plain words only: the service's own message says nothing to a
       * cashier (it is in the debug log) */
      if (error != NULL)
        g_debug ("listing card readers: %s", error->message);
      set_status (self, _("No card reader found. Plug one in and look again."));
      update_actions (self);
      return;
    }
  self->filling = TRUE;
  adw_combo_row_set_selected (self->reader_row, chosen);
  self->filling = FALSE;
  self->reader = g_strdup (self->readers[chosen]);
  if (g_strcmp0 (saved, self->reader) != 0 && self->context != NULL
      && !pos_context_set_setting (self->context, READER_SETTING, self->reader, &error))
    g_warning ("remembering the card reader: %s", error->message);
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reader found: ready",
                                                          "%u readers found: ready", n), n);

    set_status (self, text);
  }
  update_actions (self);
}

void
pos_customer_cards_page_refresh (PosCustomerCardsPage *self)
{
  g_return_if_fail (POS_IS_CUSTOMER_CARDS_PAGE (self));

  if (self->context == NULL || self->busy > 0)
    return;
  set_status (self, _("Looking for readers…"));
  begin (self);
  pos_cards_list_readers_async (self->context, "pcsc", self->cancellable, readers_listed_cb, g_object_ref (self));
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  pos_customer_cards_page_refresh (POS_CUSTOMER_CARDS_PAGE (widget));
}

static void amount_changed_cb (PosCustomerCardsPage *self);

/* -- read ------------------------------------------------------------------------- */

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PosCustomerCardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) card = pos_card_read_card_finish (POS_CONTEXT (source), result, &error);

  end (self);
  if (self->cancellable == NULL)
    return;
  if (card == NULL)
    {
      set_status (self, _("The card could not be read."));
      toast_error (self, error);
      return;
    }
  set_status (self, _("Card read."));
  show_card (self, card);
  g_clear_pointer (&self->card, json_object_unref);
  self->card = g_steal_pointer (&card);
  /* the quote for this card's meter */
  amount_changed_cb (self);
}

static void
read_card (PosCustomerCardsPage *self)
{
  /* logged out meanwhile (this follows an issue or a recharge) */
  if (self->context == NULL || self->reader == NULL)
    return;
  set_status (self, _("Reading the card…"));
  begin (self);
  pos_card_read_card_async (self->context, self->reader, self->cancellable, read_cb, g_object_ref (self));
}

static void
read_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  read_card (POS_CUSTOMER_CARDS_PAGE (widget));
}

/* -- recharge ------------------------------------------------------------------------ */

static void
show_result (PosCustomerCardsPage *self,
             const char   *title,
             const char   *subtitle,
             const char   *token,
             gboolean      try_again)
{
  g_autofree char *groups = pos_ltr_token (token);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), title);
  adw_action_row_set_subtitle (self->result_row, subtitle != NULL ? subtitle : "");
  gtk_label_set_text (self->token_label, groups);
  gtk_widget_set_visible (GTK_WIDGET (self->token_label), groups[0] != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->try_again_button), try_again);
}

static void start_recharge (PosCustomerCardsPage *self,
                            gint64        tendered,
                            gboolean      override);

static void
override_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      PosCustomerCardsPage     *self)
{
  if (g_str_equal (response, "sell") && self->context != NULL && self->reader != NULL && self->busy == 0)
    start_recharge (self, self->tendered, TRUE);
}

static AdwMessageDialog *
confirm (PosCustomerCardsPage *self,
         const char   *heading,
         const char   *body,
         const char   *response,
         const char   *label,
         const char   *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                         heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_widget_set_name (GTK_WIDGET (dialog), name);
  return dialog;
}

static void
recharged_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PosCustomerCardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) sale = pos_card_recharge_finish (POS_CONTEXT (source), result, &error);
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  end (self);
  if (self->cancellable == NULL)
    return;
  if (sale == NULL)
    {
      if (g_error_matches (error, POS_APP_ERROR, POS_APP_ERROR_CARD_UNAPPLIED))
        {
          show_result (self, _("Not sold: the meter has not taken the card’s last purchase"),
                       self->role >= POS_ROLE_SUPERVISOR
                         ? _("Ask the customer to put the card in the meter first. You may sell anyway.")
                         : _("Ask the customer to put the card in the meter first, or call a supervisor."),
                       NULL, FALSE);
          if (self->role >= POS_ROLE_SUPERVISOR)
            {
              AdwMessageDialog *dialog
                = confirm (self, _("Sell Over an Unused Purchase?"),
                           _("The meter has not taken the last purchase on this card. A new purchase "
                             "goes on top of it: the customer may lose the earlier credit if the card "
                             "never reaches the meter in between."),
                           "sell", _("_Sell Anyway"), "pos-card-override-dialog");

              g_signal_connect_object (dialog, "response", G_CALLBACK (override_response_cb), self, 0);
              gtk_window_present (GTK_WINDOW (dialog));
            }
          return;
        }
      if (g_error_matches (error, POS_APP_ERROR, POS_APP_ERROR_CARD_WRITE_PENDING))
        {
          show_result (self, _("Not sold: a sold purchase still waits for this card"),
                       _("Finish writing it first."), NULL, TRUE);
          gtk_widget_set_visible (GTK_WIDGET (self->pending_row), TRUE);
          return;
        }
      show_result (self, _("Not sold"), NULL, NULL, FALSE);
      toast_error (self, error);
      return;
    }
  g_clear_pointer (&self->sale, json_object_unref);
  self->sale = json_object_ref (sale);
  {
    gint64 receipt = json_object_get_int_member (sale, "receipt");
    g_autofree char *kwh = kwh_text (json_object_get_int_member (sale, "kwh_tenths"));
    g_autofree char *title = NULL;
    const char *warning = member_string (sale, "key_change_warning");

    if (json_object_get_boolean_member (sale, "card_written"))
      {
        title = g_strdup_printf (_("Sold %s, receipt %lld: written to the card"), kwh, (long long) receipt);
        show_result (self, title, warning, member_string (sale, "token"), FALSE);
        gtk_editable_set_text (GTK_EDITABLE (self->amount_row), "");
      }
    else
      {
        const char *code = member_string (sale, "card_error_code");
        g_autofree char *why = g_strcmp0 (code, "card_removed") == 0
                                 ? g_strdup (_("The card was pulled out or stopped answering."))
                               : g_strcmp0 (code, "no_reader") == 0
                                 ? g_strdup (_("The card reader stopped answering."))
                                 : pos_window_sentence (member_string (sale, "card_error"));
        g_autofree char *text = g_strdup_printf (_("The sale is recorded; it is not sold again. %s Put the card "
                                                   "back in the reader and try again."),
                                                 why != NULL ? why : "");

        title = g_strdup_printf (_("Sold %s, receipt %lld: the card was not written"), kwh, (long long) receipt);
        show_result (self, title, text, member_string (sale, "token"), TRUE);
        gtk_editable_set_text (GTK_EDITABLE (self->amount_row), "");
      }
    if (window != NULL)
      pos_window_print_new_receipt (window, receipt);
  }
  /* what the card holds now (a card that failed the write may be out) */
  if (json_object_get_boolean_member (sale, "card_written"))
    read_card (self);
}

/* -- the quote, as the amount is typed (once a card is read) ------------------------ */

static void
cancel_quote (PosCustomerCardsPage *self)
{
  g_clear_handle_id (&self->quote_source, g_source_remove);
  g_cancellable_cancel (self->quote_cancellable);
  g_clear_object (&self->quote_cancellable);
}

static void
show_quote (PosCustomerCardsPage *self,
            const char           *text)
{
  if (self->quote_row == NULL)
    return;
  adw_action_row_set_subtitle (self->quote_row, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->quote_row), text != NULL);
}

static void
quoted_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PosCustomerCardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PosVendQuote quote;
  g_autofree char *kwh = NULL;
  g_autofree char *vat = NULL;
  g_autofree char *charges = NULL;
  g_autofree char *debt = NULL;
  g_autofree char *text = NULL;

  if (!pos_vend_quote_finish (POS_CONTEXT (source), result, &quote, &error))
    {
      g_autofree char *why = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->quote_cancellable);
      why = pos_window_sentence (error->message);
      show_quote (self, why);
      return;
    }
  g_clear_object (&self->quote_cancellable);
  kwh = kwh_text (quote.kwh);
  vat = pos_money_format (quote.vat, MINOR_DIGITS);
  charges = pos_money_format (quote.fixed_charge, MINOR_DIGITS);
  debt = pos_money_format (quote.debt_recovered, MINOR_DIGITS);
  text = g_strdup_printf (_("%s; VAT %s, fixed charge %s, debt recovered %s"), kwh, vat, charges, debt);
  show_quote (self, text);
}

static gboolean
quote_timeout_cb (gpointer user_data)
{
  PosCustomerCardsPage *self = user_data;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->amount_row))));
  const char *pan = member_string (self->card, "meter");
  gint64 tendered = 0;

  self->quote_source = 0;
  if (self->context == NULL || pan == NULL || !pos_money_parse (text, MINOR_DIGITS, &tendered, NULL) || tendered <= 0)
    {
      show_quote (self, NULL);
      return G_SOURCE_REMOVE;
    }
  self->quote_cancellable = g_cancellable_new ();
  pos_vend_quote_async (self->context, pan, tendered, self->quote_cancellable, quoted_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
amount_changed_cb (PosCustomerCardsPage *self)
{
  cancel_quote (self);
  /* nothing to quote goes at once; a quote waits for typing to pause */
  if (self->card == NULL || gtk_editable_get_text (GTK_EDITABLE (self->amount_row))[0] == '\0')
    show_quote (self, NULL);
  else
    self->quote_source = g_timeout_add (250, quote_timeout_cb, self);
}

static void
start_recharge (PosCustomerCardsPage *self,
                gint64        tendered,
                gboolean      override)
{
  self->tendered = tendered;
  show_result (self, _("Selling and writing the card…"), NULL, NULL, FALSE);
  begin (self);
  pos_card_recharge_async (self->context, self->reader, tendered, override, self->cancellable, recharged_cb,
                           g_object_ref (self));
}

static void
recharge_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PosCustomerCardsPage *self = POS_CUSTOMER_CARDS_PAGE (widget);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->amount_row))));
  gint64 tendered = 0;

  if (!pos_money_parse (text, MINOR_DIGITS, &tendered, NULL) || tendered <= 0)
    {
      toast (self, _("Type the amount tendered, e.g. 50 or 50.00."));
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
      return;
    }
  start_recharge (self, tendered, FALSE);
}

static void
amount_activated_cb (PosCustomerCardsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "cards.recharge", NULL);
}

/* -- finish a write ----------------------------------------------------------------------- */

static void
retried_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PosCustomerCardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) written = pos_card_retry_write_finish (POS_CONTEXT (source), result, &error);

  end (self);
  if (self->cancellable == NULL)
    return;
  if (written == NULL)
    {
      toast_error (self, error);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pending_row), FALSE);
  if (json_object_has_member (written, "nothing_pending"))
    {
      show_result (self, _("Nothing waits to be written to this card"), NULL, NULL, FALSE);
      return;
    }
  {
    g_autofree char *title = g_strdup_printf (_("Purchase %lld written to the card"),
                                              (long long) json_object_get_int_member (written, "seq"));

    show_result (self, title, NULL, member_string (written, "token"), FALSE);
  }
  read_card (self);
}

static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PosCustomerCardsPage *self = POS_CUSTOMER_CARDS_PAGE (widget);

  show_result (self, _("Writing the card…"), NULL, NULL, FALSE);
  begin (self);
  pos_card_retry_write_async (self->context, self->reader, self->cancellable, retried_cb, g_object_ref (self));
}

/* -- issue and replace ---------------------------------------------------------------------- */

static void
meter_changed_cb (PosCustomerCardsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->meter_row));

  if (text[0] != '\0' && !meter_ok (self))
    gtk_widget_add_css_class (GTK_WIDGET (self->meter_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->meter_row), "error");
  update_actions (self);
}

static void
issued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PosCustomerCardsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean replace = g_task_get_source_tag (G_TASK (result)) == pos_card_replace_async;
  g_autoptr(JsonObject) card = replace ? pos_card_replace_finish (POS_CONTEXT (source), result, &error)
                                       : pos_card_issue_to_meter_finish (POS_CONTEXT (source), result, &error);
  g_autofree char *text = NULL;

  end (self);
  if (self->cancellable == NULL)
    return;
  if (card == NULL)
    {
      toast_error (self, error);
      return;
    }
  if (replace)
    {
      text = g_strdup_printf (_("Card %s now belongs to meter %s; card %s is blocked."),
                              member_string (card, "serial"), member_string (card, "meter"),
                              member_string (card, "blocked"));
      gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
    }
  else
    text = g_strdup_printf (_("Card %s issued to meter %s, account %s."), member_string (card, "serial"),
                            member_string (card, "meter"), member_string (card, "account"));
  set_status (self, text);
  toast (self, text);
  /* show what is on it now */
  read_card (self);
}

static void
issue_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PosCustomerCardsPage *self = POS_CUSTOMER_CARDS_PAGE (widget);

  set_status (self, _("Writing the new card…"));
  begin (self);
  pos_card_issue_to_meter_async (self->context, self->reader, gtk_editable_get_text (GTK_EDITABLE (self->meter_row)),
                                 self->cancellable, issued_cb, g_object_ref (self));
}

static void
replace_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PosCustomerCardsPage     *self)
{
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "replace") || self->context == NULL || self->reader == NULL || self->busy > 0)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  set_status (self, _("Writing the new card…"));
  begin (self);
  pos_card_replace_async (self->context, self->reader, gtk_editable_get_text (GTK_EDITABLE (self->meter_row)), reason,
                          self->cancellable, issued_cb, g_object_ref (self));
}

static void
replace_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PosCustomerCardsPage *self = POS_CUSTOMER_CARDS_PAGE (widget);
  g_autofree char *body = g_strdup_printf (_("The card meter %s has today is blocked for good: it can never "
                                             "be used again. The card in the reader becomes the meter’s card."),
                                           gtk_editable_get_text (GTK_EDITABLE (self->meter_row)));
  AdwMessageDialog *dialog = confirm (self, _("Replace the Card?"), body, "replace", _("_Replace and Block"),
                                      "pos-card-replace-dialog");

  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- the object ------------------------------------------------------------------------------ */

static void
pos_customer_cards_page_dispose (GObject *object)
{
  PosCustomerCardsPage *self = POS_CUSTOMER_CARDS_PAGE (object);

  cancel_quote (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->readers, g_strfreev);
  g_clear_pointer (&self->reader, g_free);
  g_clear_pointer (&self->card, json_object_unref);
  g_clear_pointer (&self->sale, json_object_unref);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_CUSTOMER_CARDS_PAGE);

  G_OBJECT_CLASS (pos_customer_cards_page_parent_class)->dispose (object);
}

static void
pos_customer_cards_page_class_init (PosCustomerCardsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_customer_cards_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-customer-cards-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, reader_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, card_group);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, read_button);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, owner_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, meter_info_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, purchase_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, return_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, pending_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, amount_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, quote_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, result_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, try_again_button);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, token_label);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, supervisor_group);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, meter_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerCardsPage, reason_row);
  gtk_widget_class_bind_template_callback (widget_class, reader_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, amount_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, amount_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, meter_changed_cb);

  gtk_widget_class_install_action (widget_class, "cards.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "cards.read", NULL, read_activated);
  gtk_widget_class_install_action (widget_class, "cards.recharge", NULL, recharge_activated);
  gtk_widget_class_install_action (widget_class, "cards.retry", NULL, retry_activated);
  gtk_widget_class_install_action (widget_class, "cards.issue", NULL, issue_activated);
  gtk_widget_class_install_action (widget_class, "cards.replace", NULL, replace_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "cards.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "cards.read", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "cards.issue", NULL);
}

static void
pos_customer_cards_page_init (PosCustomerCardsPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* a token reads left to right in every language */
  gtk_widget_set_direction (GTK_WIDGET (self->token_label), GTK_TEXT_DIR_LTR);
  set_status (self, _("Not looked for readers yet."));
  update_actions (self);
}

void
pos_customer_cards_page_set_context (PosCustomerCardsPage *self,
                            PosContext   *context,
                            PosRole       role)
{
  g_return_if_fail (POS_IS_CUSTOMER_CARDS_PAGE (self));
  g_return_if_fail (context == NULL || POS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  self->role = context != NULL ? role : POS_ROLE_NONE;
  clear_card (self);
  g_clear_pointer (&self->sale, json_object_unref);
  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->meter_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  show_result (self, _("No recharge yet"), NULL, NULL, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->supervisor_group), self->role >= POS_ROLE_SUPERVISOR);
  update_actions (self);
}

gboolean
pos_customer_cards_page_is_busy (PosCustomerCardsPage *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_CARDS_PAGE (self), FALSE);
  return self->busy > 0;
}

const char *
pos_customer_cards_page_get_reader (PosCustomerCardsPage *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_CARDS_PAGE (self), NULL);
  return self->reader;
}

JsonObject *
pos_customer_cards_page_get_card (PosCustomerCardsPage *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_CARDS_PAGE (self), NULL);
  return self->card;
}

JsonObject *
pos_customer_cards_page_get_sale (PosCustomerCardsPage *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_CARDS_PAGE (self), NULL);
  return self->sale;
}
