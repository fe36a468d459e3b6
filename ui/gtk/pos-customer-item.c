/* pos-customer-item.c: one customer as a GObject for GtkListView and
 * GtkColumnView */
#include <gio/gio.h>

#include "pos-customer-item.h"

struct _PosCustomerItem
{
  GObject     parent_instance;

  JsonObject *customer;
  char       *meters;
};

G_DEFINE_FINAL_TYPE (PosCustomerItem, pos_customer_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_ACCOUNT,
  PROP_ADDRESS,
  PROP_PHONE,
  PROP_METERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
member (JsonObject *obj,
        const char *name)
{
  if (obj == NULL || !json_object_has_member (obj, name))
    return NULL;
  return json_object_get_string_member (obj, name);
}

static JsonObject *
first_meter (PosCustomerItem *self)
{
  JsonArray *meters;

  if (!json_object_has_member (self->customer, "meters"))
    return NULL;
  meters = json_object_get_array_member (self->customer, "meters");
  if (meters == NULL || json_array_get_length (meters) == 0)
    return NULL;
  return json_array_get_object_element (meters, 0);
}

static void
pos_customer_item_finalize (GObject *object)
{
  PosCustomerItem *self = POS_CUSTOMER_ITEM (object);

  g_clear_pointer (&self->customer, json_object_unref);
  g_free (self->meters);

  G_OBJECT_CLASS (pos_customer_item_parent_class)->finalize (object);
}

static void
pos_customer_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PosCustomerItem *self = POS_CUSTOMER_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, pos_customer_item_get_name (self));
      break;
    case PROP_ACCOUNT:
      g_value_set_string (value, pos_customer_item_get_account (self));
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, pos_customer_item_get_address (self));
      break;
    case PROP_PHONE:
      g_value_set_string (value, pos_customer_item_get_phone (self));
      break;
    case PROP_METERS:
      g_value_set_string (value, pos_customer_item_get_meters (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pos_customer_item_class_init (PosCustomerItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pos_customer_item_finalize;
  object_class->get_property = pos_customer_item_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] = g_param_spec_string ("account", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_METERS] = g_param_spec_string ("meters", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pos_customer_item_init (PosCustomerItem *self)
{
}

PosCustomerItem *
pos_customer_item_new (JsonObject *customer)
{
  PosCustomerItem *self;
  JsonArray *meters;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (customer != NULL, NULL);

  self = g_object_new (POS_TYPE_CUSTOMER_ITEM, NULL);
  self->customer = json_object_ref (customer);
  meters = json_object_has_member (customer, "meters") ? json_object_get_array_member (customer, "meters") : NULL;
  for (guint i = 0; meters != NULL && i < json_array_get_length (meters); i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, member (json_array_get_object_element (meters, i), "pan"));
    }
  self->meters = g_string_free (text, FALSE);
  return self;
}

const char *
pos_customer_item_get_name (PosCustomerItem *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_ITEM (self), NULL);
  return member (self->customer, "name");
}

const char *
pos_customer_item_get_account (PosCustomerItem *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_ITEM (self), NULL);
  return member (self->customer, "account");
}

const char *
pos_customer_item_get_address (PosCustomerItem *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_ITEM (self), NULL);
  return member (self->customer, "address");
}

const char *
pos_customer_item_get_phone (PosCustomerItem *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_ITEM (self), NULL);
  return member (self->customer, "phone");
}

const char *
pos_customer_item_get_meters (PosCustomerItem *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_ITEM (self), NULL);
  return self->meters;
}

const char *
pos_customer_item_get_pan (PosCustomerItem *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_ITEM (self), NULL);
  return member (first_meter (self), "pan");
}

const char *
pos_customer_item_get_tariff (PosCustomerItem *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_ITEM (self), NULL);
  return member (first_meter (self), "tariff");
}

const char *
pos_customer_item_get_meter_status (PosCustomerItem *self)
{
  g_return_val_if_fail (POS_IS_CUSTOMER_ITEM (self), NULL);
  return member (first_meter (self), "status");
}

GListStore *
pos_customer_item_list_new (JsonArray *customers)
{
  GListStore *store = g_list_store_new (POS_TYPE_CUSTOMER_ITEM);

  for (guint i = 0; customers != NULL && i < json_array_get_length (customers); i++)
    {
      g_autoptr(PosCustomerItem) item = pos_customer_item_new (json_array_get_object_element (customers, i));

      g_list_store_append (store, item);
    }
  return store;
}
