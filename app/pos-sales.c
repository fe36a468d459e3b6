/* pos-sales.c: reprint, re-issue, reversal, history, Z reports, audit and
 * backup */
#include <string.h>

#include "pos-records-private.h"
#include "pos-sales.h"

static JsonObject *
sale_to_json (PosDb      *db,
              PosDbSale  *sale,
              GError    **error)
{
  JsonObject *o = json_object_new ();
  JsonArray *tokens = json_array_new ();
  g_autoptr(GArray) list = pos_db_token_list_for_sale (db, sale->id, error);

  json_object_set_int_member (o, "receipt", sale->receipt_no);
  json_object_set_string_member (o, "kind", sale->kind);
  json_object_set_string_member (o, "created_at", sale->created_at);
  json_object_set_string_member (o, "status", sale->status);
  json_object_set_int_member (o, "tendered", sale->tendered);
  json_object_set_int_member (o, "amount", sale->amount);
  json_object_set_int_member (o, "vat", sale->vat);
  json_object_set_int_member (o, "fixed_charge", sale->fixed_charge);
  json_object_set_int_member (o, "debt_recovered", sale->debt_recovered);
  json_object_set_int_member (o, "energy_value", sale->energy_value);
  json_object_set_int_member (o, "kwh_tenths", sale->kwh);
  if (sale->reason != NULL)
    json_object_set_string_member (o, "reason", sale->reason);
  if (sale->meter_id != 0)
    {
      g_autoptr(PosDbMeter) meter = pos_db_meter_get (db, sale->meter_id, NULL);
      if (meter != NULL)
        json_object_set_string_member (o, "meter", meter->pan);
    }
  if (sale->customer_id != 0)
    {
      g_autoptr(PosDbCustomer) customer = pos_db_customer_get (db, sale->customer_id, NULL);
      if (customer != NULL)
        {
          json_object_set_string_member (o, "account", customer->account_no);
          json_object_set_string_member (o, "customer", customer->name);
        }
    }
  for (guint i = 0; list != NULL && i < list->len; i++)
    json_array_add_string_element (tokens, g_array_index (list, PosDbToken, i).token);
  json_object_set_array_member (o, "tokens", tokens);
  if (list == NULL)
    {
      json_object_unref (o);
      return NULL;
    }
  return o;
}

static gboolean
audit_simple (PosContext  *context,
              const char  *action,
              const char  *key,
              const char  *text,
              gint64       number,
              GError     **error)
{
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (text != NULL)
    json_object_set_string_member (info, key, text);
  else
    json_object_set_int_member (info, key, number);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, action, detail, error);
}

/* -- reprint and re-issue ------------------------------------------------- */

typedef struct
{
  const char *point;
  const char *pan;
  gint64      receipt_no;
  const char *reason;
  JsonObject *result;
  gint64      new_receipt;
} SaleData;

static gboolean
reprint_body (PosContext  *context,
              PosDb       *db,
              gpointer     data,
              GError     **error)
{
  SaleData *d = data;
  g_autoptr(PosDbVendingPoint) point = pos_point_resolve (context, db, d->point, error);
  g_autoptr(PosDbSale) sale = NULL;

  if (point == NULL)
    return FALSE;
  sale = pos_db_sale_get_by_receipt (db, point->id, d->receipt_no, error);
  if (sale == NULL)
    return FALSE;
  d->result = sale_to_json (db, sale, error);
  if (d->result == NULL)
    return FALSE;
  json_object_set_string_member (d->result, "vending_point", point->name);
  json_object_set_boolean_member (d->result, "copy", TRUE);
  return audit_simple (context, "reprint", "receipt", NULL, d->receipt_no, error);
}

JsonObject *
pos_sale_reprint (PosContext  *context,
                  const char  *point,
                  gint64       receipt_no,
                  GError     **error)
{
  SaleData data = { point, NULL, receipt_no, NULL, NULL, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "reprinting a receipt", error))
    return NULL;
  if (!pos_context_in_transaction (context, reprint_body, &data, "reprint", error))
    {
      g_clear_pointer (&data.result, json_object_unref);
      return NULL;
    }
  return data.result;
}

static gboolean
reissue_body (PosContext  *context,
              PosDb       *db,
              gpointer     data,
              GError     **error)
{
  SaleData *d = data;
  g_autoptr(PosDbMeter) meter = pos_db_meter_get_by_pan (db, d->pan, error);
  g_autoptr(PosDbSale) sale = NULL;

  if (meter == NULL)
    return FALSE;
  sale = pos_db_sale_last_for_meter (db, meter->id, "credit", error);
  if (sale == NULL)
    return FALSE;
  if (g_strcmp0 (sale->status, "ok") != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "the last sale to meter %s was reversed; its token is void", d->pan);
      return FALSE;
    }
  d->result = sale_to_json (db, sale, error);
  if (d->result == NULL)
    return FALSE;
  json_object_set_boolean_member (d->result, "copy", TRUE);
  return audit_simple (context, "reissue", "meter", d->pan, 0, error);
}

JsonObject *
pos_sale_reissue (PosContext  *context,
                  const char  *pan,
                  GError     **error)
{
  SaleData data = { NULL, pan, 0, NULL, NULL, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "re-issuing a token", error))
    return NULL;
  if (!pos_context_in_transaction (context, reissue_body, &data, "re-issue", error))
    {
      g_clear_pointer (&data.result, json_object_unref);
      return NULL;
    }
  return data.result;
}

/* -- reversal ------------------------------------------------------------- */

static gboolean
reverse_body (PosContext  *context,
              PosDb       *db,
              gpointer     data,
              GError     **error)
{
  SaleData *d = data;
  g_autoptr(PosDbVendingPoint) point = pos_point_resolve (context, db, d->point, error);
  g_autoptr(PosDbSale) sale = NULL;
  g_autoptr(PosDbShift) shift = NULL;
  g_autofree char *now = pos_context_now_iso (context);
  PosDbSale reversal = { 0 };
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (point == NULL)
    return FALSE;
  sale = pos_db_sale_get_by_receipt (db, point->id, d->receipt_no, error);
  if (sale == NULL)
    return FALSE;
  if (g_strcmp0 (sale->kind, "credit") != 0 || g_strcmp0 (sale->status, "ok") != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "receipt %" G_GINT64_FORMAT " is not a credit sale that can be reversed", d->receipt_no);
      return FALSE;
    }
  /* The same day (UTC dates: the first ten characters). */
  if (strncmp (sale->created_at, now, 10) != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED,
                   "receipt %" G_GINT64_FORMAT " is from %.10s; only today's sales can be reversed",
                   d->receipt_no, sale->created_at);
      return FALSE;
    }

  /* DOMAIN.md, flow 6: only credit that can be shown unused. */
  {
    PosDbCardSaleState card;

    if (!pos_db_card_sale_state (db, sale->id, &card, error))
      return FALSE;
    if (card == POS_DB_CARD_SALE_APPLIED)
      {
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED,
                     "receipt %" G_GINT64_FORMAT " cannot be reversed: the meter has applied it (its card says so)",
                     d->receipt_no);
        return FALSE;
      }
    if (card != POS_DB_CARD_SALE_NONE)
      {
        /* Its token is on the card, or owed to it: reversing the sale
         * would leave credit the meter can still take. */
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED,
                     "receipt %" G_GINT64_FORMAT " was sold onto a card, which would still carry the credit; "
                     "it cannot be reversed here", d->receipt_no);
        return FALSE;
      }
  }

  if (!pos_db_sale_set_reversed (db, sale->id, error)
      || !pos_db_vending_point_take_receipt (db, point->id, -sale->amount, &d->new_receipt, error))
    return FALSE;
  shift = pos_db_shift_get_open (db, pos_context_get_user_id (context), NULL);
  reversal.vending_point_id = point->id;
  reversal.receipt_no = d->new_receipt;
  reversal.kind = (char *) "reversal";
  reversal.meter_id = sale->meter_id;
  reversal.customer_id = sale->customer_id;
  reversal.user_id = pos_context_get_user_id (context);
  reversal.shift_id = shift != NULL ? shift->id : 0;
  reversal.created_at = now;
  reversal.payment_method = sale->payment_method;
  reversal.amount = -sale->amount;
  reversal.vat = -sale->vat;
  reversal.fixed_charge = -sale->fixed_charge;
  reversal.debt_recovered = -sale->debt_recovered;
  reversal.energy_value = -sale->energy_value;
  reversal.kwh = -sale->kwh;
  reversal.reversal_of = sale->id;
  reversal.tariff_id = sale->tariff_id;
  reversal.reason = (char *) d->reason;
  if (!pos_db_sale_insert (db, &reversal, error))
    return FALSE;

  /* Debt recovered by the sale is owed again. */
  if (sale->debt_recovered > 0)
    {
      PosDbDebt debt;
      g_autoptr(GError) local_error = NULL;

      if (pos_db_debt_get_open (db, sale->customer_id, &debt, &local_error))
        {
          if (!pos_db_debt_adjust (db, debt.id, sale->debt_recovered, error))
            return FALSE;
        }
      else
        {
          PosDbDebt restored = { 0, sale->customer_id, sale->debt_recovered, 0, 0 };

          if (!pos_db_debt_insert (db, &restored, "restored by a reversal", now, error))
            return FALSE;
        }
    }

  json_object_set_int_member (info, "receipt", d->receipt_no);
  json_object_set_int_member (info, "reversal", d->new_receipt);
  json_object_set_string_member (info, "reason", d->reason);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "reversal", detail, error);
}

gint64
pos_sale_reverse (PosContext  *context,
                  const char  *point,
                  gint64       receipt_no,
                  const char  *reason,
                  GError     **error)
{
  SaleData data = { point, NULL, receipt_no, reason, NULL, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "reversing a sale", error))
    return 0;
  if (reason == NULL || strlen (reason) < 3)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a reversal needs a reason");
      return 0;
    }
  return pos_context_in_transaction (context, reverse_body, &data, "reversal", error) ? data.new_receipt : 0;
}

/* -- history -------------------------------------------------------------- */

static JsonArray *
sales_json (PosDb      *db,
            GPtrArray  *sales,
            GError    **error)
{
  g_autoptr(JsonArray) result = json_array_new ();

  for (guint i = 0; i < sales->len; i++)
    {
      JsonObject *o = sale_to_json (db, sales->pdata[i], error);

      if (o == NULL)
        return NULL;
      json_array_add_object_element (result, o);
    }
  return g_steal_pointer (&result);
}

JsonArray *
pos_sale_history (PosContext  *context,
                  const char  *pan,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(PosDbMeter) meter = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  JsonArray *result;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "sales history", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  meter = pos_db_meter_get_by_pan (db, pan, error);
  sales = meter != NULL ? pos_db_sale_list_for_meter (db, meter->id, limit, error) : NULL;
  result = sales != NULL ? sales_json (db, sales, error) : NULL;
  if (result == NULL)
    pos_app_error_from_db (error, "sales history");
  return result;
}

JsonArray *
pos_sale_history_for_customer (PosContext  *context,
                               const char  *account_no,
                               guint        limit,
                               GError     **error)
{
  g_autoptr(PosDbCustomer) customer = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  JsonArray *result;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "sales history", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  customer = pos_customer_lookup (db, account_no, error);
  sales = customer != NULL ? pos_db_sale_list_for_customer (db, customer->id, limit, error) : NULL;
  result = sales != NULL ? sales_json (db, sales, error) : NULL;
  if (result == NULL)
    pos_app_error_from_db (error, "sales history");
  return result;
}

/* -- Z reports ------------------------------------------------------------ */

typedef struct
{
  const char *point;
  const char *day;
  gint64      number;
  JsonObject *result;
} ZData;

static JsonArray *
totals_array (GPtrArray *list,
              gboolean   kwh)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < list->len; i++)
    {
      PosDbCashierTotal *t = list->pdata[i];
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "name", t->name);
      json_object_set_int_member (o, "sales", t->n_sales);
      json_object_set_int_member (o, kwh ? "kwh_tenths" : "amount", t->amount);
      json_array_add_object_element (array, o);
    }
  return array;
}

void
pos_totals_to_json (const PosDbDayTotals *totals,
                    JsonObject           *into)
{
  JsonArray *hourly = json_array_new ();

  json_object_set_int_member (into, "sales", totals->n_sales);
  json_object_set_int_member (into, "amount", totals->amount);
  json_object_set_int_member (into, "vat", totals->vat);
  json_object_set_int_member (into, "fixed_charges", totals->fixed_charge);
  json_object_set_int_member (into, "debt_recovered", totals->debt_recovered);
  json_object_set_int_member (into, "kwh_tenths", totals->kwh);
  json_object_set_int_member (into, "tokens", totals->n_tokens);
  json_object_set_int_member (into, "reversals", totals->n_reversals);
  json_object_set_int_member (into, "reversed_amount", totals->reversed_amount);
  json_object_set_array_member (into, "by_cashier", totals_array (totals->by_cashier, FALSE));
  json_object_set_array_member (into, "by_payment", totals_array (totals->by_payment, FALSE));
  json_object_set_array_member (into, "by_tariff", totals_array (totals->by_tariff, FALSE));
  json_object_set_array_member (into, "by_token", totals_array (totals->by_token, TRUE));
  for (int h = 0; h < 24; h++)
    json_array_add_int_element (hourly, totals->hourly[h]);
  json_object_set_array_member (into, "hourly", hourly);
}

static gboolean
z_close_body (PosContext  *context,
              PosDb       *db,
              gpointer     data,
              GError     **error)
{
  ZData *d = data;
  g_autoptr(PosDbVendingPoint) point = pos_point_resolve (context, db, d->point, error);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *from = NULL, *to = NULL, *iso = NULL, *now = pos_context_now_iso (context);
  g_autofree char *body = NULL;
  PosDbDayTotals totals;
  gboolean ok;

  if (point == NULL)
    return FALSE;
  iso = g_strdup_printf ("%sT00:00:00Z", d->day);
  start = g_date_time_new_from_iso8601 (iso, NULL);
  if (start == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the day is YYYY-MM-DD, not “%s”", d->day);
      return FALSE;
    }
  if (strcmp (iso, now) > 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "%s has not begun yet", d->day);
      return FALSE;
    }
  end = g_date_time_add_days (start, 1);
  from = g_date_time_format (start, "%Y-%m-%dT%H:%M:%SZ");
  to = g_date_time_format (end, "%Y-%m-%dT%H:%M:%SZ");

  ok = pos_db_totals (db, POS_DB_SCOPE_POINT, point->id, from, to, &totals, error);
  if (ok)
    {
      d->result = json_object_new ();
      json_object_set_string_member (d->result, "vending_point", point->name);
      json_object_set_string_member (d->result, "day", d->day);
      json_object_set_string_member (d->result, "from", from);
      json_object_set_string_member (d->result, "to", to);
      json_object_set_string_member (d->result, "closed_at", now);
      json_object_set_string_member (d->result, "closed_by", pos_context_get_username (context));
      pos_totals_to_json (&totals, d->result);
    }
  pos_db_day_totals_clear (&totals);
  if (!ok)
    return FALSE;

  body = pos_json_to_string (d->result);
  if (!pos_db_z_report_insert (db, point->id, d->day, now, pos_context_get_user_id (context), body,
                               &d->number, error))
    {
      if (g_error_matches (*error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE, "%s is closed already at %s",
                       d->day, point->name);
        }
      return FALSE;
    }
  json_object_set_int_member (d->result, "number", d->number);
  return audit_simple (context, "z-report", "number", NULL, d->number, error);
}

JsonObject *
pos_z_report_close (PosContext  *context,
                    const char  *point,
                    const char  *day,
                    GError     **error)
{
  ZData data = { point, day, 0, NULL };

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "closing the day", error))
    return NULL;
  if (day == NULL || strlen (day) != 10)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the day is YYYY-MM-DD");
      return NULL;
    }
  if (!pos_context_in_transaction (context, z_close_body, &data, "Z report", error))
    {
      g_clear_pointer (&data.result, json_object_unref);
      return NULL;
    }
  return data.result;
}

JsonObject *
pos_z_report_get (PosContext  *context,
                  const char  *point,
                  gint64       number,
                  GError     **error)
{
  g_autoptr(PosDbVendingPoint) vp = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *report;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "reprinting a Z report", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  vp = pos_point_resolve (context, db, point, error);
  body = vp != NULL ? pos_db_z_report_get (db, vp->id, number, error) : NULL;
  if (body == NULL)
    {
      pos_app_error_from_db (error, "Z report");
      return NULL;
    }
  node = json_from_string (body, error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_STORAGE, "Z report %" G_GINT64_FORMAT " is damaged", number);
      return NULL;
    }
  report = json_object_ref (json_node_get_object (node));
  json_object_set_int_member (report, "number", number);
  json_object_set_boolean_member (report, "copy", TRUE);
  return report;
}

/* -- audit and backup ----------------------------------------------------- */

gboolean
pos_audit_verify (PosContext  *context,
                  gint64      *out_rows,
                  GError     **error)
{
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "verifying the audit log", error))
    return FALSE;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return FALSE;
  if (!pos_db_audit_verify (db, out_rows, error))
    {
      if ((*error)->domain == POS_DB_ERROR && (*error)->code == POS_DB_ERROR_CONSTRAINT)
        {
          (*error)->domain = POS_APP_ERROR;
          (*error)->code = POS_APP_ERROR_STORAGE;
        }
      else
        pos_app_error_from_db (error, "audit log");
      return FALSE;
    }
  return TRUE;
}

static gboolean
backup_audit_body (PosContext  *context,
                   PosDb       *db,
                   gpointer     data,
                   GError     **error)
{
  return audit_simple (context, "backup", "file", data, 0, error);
}

gboolean
pos_backup (PosContext  *context,
            const char  *dest,
            GError     **error)
{
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "backing up", error))
    return FALSE;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return FALSE;
  if (!pos_db_backup (db, dest, error))
    {
      pos_app_error_from_db (error, "backup");
      return FALSE;
    }
  return pos_context_in_transaction (context, backup_audit_body, (gpointer) dest, "backup", error);
}

/* A restore brings back an older database: whatever the replaced one had
 * issued since must never be issued again.  Its marks are read first;
 * after the restore, the restored database is stepped past them. */
typedef struct
{
  const char     *source;
  const char     *username;
  PosDbHighWater *live;          /* NULL: the replaced database could not be read */
  gint64          generation;
  gint64          tid_floor;     /* Unix time */
  gboolean        blind;         /* what the replaced database issued is unknown */
} RestoreRecord;

/* The Unix time of the latest TID in @marks (0: none). */
static gint64
latest_tid_time (const PosDbHighWater *marks)
{
  gint64 latest = 0;

  for (guint i = 0; marks != NULL && i < marks->tids->len; i++)
    {
      const PosDbTidMark *mark = &g_array_index (marks->tids, PosDbTidMark, i);

      if (mark->tid >= 0 && mark->tid <= STS_TID_MAX)
        latest = MAX (latest, sts_tid_to_unix ((StsBaseDate) mark->base, (guint32) mark->tid));
    }
  return latest;
}

/* When the replaced database cannot be read, the TIDs it stepped ahead of
 * the clock (several tokens to one meter in a minute) are unknown: a day
 * is far more than any till steps. */
#define RESTORE_BLIND_MARGIN_S (24 * 60 * 60)

static gboolean
restore_record_body (PosContext  *context,
                     PosDb       *db,
                     gpointer     data,
                     GError     **error)
{
  RestoreRecord *rec = data;
  g_autoptr(JsonObject) info = json_object_new ();
  g_autoptr(GDateTime) floor_time = NULL;
  g_autofree char *restored_at = pos_context_now_iso (context);
  g_autofree char *floor_iso = NULL;
  g_autofree char *detail = NULL;

  if (!pos_db_restore_record (db, rec->generation, restored_at, rec->source, rec->tid_floor, rec->live, error))
    return FALSE;
  floor_time = g_date_time_new_from_unix_utc (rec->tid_floor);
  floor_iso = g_date_time_format (floor_time, "%Y-%m-%dT%H:%M:%SZ");
  json_object_set_string_member (info, "from", rec->source);
  json_object_set_string_member (info, "by", rec->username);
  json_object_set_int_member (info, "generation", rec->generation);
  json_object_set_string_member (info, "tids_from", floor_iso);
  json_object_set_boolean_member (info, "replaced_database_known", !rec->blind);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "restore", detail, error);
}

gboolean
pos_restore (PosContext  *context,
             const char  *src,
             GError     **error)
{
  g_autofree char *username = NULL;
  g_autoptr(PosDbHighWater) live = NULL;
  g_autoptr(PosDbHighWater) restored = NULL;
  g_autoptr(GError) live_error = NULL;
  g_autoptr(GDateTime) now = NULL;
  RestoreRecord rec = { 0 };
  gint64 latest;
  gboolean ok, blind;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "restoring a backup", error))
    return FALSE;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return FALSE;
  live = pos_db_high_water_read (db, &live_error);
  if (live == NULL)
    g_warning ("restore: the database being replaced could not be read (%s); "
               "token IDs will start a day ahead", live_error->message);
  if (!pos_db_restore (db, src, error))
    {
      pos_app_error_from_db (error, "restore");
      return FALSE;
    }
  username = g_strdup (pos_context_get_username (context));
  restored = pos_db_high_water_read (db, error);
  if (restored == NULL)
    {
      pos_app_error_from_db (error, "restore");
      pos_context_logout (context);
      return FALSE;
    }

  /* A replaced database that is behind the backup (a new machine's empty
   * one) is not the one that went on from it: what that one issued is as
   * unknown as if it could not be read. */
  blind = live == NULL || live->generation < restored->generation
          || latest_tid_time (live) < latest_tid_time (restored);
  now = pos_context_now (context);
  latest = MAX (g_date_time_to_unix (now), MAX (latest_tid_time (live), latest_tid_time (restored)));
  rec.source = src;
  rec.username = username;
  rec.live = live;
  rec.blind = blind;
  rec.generation = MAX (live != NULL ? live->generation : 0, restored->generation) + 1;
  /* The minute after the latest one either database issued, or now. */
  rec.tid_floor = latest - latest % 60 + 60 + (blind ? RESTORE_BLIND_MARGIN_S : 0);
  ok = pos_context_in_transaction (context, restore_record_body, &rec, "restore", error);
  pos_context_logout (context);
  return ok;
}
