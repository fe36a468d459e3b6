/* pos-customers.c: customers and meters */
#include <string.h>

#include "pos-context-private.h"
#include "pos-customers.h"

typedef struct
{
  const PosCustomerSpec *spec;
  gint64 id;
} CustomerData;

static gboolean
add_customer_body (PosContext  *context,
                   PosDb       *db,
                   gpointer     data,
                   GError     **error)
{
  CustomerData *d = data;
  g_autofree char *now = pos_context_now_iso (context);
  g_autofree char *account = NULL;
  PosDbCustomer c = { 0 };
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (d->spec->account_no != NULL && *d->spec->account_no != '\0')
    account = g_strdup (d->spec->account_no);
  else
    {
      /* Without a number, the next one after the highest row. */
      gint64 next = pos_db_customer_next_id (db, error);

      if (next <= 0)
        return FALSE;
      account = g_strdup_printf ("ACC-%06" G_GINT64_FORMAT, next);
    }
  c.account_no = account;
  c.name = (char *) d->spec->name;
  c.address = (char *) d->spec->address;
  c.phone = (char *) d->spec->phone;
  c.created_at = now;
  if (!pos_db_customer_insert (db, &c, error))
    {
      if (g_error_matches (*error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE, "account %s exists already", account);
        }
      return FALSE;
    }
  d->id = c.id;
  json_object_set_string_member (info, "account", account);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "customer-add", detail, error);
}

gint64
pos_customer_add (PosContext             *context,
                  const PosCustomerSpec  *spec,
                  GError                **error)
{
  CustomerData data = { spec, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "adding a customer", error))
    return 0;
  if (spec->name == NULL || strspn (spec->name, " \t") == strlen (spec->name))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a customer needs a name");
      return 0;
    }
  return pos_context_in_transaction (context, add_customer_body, &data, "adding the customer", error) ? data.id : 0;
}

typedef struct
{
  const char *account_no;
  const PosMeterSpec *spec;
  gint64 id;
} MeterData;

static gboolean
add_meter_body (PosContext  *context,
                PosDb       *db,
                gpointer     data,
                GError     **error)
{
  MeterData *d = data;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(PosDbSupplyGroup) group = NULL;
  g_autoptr(PosDbTariff) tariff = NULL;
  g_autofree char *now = pos_context_now_iso (context);
  PosDbMeter meter = { 0 };
  PosDbCustomer *customer = NULL;
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  customers = pos_db_customer_find (db, d->account_no, 1, error);
  if (customers == NULL)
    return FALSE;
  if (customers->len > 0 && g_strcmp0 (((PosDbCustomer *) customers->pdata[0])->account_no, d->account_no) == 0)
    customer = customers->pdata[0];
  if (customer == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no customer with account %s", d->account_no);
      return FALSE;
    }
  group = pos_db_supply_group_find (db, d->spec->sgc, d->spec->krn, error);
  if (group == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no supply group %s with KRN %d",
                   d->spec->sgc, d->spec->krn);
      return FALSE;
    }
  tariff = pos_db_tariff_get_by_name (db, d->spec->tariff, error);
  if (tariff == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no tariff called %s", d->spec->tariff);
      return FALSE;
    }

  meter.pan = (char *) d->spec->pan;
  meter.customer_id = customer->id;
  meter.supply_group_id = group->id;
  meter.ti = d->spec->ti;
  meter.tariff_id = tariff->id;
  meter.card_serial = (char *) d->spec->card_serial;
  if (!pos_db_meter_insert (db, &meter, now, error))
    {
      if (g_error_matches (*error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE, "meter %s is registered already", d->spec->pan);
        }
      return FALSE;
    }
  d->id = meter.id;
  json_object_set_string_member (info, "meter", d->spec->pan);
  json_object_set_string_member (info, "account", d->account_no);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "meter-add", detail, error);
}

gint64
pos_meter_add (PosContext          *context,
               const char          *account_no,
               const PosMeterSpec  *spec,
               GError             **error)
{
  MeterData data = { account_no, spec, 0 };
  StsPan pan;
  StsStatus status;

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);

  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "adding a meter", error))
    return 0;
  status = spec->pan != NULL ? sts_pan_parse (&pan, spec->pan) : STS_ERR_BAD_PAN;
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR,
                   status == STS_ERR_BAD_PAN ? POS_APP_ERROR_BAD_REQUEST : POS_APP_ERROR_BAD_PAN_CHECK_DIGIT,
                   "meter number %s: %s", spec->pan != NULL ? spec->pan : "(none)", sts_status_to_string (status));
      return 0;
    }
  if (spec->ti < 0 || spec->ti > 99 || spec->sgc == NULL || spec->tariff == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a meter needs a supply group (SGC and KRN), a tariff index 0-99 and a tariff");
      return 0;
    }
  return pos_context_in_transaction (context, add_meter_body, &data, "adding the meter", error) ? data.id : 0;
}

JsonArray *
pos_customer_find (PosContext  *context,
                   const char  *text,
                   guint        limit,
                   GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(JsonArray) result = json_array_new ();
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "finding customers", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  found = pos_db_customer_find (db, text, limit, error);
  if (found == NULL)
    {
      pos_app_error_from_db (error, "finding customers");
      return NULL;
    }
  for (guint i = 0; i < found->len; i++)
    {
      PosDbCustomer *c = found->pdata[i];
      JsonObject *obj = json_object_new ();
      JsonArray *meters = json_array_new ();
      g_autoptr(GPtrArray) list = pos_db_meter_list_for_customer (db, c->id, error);

      if (list == NULL)
        {
          json_object_unref (obj);
          json_array_unref (meters);
          pos_app_error_from_db (error, "finding customers");
          return NULL;
        }
      json_object_set_string_member (obj, "account", c->account_no);
      json_object_set_string_member (obj, "name", c->name);
      json_object_set_string_member (obj, "address", c->address);
      json_object_set_string_member (obj, "phone", c->phone);
      for (guint k = 0; k < list->len; k++)
        {
          PosDbMeter *m = list->pdata[k];
          JsonObject *mo = json_object_new ();

          json_object_set_string_member (mo, "pan", m->pan);
          json_object_set_string_member (mo, "status", m->status);
          json_object_set_int_member (mo, "ti", m->ti);
          json_array_add_object_element (meters, mo);
        }
      json_object_set_array_member (obj, "meters", meters);
      json_array_add_object_element (result, obj);
    }
  return g_steal_pointer (&result);
}
