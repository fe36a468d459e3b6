/* pos-meter-dialog.h: a new meter for a customer: its number checked as
 * it is typed (check digits), supply group, tariff and tariff index */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_METER_DIALOG (pos_meter_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PosMeterDialog, pos_meter_dialog, POS, METER_DIALOG, AdwMessageDialog)

/* @groups and @tariffs as pos_admin_list gives them.  The "add" response
 * means go ahead (only enabled while the number is valid). */
G_GNUC_WARN_UNUSED_RESULT
PosMeterDialog *pos_meter_dialog_new         (GtkWindow  *parent,
                                              const char *account_no,
                                              JsonArray  *groups,
                                              JsonArray  *tariffs);
const char     *pos_meter_dialog_get_account (PosMeterDialog *self);
const char     *pos_meter_dialog_get_pan     (PosMeterDialog *self);
/* The chosen group's code and key revision; FALSE when none. */
gboolean        pos_meter_dialog_get_group   (PosMeterDialog  *self,
                                              const char     **out_sgc,
                                              int             *out_krn);
const char     *pos_meter_dialog_get_tariff  (PosMeterDialog *self);
int             pos_meter_dialog_get_ti      (PosMeterDialog *self);
/* The problem with what is typed, or NULL. */
const char     *pos_meter_dialog_get_problem (PosMeterDialog *self);

G_END_DECLS
