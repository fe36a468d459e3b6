/* pos-reports-page.c: reports on screen: the user's shift, a period's
 * sales, the Z report of a day (closed once, confirmed) or a closed one
 * looked up; totals in a grid, sales by hour as a chart; exported to PDF
 * or CSV through GtkFileChooserNative with a progress bar, or printed.
 * Every use case runs in the background (pos-async.h). */
#include <glib/gi18n.h>

#include "pos-bidi.h"
#include "pos-hour-chart.h"
#include "pos-reports-page.h"
#include "pos-window-private.h"

#define MINOR_DIGITS 2

struct _PosReportsPage
{
  AdwBin          parent_instance;

  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkSpinButton  *z_number;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  GtkLabel       *title_label;
  GtkLabel       *period_label;
  GtkProgressBar *progress_bar;
  GtkGrid        *totals_grid;
  PosHourChart   *chart;

  PosContext     *context;
  JsonObject     *report;
  GCancellable   *cancellable;
  GtkNativeDialog *chooser;
  char           *export_path;
  guint           busy;
};

G_DEFINE_FINAL_TYPE (PosReportsPage, pos_reports_page, ADW_TYPE_BIN)

/* -- helpers ------------------------------------------------------------------ */

static void
toast_error (PosReportsPage *self,
             const GError   *error)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pos_window_show_error (window, error);
}

static void
toast (PosReportsPage *self,
       const char     *text)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL)
    pos_window_toast (window, text);
}

static const PosSession *
session (PosReportsPage *self)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  return window != NULL ? pos_window_get_session (window) : NULL;
}

/* The vending point reports are about: the open shift's, else NULL. */
static const char *
point (PosReportsPage *self)
{
  const PosSession *s = session (self);

  return s != NULL && s->shift_open ? s->shift_point : NULL;
}

static void
update_actions (PosReportsPage *self)
{
  const PosSession *s = session (self);
  gboolean ready = self->context != NULL && self->busy == 0;
  gboolean supervisor = s != NULL && s->role >= POS_ROLE_SUPERVISOR;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.shift", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.sales", ready && supervisor);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.z-close", ready && supervisor);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.z-get", ready && supervisor);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export", ready && self->report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", ready && self->report != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
}

static void
begin (PosReportsPage *self)
{
  self->busy++;
  update_actions (self);
}

static void
end (PosReportsPage *self)
{
  g_assert (self->busy > 0);
  self->busy--;
  update_actions (self);
}

static gint64
member_int (JsonObject *o,
            const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : 0;
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* "2026-11-24 10:15" from ISO 8601 UTC. */
static char *
when (const char *iso)
{
  g_autoptr(GDateTime) t = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return t != NULL ? g_date_time_format (t, "%Y-%m-%d %H:%M") : g_strdup (iso != NULL ? iso : "");
}

static void
add_total (PosReportsPage *self,
           int             index,
           const char     *name,
           const char     *value)
{
  GtkWidget *name_label = gtk_label_new (name);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_widget_add_css_class (name_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 1);
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_add_css_class (value_label, "heading");
  gtk_grid_attach (self->totals_grid, name_label, (index % 2) * 2, index / 2, 1, 1);
  gtk_grid_attach (self->totals_grid, value_label, (index % 2) * 2 + 1, index / 2, 1, 1);
}

static void
show_report (PosReportsPage *self,
             JsonObject     *report)
{
  const char *kind = member_string (report, "report");
  const char *vending_point = member_string (report, "vending_point");
  g_autofree char *title = NULL;
  g_autofree char *from = when (member_string (report, "from"));
  g_autofree char *to = when (member_string (report, "to"));
  g_autofree char *period = NULL;
  JsonArray *hourly = json_object_has_member (report, "hourly") ? json_object_get_array_member (report, "hourly")
                                                                 : NULL;
  gint64 values[24] = { 0 };
  GtkWidget *c;
  int i = 0;

  g_clear_pointer (&self->report, json_object_unref);
  self->report = json_object_ref (report);

  /* a Z report is the one with a number */
  if (g_strcmp0 (kind, "z") == 0 || json_object_has_member (report, "number"))
    title = g_strdup_printf (_("Z Report %lld"), (long long) member_int (report, "number"));
  else if (g_strcmp0 (kind, "shift") == 0)
    title = g_strdup (_("Shift Report"));
  else
    title = g_strdup (_("Sales Report"));
  gtk_label_set_text (self->title_label, title);
  period = g_strdup_printf ("%s – %s · %s", from, to, vending_point != NULL ? vending_point : _("every vending point"));
  gtk_label_set_text (self->period_label, period);

  while ((c = gtk_widget_get_first_child (GTK_WIDGET (self->totals_grid))) != NULL)
    gtk_grid_remove (self->totals_grid, c);
  {
    g_autofree char *sales = g_strdup_printf ("%" G_GINT64_FORMAT, member_int (report, "sales"));
    g_autofree char *amount = pos_money_format (member_int (report, "amount"), MINOR_DIGITS);
    g_autofree char *vat = pos_money_format (member_int (report, "vat"), MINOR_DIGITS);
    g_autofree char *fixed = pos_money_format (member_int (report, "fixed_charges"), MINOR_DIGITS);
    g_autofree char *debt = pos_money_format (member_int (report, "debt_recovered"), MINOR_DIGITS);
    g_autofree char *kwh = pos_kwh_format (member_int (report, "kwh_tenths"));
    g_autofree char *tokens = g_strdup_printf ("%" G_GINT64_FORMAT, member_int (report, "tokens"));
    g_autofree char *reversed_amount = pos_money_format (member_int (report, "reversed_amount"), MINOR_DIGITS);
    g_autofree char *reversals = g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", member_int (report, "reversals"),
                                                  reversed_amount);

    add_total (self, i++, _("Sales"), sales);
    add_total (self, i++, _("Money taken"), amount);
    add_total (self, i++, _("VAT"), vat);
    add_total (self, i++, _("Fixed charges"), fixed);
    add_total (self, i++, _("Debt recovered"), debt);
    add_total (self, i++, _("Energy (kWh)"), kwh);
    add_total (self, i++, _("Tokens"), tokens);
    add_total (self, i++, _("Reversals"), reversals);
  }
  for (guint h = 0; hourly != NULL && h < 24 && h < json_array_get_length (hourly); h++)
    values[h] = json_array_get_int_element (hourly, h);
  pos_hour_chart_set_values (self->chart, values);
  gtk_stack_set_visible_child_name (self->stack, "report");
  update_actions (self);
}

/* -- making reports ----------------------------------------------------------- */

static void
reported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PosReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = pos_report_finish (POS_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  end (self);
  if (report == NULL)
    {
      toast_error (self, error);
      return;
    }
  show_report (self, report);
}

static void
ask (PosReportsPage *self,
     PosReportKind   kind,
     const char     *from,
     const char     *to,
     gint64          number)
{
  if (self->context == NULL)
    return;
  begin (self);
  pos_report_async (self->context, kind, point (self), from, to, number, self->cancellable, reported_cb,
                    g_object_ref (self));
}

static char *
day_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
shift_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ask (POS_REPORTS_PAGE (widget), POS_REPORT_KIND_SHIFT, NULL, NULL, 0);
}

static void
sales_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PosReportsPage *self = POS_REPORTS_PAGE (widget);
  g_autofree char *from = day_text (self->from_entry);
  g_autofree char *to = day_text (self->to_entry);

  ask (self, POS_REPORT_KIND_SALES, from, to[0] != '\0' ? to : from, 0);
}

static void
to_activated_cb (PosReportsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "reports.sales", NULL);
}

static void
z_get_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PosReportsPage *self = POS_REPORTS_PAGE (widget);

  ask (self, POS_REPORT_KIND_Z_GET, NULL, NULL, gtk_spin_button_get_value_as_int (self->z_number));
}

static void
z_close_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PosReportsPage   *self)
{
  if (g_str_equal (response, "close-day"))
    ask (self, POS_REPORT_KIND_Z_CLOSE, g_object_get_data (G_OBJECT (dialog), "pos-day"), NULL, 0);
}

static void
z_close_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PosReportsPage *self = POS_REPORTS_PAGE (widget);
  g_autofree char *day = day_text (self->from_entry);
  g_autofree char *heading = g_strdup_printf (_("Close %s?"), day);
  g_autofree char *body = g_strdup_printf (_("The Z report of %s at %s is stored for good under the next number; "
                                             "that day can then never be closed again."),
                                           day, point (self) != NULL ? point (self) : _("your vending point"));
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                         heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "close-day", _("C_lose the Day"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "close-day", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_widget_set_name (GTK_WIDGET (dialog), "pos-z-close-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "pos-day", g_steal_pointer (&day), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (z_close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- export and print ---------------------------------------------------------- */

static void
progress_cb (gsize    done,
             gsize    total,
             gpointer user_data)
{
  PosReportsPage *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / (double) total : 1.0);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PosReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  end (self);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  if (!pos_report_export_finish (POS_CONTEXT (source), result, &error))
    {
      toast_error (self, error);
      return;
    }
  {
    g_autofree char *name = g_path_get_basename (self->export_path);
    g_autofree char *base = pos_ltr (name);
    g_autofree char *text = g_strdup_printf (_("Exported to %s."), base);

    toast (self, text);
  }
}

void
pos_reports_page_export_to (PosReportsPage  *self,
                            PosReportFormat  format,
                            const char      *path)
{
  g_return_if_fail (POS_IS_REPORTS_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->report == NULL || self->context == NULL)
    return;
  begin (self);
  g_free (self->export_path);
  self->export_path = g_strdup (path);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  /* CSV: every sale of the report, one row each */
  pos_report_export_async (self->context, self->report, format, format == POS_REPORT_CSV ? "sales" : NULL, path,
                           progress_cb, self->cancellable, exported_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     PosReportsPage  *self)
{
  PosReportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "pos-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        pos_reports_page_export_to (self, format, path);
    }
  g_clear_object (&self->chooser);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PosReportsPage *self = POS_REPORTS_PAGE (widget);
  gboolean pdf = g_str_equal (g_variant_get_string (parameter, NULL), "pdf");
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (pdf ? _("Export the Report as PDF") : _("Export the Sales as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("CSV spreadsheets"));
  gtk_file_filter_add_suffix (filter, pdf ? "pdf" : "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), pdf ? "report.pdf" : "sales.csv");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "pos-format", GINT_TO_POINTER (pdf ? POS_REPORT_PDF : POS_REPORT_CSV));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PosReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  end (self);
  if (!pos_report_print_finish (POS_CONTEXT (source), result, &error))
    toast_error (self, error);
  else
    toast (self, _("Report printed."));
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PosReportsPage *self = POS_REPORTS_PAGE (widget);

  if (self->report == NULL || self->context == NULL)
    return;
  begin (self);
  pos_report_print_async (self->context, self->report, self->cancellable, printed_cb, g_object_ref (self));
}

/* -- the object --------------------------------------------------------------- */

static void
pos_reports_page_dispose (GObject *object)
{
  PosReportsPage *self = POS_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->report, json_object_unref);
  g_clear_pointer (&self->export_path, g_free);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_REPORTS_PAGE);

  G_OBJECT_CLASS (pos_reports_page_parent_class)->dispose (object);
}

static void
pos_reports_page_class_init (PosReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_reports_page_dispose;

  g_type_ensure (POS_TYPE_HOUR_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, z_number);
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, totals_grid);
  gtk_widget_class_bind_template_child (widget_class, PosReportsPage, chart);
  gtk_widget_class_bind_template_callback (widget_class, to_activated_cb);

  gtk_widget_class_install_action (widget_class, "reports.shift", NULL, shift_activated);
  gtk_widget_class_install_action (widget_class, "reports.sales", NULL, sales_activated);
  gtk_widget_class_install_action (widget_class, "reports.z-close", NULL, z_close_activated);
  gtk_widget_class_install_action (widget_class, "reports.z-get", NULL, z_get_activated);
  gtk_widget_class_install_action (widget_class, "reports.export", "s", export_activated);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, print_activated);
}

static void
pos_reports_page_init (PosReportsPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

void
pos_reports_page_set_context (PosReportsPage *self,
                              PosContext     *context)
{
  g_return_if_fail (POS_IS_REPORTS_PAGE (self));
  g_return_if_fail (context == NULL || POS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  g_clear_pointer (&self->report, json_object_unref);
  gtk_stack_set_visible_child_name (self->stack, "none");
  if (context != NULL)
    {
      g_autoptr(GDateTime) now = pos_context_now (context);
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), today);
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), today);
    }
  update_actions (self);
}

JsonObject *
pos_reports_page_get_report (PosReportsPage *self)
{
  g_return_val_if_fail (POS_IS_REPORTS_PAGE (self), NULL);
  return self->report;
}

gboolean
pos_reports_page_is_busy (PosReportsPage *self)
{
  g_return_val_if_fail (POS_IS_REPORTS_PAGE (self), FALSE);
  return self->busy > 0;
}
