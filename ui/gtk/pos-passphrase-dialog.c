/* pos-passphrase-dialog.c: the keys passphrase, asked at the first sale
 * that needs it */
#include "pos-passphrase-dialog.h"

struct _PosPassphraseDialog
{
  AdwMessageDialog  parent_instance;

  GtkPasswordEntry *passphrase_entry;
};

G_DEFINE_FINAL_TYPE (PosPassphraseDialog, pos_passphrase_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
pos_passphrase_dialog_class_init (PosPassphraseDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-passphrase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PosPassphraseDialog, passphrase_entry);
}

static void
pos_passphrase_dialog_init (PosPassphraseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PosPassphraseDialog *
pos_passphrase_dialog_new (GtkWindow *parent)
{
  return g_object_new (POS_TYPE_PASSPHRASE_DIALOG, "transient-for", parent, NULL);
}

const char *
pos_passphrase_dialog_get_passphrase (PosPassphraseDialog *self)
{
  g_return_val_if_fail (POS_IS_PASSPHRASE_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->passphrase_entry));
}
