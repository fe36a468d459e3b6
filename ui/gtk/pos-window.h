/* pos-window.h: the cashier window: first run, login, and the pages */
#pragma once

#include <adwaita.h>

#include "pos-app.h"
#include "pos-application.h"

G_BEGIN_DECLS

#define POS_TYPE_WINDOW (pos_window_get_type ())
G_DECLARE_FINAL_TYPE (PosWindow, pos_window, POS, WINDOW, AdwApplicationWindow)

/* A window on @context (a fresh one, or one a test prepared) and the
 * database at @db_path: opened when the file exists, otherwise offered as
 * a demonstration database.  @application may be %NULL (tests). */
G_GNUC_WARN_UNUSED_RESULT
PosWindow *pos_window_new (PosApplication *application,
                           PosContext     *context,
                           const char     *db_path);

G_END_DECLS
