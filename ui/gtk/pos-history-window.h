/* pos-history-window.h: a customer's purchases over all their meters */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_HISTORY_WINDOW (pos_history_window_get_type ())
G_DECLARE_FINAL_TYPE (PosHistoryWindow, pos_history_window, POS, HISTORY_WINDOW, AdwWindow)

G_GNUC_WARN_UNUSED_RESULT
PosHistoryWindow *pos_history_window_new       (GtkWindow  *parent,
                                                PosContext *context,
                                                const char *account_no,
                                                const char *name);
/* How many purchases are listed; -1 while they load. */
int               pos_history_window_get_count (PosHistoryWindow *self);

G_END_DECLS
