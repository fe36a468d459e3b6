/* pos-login-page.c: logs in (and unlocks the vending keys) in the
 * background, and says in plain words why not */
#include <glib/gi18n.h>

#include <string.h>

#include "pos-bidi.h"
#include "pos-login-page.h"
#include "pos-window-private.h"

struct _PosLoginPage
{
  AdwBin            parent_instance;

  GtkEntry         *username_entry;
  GtkPasswordEntry *password_entry;
  GtkExpander      *passphrase_expander;
  GtkPasswordEntry *passphrase_entry;
  GtkLabel         *error_label;
  GtkSpinner       *spinner;
  GtkLabel         *db_label;

  PosContext       *context;
  GCancellable     *cancellable;
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (PosLoginPage, pos_login_page, ADW_TYPE_BIN)

enum
{
  SIGNAL_LOGGED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (PosLoginPage *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Not insensitive: that would pull the focus out from under the cursor. */
  gtk_editable_set_editable (GTK_EDITABLE (self->username_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_entry), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->passphrase_entry), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.submit", !busy);
}

static void
show_error (PosLoginPage *self,
            const char   *message)
{
  g_autofree char *text = message != NULL ? pos_window_sentence (message) : NULL;

  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
logged_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PosLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = pos_login_finish (POS_CONTEXT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (session == NULL)
    {
      show_error (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
      if (g_error_matches (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSPHRASE))
        gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_entry));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  g_signal_emit (self, signals[SIGNAL_LOGGED_IN], 0, session);
}

static void
submit_cb (PosLoginPage *self)
{
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_entry));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_entry));

  if (self->busy || self->context == NULL)
    return;
  if (username[0] == '\0')
    {
      show_error (self, "give your user name");
      gtk_widget_grab_focus (GTK_WIDGET (self->username_entry));
      return;
    }
  if (password[0] == '\0')
    {
      show_error (self, "give your password");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  show_error (self, NULL);
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  pos_login_async (self->context, username, password, passphrase[0] != '\0' ? passphrase : NULL,
                   self->cancellable, logged_in_cb, g_object_ref (self));
}

static void
username_activated_cb (PosLoginPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
submit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  submit_cb (POS_LOGIN_PAGE (widget));
}

static void
pos_login_page_dispose (GObject *object)
{
  PosLoginPage *self = POS_LOGIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_LOGIN_PAGE);

  G_OBJECT_CLASS (pos_login_page_parent_class)->dispose (object);
}

static void
pos_login_page_class_init (PosLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_login_page_dispose;

  signals[SIGNAL_LOGGED_IN] = g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                            NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PosLoginPage, username_entry);
  gtk_widget_class_bind_template_child (widget_class, PosLoginPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, PosLoginPage, passphrase_expander);
  gtk_widget_class_bind_template_child (widget_class, PosLoginPage, passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, PosLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PosLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PosLoginPage, db_label);
  gtk_widget_class_bind_template_callback (widget_class, submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_activated_cb);

  gtk_widget_class_install_action (widget_class, "login.submit", NULL, submit_activated);
}

static void
pos_login_page_init (PosLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
pos_login_page_reset (PosLoginPage *self,
                      PosContext   *context,
                      const char   *db_path)
{
  g_autofree char *where = NULL;

  g_return_if_fail (POS_IS_LOGIN_PAGE (self));
  g_return_if_fail (POS_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  {
    g_autofree char *path = pos_ltr (db_path);

    where = g_strdup_printf (_("Database: %s"), path);
  }
  gtk_label_set_text (self->db_label, where);
  gtk_editable_set_text (GTK_EDITABLE (self->username_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  show_error (self, NULL);
  set_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->username_entry));
}
