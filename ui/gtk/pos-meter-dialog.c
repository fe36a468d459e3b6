/* pos-meter-dialog.c: the meter number is checked on every keystroke by
 * the app's own check-digit rule (pos_meter_number_check), the row marked
 * and the reason shown; Add is enabled only for a valid number */
#include <glib/gi18n.h>

#include "pos-meter-dialog.h"
#include "pos-window-private.h"

struct _PosMeterDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *pan_row;
  AdwComboRow      *group_row;
  AdwComboRow      *tariff_row;
  AdwEntryRow      *ti_row;
  GtkLabel         *problem_label;

  char             *account_no;
  JsonArray        *groups;
  char             *pan;
  char             *problem;
};

G_DEFINE_FINAL_TYPE (PosMeterDialog, pos_meter_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
validate_cb (PosMeterDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pan = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pan_row))));
  g_autofree char *ti = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ti_row))));
  guint64 ti_value = 0;
  gboolean pan_ok = pos_meter_number_check (pan, &error);
  gboolean ti_ok = g_ascii_string_to_unsigned (ti, 10, 0, 99, &ti_value, NULL);

  g_free (self->pan);
  self->pan = g_steal_pointer (&pan);
  g_clear_pointer (&self->problem, g_free);
  if (!pan_ok)
    self->problem = pos_window_sentence (error->message);
  else if (!ti_ok)
    self->problem = g_strdup (_("The tariff index is a number from 0 to 99."));
  /* nothing typed yet is not an error to show */
  if (!pan_ok && self->pan[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->pan_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->pan_row), "error");
  if (!ti_ok)
    gtk_widget_add_css_class (GTK_WIDGET (self->ti_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->ti_row), "error");
  gtk_label_set_text (self->problem_label, self->problem != NULL && (self->pan[0] != '\0' || !ti_ok)
                                             ? self->problem : "");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", self->problem == NULL);
}

static void
pos_meter_dialog_finalize (GObject *object)
{
  PosMeterDialog *self = POS_METER_DIALOG (object);

  g_free (self->account_no);
  g_free (self->pan);
  g_free (self->problem);
  g_clear_pointer (&self->groups, json_array_unref);

  G_OBJECT_CLASS (pos_meter_dialog_parent_class)->finalize (object);
}

static void
pos_meter_dialog_class_init (PosMeterDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pos_meter_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-meter-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PosMeterDialog, pan_row);
  gtk_widget_class_bind_template_child (widget_class, PosMeterDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, PosMeterDialog, tariff_row);
  gtk_widget_class_bind_template_child (widget_class, PosMeterDialog, ti_row);
  gtk_widget_class_bind_template_child (widget_class, PosMeterDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, validate_cb);
}

static void
pos_meter_dialog_init (PosMeterDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkStringList *
names_of (JsonArray  *rows,
          gboolean    with_sgc)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      g_autofree char *text = with_sgc ? g_strdup_printf ("%s (%s)", json_object_get_string_member (o, "name"),
                                                          json_object_get_string_member (o, "sgc"))
                                       : g_strdup (json_object_get_string_member (o, "name"));

      gtk_string_list_append (list, text);
    }
  return list;
}

PosMeterDialog *
pos_meter_dialog_new (GtkWindow  *parent,
                      const char *account_no,
                      JsonArray  *groups,
                      JsonArray  *tariffs)
{
  PosMeterDialog *self = g_object_new (POS_TYPE_METER_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GtkStringList) group_names = names_of (groups, TRUE);
  g_autoptr(GtkStringList) tariff_names = names_of (tariffs, FALSE);
  g_autofree char *body = g_strdup_printf (_("For customer %s."), account_no);

  self->account_no = g_strdup (account_no);
  self->groups = groups != NULL ? json_array_ref (groups) : NULL;
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  adw_combo_row_set_model (self->group_row, G_LIST_MODEL (group_names));
  adw_combo_row_set_model (self->tariff_row, G_LIST_MODEL (tariff_names));
  validate_cb (self);
  return self;
}

const char *
pos_meter_dialog_get_account (PosMeterDialog *self)
{
  g_return_val_if_fail (POS_IS_METER_DIALOG (self), NULL);
  return self->account_no;
}

const char *
pos_meter_dialog_get_pan (PosMeterDialog *self)
{
  g_return_val_if_fail (POS_IS_METER_DIALOG (self), NULL);
  return self->pan;
}

gboolean
pos_meter_dialog_get_group (PosMeterDialog  *self,
                            const char     **out_sgc,
                            int             *out_krn)
{
  guint i;
  JsonObject *o;

  g_return_val_if_fail (POS_IS_METER_DIALOG (self), FALSE);

  i = adw_combo_row_get_selected (self->group_row);
  if (self->groups == NULL || i == GTK_INVALID_LIST_POSITION || i >= json_array_get_length (self->groups))
    return FALSE;
  o = json_array_get_object_element (self->groups, i);
  *out_sgc = json_object_get_string_member (o, "sgc");
  *out_krn = (int) json_object_get_int_member (o, "krn");
  return TRUE;
}

const char *
pos_meter_dialog_get_tariff (PosMeterDialog *self)
{
  GtkStringObject *item;

  g_return_val_if_fail (POS_IS_METER_DIALOG (self), NULL);

  item = adw_combo_row_get_selected_item (self->tariff_row);
  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

int
pos_meter_dialog_get_ti (PosMeterDialog *self)
{
  guint64 ti = 1;

  g_return_val_if_fail (POS_IS_METER_DIALOG (self), 1);

  g_ascii_string_to_unsigned (gtk_editable_get_text (GTK_EDITABLE (self->ti_row)), 10, 0, 99, &ti, NULL);
  return (int) ti;
}

const char *
pos_meter_dialog_get_problem (PosMeterDialog *self)
{
  g_return_val_if_fail (POS_IS_METER_DIALOG (self), NULL);
  return self->problem;
}
