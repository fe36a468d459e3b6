/* pos-login-page.h: user name, password and (to sell) the keys passphrase */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_LOGIN_PAGE (pos_login_page_get_type ())
G_DECLARE_FINAL_TYPE (PosLoginPage, pos_login_page, POS, LOGIN_PAGE, AdwBin)

/* Empties the form for @context's database at @db_path and focuses the
 * user name.  The page emits "logged-in" (a PosSession *, borrowed) when
 * a login succeeds. */
void pos_login_page_reset (PosLoginPage *self,
                           PosContext   *context,
                           const char   *db_path);

G_END_DECLS
