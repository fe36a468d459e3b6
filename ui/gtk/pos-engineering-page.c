/* pos-engineering-page.c: a supervisor issues engineering tokens and key
 * changes for one meter, or migrates a whole supply group, each meter's
 * tokens listed as it is moved and a progress bar for the whole.  Tokens
 * show in groups of four, key change tokens in the order they must be
 * entered.  Every use case runs in the background (pos-async.h). */
#include <glib/gi18n.h>

#include "pos-bidi.h"
#include "pos-engineering-page.h"
#include "pos-window-private.h"

struct _PosEngineeringPage
{
  AdwBin          parent_instance;

  GtkStack       *stack;
  AdwEntryRow    *meter_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *value_row;
  AdwComboRow    *to_group_row;
  AdwEntryRow    *ti_row;
  AdwComboRow    *from_group_row;
  AdwComboRow    *migrate_to_row;
  GtkLabel       *result_title;
  GtkLabel       *tokens_label;
  GtkProgressBar *progress_bar;
  GtkListBox     *migrated_list;

  PosContext     *context;
  PosRole         role;
  GCancellable   *cancellable;
  JsonArray      *groups;
  gboolean        meter_ok;
  guint           migrated;
  guint           busy;
};

G_DEFINE_FINAL_TYPE (PosEngineeringPage, pos_engineering_page, ADW_TYPE_BIN)

static const PosEngineeringKind kinds[] = {
  POS_ENGINEERING_CLEAR_TAMPER, POS_ENGINEERING_CLEAR_CREDIT, POS_ENGINEERING_SET_MPL, POS_ENGINEERING_SET_MPPUL,
  POS_ENGINEERING_TEST,
};

/* -- helpers ------------------------------------------------------------------ */

static void
toast_error (PosEngineeringPage *self,
             const GError       *error)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pos_window_show_error (window, error);
}

static void
update_actions (PosEngineeringPage *self)
{
  gboolean ready = self->context != NULL && self->role >= POS_ROLE_SUPERVISOR && self->busy == 0;
  gboolean groups = self->groups != NULL && json_array_get_length (self->groups) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "engineering.issue", ready && self->meter_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "engineering.key-change", ready && self->meter_ok && groups);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "engineering.migrate", ready && groups);
}

static void
begin (PosEngineeringPage *self)
{
  self->busy++;
  update_actions (self);
}

static void
end (PosEngineeringPage *self)
{
  g_assert (self->busy > 0);
  self->busy--;
  update_actions (self);
}

static char *
tokens_text (const PosTokenSet *set)
{
  GString *text = g_string_new (NULL);

  for (guint t = 0; t < set->n_tokens; t++)
    {
      g_autofree char *grouped = pos_ltr_token (set->tokens[t]);

      if (t > 0)
        g_string_append_c (text, '\n');
      if (set->n_tokens > 1)
        g_string_append_printf (text, "%u.  ", t + 1);
      g_string_append (text, grouped);
    }
  return g_string_free (text, FALSE);
}

static JsonObject *
chosen_group (PosEngineeringPage *self,
              AdwComboRow        *row)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->groups == NULL || i == GTK_INVALID_LIST_POSITION || i >= json_array_get_length (self->groups))
    return NULL;
  return json_array_get_object_element (self->groups, i);
}

static void
meter_changed_cb (PosEngineeringPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->meter_row));

  self->meter_ok = pos_meter_number_check (text, NULL);
  if (!self->meter_ok && text[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->meter_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->meter_row), "error");
  update_actions (self);
}

static void
kind_changed_cb (PosEngineeringPage *self)
{
  static const char *hints[] = { N_("No value"), N_("Register (65535: all)"), N_("Watts"), N_("Watts"),
                                 N_("Control field (0: test all)") };
  guint i = MIN (adw_combo_row_get_selected (self->kind_row), G_N_ELEMENTS (hints) - 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row), _(hints[i]));
  gtk_widget_set_sensitive (GTK_WIDGET (self->value_row), i != 0);
}

static void
show_tokens (PosEngineeringPage *self,
             const char         *title,
             const PosTokenSet  *set)
{
  g_autofree char *text = tokens_text (set);

  gtk_label_set_text (self->result_title, title);
  gtk_label_set_text (self->tokens_label, text);
}

/* -- single meter ------------------------------------------------------------------ */

static void
issued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PosEngineeringPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PosTokenSet set;
  gboolean key_change = g_task_get_source_tag (G_TASK (result)) == pos_key_change_async;
  gboolean ok = key_change ? pos_key_change_finish (POS_CONTEXT (source), result, &set, &error)
                           : pos_engineering_token_finish (POS_CONTEXT (source), result, &set, &error);

  end (self);
  if (!ok)
    {
      toast_error (self, error);
      return;
    }
  {
    g_autofree char *meter = pos_ltr (gtk_editable_get_text (GTK_EDITABLE (self->meter_row)));
    g_autofree char *title = key_change
      ? g_strdup_printf (_("Key change for meter %s, receipt %lld: enter these first, in order"), meter,
                         (long long) set.receipt_no)
      : g_strdup_printf (_("Engineering token for meter %s, receipt %lld"), meter, (long long) set.receipt_no);

    show_tokens (self, title, &set);
  }
  memset (&set, 0, sizeof set);
}

static void
issue_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PosEngineeringPage *self = POS_ENGINEERING_PAGE (widget);
  guint i = MIN (adw_combo_row_get_selected (self->kind_row), G_N_ELEMENTS (kinds) - 1);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->value_row))));
  guint64 value = 0;

  if (kinds[i] != POS_ENGINEERING_CLEAR_TAMPER && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      PosWindow *window = pos_window_from_widget (widget);

      if (window != NULL)
        pos_window_toast (window, _("Type the value as a whole number."));
      return;
    }
  begin (self);
  pos_engineering_token_async (self->context, gtk_editable_get_text (GTK_EDITABLE (self->meter_row)), kinds[i],
                               (gint64) value, self->cancellable, issued_cb, g_object_ref (self));
}

static void
key_change_response_cb (AdwMessageDialog   *dialog,
                        const char         *response,
                        PosEngineeringPage *self)
{
  JsonObject *group = chosen_group (self, self->to_group_row);
  guint64 ti = 1;

  if (!g_str_equal (response, "change") || group == NULL || self->context == NULL)
    return;
  g_ascii_string_to_unsigned (gtk_editable_get_text (GTK_EDITABLE (self->ti_row)), 10, 0, 99, &ti, NULL);
  begin (self);
  pos_key_change_async (self->context, gtk_editable_get_text (GTK_EDITABLE (self->meter_row)),
                        json_object_get_string_member (group, "sgc"), (int) json_object_get_int_member (group, "krn"),
                        (int) ti, self->cancellable, issued_cb, g_object_ref (self));
}

static AdwMessageDialog *
confirm (PosEngineeringPage *self,
         const char         *heading,
         const char         *body,
         const char         *response,
         const char         *label,
         const char         *name)
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
key_change_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PosEngineeringPage *self = POS_ENGINEERING_PAGE (widget);
  JsonObject *group = chosen_group (self, self->to_group_row);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (group == NULL)
    return;
  body = g_strdup_printf (_("Meter %s moves to supply group %s, key revision %lld. Its next tokens "
                            "use the new key: the key change tokens must be entered into the meter first."),
                          gtk_editable_get_text (GTK_EDITABLE (self->meter_row)),
                          json_object_get_string_member (group, "sgc"), (long long) json_object_get_int_member (group, "krn"));
  dialog = confirm (self, _("Change the Meter’s Key?"), body, "change", _("C_hange Key"), "pos-key-change-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (key_change_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- migration ---------------------------------------------------------------------- */

static void
meter_migrated_cb (const char        *pan,
                   const PosTokenSet *tokens,
                   guint              done,
                   guint              total,
                   gpointer           user_data)
{
  PosEngineeringPage *self = user_data;
  g_autofree char *text = tokens_text (tokens);
  g_autofree char *progress = g_strdup_printf (_("%u of %u meters"), done, total);
  GtkWidget *row = adw_action_row_new ();

  if (self->cancellable == NULL)
    return;   /* disposed meanwhile */
  self->migrated = done;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pan);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_list_box_append (self->migrated_list, row);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, progress);
}

static void
migrated_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PosEngineeringPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint moved = 0;
  gboolean ok = pos_key_change_group_finish (POS_CONTEXT (source), result, &moved, &error);
  g_autofree char *title = NULL;

  end (self);
  if (self->cancellable == NULL)
    return;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u meter moved: give each its tokens, in order",
                                        "%u meters moved: give each its tokens, in order", moved), moved);
  gtk_label_set_text (self->result_title, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  if (!ok)
    toast_error (self, error);
}

static void
migrate_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     PosEngineeringPage *self)
{
  JsonObject *from = chosen_group (self, self->from_group_row);
  JsonObject *to = chosen_group (self, self->migrate_to_row);
  GtkWidget *row;

  if (!g_str_equal (response, "migrate") || from == NULL || to == NULL || self->context == NULL)
    return;
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->migrated_list))) != NULL)
    gtk_list_box_remove (self->migrated_list, row);
  self->migrated = 0;
  gtk_label_set_text (self->tokens_label, "");
  gtk_label_set_text (self->result_title, _("Migrating…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->migrated_list), GTK_TYPE_SCROLLED_WINDOW), TRUE);
  begin (self);
  pos_key_change_group_async (self->context, json_object_get_string_member (from, "sgc"),
                              (int) json_object_get_int_member (from, "krn"), json_object_get_string_member (to, "sgc"),
                              (int) json_object_get_int_member (to, "krn"), meter_migrated_cb, NULL, migrated_cb,
                              g_object_ref (self));
}

static void
migrate_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PosEngineeringPage *self = POS_ENGINEERING_PAGE (widget);
  JsonObject *from = chosen_group (self, self->from_group_row);
  JsonObject *to = chosen_group (self, self->migrate_to_row);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (from == NULL || to == NULL)
    return;
  body = g_strdup_printf (_("Every active meter of %s moves to %s. Each gets key change tokens that must reach it "
                            "before its next purchase."),
                          json_object_get_string_member (from, "name"), json_object_get_string_member (to, "name"));
  dialog = confirm (self, _("Migrate the Supply Group?"), body, "migrate", _("_Migrate"), "pos-migrate-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (migrate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- the supply groups --------------------------------------------------------------- */

static void
groups_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PosEngineeringPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) groups = pos_admin_list_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  AdwComboRow *rows[3];

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  end (self);
  if (groups == NULL)
    {
      toast_error (self, error);
      return;
    }
  g_clear_pointer (&self->groups, json_array_unref);
  self->groups = g_steal_pointer (&groups);
  for (guint i = 0; i < json_array_get_length (self->groups); i++)
    {
      JsonObject *g = json_array_get_object_element (self->groups, i);
      g_autofree char *text = g_strdup_printf ("%s (%s, KRN %" G_GINT64_FORMAT ")", json_object_get_string_member (g, "name"),
                                               json_object_get_string_member (g, "sgc"),
                                               json_object_get_int_member (g, "krn"));

      gtk_string_list_append (names, text);
    }
  rows[0] = self->to_group_row;
  rows[1] = self->from_group_row;
  rows[2] = self->migrate_to_row;
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    adw_combo_row_set_model (rows[i], G_LIST_MODEL (names));
  if (json_array_get_length (self->groups) > 1)
    adw_combo_row_set_selected (self->migrate_to_row, 1);
  update_actions (self);
}

void
pos_engineering_page_refresh (PosEngineeringPage *self)
{
  g_return_if_fail (POS_IS_ENGINEERING_PAGE (self));

  if (self->context == NULL || self->role < POS_ROLE_SUPERVISOR)
    return;
  begin (self);
  pos_admin_list_async (self->context, POS_ADMIN_SUPPLY_GROUPS, self->cancellable, groups_listed_cb,
                        g_object_ref (self));
}

/* -- the object ---------------------------------------------------------------------- */

static void
pos_engineering_page_dispose (GObject *object)
{
  PosEngineeringPage *self = POS_ENGINEERING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->groups, json_array_unref);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_ENGINEERING_PAGE);

  G_OBJECT_CLASS (pos_engineering_page_parent_class)->dispose (object);
}

static void
pos_engineering_page_class_init (PosEngineeringPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_engineering_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-engineering-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, meter_row);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, value_row);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, to_group_row);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, ti_row);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, from_group_row);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, migrate_to_row);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, result_title);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, tokens_label);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PosEngineeringPage, migrated_list);
  gtk_widget_class_bind_template_callback (widget_class, meter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "engineering.issue", NULL, issue_activated);
  gtk_widget_class_install_action (widget_class, "engineering.key-change", NULL, key_change_activated);
  gtk_widget_class_install_action (widget_class, "engineering.migrate", NULL, migrate_activated);
}

static void
pos_engineering_page_init (PosEngineeringPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the list of migrated meters shows once there is a migration */
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->migrated_list), GTK_TYPE_SCROLLED_WINDOW), FALSE);
  kind_changed_cb (self);
  update_actions (self);
}

void
pos_engineering_page_set_context (PosEngineeringPage *self,
                                  PosContext         *context,
                                  PosRole             role)
{
  g_return_if_fail (POS_IS_ENGINEERING_PAGE (self));
  g_return_if_fail (context == NULL || POS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  self->role = context != NULL ? role : POS_ROLE_NONE;
  gtk_editable_set_text (GTK_EDITABLE (self->meter_row), "");
  gtk_label_set_text (self->tokens_label, "");
  gtk_stack_set_visible_child_name (self->stack, self->role >= POS_ROLE_SUPERVISOR ? "tokens" : "denied");
  update_actions (self);
}

gboolean
pos_engineering_page_is_busy (PosEngineeringPage *self)
{
  g_return_val_if_fail (POS_IS_ENGINEERING_PAGE (self), FALSE);
  return self->busy > 0;
}

guint
pos_engineering_page_get_migrated (PosEngineeringPage *self)
{
  g_return_val_if_fail (POS_IS_ENGINEERING_PAGE (self), 0);
  return self->migrated;
}
