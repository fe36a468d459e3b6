/* pos-vend.c: quotes, vends and shifts */
#include <string.h>

#include "pos-context-private.h"
#include "pos-money.h"
#include "pos-vend-private.h"
#include "pos-vend.h"

/* -- the money ------------------------------------------------------------ */

/* a * b, or FALSE when it does not fit in 64 bits. */
static inline gboolean
checked_mul (gint64  a,
             gint64  b,
             gint64 *out)
{
  return !__builtin_mul_overflow (a, b, out);
}

static gboolean
too_large (GError **error)
{
  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT,
               "the amount is too large to price with this tariff: sell a smaller amount");
  return FALSE;
}

/* Splits @tendered into debt recovery, fixed charge, VAT and energy, and
 * the energy into kWh through the tariff's steps from @month_kwh on.  kWh
 * are rounded up, in the customer's favour.  Every product is checked: an
 * amount that would overflow is refused, never priced wrong. */
static gboolean
compute_quote (const PosDbTariff  *tariff,
               gint64              month_kwh,
               gint64              fixed_due,
               const PosDbDebt    *debt,
               gint64              tendered,
               PosVendQuote       *q,
               GError            **error)
{
  gint64 rest = tendered;
  gint64 bp = tariff->vat_rate_bp;
  gint64 money, m4, c = month_kwh, paid = 0, vat2;

  memset (q, 0, sizeof *q);
  q->tendered = tendered;
  if (tendered < 0 || bp < 0 || bp > 10000)
    return too_large (error);

  if (debt != NULL && debt->balance > 0)
    {
      gint64 r;

      if (!checked_mul (tendered, debt->recovery_bp, &r))
        return too_large (error);
      r /= 10000;
      r = MAX (r, debt->min_per_vend);
      r = MIN (r, MIN (debt->balance, rest));
      q->debt_recovered = r;
      q->debt_balance = debt->balance - r;
      rest -= r;
    }
  q->fixed_charge = MIN (MAX (fixed_due, 0), rest);
  rest -= q->fixed_charge;

  /* VAT is inside what is left (rounded half up). */
  if (!checked_mul (rest, bp * 2, &vat2) || vat2 > G_MAXINT64 - (10000 + bp))
    return too_large (error);
  q->vat = (vat2 + (10000 + bp)) / (2 * (10000 + bp));
  q->energy_value = rest - q->vat;
  money = tariff->vat_inclusive ? rest : q->energy_value;

  /* Money in 1/10000 of a minor unit: a price per kWh in thousandths of a
   * minor unit is then exactly the cost of one tenth of a kWh. */
  if (!checked_mul (money, 10000, &m4))
    return too_large (error);
  for (guint i = 0; i < tariff->blocks->len && m4 > 0; i++)
    {
      const PosDbTariffBlock *b = &g_array_index (tariff->blocks, PosDbTariffBlock, i);
      PosVendLine *line;
      gint64 tenths, step_cost = G_MAXINT64;

      if (b->up_to > 0 && c >= b->up_to)
        continue;
      if (q->n_lines == POS_VEND_MAX_LINES)
        break;
      if (b->price <= 0)
        return too_large (error);
      line = &q->lines[q->n_lines++];
      line->price = b->price;
      /* A step too dear to cost in 64 bits is more than any amount buys. */
      if (b->up_to > 0 && !checked_mul (b->up_to - c, b->price, &step_cost))
        step_cost = G_MAXINT64;
      if (b->up_to > 0 && m4 >= step_cost)
        {
          tenths = b->up_to - c;
          m4 -= step_cost;
          line->value = step_cost / 10000;
        }
      else
        {
          tenths = m4 / b->price + (m4 % b->price != 0);
          line->value = money - paid;
          m4 = 0;
        }
      if (tenths > (gint64) STS_AMOUNT_MAX - q->kwh)
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT,
                       "the amount buys more energy than a token carries");
          return FALSE;
        }
      line->kwh = tenths;
      paid += line->value;
      c += tenths;
      q->kwh += tenths;
    }

  if (q->kwh == 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT,
                   "the amount covers only charges and debt: no energy to sell");
      return FALSE;
    }
  if (q->kwh > STS_AMOUNT_MAX)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT, "the amount buys more energy than a token carries");
      return FALSE;
    }
  return TRUE;
}

/* The start of this month and of the next, as stored times. */
static void
month_bounds (GDateTime  *now,
              char      **out_from,
              char      **out_to)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                                    1, 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_months (start, 1);

  *out_from = g_date_time_format (start, "%Y-%m-%dT%H:%M:%SZ");
  *out_to = g_date_time_format (next, "%Y-%m-%dT%H:%M:%SZ");
}

/* Everything a vend reads, loaded inside its transaction. */
typedef struct
{
  const char        *pan;
  gint64             tendered;
  gboolean           commit;     /* FALSE: a quote only */
  gboolean           free_issue; /* the month's free basic electricity */

  PosDbMeter        *meter;
  PosDbSupplyGroup  *group;
  PosDbTariff       *tariff;
  PosDbUtility      *utility;
  PosDbShift        *shift;
  PosDbVendingPoint *point;
  PosDbDebt          debt;
  gboolean           has_debt;
  char              *now;
  GDateTime         *now_dt;

  PosVendResult      result;
} VendData;

static void
vend_data_clear (VendData *d)
{
  g_clear_pointer (&d->meter, pos_db_meter_free);
  g_clear_pointer (&d->group, pos_db_supply_group_free);
  g_clear_pointer (&d->tariff, pos_db_tariff_free);
  g_clear_pointer (&d->utility, pos_db_utility_free);
  g_clear_pointer (&d->shift, pos_db_shift_free);
  g_clear_pointer (&d->point, pos_db_vending_point_free);
  g_clear_pointer (&d->now, g_free);
  g_clear_pointer (&d->now_dt, g_date_time_unref);
}

/* Free basic electricity: the tariff's monthly allowance, once per meter
 * and calendar month (UTC), at no cost. */
static gboolean
load_free_issue (PosDb     *db,
                 VendData  *d,
                 GError   **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 issued;

  if (d->tariff->free_units > (gint64) STS_AMOUNT_MAX)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT,
                   "tariff %s gives more free electricity than a token carries", d->tariff->name);
      return FALSE;
    }
  if (d->tariff->free_units <= 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "tariff %s has no free basic electricity", d->tariff->name);
      return FALSE;
    }
  month_bounds (d->now_dt, &from, &to);
  issued = pos_db_meter_sales_between (db, d->meter->id, "free", from, to, error);
  if (issued < 0)
    return FALSE;
  if (issued > 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE,
                   "meter %s has had this month's free basic electricity already", d->pan);
      return FALSE;
    }
  memset (&d->result.quote, 0, sizeof d->result.quote);
  d->result.quote.kwh = d->tariff->free_units;
  return TRUE;
}

static gboolean
load_and_quote (PosContext  *context,
                PosDb       *db,
                VendData    *d,
                GError     **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 month_kwh, fixed_paid;

  d->utility = pos_db_utility_get (db, error);
  if (d->utility == NULL)
    return FALSE;
  d->meter = pos_db_meter_get_by_pan (db, d->pan, error);
  if (d->meter == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "meter %s is not registered", d->pan);
      return FALSE;
    }
  if (g_strcmp0 (d->meter->status, "active") != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED, "meter %s is %s", d->pan, d->meter->status);
      return FALSE;
    }
  d->group = pos_db_supply_group_get (db, d->meter->supply_group_id, error);
  d->tariff = d->group != NULL ? pos_db_tariff_get (db, d->meter->tariff_id, error) : NULL;
  if (d->tariff == NULL)
    return FALSE;

  if (d->free_issue)
    return load_free_issue (db, d, error);
  if (d->tendered <= 0 || d->tendered < d->utility->min_vend || d->tendered > POS_MONEY_MAX
      || (d->utility->max_vend > 0 && d->tendered > d->utility->max_vend))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT,
                   "a vend is from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " (minor units); %"
                   G_GINT64_FORMAT " is outside", MAX (d->utility->min_vend, 1),
                   d->utility->max_vend > 0 ? MIN (d->utility->max_vend, POS_MONEY_MAX) : POS_MONEY_MAX,
                   d->tendered);
      return FALSE;
    }

  month_bounds (d->now_dt, &from, &to);
  month_kwh = pos_db_meter_kwh_between (db, d->meter->id, from, to, error);
  fixed_paid = pos_db_customer_fixed_between (db, d->meter->customer_id, from, to, error);
  if (month_kwh < 0 || fixed_paid < 0)
    return FALSE;
  d->has_debt = pos_db_debt_get_open (db, d->meter->customer_id, &d->debt, &local_error);
  if (!d->has_debt && !g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return compute_quote (d->tariff, month_kwh, d->tariff->fixed_monthly - fixed_paid,
                        d->has_debt ? &d->debt : NULL, d->tendered, &d->result.quote, error);
}

gboolean
pos_meter_decoder_key (PosContext              *context,
                       PosDb                   *db,
                       const char              *pan,
                       const PosDbSupplyGroup  *group,
                       int                      ti,
                       StsKey                  *out_dk,
                       GError                 **error)
{
  const StsKek *kek = pos_context_get_kek (context, error);
  g_autoptr(PosDbVendingKey) record = NULL;
  g_autofree char *aad = NULL;
  StsKeyInfo info;
  StsKey vk;
  gsize len;
  const guint8 *wrapped;
  StsStatus status;

  if (kek == NULL)
    return FALSE;
  record = pos_db_vending_key_get (db, group->vending_key_id, error);
  if (record == NULL)
    return FALSE;
  aad = g_strdup_printf ("stsvend vending key %s", record->name);
  wrapped = g_bytes_get_data (record->wrapped, &len);

  memset (&info, 0, sizeof info);
  status = sts_pan_parse (&info.pan, pan);
  info.sgc = (uint32_t) g_ascii_strtoull (group->sgc, NULL, 10);
  info.ti = (uint8_t) ti;
  info.krn = (uint8_t) group->krn;
  info.kt = (uint8_t) group->kt;
  info.ken = (uint8_t) group->ken;
  info.base = (StsBaseDate) group->base;
  info.ea = (StsEa) group->ea;
  info.dkga = (StsDkga) record->dkga;
  if (status == STS_OK)
    status = sts_key_unwrap (&vk, kek, wrapped, len, aad);
  if (status == STS_OK)
    {
      status = sts_key_derive (out_dk, &vk, &info);
      sts_key_wipe (&vk);
    }
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_KEY, "meter %s: the decoder key: %s",
                   pan, sts_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* The meter's decoder key prepared for its algorithm; cleared by the
 * caller. */
static gboolean
meter_cipher (PosContext  *context,
              PosDb       *db,
              VendData    *d,
              StsCipher   *out,
              GError     **error)
{
  StsKey dk;
  StsStatus status;

  if (!pos_meter_decoder_key (context, db, d->meter->pan, d->group, d->meter->ti, &dk, error))
    return FALSE;
  status = sts_cipher_init (out, (StsEa) d->group->ea, &dk);
  sts_key_wipe (&dk);
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_KEY, "meter %s: %s", d->meter->pan,
                   sts_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
pos_meter_next_tid (PosDb                   *db,
                    GDateTime               *now,
                    const PosDbMeter        *meter,
                    const PosDbSupplyGroup  *group,
                    guint32                 *out_tid,
                    GError                 **error)
{
  guint32 tid;
  gint64 candidate, when, floor = 0;

  if (!pos_db_restore_marks (db, NULL, &floor, error))
    return FALSE;
  /* After a restore, the minutes up to the floor may have been issued by
   * the database it replaced: the meter would refuse them as used. */
  when = MAX (g_date_time_to_unix (now), floor);
  if (sts_tid_from_unix (&tid, (StsBaseDate) group->base, when) != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_TID_OUT_OF_RANGE,
                   "the clock is outside base date %d: the meter needs a key change to a new base date",
                   group->base);
      return FALSE;
    }
  /* Now, or one past the last TID the meter was issued, whichever is
   * later; never the reserved minute 00:01 (SPEC 1.5). */
  candidate = MAX ((gint64) tid, meter->last_tid + 1);
  if (candidate % 1440 == 1)
    candidate++;
  if (candidate > STS_TID_MAX)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_TID_OUT_OF_RANGE,
                   "meter %s has used every TID of base date %d", meter->pan, group->base);
      return FALSE;
    }
  if (sts_tid_key_expired ((guint32) candidate, (guint8) group->ken))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_KEY_EXPIRED,
                   "the decoder key of supply group %s has expired (KEN %d)", group->sgc, group->ken);
      return FALSE;
    }
  *out_tid = (guint32) candidate;
  return TRUE;
}

/* What the receipt of a vend needs that the sale's columns do not hold:
 * the tariff and its lines as sold, the debt left, and the meter's key
 * identity at the time (a key change may move it later). */
static char *
sale_detail (VendData *d)
{
  g_autoptr(JsonObject) o = json_object_new ();
  JsonArray *lines = json_array_new ();

  json_object_set_string_member (o, "tariff", d->tariff->name);
  for (guint i = 0; i < d->result.quote.n_lines; i++)
    {
      const PosVendLine *l = &d->result.quote.lines[i];
      JsonObject *lo = json_object_new ();

      json_object_set_int_member (lo, "kwh_tenths", l->kwh);
      json_object_set_int_member (lo, "price", l->price);
      json_object_set_int_member (lo, "value", l->value);
      json_array_add_object_element (lines, lo);
    }
  json_object_set_array_member (o, "lines", lines);
  json_object_set_int_member (o, "debt_balance", d->result.quote.debt_balance);
  json_object_set_string_member (o, "sgc", d->group->sgc);
  json_object_set_int_member (o, "krn", d->group->krn);
  json_object_set_int_member (o, "ti", d->meter->ti);
  return pos_json_to_string (o);
}

static gboolean
vend_body (PosContext  *context,
           PosDb       *db,
           gpointer     data,
           GError     **error)
{
  VendData *d = data;
  PosVendResult *r = &d->result;
  g_autoptr(GError) local_error = NULL;
  StsCipher cipher;
  StsTokenData td;
  StsStatus status;
  PosDbSale sale = { 0 };
  PosDbToken token = { 0 };
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;
  g_autofree char *audit_detail = NULL;

  if (!load_and_quote (context, db, d, error))
    return FALSE;
  if (!d->commit)
    return TRUE;

  d->shift = pos_db_shift_get_open (db, pos_context_get_user_id (context), &local_error);
  if (d->shift == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NO_SHIFT, "open a shift before selling");
      return FALSE;
    }
  d->point = pos_db_vending_point_get (db, d->shift->vending_point_id, error);
  if (d->point == NULL)
    return FALSE;
  {
    g_autofree char *today = g_strndup (d->now, 10);
    g_autoptr(GError) z_error = NULL;

    if (pos_db_z_report_exists (db, d->point->id, today, &z_error))
      {
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT,
                     "%s is closed at %s (Z report done): sales resume tomorrow", today, d->point->name);
        return FALSE;
      }
    if (z_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&z_error));
        return FALSE;
      }
  }
  if (d->tendered > 0 && d->point->credit_ceiling > 0
      && d->tendered > d->point->credit_ceiling - d->point->credit_used)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LIMIT,
                   "vending point %s has reached its credit ceiling; an administrator must reconcile it",
                   d->point->name);
      return FALSE;
    }

  if (!pos_meter_next_tid (db, d->now_dt, d->meter, d->group, &r->tid, error)
      || !meter_cipher (context, db, d, &cipher, error))
    return FALSE;
  memset (&td, 0, sizeof td);
  td.token_class = STS_CLASS_TRANSFER;
  td.subclass = STS_SUB_ELECTRICITY;
  td.tid = r->tid;
  status = sts_random_nibble (&td.rnd);
  if (status == STS_OK)
    status = sts_amount_encode (&td.value, (uint32_t) r->quote.kwh);
  if (status == STS_OK)
    status = sts_token_generate (r->token, &cipher, &td);
  sts_cipher_clear (&cipher);
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "making the token: %s", sts_status_to_string (status));
      return FALSE;
    }
  /* The meter gets what the token carries (never less than paid for). */
  r->quote.kwh = sts_amount_decode (td.value);

  if (!pos_db_vending_point_take_receipt (db, d->point->id, d->tendered, &r->receipt_no, error))
    return FALSE;
  sale.vending_point_id = d->point->id;
  sale.receipt_no = r->receipt_no;
  sale.kind = (char *) (d->free_issue ? "free" : "credit");
  sale.meter_id = d->meter->id;
  sale.customer_id = d->meter->customer_id;
  sale.user_id = pos_context_get_user_id (context);
  sale.shift_id = d->shift->id;
  sale.created_at = d->now;
  sale.tendered = d->tendered;
  sale.amount = d->tendered;
  sale.vat = r->quote.vat;
  sale.fixed_charge = r->quote.fixed_charge;
  sale.debt_recovered = r->quote.debt_recovered;
  sale.energy_value = r->quote.energy_value;
  sale.kwh = r->quote.kwh;
  sale.tariff_id = d->tariff->id;
  detail = sale_detail (d);
  sale.detail = detail;
  if (!pos_db_sale_insert (db, &sale, error))
    return FALSE;
  r->sale_id = sale.id;

  token.sale_id = sale.id;
  token.meter_id = d->meter->id;
  token.seq = 1;
  g_strlcpy (token.token, r->token, sizeof token.token);
  token.tid = r->tid;
  token.base = d->group->base;
  token.token_class = td.token_class;
  token.subclass = td.subclass;
  if (!pos_db_token_insert (db, &token, error)
      || !pos_db_meter_set_last_tid (db, d->meter->id, r->tid, error))
    return FALSE;
  if (r->quote.debt_recovered > 0 && !pos_db_debt_adjust (db, d->debt.id, -r->quote.debt_recovered, error))
    return FALSE;

  json_object_set_int_member (info, "receipt", r->receipt_no);
  json_object_set_string_member (info, "meter", d->meter->pan);
  json_object_set_int_member (info, "amount", d->tendered);
  json_object_set_int_member (info, "kwh", r->quote.kwh);
  json_object_set_int_member (info, "tid", r->tid);
  audit_detail = pos_json_to_string (info);
  if (!pos_context_audit (context, d->free_issue ? "free-issue" : "vend", audit_detail, error))
    return FALSE;
  g_strlcpy (r->created_at, d->now, sizeof r->created_at);
  return TRUE;
}

static gboolean
run_vend (PosContext     *context,
          const char     *pan,
          gint64          tendered,
          gboolean        commit,
          gboolean        free_issue,
          PosVendResult  *out,
          GError        **error)
{
  VendData d;
  gboolean ok;

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, commit ? "selling" : "quoting", error))
    return FALSE;
  memset (&d, 0, sizeof d);
  d.pan = pan;
  d.tendered = tendered;
  d.commit = commit;
  d.free_issue = free_issue;
  d.now_dt = pos_context_now (context);
  d.now = g_date_time_format (d.now_dt, "%Y-%m-%dT%H:%M:%SZ");
  ok = pos_context_in_transaction (context, vend_body, &d, commit ? "vend" : "quote", error);
  if (ok)
    *out = d.result;
  /* The token leaves only once its sale is committed. */
  memset (&d.result, 0, sizeof d.result);
  vend_data_clear (&d);
  return ok;
}

gboolean
pos_vend_quote (PosContext    *context,
                const char    *pan,
                gint64         tendered,
                PosVendQuote  *out_quote,
                GError       **error)
{
  PosVendResult result;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!run_vend (context, pan, tendered, FALSE, FALSE, &result, error))
    return FALSE;
  *out_quote = result.quote;
  return TRUE;
}

gboolean
pos_vend (PosContext     *context,
          const char     *pan,
          gint64          tendered,
          PosVendResult  *out_result,
          GError        **error)
{
  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  return run_vend (context, pan, tendered, TRUE, FALSE, out_result, error);
}

gboolean
pos_vend_free_issue (PosContext     *context,
                     const char     *pan,
                     PosVendResult  *out_result,
                     GError        **error)
{
  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  return run_vend (context, pan, 0, TRUE, TRUE, out_result, error);
}

/* -- shifts ----------------------------------------------------------------- */

typedef struct
{
  const char *point;
  gint64 amount;
  gint64 id;
  gint64 expected;
} ShiftData;

static gboolean
open_shift_body (PosContext  *context,
                 PosDb       *db,
                 gpointer     data,
                 GError     **error)
{
  ShiftData *d = data;
  g_autoptr(PosDbVendingPoint) point = pos_db_vending_point_get_by_name (db, d->point, error);
  g_autofree char *now = pos_context_now_iso (context);
  PosDbShift shift = { 0 };
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (point == NULL)
    return FALSE;
  shift.user_id = pos_context_get_user_id (context);
  shift.vending_point_id = point->id;
  shift.opened_at = now;
  shift.opening_float = d->amount;
  if (!pos_db_shift_open (db, &shift, error))
    {
      if (g_error_matches (*error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE, "a shift is open already");
        }
      return FALSE;
    }
  d->id = shift.id;
  json_object_set_string_member (info, "vending_point", d->point);
  json_object_set_int_member (info, "float", d->amount);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "shift-open", detail, error);
}

gint64
pos_shift_open (PosContext  *context,
                const char  *vending_point,
                gint64       opening_float,
                GError     **error)
{
  ShiftData data = { vending_point, opening_float, 0, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "opening a shift", error))
    return 0;
  if (!pos_money_check (opening_float, "the float", error))
    return 0;
  return pos_context_in_transaction (context, open_shift_body, &data, "opening the shift", error) ? data.id : 0;
}

static gboolean
close_shift_body (PosContext  *context,
                  PosDb       *db,
                  gpointer     data,
                  GError     **error)
{
  ShiftData *d = data;
  g_autoptr(PosDbShift) shift = pos_db_shift_get_open (db, pos_context_get_user_id (context), error);
  g_autofree char *now = pos_context_now_iso (context);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (shift == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NO_SHIFT, "no shift is open");
      return FALSE;
    }
  if (!pos_db_shift_expected_cash (db, shift->id, &d->expected, error)
      || !pos_db_shift_close (db, shift->id, now, d->amount, d->expected, error))
    return FALSE;
  json_object_set_int_member (info, "counted", d->amount);
  json_object_set_int_member (info, "expected", d->expected);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "shift-close", detail, error);
}

gboolean
pos_shift_close (PosContext  *context,
                 gint64       counted_cash,
                 gint64      *out_expected,
                 gint64      *out_difference,
                 GError     **error)
{
  ShiftData data = { NULL, counted_cash, 0, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "closing a shift", error))
    return FALSE;
  if (!pos_money_check (counted_cash, "the counted cash", error))
    return FALSE;
  if (!pos_context_in_transaction (context, close_shift_body, &data, "closing the shift", error))
    return FALSE;
  if (out_expected != NULL)
    *out_expected = data.expected;
  if (out_difference != NULL)
    *out_difference = counted_cash - data.expected;
  return TRUE;
}
