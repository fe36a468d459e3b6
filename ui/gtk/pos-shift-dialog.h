/* pos-shift-dialog.h: asks what opening or closing a shift needs */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define POS_TYPE_SHIFT_DIALOG (pos_shift_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PosShiftDialog, pos_shift_dialog, POS, SHIFT_DIALOG, AdwMessageDialog)

/* Opening asks for the vending point and the float; closing for the
 * cash counted.  The "ok" response means go ahead. */
G_GNUC_WARN_UNUSED_RESULT
PosShiftDialog *pos_shift_dialog_new        (GtkWindow *parent,
                                             gboolean   closing);

gboolean        pos_shift_dialog_is_closing (PosShiftDialog *self);
/* The vending points to choose from (opening); the first is chosen. */
void            pos_shift_dialog_set_points (PosShiftDialog    *self,
                                             const char *const *names);
/* The vending point chosen, or NULL. */
const char     *pos_shift_dialog_get_point  (PosShiftDialog *self);
/* The amount as typed. */
const char     *pos_shift_dialog_get_amount (PosShiftDialog *self);

G_END_DECLS
