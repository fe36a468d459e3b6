/* pos-sales.h: what happens to sales after they are made: reprint,
 * re-issue, reversal, history, the end-of-day Z report, and the checks of
 * the records themselves (audit, backup) */
#pragma once

#include <json-glib/json-glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

/* Receipts are numbered per vending point.  @point NULL means the
 * vending point of the user's open shift. */

/* The sale with receipt @receipt_no as an object (sale, meter, customer,
 * tokens in order of entry) marked "copy": true.  Audited. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_sale_reprint   (PosContext  *context,
                                const char  *point,
                                gint64       receipt_no,
                                GError     **error);

/* The same token(s) as the meter's last credit sale, never new ones:
 * for a customer who lost a token.  Audited. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_sale_reissue   (PosContext  *context,
                                const char  *pan,
                                GError     **error);

/* Reverses a credit sale of today (supervisor, with a reason): the sale
 * stays, marked reversed, linked to a new reversal record with its own
 * receipt number; recovered debt is restored.  Returns the reversal's
 * receipt number, 0 on error. */
gint64      pos_sale_reverse   (PosContext  *context,
                                const char  *point,
                                gint64       receipt_no,
                                const char  *reason,
                                GError     **error);

/* A meter's sales, newest first, at most @limit. */
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_sale_history   (PosContext  *context,
                                const char  *pan,
                                guint        limit,
                                GError     **error);

/* A customer's sales over all their meters, newest first, at most
 * @limit. */
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_sale_history_for_customer (PosContext  *context,
                                           const char  *account_no,
                                           guint        limit,
                                           GError     **error);

/* Closes the day @day ("YYYY-MM-DD", UTC) at @point (supervisor): the
 * totals are stored under the next Z number and never change.  Returns the
 * report (with "number"). */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_z_report_close (PosContext  *context,
                                const char  *point,
                                const char  *day,
                                GError     **error);

/* A closed report, for reprinting. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_z_report_get   (PosContext  *context,
                                const char  *point,
                                gint64       number,
                                GError     **error);

/* Checks the audit chain (supervisor); *@out_rows rows checked. */
gboolean    pos_audit_verify   (PosContext  *context,
                                gint64      *out_rows,
                                GError     **error);

/* Copies the live database to @dest (admin). */
gboolean    pos_backup         (PosContext  *context,
                                const char  *dest,
                                GError     **error);

/* Replaces the whole database with the backup @src (admin), after
 * checking that it is an stsvend database this program can read and that
 * it is undamaged; a refused file changes nothing.  The restore is the
 * first entry appended to the restored audit log, and the user is logged
 * out (the restored file has its own users). */
gboolean    pos_restore        (PosContext  *context,
                                const char  *src,
                                GError     **error);

G_END_DECLS
