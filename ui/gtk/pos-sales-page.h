/* pos-sales-page.h: today's sales at the user's vending point: reprint,
 * re-issue, reversal, and closing the shift */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_SALES_PAGE (pos_sales_page_get_type ())
G_DECLARE_FINAL_TYPE (PosSalesPage, pos_sales_page, POS, SALES_PAGE, AdwBin)

/* Works on @context (NULL: logged out). */
void     pos_sales_page_set_context (PosSalesPage *self,
                                     PosContext   *context);
/* Lists today's sales again. */
void     pos_sales_page_refresh     (PosSalesPage *self);
/* TRUE while a listing or an action is under way. */
gboolean pos_sales_page_is_busy     (PosSalesPage *self);

G_END_DECLS
