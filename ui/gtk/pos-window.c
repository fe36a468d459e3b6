/* pos-window.c: the one window: opens the database (or offers the
 * demonstration one), logs in, and holds the pages; shows who is logged
 * in and the shift, and reports errors as toasts */
#include <string.h>

#include <glib/gi18n.h>

#include "pos-bidi.h"
#include "pos-admin-page.h"
#include "pos-customers-page.h"
#include "pos-customer-cards-page.h"
#include "pos-engineering-page.h"
#include "pos-login-page.h"
#include "pos-receipt-preview.h"
#include "pos-reports-page.h"
#include "pos-sales-page.h"
#include "pos-shift-dialog.h"
#include "pos-vend-page.h"
#include "pos-window-private.h"

#define MINOR_DIGITS       2
#define DEMO_CUSTOMERS     2000

struct _PosWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *welcome_page;
  GtkButton            *demo_button;
  GtkSpinner           *demo_spinner;
  GtkLabel             *demo_note;
  PosLoginPage         *login_page;
  AdwHeaderBar         *header_bar;
  GtkLabel             *user_label;
  GtkLabel             *role_label;
  GtkStack             *shift_stack;
  GtkButton            *open_shift_button;
  GtkLabel             *shift_label;
  AdwViewStack         *view_stack;
  PosVendPage          *vend_page;
  PosCustomersPage     *customers_page;
  PosSalesPage         *sales_page;
  PosReportsPage       *reports_page;
  PosAdminPage         *admin_page;
  PosCustomerCardsPage         *cards_page;
  PosEngineeringPage   *engineering_page;

  PosContext           *context;
  char                 *db_path;
  PosSession           *session;
  AdwToast             *shift_hint;      /* "open a shift", while shown */
  GCancellable         *cancellable;
  gboolean              busy;
  gint64                counted_cash;    /* of the shift being closed */
};

G_DEFINE_FINAL_TYPE (PosWindow, pos_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_DATABASE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* -- shared with the pages ---------------------------------------------------- */

PosWindow *
pos_window_from_widget (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return POS_IS_WINDOW (root) ? POS_WINDOW (root) : NULL;
}

PosContext *
pos_window_get_context (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);
  return self->context;
}

const PosSession *
pos_window_get_session (PosWindow *self)
{
  g_return_val_if_fail (POS_IS_WINDOW (self), NULL);
  return self->session;
}

char *
pos_window_sentence (const char *message)
{
  GString *text = g_string_new (message);

  g_strstrip (text->str);
  g_string_set_size (text, strlen (text->str));
  if (text->len == 0)
    g_string_assign (text, _("Something went wrong"));
  if (g_ascii_islower (text->str[0]))
    text->str[0] = g_ascii_toupper (text->str[0]);
  if (!g_str_has_suffix (text->str, ".") && !g_str_has_suffix (text->str, "!")
      && !g_str_has_suffix (text->str, "?"))
    g_string_append_c (text, '.');
  return g_string_free (text, FALSE);
}

void
pos_window_toast (PosWindow  *self,
                  const char *text)
{
  AdwToast *toast;

  g_return_if_fail (POS_IS_WINDOW (self));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The use cases word their errors in English, with the particulars.  In
 * another language the error's code says it in that language instead,
 * with the particulars after it when they matter. */
static char *
error_text (const GError *error)
{
  static const struct { int code; const char *text; gboolean details; } sentences[] = {
    { POS_APP_ERROR_BAD_REQUEST, N_("Something typed is not right."), TRUE },
    { POS_APP_ERROR_BAD_PAN_CHECK_DIGIT, N_("The check digits do not match: a digit of the meter number is wrong."), FALSE },
    { POS_APP_ERROR_BAD_KEY, N_("The vending key is not right."), FALSE },
    { POS_APP_ERROR_AMOUNT_OUT_OF_RANGE, N_("The amount is out of range."), FALSE },
    { POS_APP_ERROR_TID_OUT_OF_RANGE, N_("The meter’s token identifier is out of range."), FALSE },
    { POS_APP_ERROR_KEY_EXPIRED, N_("The vending key has expired."), FALSE },
    { POS_APP_ERROR_NOT_LOGGED_IN, N_("Log in first."), FALSE },
    { POS_APP_ERROR_PERMISSION_DENIED, N_("Your role may not do this."), FALSE },
    { POS_APP_ERROR_BAD_PASSWORD, N_("Wrong user name or password."), FALSE },
    { POS_APP_ERROR_LOCKED_OUT, N_("Too many failed logins: try again later."), FALSE },
    { POS_APP_ERROR_KEYS_LOCKED, N_("The vending keys are locked: give the keys passphrase."), FALSE },
    { POS_APP_ERROR_BAD_PASSPHRASE, N_("Wrong keys passphrase."), FALSE },
    { POS_APP_ERROR_NOT_FOUND, N_("It was not found."), TRUE },
    { POS_APP_ERROR_DUPLICATE, N_("It exists already."), TRUE },
    { POS_APP_ERROR_LIMIT, N_("That is over a limit."), TRUE },
    { POS_APP_ERROR_NO_SHIFT, N_("Open a shift first."), FALSE },
    { POS_APP_ERROR_STORAGE, N_("The database failed."), TRUE },
    { POS_APP_ERROR_NOT_INITIALISED, N_("The database is not set up yet."), FALSE },
    { POS_APP_ERROR_PRINTER, N_("Nothing was printed; the sale stands."), TRUE },
    { POS_APP_ERROR_EXPORT, N_("The file could not be written."), TRUE },
    { POS_APP_ERROR_NO_READER, N_("No card reader answers: check that it is plugged in."), FALSE },
    { POS_APP_ERROR_CARD_REMOVED, N_("No card in the reader, or it was pulled out: put it in and try again."), FALSE },
    { POS_APP_ERROR_CARD_REFUSED, N_("This card is refused: it is blocked, copied or not one of ours."), TRUE },
    { POS_APP_ERROR_CARD_UNAPPLIED, N_("The meter has not taken the card’s last purchase yet."), FALSE },
    { POS_APP_ERROR_CARD_WRITE_PENDING, N_("A sold purchase still waits to be written to this card."), FALSE },
  };
  const char *probe = "Something went wrong";

  /* English: the use case's own words, which say more */
  if (!g_error_matches (error, POS_APP_ERROR, error->code) || g_strcmp0 (_(probe), probe) == 0)
    return pos_window_sentence (error->message);
  for (gsize i = 0; i < G_N_ELEMENTS (sentences); i++)
    if (sentences[i].code == error->code)
      return sentences[i].details ? g_strdup_printf ("%s (%s)", _(sentences[i].text), error->message)
                                  : g_strdup (_(sentences[i].text));
  return g_strdup_printf ("%s (%s)", _(probe), error->message);
}

void
pos_window_show_error (PosWindow    *self,
                       const GError *error)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  g_return_if_fail (POS_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  /* An error goes before any hint still waiting. */
  text = error_text (error);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* -- state -------------------------------------------------------------------- */

static void
update_actions (PosWindow *self)
{
  gboolean in = self->session != NULL;
  gboolean shift = in && self->session->shift_open;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-demo", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.log-out", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-receipt", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-shift", in && !shift);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-shift", shift);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.focus-search", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-sale", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-vend", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-customers", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", in);
}

static void
show_session (PosWindow *self)
{
  const PosSession *s = self->session;

  if (s == NULL)
    {
      gtk_label_set_text (self->user_label, "");
      gtk_label_set_text (self->role_label, "");
    }
  else
    {
      const char *role = s->role == POS_ROLE_ADMIN ? _("Admin")
                         : s->role == POS_ROLE_SUPERVISOR ? _("Supervisor") : _("Cashier");

      gtk_label_set_text (self->user_label, s->full_name != NULL && s->full_name[0] != '\0'
                                              ? s->full_name : s->username);
      gtk_label_set_text (self->role_label, role);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_label), s->username);
    }
  if (s != NULL && s->shift_open)
    {
      g_autofree char *text = g_strdup_printf (_("Shift open at %s"), s->shift_point);

      gtk_label_set_text (self->shift_label, text);
      gtk_stack_set_visible_child_name (self->shift_stack, "open");
    }
  else
    gtk_stack_set_visible_child_name (self->shift_stack, "closed");
  update_actions (self);
}

static void
set_session (PosWindow        *self,
             const PosSession *session)
{
  g_clear_pointer (&self->session, pos_session_free);
  if (session != NULL)
    self->session = pos_session_copy (session);
  if ((session == NULL || session->shift_open) && self->shift_hint != NULL)
    adw_toast_dismiss (self->shift_hint);
  show_session (self);
}

static void
show_login (PosWindow *self)
{
  set_session (self, NULL);
  pos_vend_page_set_context (self->vend_page, NULL);
  pos_customers_page_set_context (self->customers_page, NULL);
  pos_sales_page_set_context (self->sales_page, NULL);
  pos_reports_page_set_context (self->reports_page, NULL);
  pos_admin_page_set_context (self->admin_page, NULL, POS_ROLE_NONE);
  pos_customer_cards_page_set_context (self->cards_page, NULL, POS_ROLE_NONE);
  pos_engineering_page_set_context (self->engineering_page, NULL, POS_ROLE_NONE);
  gtk_stack_set_visible_child_name (self->stack, "login");
  pos_login_page_reset (self->login_page, self->context, self->db_path);
}

static void
logged_in_cb (PosWindow  *self,
              PosSession *session)
{
  set_session (self, session);
  pos_vend_page_set_context (self->vend_page, self->context);
  pos_customers_page_set_context (self->customers_page, self->context);
  pos_sales_page_set_context (self->sales_page, self->context);
  pos_reports_page_set_context (self->reports_page, self->context);
  pos_admin_page_set_context (self->admin_page, self->context, session->role);
  pos_customer_cards_page_set_context (self->cards_page, self->context, session->role);
  pos_engineering_page_set_context (self->engineering_page, self->context, session->role);
  adw_view_stack_set_visible_child_name (self->view_stack, "vend");
  gtk_stack_set_visible_child_name (self->stack, "main");
  pos_vend_page_focus_search (self->vend_page);
  if (!session->shift_open)
    {
      AdwToast *toast = adw_toast_new (_("Open a shift before you sell."));

      adw_toast_set_button_label (toast, _("_Open Shift"));
      adw_toast_set_action_name (toast, "win.open-shift");
      adw_toast_set_timeout (toast, 10);
      g_set_weak_pointer (&self->shift_hint, toast);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

/* -- the database ------------------------------------------------------------- */

static void
show_welcome (PosWindow  *self,
              const char *title,
              const char *description,
              gboolean    offer_demo)
{
  adw_status_page_set_title (self->welcome_page, title);
  adw_status_page_set_description (self->welcome_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_button), offer_demo);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_note), offer_demo);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_spinner), FALSE);
  gtk_spinner_set_spinning (self->demo_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "welcome");
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PosWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pos_database_open_finish (POS_CONTEXT (source), result, &error))
    {
      g_autofree char *sentence = NULL;
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      sentence = pos_window_sentence (error->message);
      text = g_strdup_printf (_("%s\nIt is left as it is. To use another file, start stsvend with --db PATH."),
                              sentence);
      show_welcome (self, _("The Database Cannot Be Opened"), text, FALSE);
      update_actions (self);
      return;
    }
  self->busy = FALSE;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  show_login (self);
}

static void
open_database (PosWindow *self,
               gboolean   create_demo)
{
  self->busy = TRUE;
  update_actions (self);
  pos_database_open_async (self->context, self->db_path, create_demo, DEMO_CUSTOMERS, self->cancellable, opened_cb,
                           g_object_ref (self));
}

static void
start (PosWindow *self)
{
  if (g_file_test (self->db_path, G_FILE_TEST_EXISTS))
    {
      gtk_spinner_set_spinning (self->loading_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      open_database (self, FALSE);
    }
  else
    {
      g_autofree char *path = pos_ltr (self->db_path);
      g_autofree char *text = g_strdup_printf (_("There is no database at %s yet."), path);

      show_welcome (self, _("Welcome to stsvend"), text, TRUE);
      update_actions (self);
    }
}

/* -- receipts ----------------------------------------------------------------- */

typedef struct
{
  PosWindow *window;
  char      *point;
  gint64     receipt_no;
  gboolean   reprint;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_object_unref (job->window);
  g_free (job->point);
  g_free (job);
}

static void
receipt_printed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PrintJob *job = user_data;
  PosWindow *self = job->window;
  g_autoptr(GError) error = NULL;
  gboolean printed = FALSE, copy = FALSE;

  if (!pos_receipt_print_finish (POS_CONTEXT (source), result, &printed, &copy, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *sentence = pos_window_sentence (error->message);
          g_autofree char *text = g_strdup_printf (_("Receipt %lld: %s"), (long long) job->receipt_no, sentence);
          AdwToast *toast = adw_toast_new (text);

          adw_toast_set_timeout (toast, 0);
          adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
          adw_toast_set_button_label (toast, _("_Print Again"));
          adw_toast_set_action_name (toast, "win.print-receipt");
          adw_toast_set_action_target_value (toast, g_variant_new ("(sx)", job->point != NULL ? job->point : "",
                                                                   job->receipt_no));
          adw_toast_overlay_add_toast (self->toast_overlay, toast);
        }
    }
  else if (printed)
    {
      g_autofree char *text = copy ? g_strdup_printf (_("Receipt %lld printed, marked COPY."), (long long) job->receipt_no)
                                   : g_strdup_printf (_("Receipt %lld printed."), (long long) job->receipt_no);

      pos_window_toast (self, text);
    }
  print_job_free (job);
}

static void
print_receipt (PosWindow  *self,
               const char *point,
               gint64      receipt_no,
               gboolean    reprint,
               gboolean    only_if_configured)
{
  PrintJob *job;

  g_return_if_fail (POS_IS_WINDOW (self));

  job = g_new0 (PrintJob, 1);
  job->window = g_object_ref (self);
  job->point = point != NULL && point[0] != '\0' ? g_strdup (point) : NULL;
  job->receipt_no = receipt_no;
  job->reprint = reprint;
  pos_receipt_print_async (self->context, job->point, receipt_no, reprint, only_if_configured, self->cancellable,
                           receipt_printed_cb, job);
}

void
pos_window_print_receipt (PosWindow  *self,
                          const char *point,
                          gint64      receipt_no,
                          gboolean    reprint)
{
  print_receipt (self, point, receipt_no, reprint, FALSE);
}

void
pos_window_print_new_receipt (PosWindow *self,
                              gint64     receipt_no)
{
  print_receipt (self, NULL, receipt_no, FALSE, TRUE);
}

void
pos_window_preview_receipt (PosWindow  *self,
                            const char *point,
                            gint64      receipt_no)
{
  PosReceiptPreview *preview;

  g_return_if_fail (POS_IS_WINDOW (self));

  preview = pos_receipt_preview_new (GTK_WINDOW (self), self->context, point, receipt_no);
  gtk_window_present (GTK_WINDOW (preview));
}

static void
print_receipt_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  const char *point;
  gint64 receipt_no;

  g_variant_get (parameter, "(&sx)", &point, &receipt_no);
  pos_window_print_receipt (POS_WINDOW (widget), point, receipt_no, FALSE);
}

/* -- shifts ------------------------------------------------------------------- */

static void
session_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PosWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = pos_session_query_finish (POS_CONTEXT (source), result, &error);

  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pos_window_show_error (self, error);
      return;
    }
  if (self->session != NULL)
    set_session (self, session);
}

static void
refresh_session (PosWindow *self)
{
  pos_session_query_async (self->context, self->cancellable, session_refreshed_cb, g_object_ref (self));
}

static void
shift_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PosWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (pos_shift_open_finish (POS_CONTEXT (source), result, &error) == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pos_window_show_error (self, error);
      update_actions (self);
      return;
    }
  pos_window_toast (self, _("Shift open."));
  refresh_session (self);
  pos_vend_page_focus_search (self->vend_page);
}

static void
shift_closed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PosWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 expected = 0, difference = 0;

  if (!pos_shift_close_finish (POS_CONTEXT (source), result, &expected, &difference, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pos_window_show_error (self, error);
      update_actions (self);
      return;
    }
  {
    g_autofree char *c_text = pos_money_format (self->counted_cash, MINOR_DIGITS);
    g_autofree char *e_text = pos_money_format (expected, MINOR_DIGITS);
    g_autofree char *d_text = pos_money_format (difference, MINOR_DIGITS);
    /* "-10.00" must not read "10.00-" in Persian */
    g_autofree char *c = pos_ltr (c_text);
    g_autofree char *e = pos_ltr (e_text);
    g_autofree char *d = pos_ltr (d_text);
    g_autofree char *text = g_strdup_printf (_("Shift closed: %s expected, difference %s."), e, d);
    g_autofree char *body = g_strdup_printf (_("Counted: %s\nExpected: %s\nDifference: %s"), c, e, d);
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Shift Closed"),
                                                                           body));

    pos_window_toast (self, text);
    adw_message_dialog_add_response (dialog, "close", _("_Close"));
    adw_message_dialog_set_default_response (dialog, "close");
    gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
    gtk_widget_set_name (GTK_WIDGET (dialog), "pos-shift-closed-dialog");
    gtk_window_present (GTK_WINDOW (dialog));
  }
  refresh_session (self);
  pos_sales_page_refresh (self->sales_page);
}

static void
shift_response_cb (PosShiftDialog *dialog,
                   const char     *response,
                   PosWindow      *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *amount_text = NULL;
  gint64 amount = 0;

  if (!g_str_equal (response, "ok") || self->session == NULL)
    return;
  amount_text = g_strstrip (g_strdup (pos_shift_dialog_get_amount (dialog)));
  if (pos_shift_dialog_is_closing (dialog))
    {
      if (!pos_money_parse (amount_text, MINOR_DIGITS, &amount, &error))
        {
          pos_window_toast (self, _("Type the cash counted, like 1500 or 1500.50."));
          return;
        }
      self->counted_cash = amount;
      pos_shift_close_async (self->context, amount, self->cancellable, shift_closed_cb, g_object_ref (self));
    }
  else
    {
      const char *point = pos_shift_dialog_get_point (dialog);

      if (point == NULL)
        {
          pos_window_toast (self, _("Choose the vending point the shift is at."));
          return;
        }
      if (amount_text[0] != '\0' && !pos_money_parse (amount_text, MINOR_DIGITS, &amount, &error))
        {
          pos_window_toast (self, _("Type the cash float, like 500 or 500.00."));
          return;
        }
      pos_shift_open_async (self->context, point, amount, self->cancellable, shift_opened_cb, g_object_ref (self));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-shift", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-shift", FALSE);
}

static void
ask_shift (PosWindow          *self,
           gboolean            closing,
           const char * const *points)
{
  PosShiftDialog *dialog = pos_shift_dialog_new (GTK_WINDOW (self), closing);

  if (points != NULL)
    pos_shift_dialog_set_points (dialog, points);
  g_signal_connect_object (dialog, "response", G_CALLBACK (shift_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opening a shift: first the vending points to choose from. */
static void
points_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PosWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = pos_admin_list_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(GPtrArray) names = NULL;

  update_actions (self);
  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pos_window_show_error (self, error);
      return;
    }
  if (json_array_get_length (rows) == 0)
    {
      pos_window_toast (self, _("There is no vending point yet: an administrator must add one first."));
      return;
    }
  names = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_ptr_array_add (names, (gpointer) json_object_get_string_member (json_array_get_object_element (rows, i),
                                                                      "name"));
  g_ptr_array_add (names, NULL);
  ask_shift (self, FALSE, (const char * const *) names->pdata);
}

/* -- actions ------------------------------------------------------------------ */

static void
create_demo_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->demo_spinner), TRUE);
  gtk_spinner_set_spinning (self->demo_spinner, TRUE);
  adw_status_page_set_description (self->welcome_page, _("Creating the demonstration database…"));
  open_database (self, TRUE);
}

static void
logged_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PosWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pos_logout_finish (POS_CONTEXT (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_login (self);
}

static void
log_out_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  gtk_widget_action_set_enabled (widget, "win.log-out", FALSE);
  pos_logout_async (self->context, self->cancellable, logged_out_cb, g_object_ref (self));
}

static void
open_shift_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  gtk_widget_action_set_enabled (widget, "win.open-shift", FALSE);
  pos_admin_list_async (self->context, POS_ADMIN_VENDING_POINTS, self->cancellable, points_listed_cb,
                        g_object_ref (self));
}

/* Closing a shift: first what the drawer should hold, from the shift's
 * report (the float and the cash taken), so the count can be checked
 * before it is recorded. */
static void
shift_reported_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PosWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = pos_report_finish (POS_CONTEXT (source), result, &error);
  PosShiftDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  update_actions (self);
  if (self->session == NULL || !self->session->shift_open)
    return;
  dialog = pos_shift_dialog_new (GTK_WINDOW (self), TRUE);
  if (report != NULL)
    {
      JsonArray *payments = json_object_has_member (report, "by_payment")
                              ? json_object_get_array_member (report, "by_payment") : NULL;
      gint64 cash = json_object_get_int_member_with_default (report, "amount", 0);
      g_autofree char *float_text = pos_money_format (self->session->shift_float, MINOR_DIGITS);
      g_autofree char *cash_text = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *body = NULL;

      /* only the cash belongs in the drawer */
      for (guint i = 0; payments != NULL && i < json_array_get_length (payments); i++)
        {
          JsonObject *p = json_array_get_object_element (payments, i);

          if (g_strcmp0 (json_object_get_string_member_with_default (p, "name", ""), "cash") == 0)
            cash = json_object_get_int_member_with_default (p, "amount", cash);
        }
      cash_text = pos_money_format (cash, MINOR_DIGITS);
      expected = pos_money_format (self->session->shift_float + cash, MINOR_DIGITS);
      body = g_strdup_printf (_("Count the cash in the drawer. It should hold %s: the float of %s and %s taken in cash. "
                                "The difference is recorded."), expected, float_text, cash_text);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (shift_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_shift_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  gtk_widget_action_set_enabled (widget, "win.close-shift", FALSE);
  pos_report_async (self->context, POS_REPORT_KIND_SHIFT, NULL, NULL, NULL, 0, self->cancellable, shift_reported_cb,
                    g_object_ref (self));
}

static void
focus_search_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "vend");
  pos_vend_page_focus_search (self->vend_page);
}

static void
new_sale_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "vend");
  pos_vend_page_new_sale (self->vend_page);
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack,
                                         g_str_equal (action_name, "win.show-vend") ? "vend" : "customers");
  if (g_str_equal (action_name, "win.show-vend"))
    pos_vend_page_focus_search (self->vend_page);
}

static void
show_named_page_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PosWindow *self = POS_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
}

/* A page shown: the lists on it as they are now. */
static void
page_shown_cb (PosWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (self->session == NULL || name == NULL)
    return;
  if (g_str_equal (name, "sales"))
    pos_sales_page_refresh (self->sales_page);
  else if (g_str_equal (name, "admin"))
    pos_admin_page_refresh (self->admin_page);
  else if (g_str_equal (name, "engineering"))
    pos_engineering_page_refresh (self->engineering_page);
  else if (g_str_equal (name, "cards") && pos_customer_cards_page_get_reader (self->cards_page) == NULL)
    pos_customer_cards_page_refresh (self->cards_page);
}

/* -- the object --------------------------------------------------------------- */

static void
pos_window_constructed (GObject *object)
{
  PosWindow *self = POS_WINDOW (object);

  G_OBJECT_CLASS (pos_window_parent_class)->constructed (object);

  if (self->context == NULL)
    self->context = pos_context_new ();
  if (self->db_path == NULL)
    self->db_path = pos_database_default_path ();
  start (self);
}

static void
pos_window_dispose (GObject *object)
{
  PosWindow *self = POS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->shift_hint);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_WINDOW);

  G_OBJECT_CLASS (pos_window_parent_class)->dispose (object);
}

static void
pos_window_finalize (GObject *object)
{
  PosWindow *self = POS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->session, pos_session_free);
  g_free (self->db_path);

  G_OBJECT_CLASS (pos_window_parent_class)->finalize (object);
}

static void
pos_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PosWindow *self = POS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_DATABASE_PATH:
      self->db_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pos_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PosWindow *self = POS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->db_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pos_window_class_init (PosWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pos_window_constructed;
  object_class->dispose = pos_window_dispose;
  object_class->finalize = pos_window_finalize;
  object_class->set_property = pos_window_set_property;
  object_class->get_property = pos_window_get_property;

  properties[PROP_CONTEXT] = g_param_spec_object ("context", NULL, NULL, POS_TYPE_CONTEXT,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                  | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATABASE_PATH] = g_param_spec_string ("database-path", NULL, NULL, NULL,
                                                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                        | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (POS_TYPE_LOGIN_PAGE);
  g_type_ensure (POS_TYPE_VEND_PAGE);
  g_type_ensure (POS_TYPE_CUSTOMERS_PAGE);
  g_type_ensure (POS_TYPE_SALES_PAGE);
  g_type_ensure (POS_TYPE_REPORTS_PAGE);
  g_type_ensure (POS_TYPE_ADMIN_PAGE);
  g_type_ensure (POS_TYPE_CUSTOMER_CARDS_PAGE);
  g_type_ensure (POS_TYPE_ENGINEERING_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PosWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, demo_button);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, demo_spinner);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, demo_note);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, role_label);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, shift_stack);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, open_shift_button);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, shift_label);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, vend_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, sales_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, reports_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, admin_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, cards_page);
  gtk_widget_class_bind_template_child (widget_class, PosWindow, engineering_page);
  gtk_widget_class_bind_template_callback (widget_class, page_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, logged_in_cb);

  gtk_widget_class_install_action (widget_class, "win.create-demo", NULL, create_demo_activated);
  gtk_widget_class_install_action (widget_class, "win.log-out", NULL, log_out_activated);
  gtk_widget_class_install_action (widget_class, "win.print-receipt", "(sx)", print_receipt_activated);
  gtk_widget_class_install_action (widget_class, "win.open-shift", NULL, open_shift_activated);
  gtk_widget_class_install_action (widget_class, "win.close-shift", NULL, close_shift_activated);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_activated);
  gtk_widget_class_install_action (widget_class, "win.new-sale", NULL, new_sale_activated);
  gtk_widget_class_install_action (widget_class, "win.show-vend", NULL, show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.show-customers", NULL, show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_named_page_activated);

  /* The window's own shortcuts (they work wherever the focus is in it). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-sale", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.log-out",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-vend", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-customers", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "cards");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-page", "s", "engineering");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK, "win.show-page", "s", "sales");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_ALT_MASK, "win.show-page", "s", "reports");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_7, GDK_ALT_MASK, "win.show-page", "s", "admin");
}

static void
pos_window_init (PosWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

PosWindow *
pos_window_new (PosApplication *application,
                PosContext     *context,
                const char     *db_path)
{
  g_return_val_if_fail (application == NULL || POS_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);

  return g_object_new (POS_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       "database-path", db_path,
                       NULL);
}
