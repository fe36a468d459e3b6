/* pos-passphrase-dialog.h: asks for the vending keys passphrase when a
 * sale needs the keys and they are locked */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define POS_TYPE_PASSPHRASE_DIALOG (pos_passphrase_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PosPassphraseDialog, pos_passphrase_dialog, POS, PASSPHRASE_DIALOG, AdwMessageDialog)

/* The "unlock" response means go ahead. */
G_GNUC_WARN_UNUSED_RESULT
PosPassphraseDialog *pos_passphrase_dialog_new            (GtkWindow *parent);

const char          *pos_passphrase_dialog_get_passphrase (PosPassphraseDialog *self);

G_END_DECLS
