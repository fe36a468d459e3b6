/* pos-shift-dialog.c: the float (or cash count) and the vending point */
#include <glib/gi18n.h>

#include "pos-shift-dialog.h"

struct _PosShiftDialog
{
  AdwMessageDialog  parent_instance;

  AdwComboRow      *point_row;
  GtkStringList    *points;
  AdwEntryRow      *amount_row;

  gboolean          closing;
};

G_DEFINE_FINAL_TYPE (PosShiftDialog, pos_shift_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
pos_shift_dialog_class_init (PosShiftDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-shift-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PosShiftDialog, point_row);
  gtk_widget_class_bind_template_child (widget_class, PosShiftDialog, points);
  gtk_widget_class_bind_template_child (widget_class, PosShiftDialog, amount_row);
}

/* The cursor starts in the amount: type it, Enter. */
static void
mapped_cb (PosShiftDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
}

static void
pos_shift_dialog_init (PosShiftDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
}

PosShiftDialog *
pos_shift_dialog_new (GtkWindow *parent,
                      gboolean   closing)
{
  PosShiftDialog *self = g_object_new (POS_TYPE_SHIFT_DIALOG, "transient-for", parent, NULL);

  self->closing = closing;
  if (closing)
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Close Shift"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   _("Count the cash in the drawer. The difference against the cash expected is recorded."));
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "ok", _("C_lose Shift"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), _("Cash counted"));
      gtk_widget_set_visible (GTK_WIDGET (self->point_row), FALSE);
    }
  return self;
}

gboolean
pos_shift_dialog_is_closing (PosShiftDialog *self)
{
  g_return_val_if_fail (POS_IS_SHIFT_DIALOG (self), FALSE);
  return self->closing;
}

void
pos_shift_dialog_set_points (PosShiftDialog    *self,
                             const char *const *names)
{
  g_return_if_fail (POS_IS_SHIFT_DIALOG (self));

  gtk_string_list_splice (self->points, 0, g_list_model_get_n_items (G_LIST_MODEL (self->points)), names);
  adw_combo_row_set_selected (self->point_row, 0);
}

const char *
pos_shift_dialog_get_point (PosShiftDialog *self)
{
  GtkStringObject *chosen;

  g_return_val_if_fail (POS_IS_SHIFT_DIALOG (self), NULL);

  chosen = adw_combo_row_get_selected_item (self->point_row);
  return chosen != NULL ? gtk_string_object_get_string (chosen) : NULL;
}

const char *
pos_shift_dialog_get_amount (PosShiftDialog *self)
{
  g_return_val_if_fail (POS_IS_SHIFT_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
}
