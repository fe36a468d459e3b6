/* pos-admin-page.h: what administrators look after: users, vending points
 * and their credit, this machine's printers, the utility and its vend
 * limits, tariffs, supply groups and vending keys (by name), backup and
 * restore.  Others see that it is for administrators only. */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_ADMIN_PAGE (pos_admin_page_get_type ())
G_DECLARE_FINAL_TYPE (PosAdminPage, pos_admin_page, POS, ADMIN_PAGE, AdwBin)

/* Works on @context (NULL: logged out) for @role. */
void     pos_admin_page_set_context (PosAdminPage *self,
                                     PosContext   *context,
                                     PosRole       role);
/* Loads the lists again (administrators). */
void     pos_admin_page_refresh     (PosAdminPage *self);
gboolean pos_admin_page_is_busy     (PosAdminPage *self);
/* What the file choosers' answers do. */
void     pos_admin_page_backup_to   (PosAdminPage *self,
                                     const char   *path);
/* Asks to confirm, then restores @path. */
void     pos_admin_page_restore_from (PosAdminPage *self,
                                      const char   *path);

G_END_DECLS
