/* pos-vend-page.h: the home page: find the customer, quote, sell, token */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_VEND_PAGE (pos_vend_page_get_type ())
G_DECLARE_FINAL_TYPE (PosVendPage, pos_vend_page, POS, VEND_PAGE, AdwBin)

/* Works on @context (NULL: logged out) and starts a new sale. */
void pos_vend_page_set_context  (PosVendPage *self,
                                 PosContext  *context);
/* Clears the sale and puts the cursor in the search. */
void pos_vend_page_new_sale     (PosVendPage *self);
void pos_vend_page_focus_search (PosVendPage *self);

G_END_DECLS
