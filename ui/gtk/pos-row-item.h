/* pos-row-item.h: one row of a use case's answer (a JSON object) as a
 * GObject for the list models of the sales, report and administration
 * pages */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define POS_TYPE_ROW_ITEM (pos_row_item_get_type ())
G_DECLARE_FINAL_TYPE (PosRowItem, pos_row_item, POS, ROW_ITEM, GObject)

G_GNUC_WARN_UNUSED_RESULT
PosRowItem *pos_row_item_new         (JsonObject *object);
JsonObject *pos_row_item_get_object  (PosRowItem *self);
/* @member as a string ("" when missing or not a string). */
const char *pos_row_item_get_string  (PosRowItem *self,
                                      const char *member);
/* @member as an integer (0 when missing). */
gint64      pos_row_item_get_int     (PosRowItem *self,
                                      const char *member);

/* A store of PosRowItem, one for each object of @rows. */
G_GNUC_WARN_UNUSED_RESULT
GListStore *pos_row_item_list_new    (JsonArray *rows);

G_END_DECLS
