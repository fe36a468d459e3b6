/* pos-db-sales.c: the queries behind pos-db-sales.h */
#include <string.h>

#include "pos-db-private.h"
#include "pos-db-sales.h"

/* -- sales ------------------------------------------------------------- */

void
pos_db_sale_free (PosDbSale *s)
{
  if (s == NULL)
    return;
  g_free (s->kind);
  g_free (s->created_at);
  g_free (s->payment_method);
  g_free (s->status);
  g_free (s->reason);
  g_free (s->detail);
  g_free (s);
}

gboolean
pos_db_sale_insert (PosDb      *self,
                    PosDbSale  *s,
                    GError    **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sale-insert",
    "INSERT INTO sales (vending_point_id, receipt_no, kind, meter_id, customer_id, user_id, shift_id,"
    " created_at, payment_method, tendered, amount, vat, fixed_charge, debt_recovered, energy_value, kwh,"
    " status, reversal_of, reason, detail, tariff_id, generation)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    "  (SELECT coalesce (max (generation), 0) FROM restores))"
    " RETURNING id, generation", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, s->vending_point_id);
  sqlite3_bind_int64 (stmt, 2, s->receipt_no);
  pos_db_bind_text (stmt, 3, s->kind);
  pos_db_bind_id (stmt, 4, s->meter_id);
  pos_db_bind_id (stmt, 5, s->customer_id);
  sqlite3_bind_int64 (stmt, 6, s->user_id);
  pos_db_bind_id (stmt, 7, s->shift_id);
  pos_db_bind_text (stmt, 8, s->created_at);
  pos_db_bind_text (stmt, 9, s->payment_method != NULL ? s->payment_method : "cash");
  sqlite3_bind_int64 (stmt, 10, s->tendered);
  sqlite3_bind_int64 (stmt, 11, s->amount);
  sqlite3_bind_int64 (stmt, 12, s->vat);
  sqlite3_bind_int64 (stmt, 13, s->fixed_charge);
  sqlite3_bind_int64 (stmt, 14, s->debt_recovered);
  sqlite3_bind_int64 (stmt, 15, s->energy_value);
  sqlite3_bind_int64 (stmt, 16, s->kwh);
  pos_db_bind_text (stmt, 17, s->status != NULL ? s->status : "ok");
  pos_db_bind_id (stmt, 18, s->reversal_of);
  pos_db_bind_text (stmt, 19, s->reason);
  pos_db_bind_text (stmt, 20, s->detail != NULL ? s->detail : "{}");
  pos_db_bind_id (stmt, 21, s->tariff_id);
  if (!pos_db_step_row (self, stmt, "sale", error))
    return FALSE;
  s->id = sqlite3_column_int64 (stmt, 0);
  s->generation = sqlite3_column_int64 (stmt, 1);
  return pos_db_step (self, stmt, error) == SQLITE_DONE;
}

gint64
pos_db_sale_prints (PosDb   *self,
                    gint64   id,
                    GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sale-prints", "SELECT prints FROM sales WHERE id = ?", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  return pos_db_step_int (self, stmt, error);
}

gboolean
pos_db_sale_count_print (PosDb   *self,
                         gint64   id,
                         gint64  *out_prints,
                         GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sale-count-print",
                                       "UPDATE sales SET prints = prints + 1 WHERE id = ? RETURNING prints", error);
  gint64 prints;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!pos_db_step_row (self, stmt, "sale", error))
    return FALSE;
  prints = sqlite3_column_int64 (stmt, 0);
  if (pos_db_step (self, stmt, error) != SQLITE_DONE)
    return FALSE;
  *out_prints = prints;
  return TRUE;
}

gboolean
pos_db_token_insert (PosDb       *self,
                     PosDbToken  *t,
                     GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "token-insert",
    "INSERT INTO tokens (sale_id, meter_id, seq, token, tid, base, token_class, subclass)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, t->sale_id);
  sqlite3_bind_int64 (stmt, 2, t->meter_id);
  sqlite3_bind_int (stmt, 3, t->seq);
  pos_db_bind_text (stmt, 4, t->token);
  if (t->tid < 0)
    {
      sqlite3_bind_null (stmt, 5);
      sqlite3_bind_null (stmt, 6);
    }
  else
    {
      sqlite3_bind_int64 (stmt, 5, t->tid);
      sqlite3_bind_int (stmt, 6, t->base);
    }
  sqlite3_bind_int (stmt, 7, t->token_class);
  sqlite3_bind_int (stmt, 8, t->subclass);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  t->id = pos_db_last_id (self);
  return TRUE;
}

#define SALE_COLUMNS \
  "id, vending_point_id, receipt_no, kind, coalesce (meter_id, 0), coalesce (customer_id, 0), user_id," \
  " coalesce (shift_id, 0), created_at, payment_method, tendered, amount, vat, fixed_charge," \
  " debt_recovered, energy_value, kwh, status, coalesce (reversal_of, 0), reason, detail," \
  " coalesce (tariff_id, 0), generation"

static PosDbSale *
sale_from_row (sqlite3_stmt *stmt)
{
  PosDbSale *s = g_new0 (PosDbSale, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->vending_point_id = sqlite3_column_int64 (stmt, 1);
  s->receipt_no = sqlite3_column_int64 (stmt, 2);
  s->kind = pos_db_column_dup (stmt, 3);
  s->meter_id = sqlite3_column_int64 (stmt, 4);
  s->customer_id = sqlite3_column_int64 (stmt, 5);
  s->user_id = sqlite3_column_int64 (stmt, 6);
  s->shift_id = sqlite3_column_int64 (stmt, 7);
  s->created_at = pos_db_column_dup (stmt, 8);
  s->payment_method = pos_db_column_dup (stmt, 9);
  s->tendered = sqlite3_column_int64 (stmt, 10);
  s->amount = sqlite3_column_int64 (stmt, 11);
  s->vat = sqlite3_column_int64 (stmt, 12);
  s->fixed_charge = sqlite3_column_int64 (stmt, 13);
  s->debt_recovered = sqlite3_column_int64 (stmt, 14);
  s->energy_value = sqlite3_column_int64 (stmt, 15);
  s->kwh = sqlite3_column_int64 (stmt, 16);
  s->status = pos_db_column_dup (stmt, 17);
  s->reversal_of = sqlite3_column_int64 (stmt, 18);
  s->reason = pos_db_column_dup (stmt, 19);
  s->detail = pos_db_column_dup (stmt, 20);
  s->tariff_id = sqlite3_column_int64 (stmt, 21);
  s->generation = sqlite3_column_int64 (stmt, 22);
  return s;
}

static PosDbSale *
sale_lookup (PosDb        *self,
             sqlite3_stmt *stmt,
             GError      **error)
{
  int rc = pos_db_step (self, stmt, error);

  if (rc == SQLITE_ROW)
    return sale_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "no such sale");
  return NULL;
}

PosDbSale *
pos_db_sale_get (PosDb   *self,
                 gint64   id,
                 GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sale-get", "SELECT " SALE_COLUMNS " FROM sales WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return sale_lookup (self, stmt, error);
}

PosDbSale *
pos_db_sale_get_by_receipt (PosDb   *self,
                            gint64   vending_point_id,
                            gint64   receipt_no,
                            GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sale-by-receipt",
                                       "SELECT " SALE_COLUMNS " FROM sales"
                                       " WHERE vending_point_id = ? AND receipt_no = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, vending_point_id);
  sqlite3_bind_int64 (stmt, 2, receipt_no);
  return sale_lookup (self, stmt, error);
}

GArray *
pos_db_token_list_for_sale (PosDb   *self,
                            gint64   sale_id,
                            GError **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (PosDbToken));
  sqlite3_stmt *stmt = pos_db_prepare (self, "token-list",
                                       "SELECT id, sale_id, meter_id, seq, token, coalesce (tid, -1), token_class,"
                                       " subclass, coalesce (base, 0) FROM tokens WHERE sale_id = ? ORDER BY seq",
                                       error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    {
      PosDbToken t = { 0 };

      t.id = sqlite3_column_int64 (stmt, 0);
      t.sale_id = sqlite3_column_int64 (stmt, 1);
      t.meter_id = sqlite3_column_int64 (stmt, 2);
      t.seq = sqlite3_column_int (stmt, 3);
      g_strlcpy (t.token, (const char *) sqlite3_column_text (stmt, 4), sizeof t.token);
      t.tid = sqlite3_column_int64 (stmt, 5);
      t.token_class = sqlite3_column_int (stmt, 6);
      t.subclass = sqlite3_column_int (stmt, 7);
      t.base = sqlite3_column_int (stmt, 8);
      g_array_append_val (list, t);
    }
  return rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

gboolean
pos_db_sale_set_reversed (PosDb   *self,
                          gint64   id,
                          GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sale-reverse",
                                       "UPDATE sales SET status = 'reversed' WHERE id = ? AND status = 'ok'"
                                       " AND kind <> 'reversal'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (pos_db_get_handle (self)) != 1)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "sale %" G_GINT64_FORMAT " cannot be reversed", id);
      return FALSE;
    }
  return TRUE;
}

/* The rows of @sql (SALE_COLUMNS, ? = @id, ? = @limit) as PosDbSale*. */
static GPtrArray *
sale_list (PosDb       *self,
           const char  *tag,
           const char  *sql,
           gint64       id,
           guint        limit,
           GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_db_sale_free);
  sqlite3_stmt *stmt = pos_db_prepare (self, tag, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, (int) MIN (limit, G_MAXINT));
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (list, sale_from_row (stmt));
  return rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

GPtrArray *
pos_db_sale_list_for_meter (PosDb   *self,
                            gint64   meter_id,
                            guint    limit,
                            GError **error)
{
  return sale_list (self, "sale-list-meter",
                    "SELECT " SALE_COLUMNS " FROM sales WHERE meter_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                    meter_id, limit, error);
}

GPtrArray *
pos_db_sale_list_for_customer (PosDb   *self,
                               gint64   customer_id,
                               guint    limit,
                               GError **error)
{
  return sale_list (self, "sale-list-customer",
                    "SELECT " SALE_COLUMNS " FROM sales WHERE customer_id = ? ORDER BY created_at DESC, id DESC"
                    " LIMIT ?", customer_id, limit, error);
}

gint64
pos_db_meter_sales_between (PosDb       *self,
                            gint64       meter_id,
                            const char  *kind,
                            const char  *from,
                            const char  *to,
                            GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-sales-between",
                                       "SELECT count (*) FROM sales WHERE meter_id = ? AND kind = ?"
                                       " AND status = 'ok' AND created_at >= ? AND created_at < ?", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, meter_id);
  pos_db_bind_text (stmt, 2, kind);
  pos_db_bind_text (stmt, 3, from);
  pos_db_bind_text (stmt, 4, to);
  return pos_db_step_int (self, stmt, error);
}

gint64
pos_db_meter_kwh_between (PosDb       *self,
                          gint64       meter_id,
                          const char  *from,
                          const char  *to,
                          GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-kwh-between",
                                       "SELECT coalesce (sum (kwh), 0) FROM sales WHERE meter_id = ?"
                                       " AND kind IN ('credit', 'free') AND status = 'ok'"
                                       " AND created_at >= ? AND created_at < ?", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, meter_id);
  pos_db_bind_text (stmt, 2, from);
  pos_db_bind_text (stmt, 3, to);
  return pos_db_step_int (self, stmt, error);
}

gint64
pos_db_customer_fixed_between (PosDb       *self,
                               gint64       customer_id,
                               const char  *from,
                               const char  *to,
                               GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "customer-fixed-between",
                                       "SELECT coalesce (sum (fixed_charge), 0) FROM sales WHERE customer_id = ?"
                                       " AND kind = 'credit' AND status = 'ok'"
                                       " AND created_at >= ? AND created_at < ?", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  pos_db_bind_text (stmt, 2, from);
  pos_db_bind_text (stmt, 3, to);
  return pos_db_step_int (self, stmt, error);
}

/* -- shifts ------------------------------------------------------------ */

void
pos_db_shift_free (PosDbShift *s)
{
  if (s == NULL)
    return;
  g_free (s->opened_at);
  g_free (s->closed_at);
  g_free (s);
}

gboolean
pos_db_shift_open (PosDb       *self,
                   PosDbShift  *s,
                   GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "shift-open",
                                       "INSERT INTO shifts (user_id, vending_point_id, opened_at, opening_float)"
                                       " VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, s->user_id);
  sqlite3_bind_int64 (stmt, 2, s->vending_point_id);
  pos_db_bind_text (stmt, 3, s->opened_at);
  sqlite3_bind_int64 (stmt, 4, s->opening_float);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  s->id = pos_db_last_id (self);
  return TRUE;
}

PosDbShift *
pos_db_shift_get_open (PosDb   *self,
                       gint64   user_id,
                       GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "shift-get-open",
                                       "SELECT id, user_id, vending_point_id, opened_at, opening_float FROM shifts"
                                       " WHERE user_id = ? AND closed_at IS NULL", error);
  PosDbShift *s;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = pos_db_step (self, stmt, error);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "no open shift");
      return NULL;
    }
  s = g_new0 (PosDbShift, 1);
  s->id = sqlite3_column_int64 (stmt, 0);
  s->user_id = sqlite3_column_int64 (stmt, 1);
  s->vending_point_id = sqlite3_column_int64 (stmt, 2);
  s->opened_at = pos_db_column_dup (stmt, 3);
  s->opening_float = sqlite3_column_int64 (stmt, 4);
  return s;
}

/* The whole shift row (closed ones too). */
static PosDbShift *
shift_lookup (PosDb         *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  PosDbShift *s;

  if (!pos_db_step_row (self, stmt, "shift", error))
    return NULL;
  s = g_new0 (PosDbShift, 1);
  s->id = sqlite3_column_int64 (stmt, 0);
  s->user_id = sqlite3_column_int64 (stmt, 1);
  s->vending_point_id = sqlite3_column_int64 (stmt, 2);
  s->opened_at = pos_db_column_dup (stmt, 3);
  s->opening_float = sqlite3_column_int64 (stmt, 4);
  s->closed_at = pos_db_column_dup (stmt, 5);
  s->counted_cash = sqlite3_column_int64 (stmt, 6);
  s->expected_cash = sqlite3_column_int64 (stmt, 7);
  return s;
}

#define SHIFT_COLUMNS "id, user_id, vending_point_id, opened_at, opening_float, closed_at," \
                      " coalesce (counted_cash, 0), coalesce (expected_cash, 0)"

PosDbShift *
pos_db_shift_get (PosDb   *self,
                  gint64   id,
                  GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "shift-get", "SELECT " SHIFT_COLUMNS " FROM shifts WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return shift_lookup (self, stmt, error);
}

PosDbShift *
pos_db_shift_get_latest (PosDb   *self,
                         gint64   user_id,
                         GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "shift-get-latest",
                                       "SELECT " SHIFT_COLUMNS " FROM shifts WHERE user_id = ? ORDER BY id DESC LIMIT 1",
                                       error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  return shift_lookup (self, stmt, error);
}

gboolean
pos_db_shift_expected_cash (PosDb   *self,
                            gint64   shift_id,
                            gint64  *out_cash,
                            GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "shift-expected",
                                       "SELECT s.opening_float + coalesce ((SELECT sum (amount) FROM sales"
                                       " WHERE shift_id = s.id AND payment_method = 'cash'), 0)"
                                       " FROM shifts s WHERE s.id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, shift_id);
  /* Any amount is valid: refunds paid out of a shift with no float leave
   * it negative.  Only a missing row or a database error fails. */
  if (!pos_db_step_row (self, stmt, "shift", error))
    return FALSE;
  *out_cash = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
pos_db_shift_close (PosDb       *self,
                    gint64       shift_id,
                    const char  *closed_at,
                    gint64       counted_cash,
                    gint64       expected_cash,
                    GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "shift-close",
                                       "UPDATE shifts SET closed_at = ?, counted_cash = ?, expected_cash = ?"
                                       " WHERE id = ? AND closed_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, closed_at);
  sqlite3_bind_int64 (stmt, 2, counted_cash);
  sqlite3_bind_int64 (stmt, 3, expected_cash);
  sqlite3_bind_int64 (stmt, 4, shift_id);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (pos_db_get_handle (self)) != 1)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "the shift is not open");
      return FALSE;
    }
  return TRUE;
}

/* -- debts ------------------------------------------------------------- */

gboolean
pos_db_debt_insert (PosDb       *self,
                    PosDbDebt   *d,
                    const char  *description,
                    const char  *now,
                    GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "debt-insert",
                                       "INSERT INTO debts (customer_id, description, balance, recovery_bp,"
                                       " min_per_vend, created_at) VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->customer_id);
  pos_db_bind_text (stmt, 2, description != NULL ? description : "");
  sqlite3_bind_int64 (stmt, 3, d->balance);
  sqlite3_bind_int (stmt, 4, d->recovery_bp);
  sqlite3_bind_int64 (stmt, 5, d->min_per_vend);
  pos_db_bind_text (stmt, 6, now);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  d->id = pos_db_last_id (self);
  return TRUE;
}

gboolean
pos_db_debt_get_open (PosDb      *self,
                      gint64      customer_id,
                      PosDbDebt  *out,
                      GError    **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "debt-open",
                                       "SELECT id, customer_id, balance, recovery_bp, min_per_vend FROM debts"
                                       " WHERE customer_id = ? AND balance > 0 ORDER BY id LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = pos_db_step (self, stmt, error);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "no open debt");
      return FALSE;
    }
  out->id = sqlite3_column_int64 (stmt, 0);
  out->customer_id = sqlite3_column_int64 (stmt, 1);
  out->balance = sqlite3_column_int64 (stmt, 2);
  out->recovery_bp = sqlite3_column_int (stmt, 3);
  out->min_per_vend = sqlite3_column_int64 (stmt, 4);
  return TRUE;
}

gboolean
pos_db_debt_adjust (PosDb   *self,
                    gint64   id,
                    gint64   delta,
                    GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "debt-adjust",
                                       "UPDATE debts SET balance = balance + ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, delta);
  sqlite3_bind_int64 (stmt, 2, id);
  return pos_db_run (self, stmt, error);
}

/* -- audit log --------------------------------------------------------- */

static char *
audit_hash (const char *prev_hash,
            gint64      id,
            const char *at,
            gint64      user_id,
            const char *action,
            const char *detail)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *fields = NULL;

  /* Lengths first, so no two different rows hash the same text. */
  fields = g_strdup_printf ("%" G_GINT64_FORMAT "\n%zu:%s\n%" G_GINT64_FORMAT "\n%zu:%s\n%zu:%s\n",
                            id, strlen (at), at, user_id, strlen (action), action, strlen (detail), detail);
  g_checksum_update (sum, (const guchar *) prev_hash, -1);
  g_checksum_update (sum, (const guchar *) fields, -1);
  return g_strdup (g_checksum_get_string (sum));
}

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

gboolean
pos_db_audit_append (PosDb       *self,
                     const char  *at,
                     gint64       user_id,
                     const char  *action,
                     const char  *detail,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  gint64 id = 1;
  int rc;

  stmt = pos_db_prepare (self, "audit-last", "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = pos_db_step (self, stmt, error);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0) + 1;
      prev = pos_db_column_dup (stmt, 1);
    }
  else if (rc == SQLITE_DONE)
    prev = g_strdup (AUDIT_GENESIS);
  else
    return FALSE;

  hash = audit_hash (prev, id, at, user_id, action, detail);
  stmt = pos_db_prepare (self, "audit-insert",
                         "INSERT INTO audit_log (id, at, user_id, action, detail, prev_hash, hash)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  pos_db_bind_text (stmt, 2, at);
  pos_db_bind_id (stmt, 3, user_id);
  pos_db_bind_text (stmt, 4, action);
  pos_db_bind_text (stmt, 5, detail);
  pos_db_bind_text (stmt, 6, prev);
  pos_db_bind_text (stmt, 7, hash);
  return pos_db_run (self, stmt, error);
}

gboolean
pos_db_audit_verify (PosDb   *self,
                     gint64  *out_rows,
                     GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "audit-all",
                                       "SELECT id, at, coalesce (user_id, 0), action, detail, prev_hash, hash"
                                       " FROM audit_log ORDER BY id", error);
  g_autofree char *prev = g_strdup (AUDIT_GENESIS);
  gint64 expected_id = 1;
  gint64 rows = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 5);
      const char *stored = (const char *) sqlite3_column_text (stmt, 6);
      g_autofree char *hash = audit_hash (prev, id, (const char *) sqlite3_column_text (stmt, 1),
                                          sqlite3_column_int64 (stmt, 2),
                                          (const char *) sqlite3_column_text (stmt, 3),
                                          (const char *) sqlite3_column_text (stmt, 4));

      if (id != expected_id || g_strcmp0 (stored_prev, prev) != 0)
        {
          g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT,
                       "audit log: a row before row %" G_GINT64_FORMAT " was deleted or inserted", id);
          return FALSE;
        }
      if (g_strcmp0 (stored, hash) != 0)
        {
          g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT,
                       "audit log: row %" G_GINT64_FORMAT " was edited", id);
          return FALSE;
        }
      g_free (prev);
      prev = g_steal_pointer (&hash);
      expected_id++;
      rows++;
    }
  if (rc != SQLITE_DONE)
    return FALSE;
  if (out_rows != NULL)
    *out_rows = rows;
  return TRUE;
}

PosDbSale *
pos_db_sale_last_for_meter (PosDb       *self,
                            gint64       meter_id,
                            const char  *kind,
                            GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sale-last-meter",
                                       "SELECT " SALE_COLUMNS " FROM sales WHERE meter_id = ? AND kind = ?"
                                       " ORDER BY id DESC LIMIT 1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meter_id);
  pos_db_bind_text (stmt, 2, kind);
  return sale_lookup (self, stmt, error);
}

/* -- Z reports ------------------------------------------------------------ */

static void
cashier_total_free (gpointer data)
{
  PosDbCashierTotal *t = data;

  g_free (t->name);
  g_free (t);
}

void
pos_db_day_totals_clear (PosDbDayTotals *totals)
{
  g_clear_pointer (&totals->by_cashier, g_ptr_array_unref);
  g_clear_pointer (&totals->by_payment, g_ptr_array_unref);
  g_clear_pointer (&totals->by_tariff, g_ptr_array_unref);
  g_clear_pointer (&totals->by_token, g_ptr_array_unref);
}

/* The condition that picks a scope's sales from table alias "s", with ?1
 * the id and ?2, ?3 the times.  Fixed text: nothing of the caller's
 * reaches SQL but through bound parameters. */
static const char *
scope_condition (PosDbScope scope)
{
  switch (scope)
    {
    case POS_DB_SCOPE_ALL:
      return "?1 = ?1 AND s.created_at >= ?2 AND s.created_at < ?3";
    case POS_DB_SCOPE_SHIFT:
      return "s.shift_id = ?1 AND s.created_at >= ?2 AND s.created_at < ?3";
    case POS_DB_SCOPE_POINT:
    default:
      return "s.vending_point_id = ?1 AND s.created_at >= ?2 AND s.created_at < ?3";
    }
}

/* Prepares @body (with "@WHERE@" for the scope's condition) under a tag
 * naming the query and the scope, and binds the scope. */
static sqlite3_stmt *
prepare_scoped (PosDb        *self,
                const char   *name,
                const char   *body,
                PosDbScope    scope,
                gint64        id,
                const char   *from,
                const char   *to,
                GError      **error)
{
  g_autofree char *tag = g_strdup_printf ("%s-%d", name, (int) scope);
  g_auto(GStrv) parts = g_strsplit (body, "@WHERE@", -1);
  g_autofree char *sql = g_strjoinv (scope_condition (scope), parts);
  sqlite3_stmt *stmt = pos_db_prepare (self, tag, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  pos_db_bind_text (stmt, 2, from);
  pos_db_bind_text (stmt, 3, to);
  return stmt;
}

/* Adds @n sales of @amount to the entry @name of @table (name ->
 * PosDbCashierTotal*, owned by @list). */
static void
add_to (GHashTable  *table,
        GPtrArray   *list,
        const char  *name,
        gint64       n,
        gint64       amount)
{
  PosDbCashierTotal *t = g_hash_table_lookup (table, name);

  if (t == NULL)
    {
      t = g_new0 (PosDbCashierTotal, 1);
      t->name = g_strdup (name);
      g_ptr_array_add (list, t);
      g_hash_table_insert (table, t->name, t);
    }
  t->n_sales += n;
  t->amount += amount;
}

static int
compare_totals (gconstpointer a,
                gconstpointer b)
{
  const PosDbCashierTotal *x = *(PosDbCashierTotal * const *) a;
  const PosDbCashierTotal *y = *(PosDbCashierTotal * const *) b;

  return g_strcmp0 (x->name, y->name);
}

/* id -> name of a small table (users, tariffs). */
static GHashTable *
names_by_id (PosDb       *self,
             const char  *tag,
             const char  *sql,
             GError     **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt = pos_db_prepare (self, tag, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    g_hash_table_insert (names, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         pos_db_column_dup (stmt, 1));
  return rc == SQLITE_DONE ? g_steal_pointer (&names) : NULL;
}

gboolean
pos_db_totals (PosDb           *self,
               PosDbScope       scope,
               gint64           id,
               const char      *from,
               const char      *to,
               PosDbDayTotals  *out,
               GError         **error)
{
  g_autoptr(GHashTable) users = NULL;
  g_autoptr(GHashTable) tariffs = NULL;
  g_autoptr(GHashTable) cashiers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) payments = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_tariff = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) tokens = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  memset (out, 0, sizeof *out);
  out->by_cashier = g_ptr_array_new_with_free_func (cashier_total_free);
  out->by_payment = g_ptr_array_new_with_free_func (cashier_total_free);
  out->by_tariff = g_ptr_array_new_with_free_func (cashier_total_free);
  out->by_token = g_ptr_array_new_with_free_func (cashier_total_free);

  users = names_by_id (self, "totals-users", "SELECT id, username FROM users", error);
  tariffs = users != NULL ? names_by_id (self, "totals-tariffs", "SELECT id, name FROM tariffs", error) : NULL;
  if (tariffs == NULL)
    return FALSE;

  /* One pass over the period's sales (a covering index holds every
   * column used), grouped finely; the breakdowns add the groups up. */
  stmt = prepare_scoped (self, "totals",
    "SELECT s.user_id, s.payment_method, coalesce (s.tariff_id, 0), s.kind,"
    " CAST (substr (s.created_at, 12, 2) AS INTEGER), count (*), sum (s.amount), sum (s.vat),"
    " sum (s.fixed_charge), sum (s.debt_recovered), sum (s.kwh)"
    " FROM sales s WHERE @WHERE@ GROUP BY 1, 2, 3, 4, 5", scope, id, from, to, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    {
      gint64 user_id = sqlite3_column_int64 (stmt, 0);
      const char *payment = (const char *) sqlite3_column_text (stmt, 1);
      gint64 tariff_id = sqlite3_column_int64 (stmt, 2);
      const char *kind = (const char *) sqlite3_column_text (stmt, 3);
      int hour = sqlite3_column_int (stmt, 4);
      gint64 n = sqlite3_column_int64 (stmt, 5), amount = sqlite3_column_int64 (stmt, 6);
      gint64 kwh = sqlite3_column_int64 (stmt, 10);
      gboolean energy = g_strcmp0 (kind, "credit") == 0 || g_strcmp0 (kind, "free") == 0;
      const char *user = g_hash_table_lookup (users, &user_id);
      const char *tariff = g_hash_table_lookup (tariffs, &tariff_id);

      out->amount += amount;
      out->vat += sqlite3_column_int64 (stmt, 7);
      out->fixed_charge += sqlite3_column_int64 (stmt, 8);
      out->debt_recovered += sqlite3_column_int64 (stmt, 9);
      out->kwh += kwh;
      if (energy)
        {
          out->n_sales += n;
          /* A credit or free sale carries exactly one class 0 token. */
          add_to (tokens, out->by_token, "0/0", n, kwh);
        }
      if (g_strcmp0 (kind, "reversal") == 0)
        {
          out->n_reversals += n;
          out->reversed_amount -= amount;
        }
      if (hour >= 0 && hour < 24)
        out->hourly[hour] += amount;
      add_to (cashiers, out->by_cashier, user != NULL ? user : "?", n, amount);
      add_to (payments, out->by_payment, payment != NULL ? payment : "?", n, amount);
      if (tariff != NULL)
        add_to (by_tariff, out->by_tariff, tariff, energy ? n : 0, amount);
    }
  if (rc != SQLITE_DONE)
    return FALSE;

  /* The tokens of engineering and key change sales, by class. */
  stmt = prepare_scoped (self, "totals-by-token",
                         "SELECT k.token_class || '/' || k.subclass, count (*)"
                         " FROM sales s JOIN tokens k ON k.sale_id = s.id"
                         " WHERE @WHERE@ AND s.kind IN ('engineering', 'key_change')"
                         " GROUP BY k.token_class, k.subclass", scope, id, from, to, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    add_to (tokens, out->by_token, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1), 0);
  if (rc != SQLITE_DONE)
    return FALSE;

  g_ptr_array_sort (out->by_cashier, compare_totals);
  g_ptr_array_sort (out->by_payment, compare_totals);
  g_ptr_array_sort (out->by_tariff, compare_totals);
  g_ptr_array_sort (out->by_token, compare_totals);
  for (guint i = 0; i < out->by_token->len; i++)
    out->n_tokens += ((PosDbCashierTotal *) out->by_token->pdata[i])->n_sales;
  return TRUE;
}

gboolean
pos_db_sales_each (PosDb             *self,
                   PosDbScope         scope,
                   gint64             id,
                   const char        *from,
                   const char        *to,
                   PosDbSaleRowFunc   each,
                   gpointer           user_data,
                   GError           **error)
{
  sqlite3_stmt *stmt = prepare_scoped (self, "sales-each",
    "SELECT s.receipt_no, p.name, s.created_at, s.kind, s.status, u.username, coalesce (c.account_no, ''),"
    " coalesce (m.pan, ''), coalesce (t.name, ''), s.amount, s.vat, s.fixed_charge, s.debt_recovered, s.kwh"
    " FROM sales s JOIN vending_points p ON p.id = s.vending_point_id JOIN users u ON u.id = s.user_id"
    " LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN meters m ON m.id = s.meter_id"
    " LEFT JOIN tariffs t ON t.id = s.tariff_id WHERE @WHERE@ ORDER BY s.created_at, s.id",
    scope, id, from, to, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    {
      PosDbSaleRow row;

      row.receipt_no = sqlite3_column_int64 (stmt, 0);
      row.vending_point = (const char *) sqlite3_column_text (stmt, 1);
      row.created_at = (const char *) sqlite3_column_text (stmt, 2);
      row.kind = (const char *) sqlite3_column_text (stmt, 3);
      row.status = (const char *) sqlite3_column_text (stmt, 4);
      row.cashier = (const char *) sqlite3_column_text (stmt, 5);
      row.account = (const char *) sqlite3_column_text (stmt, 6);
      row.meter = (const char *) sqlite3_column_text (stmt, 7);
      row.tariff = (const char *) sqlite3_column_text (stmt, 8);
      row.amount = sqlite3_column_int64 (stmt, 9);
      row.vat = sqlite3_column_int64 (stmt, 10);
      row.fixed_charge = sqlite3_column_int64 (stmt, 11);
      row.debt_recovered = sqlite3_column_int64 (stmt, 12);
      row.kwh = sqlite3_column_int64 (stmt, 13);
      if (!each (&row, user_data))
        {
          sqlite3_reset (stmt);
          return TRUE;
        }
    }
  return rc == SQLITE_DONE;
}

gint64
pos_db_sales_count (PosDb        *self,
                    PosDbScope    scope,
                    gint64        id,
                    const char   *from,
                    const char   *to,
                    GError      **error)
{
  sqlite3_stmt *stmt = prepare_scoped (self, "sales-count", "SELECT count (*) FROM sales s WHERE @WHERE@",
                                       scope, id, from, to, error);

  return stmt != NULL ? pos_db_step_int (self, stmt, error) : -1;
}

gboolean
pos_db_z_report_insert (PosDb       *self,
                        gint64       vending_point_id,
                        const char  *day,
                        const char  *closed_at,
                        gint64       closed_by,
                        const char  *body,
                        gint64      *out_number,
                        GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "z-next",
                                       "UPDATE vending_points SET next_z = next_z + 1 WHERE id = ?"
                                       " RETURNING next_z - 1", error);
  gint64 number;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, vending_point_id);
  if (!pos_db_step_row (self, stmt, "vending point", error))
    return FALSE;
  number = sqlite3_column_int64 (stmt, 0);
  if (pos_db_step (self, stmt, error) != SQLITE_DONE)
    return FALSE;

  stmt = pos_db_prepare (self, "z-insert",
                         "INSERT INTO z_reports (vending_point_id, number, day, closed_at, closed_by, body)"
                         " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, vending_point_id);
  sqlite3_bind_int64 (stmt, 2, number);
  pos_db_bind_text (stmt, 3, day);
  pos_db_bind_text (stmt, 4, closed_at);
  sqlite3_bind_int64 (stmt, 5, closed_by);
  pos_db_bind_text (stmt, 6, body);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  *out_number = number;
  return TRUE;
}

char *
pos_db_z_report_get (PosDb   *self,
                     gint64   vending_point_id,
                     gint64   number,
                     GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "z-get",
                                       "SELECT body FROM z_reports WHERE vending_point_id = ? AND number = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, vending_point_id);
  sqlite3_bind_int64 (stmt, 2, number);
  if (!pos_db_step_row (self, stmt, "Z report", error))
    return NULL;
  return pos_db_column_dup (stmt, 0);
}

gboolean
pos_db_z_report_exists (PosDb       *self,
                        gint64       vending_point_id,
                        const char  *day,
                        GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "z-exists",
                                       "SELECT count (*) FROM z_reports WHERE vending_point_id = ? AND day = ?",
                                       error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, vending_point_id);
  pos_db_bind_text (stmt, 2, day);
  return pos_db_step_int (self, stmt, error) > 0;
}
