/* pos-application.h: the stsvend cashier application */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define POS_APPLICATION_ID "org.stsvend.Stsvend"

#define POS_TYPE_APPLICATION (pos_application_get_type ())
G_DECLARE_FINAL_TYPE (PosApplication, pos_application, POS, APPLICATION, AdwApplication)

G_GNUC_WARN_UNUSED_RESULT
PosApplication *pos_application_new (void);

G_END_DECLS
