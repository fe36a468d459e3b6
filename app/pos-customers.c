/* pos-customers.c: customers and meters */
#include <string.h>

#include "pos-records-private.h"
#include "pos-customers.h"
#include "pos-money.h"

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

/* The vending point named @point, or the one of the user's open shift. */
PosDbVendingPoint *
pos_point_resolve (PosContext  *context,
                   PosDb       *db,
                   const char  *point,
                   GError     **error)
{
  g_autoptr(PosDbShift) shift = NULL;
  PosDbVendingPoint *found;

  if (point != NULL)
    {
      found = pos_db_vending_point_get_by_name (db, point, error);
      if (found == NULL)
        {
          g_clear_error (error);
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no vending point called %s", point);
        }
      return found;
    }
  shift = pos_db_shift_get_open (db, pos_context_get_user_id (context), NULL);
  if (shift == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "name the vending point (or open a shift at one)");
      return NULL;
    }
  return pos_db_vending_point_get (db, shift->vending_point_id, error);
}

PosDbCustomer *
pos_customer_lookup (PosDb       *db,
                     const char  *account_no,
                     GError     **error)
{
  g_autoptr(GPtrArray) found = pos_db_customer_find (db, account_no != NULL ? account_no : "", 1, error);

  if (found == NULL)
    return NULL;
  if (found->len == 0 || g_strcmp0 (((PosDbCustomer *) found->pdata[0])->account_no, account_no) != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no customer with account %s",
                   account_no != NULL ? account_no : "(none)");
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
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
  g_autoptr(PosDbCustomer) customer = NULL;
  g_autoptr(PosDbSupplyGroup) group = NULL;
  g_autoptr(PosDbTariff) tariff = NULL;
  g_autofree char *now = pos_context_now_iso (context);
  PosDbMeter meter = { 0 };
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  customer = pos_customer_lookup (db, d->account_no, error);
  if (customer == NULL)
    return FALSE;
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

/* The customer as the front ends see it, with their meters; with
 * @details, also the tariff and supply group of each meter, the open debt
 * and the last purchase. */
static JsonObject *
customer_json (PosDb                *db,
               const PosDbCustomer  *c,
               gboolean              details,
               GError              **error)
{
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autoptr(JsonArray) meters = json_array_new ();
  g_autoptr(GPtrArray) list = pos_db_meter_list_for_customer (db, c->id, error);
  g_autoptr(PosDbSale) last = NULL;

  if (list == NULL)
    return NULL;
  json_object_set_string_member (obj, "account", c->account_no);
  json_object_set_string_member (obj, "name", c->name);
  json_object_set_string_member (obj, "address", c->address);
  json_object_set_string_member (obj, "phone", c->phone);
  for (guint k = 0; k < list->len; k++)
    {
      PosDbMeter *m = list->pdata[k];
      JsonObject *mo = json_object_new ();

      json_array_add_object_element (meters, mo);
      json_object_set_string_member (mo, "pan", m->pan);
      json_object_set_string_member (mo, "status", m->status);
      json_object_set_int_member (mo, "ti", m->ti);
      if (m->card_serial != NULL)
        json_object_set_string_member (mo, "card", m->card_serial);
      if (details)
        {
          g_autoptr(PosDbTariff) tariff = pos_db_tariff_get (db, m->tariff_id, error);
          g_autoptr(PosDbSupplyGroup) group = tariff != NULL ? pos_db_supply_group_get (db, m->supply_group_id, error)
                                                             : NULL;
          g_autoptr(GError) local_error = NULL;
          g_autoptr(PosDbSale) sale = NULL;

          if (group == NULL)
            return NULL;
          json_object_set_string_member (mo, "tariff", tariff->name);
          json_object_set_string_member (mo, "sgc", group->sgc);
          json_object_set_int_member (mo, "krn", group->krn);
          json_object_set_int_member (mo, "base", group->base);
          sale = pos_db_sale_last_for_meter (db, m->id, "credit", &local_error);
          if (sale == NULL && !g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          if (sale != NULL && (last == NULL || g_strcmp0 (sale->created_at, last->created_at) > 0))
            {
              g_clear_pointer (&last, pos_db_sale_free);
              last = g_steal_pointer (&sale);
            }
        }
    }
  json_object_set_array_member (obj, "meters", g_steal_pointer (&meters));
  if (details)
    {
      g_autoptr(GError) local_error = NULL;
      PosDbDebt debt;

      if (pos_db_debt_get_open (db, c->id, &debt, &local_error))
        {
          json_object_set_int_member (obj, "debt", debt.balance);
          json_object_set_int_member (obj, "debt_recovery_bp", debt.recovery_bp);
        }
      else if (!g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      else
        json_object_set_int_member (obj, "debt", 0);
      if (last != NULL)
        {
          JsonObject *lo = json_object_new ();

          json_object_set_int_member (lo, "receipt", last->receipt_no);
          json_object_set_string_member (lo, "at", last->created_at);
          json_object_set_int_member (lo, "amount", last->amount);
          json_object_set_int_member (lo, "kwh", last->kwh);
          json_object_set_object_member (obj, "last_purchase", lo);
        }
    }
  return g_steal_pointer (&obj);
}

static JsonArray *
customers_json (PosDb      *db,
                GPtrArray  *found,
                GError    **error)
{
  g_autoptr(JsonArray) result = json_array_new ();

  for (guint i = 0; i < found->len; i++)
    {
      JsonObject *obj = customer_json (db, found->pdata[i], FALSE, error);

      if (obj == NULL)
        return NULL;
      json_array_add_object_element (result, obj);
    }
  return g_steal_pointer (&result);
}

JsonArray *
pos_customer_find (PosContext  *context,
                   const char  *text,
                   guint        limit,
                   GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  JsonArray *result;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "finding customers", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  found = pos_db_customer_find (db, text != NULL ? text : "", limit, error);
  result = found != NULL ? customers_json (db, found, error) : NULL;
  if (result == NULL)
    pos_app_error_from_db (error, "finding customers");
  return result;
}

JsonArray *
pos_customer_list (PosContext  *context,
                   guint        offset,
                   guint        limit,
                   GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  JsonArray *result;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "listing customers", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  found = pos_db_customer_list (db, offset, limit, error);
  result = found != NULL ? customers_json (db, found, error) : NULL;
  if (result == NULL)
    pos_app_error_from_db (error, "listing customers");
  return result;
}

JsonObject *
pos_customer_get (PosContext  *context,
                  const char  *account_no,
                  GError     **error)
{
  g_autoptr(PosDbCustomer) customer = NULL;
  JsonObject *result;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "looking up a customer", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  customer = pos_customer_lookup (db, account_no, error);
  if (customer == NULL)
    {
      pos_app_error_from_db (error, "looking up the customer");
      return NULL;
    }
  result = customer_json (db, customer, TRUE, error);
  if (result == NULL)
    pos_app_error_from_db (error, "looking up the customer");
  return result;
}

typedef struct
{
  const char            *account_no;
  const PosCustomerSpec *spec;
} UpdateData;

static gboolean
update_customer_body (PosContext  *context,
                      PosDb       *db,
                      gpointer     data,
                      GError     **error)
{
  UpdateData *d = data;
  g_autoptr(PosDbCustomer) c = pos_customer_lookup (db, d->account_no, error);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;
  PosDbCustomer changed;

  if (c == NULL)
    return FALSE;
  changed = *c;
  if (d->spec->name != NULL)
    changed.name = (char *) d->spec->name;
  if (d->spec->address != NULL)
    changed.address = (char *) d->spec->address;
  if (d->spec->phone != NULL)
    changed.phone = (char *) d->spec->phone;
  if (!pos_db_customer_update (db, &changed, error))
    return FALSE;
  json_object_set_string_member (info, "account", c->account_no);
  json_object_set_string_member (info, "old_name", c->name);
  json_object_set_string_member (info, "name", changed.name);
  json_object_set_string_member (info, "old_address", c->address);
  json_object_set_string_member (info, "address", changed.address);
  json_object_set_string_member (info, "old_phone", c->phone);
  json_object_set_string_member (info, "phone", changed.phone);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "customer-update", detail, error);
}

gboolean
pos_customer_update (PosContext             *context,
                     const char             *account_no,
                     const PosCustomerSpec  *spec,
                     GError                **error)
{
  UpdateData data = { account_no, spec };

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "editing a customer", error))
    return FALSE;
  if (spec->name != NULL && strspn (spec->name, " \t") == strlen (spec->name))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a customer needs a name");
      return FALSE;
    }
  return pos_context_in_transaction (context, update_customer_body, &data, "editing the customer", error);
}

typedef struct
{
  const char *pan;
  const char *tariff;
  const char *status;
} MeterUpdateData;

static gboolean
update_meter_body (PosContext  *context,
                   PosDb       *db,
                   gpointer     data,
                   GError     **error)
{
  MeterUpdateData *d = data;
  g_autoptr(PosDbMeter) meter = pos_db_meter_get_by_pan (db, d->pan, error);
  g_autoptr(PosDbTariff) tariff = NULL;
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (meter == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "meter %s is not registered", d->pan);
      return FALSE;
    }
  tariff = d->tariff != NULL ? pos_db_tariff_get_by_name (db, d->tariff, error)
                             : pos_db_tariff_get (db, meter->tariff_id, error);
  if (tariff == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no tariff called %s", d->tariff);
      return FALSE;
    }
  if (!pos_db_meter_update (db, meter->id, tariff->id, d->status != NULL ? d->status : meter->status, error))
    return FALSE;
  json_object_set_string_member (info, "meter", meter->pan);
  json_object_set_string_member (info, "tariff", tariff->name);
  json_object_set_string_member (info, "old_status", meter->status);
  json_object_set_string_member (info, "status", d->status != NULL ? d->status : meter->status);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "meter-update", detail, error);
}

gboolean
pos_meter_update (PosContext  *context,
                  const char  *pan,
                  const char  *tariff,
                  const char  *status,
                  GError     **error)
{
  MeterUpdateData data = { pan, tariff, status };

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);

  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "changing a meter", error))
    return FALSE;
  if (status != NULL && g_strcmp0 (status, "active") != 0 && g_strcmp0 (status, "blocked") != 0
      && g_strcmp0 (status, "removed") != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a meter's status is active, blocked or removed, not %s", status);
      return FALSE;
    }
  return pos_context_in_transaction (context, update_meter_body, &data, "changing the meter", error);
}

typedef struct
{
  const char *account_no;
  PosDbDebt   debt;
  const char *description;
} DebtData;

static gboolean
add_debt_body (PosContext  *context,
               PosDb       *db,
               gpointer     data,
               GError     **error)
{
  DebtData *d = data;
  g_autoptr(PosDbCustomer) c = pos_customer_lookup (db, d->account_no, error);
  g_autofree char *now = pos_context_now_iso (context);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (c == NULL)
    return FALSE;
  d->debt.customer_id = c->id;
  if (!pos_db_debt_insert (db, &d->debt, d->description, now, error))
    return FALSE;
  json_object_set_string_member (info, "account", c->account_no);
  json_object_set_int_member (info, "amount", d->debt.balance);
  json_object_set_int_member (info, "recovery_bp", d->debt.recovery_bp);
  json_object_set_int_member (info, "min_per_vend", d->debt.min_per_vend);
  json_object_set_string_member (info, "description", d->description);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "debt-add", detail, error);
}

gint64
pos_debt_add (PosContext  *context,
              const char  *account_no,
              gint64       amount,
              int          recovery_bp,
              gint64       min_per_vend,
              const char  *description,
              GError     **error)
{
  DebtData data;

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);

  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "recording a debt", error))
    return 0;
  if (amount <= 0 || recovery_bp < 0 || recovery_bp > 10000 || min_per_vend < 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a debt needs a positive amount, a recovery rate of 0-100%% and a minimum of 0 or more");
      return 0;
    }
  if (!pos_money_check (amount, "a debt", error) || !pos_money_check (min_per_vend, "the minimum per vend", error))
    return 0;
  if (recovery_bp == 0 && min_per_vend == 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a debt with no recovery rate and no minimum would never be recovered");
      return 0;
    }
  memset (&data, 0, sizeof data);
  data.account_no = account_no;
  data.debt.balance = amount;
  data.debt.recovery_bp = recovery_bp;
  data.debt.min_per_vend = min_per_vend;
  data.description = description != NULL ? description : "";
  return pos_context_in_transaction (context, add_debt_body, &data, "recording the debt", error) ? data.debt.id : 0;
}
