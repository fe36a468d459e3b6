/* pos-row-item.c: a JSON object as a list item */
#include "pos-row-item.h"

struct _PosRowItem
{
  GObject     parent_instance;

  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (PosRowItem, pos_row_item, G_TYPE_OBJECT)

static void
pos_row_item_finalize (GObject *object)
{
  PosRowItem *self = POS_ROW_ITEM (object);

  g_clear_pointer (&self->object, json_object_unref);

  G_OBJECT_CLASS (pos_row_item_parent_class)->finalize (object);
}

static void
pos_row_item_class_init (PosRowItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pos_row_item_finalize;
}

static void
pos_row_item_init (PosRowItem *self)
{
}

PosRowItem *
pos_row_item_new (JsonObject *object)
{
  PosRowItem *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (POS_TYPE_ROW_ITEM, NULL);
  self->object = json_object_ref (object);
  return self;
}

JsonObject *
pos_row_item_get_object (PosRowItem *self)
{
  g_return_val_if_fail (POS_IS_ROW_ITEM (self), NULL);
  return self->object;
}

const char *
pos_row_item_get_string (PosRowItem *self,
                         const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (POS_IS_ROW_ITEM (self), "");

  node = json_object_get_member (self->object, member);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

gint64
pos_row_item_get_int (PosRowItem *self,
                      const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (POS_IS_ROW_ITEM (self), 0);

  node = json_object_get_member (self->object, member);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

GListStore *
pos_row_item_list_new (JsonArray *rows)
{
  GListStore *store = g_list_store_new (POS_TYPE_ROW_ITEM);

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);

      if (o != NULL)
        {
          g_autoptr(PosRowItem) item = pos_row_item_new (o);

          g_list_store_append (store, item);
        }
    }
  return store;
}
