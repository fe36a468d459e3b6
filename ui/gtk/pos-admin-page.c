/* pos-admin-page.c: the administrator's page, an AdwPreferencesPage whose
 * lists are loaded in the background and changed through
 * pos_admin_op_async; destructive steps (a restore) confirmed first.
 * Vending keys are listed by name only and imported from a password
 * entry, never shown. */
#include <string.h>

#include <glib/gi18n.h>

#include "pos-bidi.h"
#include "pos-admin-page.h"
#include "pos-window-private.h"

#define MINOR_DIGITS 2

struct _PosAdminPage
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  AdwPreferencesGroup *users_group;
  AdwPreferencesGroup *points_group;
  AdwPreferencesGroup *tariffs_group;
  AdwPreferencesGroup *keys_group;
  AdwPreferencesGroup *printers_group;
  AdwComboRow         *receipt_printer_row;
  AdwComboRow         *receipt_format_row;
  AdwComboRow         *report_printer_row;
  AdwEntryRow         *utility_name_row;
  AdwEntryRow         *utility_address_row;
  AdwEntryRow         *utility_tax_row;
  AdwEntryRow         *min_vend_row;
  AdwEntryRow         *max_vend_row;
  AdwEntryRow         *key_name_row;
  AdwComboRow         *key_dkga_row;
  AdwPasswordEntryRow *key_hex_row;

  PosContext          *context;
  PosRole              role;
  GCancellable        *cancellable;
  GtkNativeDialog     *chooser;
  GPtrArray           *rows[4];       /* the rows added to each list group */
  JsonArray           *printers;
  JsonObject          *settings;
  gboolean             filling;       /* the printer rows are being set, not chosen */
  guint                busy;
};

G_DEFINE_FINAL_TYPE (PosAdminPage, pos_admin_page, ADW_TYPE_BIN)

enum { ROWS_USERS, ROWS_POINTS, ROWS_TARIFFS, ROWS_KEYS };

typedef void (*DoneFunc) (PosAdminPage *self,
                          JsonNode     *result);

/* -- helpers ------------------------------------------------------------------ */

static void
toast_error (PosAdminPage *self,
             const GError *error)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pos_window_show_error (window, error);
}

static void
toast (PosAdminPage *self,
       const char   *text)
{
  PosWindow *window = pos_window_from_widget (GTK_WIDGET (self));

  if (window != NULL)
    pos_window_toast (window, text);
}

static GtkWindow *
parent_window (PosAdminPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
update_actions (PosAdminPage *self)
{
  gboolean ready = self->context != NULL && self->role == POS_ROLE_ADMIN && self->busy == 0;
  const char *actions[] = { "admin.add-user", "admin.save-utility", "admin.import-key", "admin.backup",
                            "admin.restore", "admin.add-point", "admin.add-tariff", "admin.add-group" };

  for (gsize i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], ready);
}

static const char *
role_title (const char *role)
{
  if (g_strcmp0 (role, "admin") == 0)
    return _("Administrator");
  if (g_strcmp0 (role, "supervisor") == 0)
    return _("Supervisor");
  return _("Cashier");
}

static void
clear_rows (PosAdminPage *self,
            guint         which,
            AdwPreferencesGroup *group)
{
  for (guint i = 0; i < self->rows[which]->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (self->rows[which], i));
  g_ptr_array_set_size (self->rows[which], 0);
}

static GtkWidget *
add_row (PosAdminPage        *self,
         guint                which,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows[which], row);
  return row;
}

/* -- running the operations ---------------------------------------------------- */

static void printers_listed (PosAdminPage *self,
                             JsonNode     *result);

typedef struct
{
  PosAdminPage *self;
  DoneFunc      done;
  char         *success;     /* a toast once done, or NULL */
} Call;

static void
op_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(PosAdminPage) self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pos_admin_op_finish (POS_CONTEXT (source), result, &error);

  self->busy--;
  update_actions (self);
  if (self->cancellable == NULL)
    ;   /* disposed meanwhile: nothing left to show it on */
  else if (node == NULL && call->done == printers_listed)
    {
      /* no print service is a state of this machine, said where the
       * printers are chosen, not an error to interrupt with */
      g_autofree char *text = pos_window_sentence (error->message);
      g_autoptr(JsonNode) none = json_node_new (JSON_NODE_ARRAY);

      json_node_take_array (none, json_array_new ());
      adw_preferences_group_set_description (self->printers_group, text);
      printers_listed (self, none);
    }
  else if (node == NULL)
    toast_error (self, error);
  else
    {
      if (call->success != NULL)
        toast (self, call->success);
      if (call->done != NULL)
        call->done (self, node);
    }
  g_free (call->success);
  g_free (call);
}

static void
run_op (PosAdminPage *self,
        PosAdminOp    op,
        const char   *s0,
        const char   *s1,
        const char   *s2,
        gint64        n1,
        gint64        n2,
        DoneFunc      done,
        const char   *success)
{
  Call *call;

  if (self->context == NULL)
    return;
  call = g_new0 (Call, 1);
  call->self = g_object_ref (self);
  call->done = done;
  call->success = g_strdup (success);
  self->busy++;
  update_actions (self);
  pos_admin_op_async (self->context, op, s0, s1, s2, n1, n2, self->cancellable, op_done_cb, call);
}

typedef struct
{
  PosAdminPage *self;
  PosAdminList  what;
} ListCall;

static void show_list (PosAdminPage *self, PosAdminList what, JsonArray *rows);

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ListCall *call = user_data;
  g_autoptr(PosAdminPage) self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = pos_admin_list_finish (POS_CONTEXT (source), result, &error);
  PosAdminList what = call->what;

  g_free (call);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  update_actions (self);
  if (rows == NULL)
    {
      toast_error (self, error);
      return;
    }
  show_list (self, what, rows);
}

static void
list (PosAdminPage *self,
      PosAdminList  what)
{
  ListCall *call = g_new0 (ListCall, 1);

  call->self = g_object_ref (self);
  call->what = what;
  self->busy++;
  update_actions (self);
  pos_admin_list_async (self->context, what, self->cancellable, listed_cb, call);
}

/* -- users ---------------------------------------------------------------------- */

static void
refresh_users (PosAdminPage *self,
               JsonNode     *result)
{
  list (self, POS_ADMIN_USERS);
}

static void
role_chosen_cb (GtkDropDown  *drop_down,
                GParamSpec   *pspec,
                PosAdminPage *self)
{
  static const PosRole roles[] = { POS_ROLE_CASHIER, POS_ROLE_SUPERVISOR, POS_ROLE_ADMIN };
  guint i = gtk_drop_down_get_selected (drop_down);

  if (i >= G_N_ELEMENTS (roles))
    return;
  run_op (self, POS_ADMIN_OP_UPDATE_USER, g_object_get_data (G_OBJECT (drop_down), "pos-user"), NULL, NULL, roles[i],
          -1, refresh_users, _("Role changed."));
}

static gboolean
active_set_cb (GtkSwitch    *toggle,
               gboolean      state,
               PosAdminPage *self)
{
  run_op (self, POS_ADMIN_OP_UPDATE_USER, g_object_get_data (G_OBJECT (toggle), "pos-user"), NULL, NULL,
          POS_ROLE_NONE, state ? 1 : 0, refresh_users, state ? _("User enabled.") : _("User disabled."));
  return FALSE;
}

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      PosAdminPage     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "set"))
    run_op (self, POS_ADMIN_OP_UPDATE_USER, g_object_get_data (G_OBJECT (dialog), "pos-user"), NULL,
            gtk_editable_get_text (entry), POS_ROLE_NONE, -1, NULL, _("Password changed."));
  gtk_editable_set_text (entry, "");
}

static void
password_changed_cb (GtkEditable      *entry,
                     AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "set", strlen (gtk_editable_get_text (entry)) >= 8);
}

static void
reset_password_clicked_cb (GtkButton    *button,
                           PosAdminPage *self)
{
  const char *user = g_object_get_data (G_OBJECT (button), "pos-user");
  g_autofree char *heading = g_strdup_printf (_("New Password for %s"), user);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading,
                                                                         _("At least 8 characters. Tell it to the user "
                                                                           "in person.")));
  GtkWidget *entry = gtk_password_entry_new ();

  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "set", _("_Set Password"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "set", FALSE);
  adw_message_dialog_set_default_response (dialog, "set");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "pos-user", g_strdup (user), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (password_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_users (PosAdminPage *self,
            JsonArray    *rows)
{
  const char *roles[] = { _("Cashier"), _("Supervisor"), _("Administrator"), NULL };

  clear_rows (self, ROWS_USERS, self->users_group);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *u = json_array_get_object_element (rows, i);
      const char *name = json_object_get_string_member (u, "name");
      const char *full = json_object_get_string_member_with_default (u, "full_name", "");
      const char *role = json_object_get_string_member (u, "role");
      gboolean active = json_object_get_boolean_member (u, "active");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s%s", name, role_title (role),
                                                   json_object_get_boolean_member (u, "locked")
                                                     ? _(" · locked out") : "");
      GtkWidget *row = add_row (self, ROWS_USERS, self->users_group, full[0] != '\0' ? full : name, subtitle);
      GtkWidget *drop_down = gtk_drop_down_new_from_strings (roles);
      GtkWidget *toggle = gtk_switch_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("dialog-password-symbolic");

      gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down),
                                  g_strcmp0 (role, "admin") == 0 ? 2 : g_strcmp0 (role, "supervisor") == 0 ? 1 : 0);
      gtk_widget_set_tooltip_text (drop_down, _("Role"));
      g_object_set_data_full (G_OBJECT (drop_down), "pos-user", g_strdup (name), g_free);
      g_signal_connect_object (drop_down, "notify::selected", G_CALLBACK (role_chosen_cb), self, 0);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), active);
      gtk_widget_set_tooltip_text (toggle, _("May log in"));
      g_object_set_data_full (G_OBJECT (toggle), "pos-user", g_strdup (name), g_free);
      g_signal_connect_object (toggle, "state-set", G_CALLBACK (active_set_cb), self, 0);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Reset the password"));
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "pos-user", g_strdup (name), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (reset_password_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_widget_set_name (row, name);
    }
}

static void
add_user_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      PosAdminPage     *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkEditable *user = GTK_EDITABLE (gtk_widget_get_first_child (box));
  GtkEditable *full = GTK_EDITABLE (gtk_widget_get_next_sibling (GTK_WIDGET (user)));
  GtkEditable *password = GTK_EDITABLE (gtk_widget_get_next_sibling (GTK_WIDGET (full)));
  GtkDropDown *role = GTK_DROP_DOWN (gtk_widget_get_next_sibling (GTK_WIDGET (password)));
  static const PosRole roles[] = { POS_ROLE_CASHIER, POS_ROLE_SUPERVISOR, POS_ROLE_ADMIN };
  guint r = MIN (gtk_drop_down_get_selected (role), G_N_ELEMENTS (roles) - 1);

  if (g_str_equal (response, "add"))
    run_op (self, POS_ADMIN_OP_ADD_USER, gtk_editable_get_text (user), gtk_editable_get_text (full),
            gtk_editable_get_text (password), roles[r], 0, refresh_users, _("User added."));
  gtk_editable_set_text (password, "");
}

static void
add_user_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PosAdminPage *self = POS_ADMIN_PAGE (widget);
  const char *roles[] = { _("Cashier"), _("Supervisor"), _("Administrator"), NULL };
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("Add a User"),
                                                                         _("The password has at least 8 characters.")));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *user = gtk_entry_new ();
  GtkWidget *full = gtk_entry_new ();
  GtkWidget *password = gtk_password_entry_new ();
  GtkWidget *role = gtk_drop_down_new_from_strings (roles);

  gtk_entry_set_placeholder_text (GTK_ENTRY (user), _("User name"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (full), _("Full name"));
  g_object_set (password, "placeholder-text", _("Password"), "show-peek-icon", TRUE, NULL);
  gtk_box_append (GTK_BOX (box), user);
  gtk_box_append (GTK_BOX (box), full);
  gtk_box_append (GTK_BOX (box), password);
  gtk_box_append (GTK_BOX (box), role);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add User"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_widget_set_name (GTK_WIDGET (dialog), "pos-add-user-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_user_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- vending points ------------------------------------------------------------- */

static void
refresh_points (PosAdminPage *self,
                JsonNode     *result)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (result) ? json_node_get_object (result) : NULL;

  if (o != NULL && json_object_has_member (o, "reconciled"))
    {
      g_autofree char *amount = pos_money_format (json_object_get_int_member (o, "reconciled"), MINOR_DIGITS);
      g_autofree char *text = g_strdup_printf (_("Reconciled: %s counted in."), amount);

      toast (self, text);
    }
  list (self, POS_ADMIN_VENDING_POINTS);
}

static void
reconcile_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PosAdminPage     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gint64 ceiling = -1;

  if (!g_str_equal (response, "reconcile"))
    return;
  if (text[0] != '\0' && !pos_money_parse (text, MINOR_DIGITS, &ceiling, NULL))
    {
      toast (self, _("Type the credit ceiling as an amount, like 50000, or 0 for none."));
      return;
    }
  run_op (self, POS_ADMIN_OP_RECONCILE, g_object_get_data (G_OBJECT (dialog), "pos-point"), NULL, NULL, ceiling, 0,
          refresh_points, NULL);
}

static void
reconcile_clicked_cb (GtkButton    *button,
                      PosAdminPage *self)
{
  const char *point = g_object_get_data (G_OBJECT (button), "pos-point");
  g_autofree char *heading = g_strdup_printf (_("Reconcile %s?"), point);
  g_autofree char *ceiling = pos_money_format (GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "pos-ceiling")),
                                               MINOR_DIGITS);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    parent_window (self), heading, _("Its takings are counted in: the credit it used starts again from zero. "
                                     "The credit ceiling can change too (0: none).")));
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), ceiling);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reconcile", _("_Reconcile"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reconcile", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "reconcile");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_widget_set_name (GTK_WIDGET (dialog), "pos-reconcile-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "pos-point", g_strdup (point), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reconcile_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_points (PosAdminPage *self,
             JsonArray    *rows)
{
  clear_rows (self, ROWS_POINTS, self->points_group);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *p = json_array_get_object_element (rows, i);
      gint64 ceiling = json_object_get_int_member (p, "credit_ceiling");
      g_autofree char *used = pos_money_format (json_object_get_int_member (p, "credit_used"), MINOR_DIGITS);
      g_autofree char *limit = pos_money_format (ceiling, MINOR_DIGITS);
      g_autofree char *subtitle = ceiling > 0 ? g_strdup_printf (_("Credit used %s of %s"), used, limit)
                                              : g_strdup_printf (_("Credit used %s, no ceiling"), used);
      GtkWidget *row = add_row (self, ROWS_POINTS, self->points_group, json_object_get_string_member (p, "name"),
                                subtitle);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Re_concile…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "pos-point", g_strdup (json_object_get_string_member (p, "name")),
                              g_free);
      g_object_set_data (G_OBJECT (button), "pos-ceiling", GSIZE_TO_POINTER (MAX (ceiling, 0)));
      g_signal_connect_object (button, "clicked", G_CALLBACK (reconcile_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
}

/* -- tariffs, supply groups, keys ----------------------------------------------- */

static void
show_tariffs (PosAdminPage *self,
              JsonArray    *rows)
{
  clear_rows (self, ROWS_TARIFFS, self->tariffs_group);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *t = json_array_get_object_element (rows, i);
      g_autofree char *fixed = pos_money_format (json_object_get_int_member (t, "fixed_monthly"), MINOR_DIGITS);
      JsonArray *blocks = json_object_get_array_member (t, "blocks");
      gint64 vat = json_object_get_int_member (t, "vat_rate_bp");
      g_autofree char *subtitle = g_strdup_printf (_("VAT %lld.%02lld%%, fixed %s a month, %u price steps"),
                                                   (long long) (vat / 100), (long long) (vat % 100), fixed,
                                                   blocks != NULL ? json_array_get_length (blocks) : 0);

      add_row (self, ROWS_TARIFFS, self->tariffs_group, json_object_get_string_member (t, "name"), subtitle);
    }
}

static void
show_keys (PosAdminPage *self,
           PosAdminList  what,
           JsonArray    *rows)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      g_autofree char *subtitle = NULL;

      if (what == POS_ADMIN_SUPPLY_GROUPS)
        subtitle = g_strdup_printf (_("Supply group %s, key revision %lld, vending key %s"),
                                    json_object_get_string_member (o, "sgc"), (long long) json_object_get_int_member (o, "krn"),
                                    json_object_get_string_member (o, "vending_key"));
      else
        subtitle = g_strdup_printf (_("Vending key, DKGA%02lld"), (long long) json_object_get_int_member (o, "dkga"));
      add_row (self, ROWS_KEYS, self->keys_group, json_object_get_string_member (o, "name"), subtitle);
    }
}

static void
refresh_keys (PosAdminPage *self,
              JsonNode     *result)
{
  clear_rows (self, ROWS_KEYS, self->keys_group);
  list (self, POS_ADMIN_SUPPLY_GROUPS);
  list (self, POS_ADMIN_VENDING_KEYS);
  gtk_editable_set_text (GTK_EDITABLE (self->key_hex_row), "");
}

static void
import_key_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PosAdminPage *self = POS_ADMIN_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_name_row))));

  if (name[0] == '\0')
    {
      toast (self, _("Give the key a name."));
      return;
    }
  run_op (self, POS_ADMIN_OP_IMPORT_KEY, name, gtk_editable_get_text (GTK_EDITABLE (self->key_hex_row)), NULL,
          adw_combo_row_get_selected (self->key_dkga_row) == 1 ? 4 : 2, 0, refresh_keys, _("Vending key imported."));
  /* the key leaves the screen at once, whatever the answer */
  gtk_editable_set_text (GTK_EDITABLE (self->key_hex_row), "");
}

static void
show_list (PosAdminPage *self,
           PosAdminList  what,
           JsonArray    *rows)
{
  switch (what)
    {
    case POS_ADMIN_USERS:
      show_users (self, rows);
      break;
    case POS_ADMIN_VENDING_POINTS:
      show_points (self, rows);
      break;
    case POS_ADMIN_TARIFFS:
      show_tariffs (self, rows);
      break;
    case POS_ADMIN_SUPPLY_GROUPS:
    case POS_ADMIN_VENDING_KEYS:
      show_keys (self, what, rows);
      break;
    default:
      break;
    }
}


/* -- adding points, tariffs and supply groups ------------------------------------ */

/* A dialog of plain entries, one per @fields (placeholder text), with
 * Cancel and Add; @response gets the dialog. */
static AdwMessageDialog *
form_new (PosAdminPage       *self,
          const char         *heading,
          const char         *body,
          const char * const *fields,
          const char         *name,
          GCallback           response)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  for (gsize i = 0; fields[i] != NULL; i++)
    {
      GtkWidget *entry = gtk_entry_new ();

      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), fields[i]);
      gtk_widget_set_tooltip_text (entry, fields[i]);
      gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
      gtk_box_append (GTK_BOX (box), entry);
    }
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_widget_set_name (GTK_WIDGET (dialog), name);
  g_signal_connect_object (dialog, "response", response, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* The stripped text of the form's entry @index; a new string. */
static char *
form_text (AdwMessageDialog *dialog,
           guint             index)
{
  GtkWidget *entry = gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog));

  for (guint i = 0; i < index && entry != NULL; i++)
    entry = gtk_widget_get_next_sibling (entry);
  return g_strstrip (g_strdup (entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (entry)) : ""));
}

static void
refresh_all (PosAdminPage *self,
             JsonNode     *result)
{
  pos_admin_page_refresh (self);
}

static void
add_point_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PosAdminPage     *self)
{
  g_autofree char *name = form_text (dialog, 0);
  g_autofree char *ceiling_text = form_text (dialog, 1);
  gint64 ceiling = 0;

  if (!g_str_equal (response, "add"))
    return;
  if (name[0] == '\0' || (ceiling_text[0] != '\0' && !pos_money_parse (ceiling_text, MINOR_DIGITS, &ceiling, NULL)))
    {
      toast (self, _("Give the point a name and its credit ceiling as an amount (0: none)."));
      return;
    }
  run_op (self, POS_ADMIN_OP_ADD_POINT, name, NULL, NULL, ceiling, 0, refresh_points, _("Vending point added."));
}

static void
add_point_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *fields[] = { _("Name"), _("Credit ceiling (0: none)"), NULL };

  form_new (POS_ADMIN_PAGE (widget), _("Add a Vending Point"), NULL, fields, "pos-add-point-dialog",
            G_CALLBACK (add_point_response_cb));
}

static void
add_tariff_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        PosAdminPage     *self)
{
  g_autofree char *name = form_text (dialog, 0);
  g_autofree char *vat_text = form_text (dialog, 1);
  g_autofree char *price_text = form_text (dialog, 2);
  gint64 vat = 0, price = 0;

  if (!g_str_equal (response, "add"))
    return;
  /* VAT in percent with two decimals: basis points; the price per kWh in
   * money with three decimals: thousandths of a minor unit */
  if (name[0] == '\0' || !pos_money_parse (vat_text, 2, &vat, NULL) || !pos_money_parse (price_text, 3, &price, NULL)
      || price <= 0)
    {
      toast (self, _("Give the tariff a name, its VAT in percent (like 15) and its price per kWh (like 2.50)."));
      return;
    }
  run_op (self, POS_ADMIN_OP_ADD_TARIFF, name, NULL, NULL, vat, price * 100, refresh_all, _("Tariff added."));
}

static void
add_tariff_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *fields[] = { _("Name"), _("VAT in percent"), _("Price per kWh"), NULL };

  form_new (POS_ADMIN_PAGE (widget), _("Add a Tariff"),
            _("One price for every kWh, VAT included and no fixed charge. Block tariffs: stsvend-cli."), fields,
            "pos-add-tariff-dialog", G_CALLBACK (add_tariff_response_cb));
}

static void
add_group_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PosAdminPage     *self)
{
  g_autofree char *name = form_text (dialog, 0);
  g_autofree char *sgc = form_text (dialog, 1);
  g_autofree char *krn_text = form_text (dialog, 2);
  g_autofree char *key = form_text (dialog, 3);
  guint64 krn = 0;

  if (!g_str_equal (response, "add"))
    return;
  if (name[0] == '\0' || strlen (sgc) != 6 || !g_ascii_string_to_unsigned (krn_text, 10, 1, 9, &krn, NULL)
      || key[0] == '\0')
    {
      toast (self, _("Give the group a name, its 6-digit code, a key revision from 1 to 9 and the vending key’s name."));
      return;
    }
  run_op (self, POS_ADMIN_OP_ADD_GROUP, name, sgc, key, (gint64) krn, 2014, refresh_keys, _("Supply group added."));
}

static void
add_group_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *fields[] = { _("Name"), _("Supply group code (6 digits)"), _("Key revision"), _("Vending key name"),
                           NULL };

  form_new (POS_ADMIN_PAGE (widget), _("Add a Supply Group"),
            _("Key type 2, base date 2014, EA07, never expiring."), fields, "pos-add-group-dialog",
            G_CALLBACK (add_group_response_cb));
}

/* -- printers and the utility ----------------------------------------------------- */

static guint
printer_index (PosAdminPage *self,
               const char   *name)
{
  for (guint i = 0; name != NULL && self->printers != NULL && i < json_array_get_length (self->printers); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (self->printers, i), "name"), name) == 0)
      return i + 1;
  return 0;
}

static void
fill_printers (PosAdminPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *receipt = NULL, *report = NULL, *format = NULL;
  GListModel *formats = adw_combo_row_get_model (self->receipt_format_row);

  if (self->printers == NULL || self->settings == NULL)
    return;
  self->filling = TRUE;
  gtk_string_list_append (names, _("None"));
  for (guint i = 0; i < json_array_get_length (self->printers); i++)
    gtk_string_list_append (names, json_object_get_string_member (json_array_get_object_element (self->printers, i),
                                                                  "name"));
  adw_combo_row_set_model (self->receipt_printer_row, G_LIST_MODEL (names));
  adw_combo_row_set_model (self->report_printer_row, G_LIST_MODEL (names));
  receipt = json_object_get_string_member_with_default (self->settings, "receipt-printer", NULL);
  report = json_object_get_string_member_with_default (self->settings, "report-printer", NULL);
  format = json_object_get_string_member_with_default (self->settings, "receipt-format", "escpos-80");
  adw_combo_row_set_selected (self->receipt_printer_row, printer_index (self, receipt));
  adw_combo_row_set_selected (self->report_printer_row, printer_index (self, report));
  for (guint i = 0; i < g_list_model_get_n_items (formats); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (formats), i), format) == 0)
      adw_combo_row_set_selected (self->receipt_format_row, i);
  self->filling = FALSE;
}

static void
printers_listed (PosAdminPage *self,
                 JsonNode     *result)
{
  g_clear_pointer (&self->printers, json_array_unref);
  if (JSON_NODE_HOLDS_ARRAY (result))
    self->printers = json_array_ref (json_node_get_array (result));
  if (self->printers != NULL && json_array_get_length (self->printers) > 0)
    adw_preferences_group_set_description (self->printers_group, _("This machine’s printers."));
  fill_printers (self);
}

static void
settings_read (PosAdminPage *self,
               JsonNode     *result)
{
  g_clear_pointer (&self->settings, json_object_unref);
  if (JSON_NODE_HOLDS_OBJECT (result))
    self->settings = json_object_ref (json_node_get_object (result));
  fill_printers (self);
}

static void
printer_chosen_cb (AdwComboRow  *row,
                   GParamSpec   *pspec,
                   PosAdminPage *self)
{
  guint i = adw_combo_row_get_selected (row);
  const char *key;
  const char *value;

  if (self->filling || i == GTK_INVALID_LIST_POSITION)
    return;
  if (row == self->receipt_format_row)
    {
      key = POS_SETTING_RECEIPT_FORMAT;
      value = gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)), i);
    }
  else
    {
      key = row == self->receipt_printer_row ? POS_SETTING_RECEIPT_PRINTER : POS_SETTING_REPORT_PRINTER;
      value = i == 0 || self->printers == NULL
                ? "" : json_object_get_string_member (json_array_get_object_element (self->printers, i - 1), "name");
    }
  run_op (self, POS_ADMIN_OP_SET_SETTING, key, value, NULL, 0, 0, NULL, _("Printer settings saved."));
}

static void
utility_read (PosAdminPage *self,
              JsonNode     *result)
{
  JsonObject *u = JSON_NODE_HOLDS_OBJECT (result) ? json_node_get_object (result) : NULL;
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;

  if (u == NULL)
    return;
  min = pos_money_format (json_object_get_int_member (u, "min_vend"), MINOR_DIGITS);
  max = pos_money_format (json_object_get_int_member (u, "max_vend"), MINOR_DIGITS);
  gtk_editable_set_text (GTK_EDITABLE (self->utility_name_row), json_object_get_string_member (u, "name"));
  gtk_editable_set_text (GTK_EDITABLE (self->utility_address_row),
                         json_object_get_string_member_with_default (u, "address", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->utility_tax_row),
                         json_object_get_string_member_with_default (u, "tax_number", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->min_vend_row), min);
  gtk_editable_set_text (GTK_EDITABLE (self->max_vend_row), max);
}

static void
save_utility_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PosAdminPage *self = POS_ADMIN_PAGE (widget);
  g_autofree char *min_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->min_vend_row))));
  g_autofree char *max_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->max_vend_row))));
  gint64 min = 0, max = 0;

  if (!pos_money_parse (min_text, MINOR_DIGITS, &min, NULL) || !pos_money_parse (max_text, MINOR_DIGITS, &max, NULL))
    {
      toast (self, _("Type the sale limits as amounts, like 10 or 5000.00."));
      return;
    }
  run_op (self, POS_ADMIN_OP_SET_UTILITY, gtk_editable_get_text (GTK_EDITABLE (self->utility_name_row)),
          gtk_editable_get_text (GTK_EDITABLE (self->utility_address_row)),
          gtk_editable_get_text (GTK_EDITABLE (self->utility_tax_row)), min, max, NULL,
          _("The utility’s details are saved."));
}

/* -- backup and restore ----------------------------------------------------------- */

void
pos_admin_page_backup_to (PosAdminPage *self,
                          const char   *path)
{
  g_return_if_fail (POS_IS_ADMIN_PAGE (self));
  run_op (self, POS_ADMIN_OP_BACKUP, path, NULL, NULL, 0, 0, NULL, _("Backup written."));
}

static void
restored (PosAdminPage *self,
          JsonNode     *result)
{
  /* the restored file has its own users: everyone logs in again */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.log-out", NULL);
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PosAdminPage     *self)
{
  if (g_str_equal (response, "restore"))
    run_op (self, POS_ADMIN_OP_RESTORE, g_object_get_data (G_OBJECT (dialog), "pos-path"), NULL, NULL, 0, 0, restored,
            _("Backup restored. Log in again."));
}

void
pos_admin_page_restore_from (PosAdminPage *self,
                             const char   *path)
{
  g_autofree char *base = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_if_fail (POS_IS_ADMIN_PAGE (self));

  {
    g_autofree char *name = g_path_get_basename (path);

    base = pos_ltr (name);
  }
  body = g_strdup_printf (_("Every record is replaced by the backup %s: sales made since it was taken are lost. "
                            "Everyone then logs in again."), base);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("Restore the Backup?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_widget_set_name (GTK_WIDGET (dialog), "pos-restore-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "pos-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     PosAdminPage    *self)
{
  gboolean backup = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "pos-backup"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL && backup)
        pos_admin_page_backup_to (self, path);
      else if (path != NULL)
        pos_admin_page_restore_from (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
file_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PosAdminPage *self = POS_ADMIN_PAGE (widget);
  gboolean backup = g_str_equal (action_name, "admin.backup");
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (backup ? _("Back Up the Database") : _("Restore a Backup"),
                                         parent_window (self),
                                         backup ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         backup ? _("_Back Up") : _("_Open"), _("_Cancel"));
  if (backup)
    {
      g_autofree char *name = g_strdup_printf ("stsvend-backup.db");

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "pos-backup", GINT_TO_POINTER (backup));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* -- the object ----------------------------------------------------------------- */

static void
pos_admin_page_dispose (GObject *object)
{
  PosAdminPage *self = POS_ADMIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  for (gsize i = 0; i < G_N_ELEMENTS (self->rows); i++)
    g_clear_pointer (&self->rows[i], g_ptr_array_unref);
  g_clear_pointer (&self->printers, json_array_unref);
  g_clear_pointer (&self->settings, json_object_unref);
  g_clear_object (&self->context);
  /* the stack is both the bin's child and a template child: let the bin
   * let go of it first, or both would unparent it */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_ADMIN_PAGE);

  G_OBJECT_CLASS (pos_admin_page_parent_class)->dispose (object);
}

static void
pos_admin_page_class_init (PosAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_admin_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, users_group);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, points_group);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, tariffs_group);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, keys_group);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, printers_group);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, receipt_printer_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, receipt_format_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, report_printer_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, utility_name_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, utility_address_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, utility_tax_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, min_vend_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, max_vend_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, key_name_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, key_dkga_row);
  gtk_widget_class_bind_template_child (widget_class, PosAdminPage, key_hex_row);

  gtk_widget_class_install_action (widget_class, "admin.add-user", NULL, add_user_activated);
  gtk_widget_class_install_action (widget_class, "admin.save-utility", NULL, save_utility_activated);
  gtk_widget_class_install_action (widget_class, "admin.add-point", NULL, add_point_activated);
  gtk_widget_class_install_action (widget_class, "admin.add-tariff", NULL, add_tariff_activated);
  gtk_widget_class_install_action (widget_class, "admin.add-group", NULL, add_group_activated);
  gtk_widget_class_install_action (widget_class, "admin.import-key", NULL, import_key_activated);
  gtk_widget_class_install_action (widget_class, "admin.backup", NULL, file_activated);
  gtk_widget_class_install_action (widget_class, "admin.restore", NULL, file_activated);
}

static void
pos_admin_page_init (PosAdminPage *self)
{
  self->cancellable = g_cancellable_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (self->rows); i++)
    self->rows[i] = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->receipt_printer_row, "notify::selected", G_CALLBACK (printer_chosen_cb), self, 0);
  g_signal_connect_object (self->report_printer_row, "notify::selected", G_CALLBACK (printer_chosen_cb), self, 0);
  g_signal_connect_object (self->receipt_format_row, "notify::selected", G_CALLBACK (printer_chosen_cb), self, 0);
  update_actions (self);
}

void
pos_admin_page_set_context (PosAdminPage *self,
                            PosContext   *context,
                            PosRole       role)
{
  g_return_if_fail (POS_IS_ADMIN_PAGE (self));
  g_return_if_fail (context == NULL || POS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  self->role = context != NULL ? role : POS_ROLE_NONE;
  clear_rows (self, ROWS_USERS, self->users_group);
  clear_rows (self, ROWS_POINTS, self->points_group);
  clear_rows (self, ROWS_TARIFFS, self->tariffs_group);
  clear_rows (self, ROWS_KEYS, self->keys_group);
  gtk_editable_set_text (GTK_EDITABLE (self->key_hex_row), "");
  gtk_stack_set_visible_child_name (self->stack, self->role == POS_ROLE_ADMIN ? "admin" : "denied");
  update_actions (self);
}

void
pos_admin_page_refresh (PosAdminPage *self)
{
  g_return_if_fail (POS_IS_ADMIN_PAGE (self));

  if (self->context == NULL || self->role != POS_ROLE_ADMIN)
    return;
  clear_rows (self, ROWS_KEYS, self->keys_group);
  list (self, POS_ADMIN_USERS);
  list (self, POS_ADMIN_VENDING_POINTS);
  list (self, POS_ADMIN_TARIFFS);
  list (self, POS_ADMIN_SUPPLY_GROUPS);
  list (self, POS_ADMIN_VENDING_KEYS);
  run_op (self, POS_ADMIN_OP_GET_UTILITY, NULL, NULL, NULL, 0, 0, utility_read, NULL);
  run_op (self, POS_ADMIN_OP_GET_SETTINGS, NULL, NULL, NULL, 0, 0, settings_read, NULL);
  run_op (self, POS_ADMIN_OP_PRINTERS, NULL, NULL, NULL, 0, 0, printers_listed, NULL);
}

gboolean
pos_admin_page_is_busy (PosAdminPage *self)
{
  g_return_val_if_fail (POS_IS_ADMIN_PAGE (self), FALSE);
  return self->busy > 0;
}
