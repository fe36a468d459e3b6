/* pos-customer-item.h: one customer (and their meters) as a list item */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define POS_TYPE_CUSTOMER_ITEM (pos_customer_item_get_type ())
G_DECLARE_FINAL_TYPE (PosCustomerItem, pos_customer_item, POS, CUSTOMER_ITEM, GObject)

/* Wraps one object of pos_customer_find()'s answer (takes a reference). */
G_GNUC_WARN_UNUSED_RESULT
PosCustomerItem *pos_customer_item_new          (JsonObject *customer);

const char      *pos_customer_item_get_name     (PosCustomerItem *self);
const char      *pos_customer_item_get_account  (PosCustomerItem *self);
const char      *pos_customer_item_get_address  (PosCustomerItem *self);
const char      *pos_customer_item_get_phone    (PosCustomerItem *self);
/* Every meter number, separated by ", ". */
const char      *pos_customer_item_get_meters   (PosCustomerItem *self);
/* The first meter (the one a vend goes to), or NULL. */
const char      *pos_customer_item_get_pan      (PosCustomerItem *self);
const char      *pos_customer_item_get_tariff   (PosCustomerItem *self);
const char      *pos_customer_item_get_meter_status (PosCustomerItem *self);

/* A GListStore of PosCustomerItem for @customers. */
G_GNUC_WARN_UNUSED_RESULT
GListStore      *pos_customer_item_list_new     (JsonArray *customers);

G_END_DECLS
