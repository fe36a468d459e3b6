/* pos-customers-page.h: find customers and see their meters */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_CUSTOMERS_PAGE (pos_customers_page_get_type ())
G_DECLARE_FINAL_TYPE (PosCustomersPage, pos_customers_page, POS, CUSTOMERS_PAGE, AdwBin)

/* Works on @context (NULL: logged out); empties the search. */
void pos_customers_page_set_context (PosCustomersPage *self,
                                     PosContext       *context);

G_END_DECLS
