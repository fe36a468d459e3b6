/* pos-customer-dialog.h: a new customer, or a customer's name, address
 * and phone changed, checked as they are typed */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define POS_TYPE_CUSTOMER_DIALOG (pos_customer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PosCustomerDialog, pos_customer_dialog, POS, CUSTOMER_DIALOG, AdwMessageDialog)

/* @account_no NULL: a new customer; else the one to edit, its fields
 * filled from @name, @address, @phone.  The "save" response means go
 * ahead (only enabled while the fields are valid). */
G_GNUC_WARN_UNUSED_RESULT
PosCustomerDialog *pos_customer_dialog_new         (GtkWindow  *parent,
                                                    const char *account_no,
                                                    const char *name,
                                                    const char *address,
                                                    const char *phone);
const char        *pos_customer_dialog_get_account (PosCustomerDialog *self);
/* The fields, stripped; new strings. */
G_GNUC_WARN_UNUSED_RESULT
char              *pos_customer_dialog_dup_field   (PosCustomerDialog *self,
                                                    const char        *field);
/* The problem with what is typed, or NULL. */
const char        *pos_customer_dialog_get_problem (PosCustomerDialog *self);

G_END_DECLS
