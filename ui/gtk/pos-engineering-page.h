/* pos-engineering-page.h: engineering tokens for one meter (clear tamper,
 * clear credit, power limit, phase unbalance limit, test), a meter's key
 * change, and a whole supply group's migration with progress (supervisors) */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_ENGINEERING_PAGE (pos_engineering_page_get_type ())
G_DECLARE_FINAL_TYPE (PosEngineeringPage, pos_engineering_page, POS, ENGINEERING_PAGE, AdwBin)

void     pos_engineering_page_set_context (PosEngineeringPage *self,
                                           PosContext         *context,
                                           PosRole             role);
/* Loads the supply groups again. */
void     pos_engineering_page_refresh     (PosEngineeringPage *self);
gboolean pos_engineering_page_is_busy     (PosEngineeringPage *self);
/* Meters migrated so far by the last migration. */
guint    pos_engineering_page_get_migrated (PosEngineeringPage *self);

G_END_DECLS
