/* pos-receipt-preview.h: a sale's receipt as it prints, on screen */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_RECEIPT_PREVIEW (pos_receipt_preview_get_type ())
G_DECLARE_FINAL_TYPE (PosReceiptPreview, pos_receipt_preview, POS, RECEIPT_PREVIEW, AdwWindow)

/* Shows receipt @receipt_no of @point (NULL: the open shift's), rendered
 * in the background; its Print button prints through @parent (a
 * PosWindow). */
G_GNUC_WARN_UNUSED_RESULT
PosReceiptPreview *pos_receipt_preview_new (GtkWindow  *parent,
                                            PosContext *context,
                                            const char *point,
                                            gint64      receipt_no);

/* TRUE once the receipt is on screen. */
gboolean           pos_receipt_preview_is_loaded (PosReceiptPreview *self);

G_END_DECLS
