/* pos-window-private.h: what the pages of the window share with it */
#pragma once

#include "pos-window.h"

G_BEGIN_DECLS

/* The window around @widget, or NULL when it is not in one. */
PosWindow        *pos_window_from_widget   (GtkWidget *widget);

PosContext       *pos_window_get_context   (PosWindow *self);
/* The logged-in session, or NULL. */
const PosSession *pos_window_get_session   (PosWindow *self);

/* Shows @text as a toast. */
void              pos_window_toast         (PosWindow  *self,
                                            const char *text);
/* Shows @error's message as a plain sentence in a toast. */
void              pos_window_show_error    (PosWindow    *self,
                                            const GError *error);

/* Prints receipt @receipt_no of @point (NULL: the open shift's) in the
 * background; with @reprint as an audited reprint.  The outcome is a
 * toast; a failed print offers "Print Again". */
void              pos_window_print_receipt (PosWindow  *self,
                                            const char *point,
                                            gint64      receipt_no,
                                            gboolean    reprint);
/* The same right after a sale: nothing happens when no receipt printer
 * is set up. */
void              pos_window_print_new_receipt (PosWindow *self,
                                                gint64     receipt_no);
/* Opens the receipt preview of @receipt_no of @point. */
void              pos_window_preview_receipt (PosWindow  *self,
                                              const char *point,
                                              gint64      receipt_no);

/* "The vending keys are locked." for "the vending keys are locked". */
G_GNUC_WARN_UNUSED_RESULT
char             *pos_window_sentence      (const char *message);

G_END_DECLS
