/* pos-customer-dialog.c: the customer's details in AdwEntryRows; Save is
 * enabled only while they are valid, and the row at fault is marked */
#include <glib/gi18n.h>

#include "pos-customer-dialog.h"

struct _PosCustomerDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *name_row;
  AdwEntryRow      *address_row;
  AdwEntryRow      *phone_row;
  GtkLabel         *problem_label;

  char             *account_no;
  const char       *problem;
};

G_DEFINE_FINAL_TYPE (PosCustomerDialog, pos_customer_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
phone_ok (const char *phone)
{
  for (const char *p = phone; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != ' ' && *p != '+' && *p != '-' && *p != '(' && *p != ')')
      return FALSE;
  return TRUE;
}

static void
mark (GtkWidget *row,
      gboolean   bad)
{
  if (bad)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
validate_cb (PosCustomerDialog *self)
{
  g_autofree char *name = pos_customer_dialog_dup_field (self, "name");
  g_autofree char *phone = pos_customer_dialog_dup_field (self, "phone");
  gboolean name_bad = name[0] == '\0';
  gboolean phone_bad = !phone_ok (phone);

  self->problem = name_bad ? _("Type the customer’s full name.")
                  : phone_bad ? _("A phone number holds digits, spaces and + - ( ) only.") : NULL;
  /* an empty name is only pointed out once something else was typed */
  mark (GTK_WIDGET (self->name_row), name_bad && gtk_editable_get_text (GTK_EDITABLE (self->phone_row))[0] != '\0');
  mark (GTK_WIDGET (self->phone_row), phone_bad);
  gtk_label_set_text (self->problem_label, phone_bad ? self->problem : "");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", self->problem == NULL);
}

static void
pos_customer_dialog_finalize (GObject *object)
{
  PosCustomerDialog *self = POS_CUSTOMER_DIALOG (object);

  g_free (self->account_no);

  G_OBJECT_CLASS (pos_customer_dialog_parent_class)->finalize (object);
}

static void
pos_customer_dialog_class_init (PosCustomerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pos_customer_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-customer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PosCustomerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, PosCustomerDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, validate_cb);
}

static void
pos_customer_dialog_init (PosCustomerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PosCustomerDialog *
pos_customer_dialog_new (GtkWindow  *parent,
                         const char *account_no,
                         const char *name,
                         const char *address,
                         const char *phone)
{
  PosCustomerDialog *self = g_object_new (POS_TYPE_CUSTOMER_DIALOG, "transient-for", parent, NULL);

  self->account_no = g_strdup (account_no);
  if (account_no != NULL)
    {
      g_autofree char *heading = g_strdup_printf (_("Edit Customer %s"), account_no);

      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address != NULL ? address : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), phone != NULL ? phone : "");
  validate_cb (self);
  return self;
}

const char *
pos_customer_dialog_get_account (PosCustomerDialog *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_DIALOG (self), NULL);
  return self->account_no;
}

char *
pos_customer_dialog_dup_field (PosCustomerDialog *self,
                               const char        *field)
{
  AdwEntryRow *row;

  g_return_val_if_fail (POS_IS_CUSTOMER_DIALOG (self), NULL);

  row = g_str_equal (field, "name") ? self->name_row : g_str_equal (field, "address") ? self->address_row
                                                                                      : self->phone_row;
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

const char *
pos_customer_dialog_get_problem (PosCustomerDialog *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_DIALOG (self), NULL);
  return self->problem;
}
