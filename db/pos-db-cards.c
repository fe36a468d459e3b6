/* pos-db-cards.c: the queries behind pos-db-cards.h */
#include <string.h>

#include "pos-db-private.h"
#include "pos-db-cards.h"

/* -- the utility card secret --------------------------------------------------- */

GBytes *
pos_db_card_secret_get (PosDb    *self,
                        guint32  *out_utility_card_id,
                        GError  **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-secret-get",
                                       "SELECT utility_card_id, wrapped FROM card_secret WHERE id = 1", error);

  if (stmt == NULL || !pos_db_step_row (self, stmt, "card secret", error))
    return NULL;
  if (out_utility_card_id != NULL)
    *out_utility_card_id = (guint32) sqlite3_column_int64 (stmt, 0);
  return pos_db_column_bytes (stmt, 1);
}

gboolean
pos_db_card_secret_insert (PosDb       *self,
                           guint32      utility_card_id,
                           GBytes      *wrapped,
                           const char  *now,
                           GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-secret-insert",
                                       "INSERT INTO card_secret (id, utility_card_id, wrapped, created_at)"
                                       " VALUES (1, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, utility_card_id);
  pos_db_bind_bytes (stmt, 2, wrapped);
  pos_db_bind_text (stmt, 3, now);
  return pos_db_run (self, stmt, error);
}

/* -- cards -------------------------------------------------------------------------- */

void
pos_db_card_free (PosDbCard *card)
{
  if (card == NULL)
    return;
  g_free (card->serial);
  g_free (card->status);
  g_free (card->issued_at);
  g_free (card->blocked_at);
  g_free (card->reason);
  g_free (card);
}

#define CARD_COLUMNS "id, serial, meter_id, status, issued_at, blocked_at, reason"

static PosDbCard *
card_from_row (sqlite3_stmt *stmt)
{
  PosDbCard *c = g_new0 (PosDbCard, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->serial = pos_db_column_dup (stmt, 1);
  c->meter_id = sqlite3_column_int64 (stmt, 2);
  c->status = pos_db_column_dup (stmt, 3);
  c->issued_at = pos_db_column_dup (stmt, 4);
  c->blocked_at = pos_db_column_dup (stmt, 5);
  c->reason = pos_db_column_dup (stmt, 6);
  return c;
}

gboolean
pos_db_card_insert (PosDb      *self,
                    PosDbCard  *card,
                    GError    **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-insert",
                                       "INSERT INTO cards (serial, meter_id, status, issued_at)"
                                       " VALUES (?, ?, 'active', ?)", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, card->serial);
  sqlite3_bind_int64 (stmt, 2, card->meter_id);
  pos_db_bind_text (stmt, 3, card->issued_at);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  card->id = pos_db_last_id (self);
  stmt = pos_db_prepare (self, "card-meter-serial", "UPDATE meters SET card_serial = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, card->serial);
  sqlite3_bind_int64 (stmt, 2, card->meter_id);
  return pos_db_run (self, stmt, error);
}

PosDbCard *
pos_db_card_get_by_serial (PosDb       *self,
                           const char  *serial,
                           GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-by-serial",
                                       "SELECT " CARD_COLUMNS " FROM cards WHERE serial = ?", error);

  if (stmt == NULL)
    return NULL;
  pos_db_bind_text (stmt, 1, serial);
  return pos_db_step_row (self, stmt, "card", error) ? card_from_row (stmt) : NULL;
}

PosDbCard *
pos_db_card_get_active_for_meter (PosDb    *self,
                                  gint64    meter_id,
                                  GError  **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-active-for-meter",
                                       "SELECT " CARD_COLUMNS " FROM cards WHERE meter_id = ? AND status = 'active'",
                                       error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meter_id);
  return pos_db_step_row (self, stmt, "card", error) ? card_from_row (stmt) : NULL;
}

gboolean
pos_db_card_block (PosDb       *self,
                   gint64       id,
                   const char  *now,
                   const char  *reason,
                   GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-block",
                                       "UPDATE cards SET status = 'blocked', blocked_at = ?, reason = ?"
                                       " WHERE id = ? AND status = 'active'", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, now);
  pos_db_bind_text (stmt, 2, reason);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (pos_db_get_handle (self)) != 1)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "no active card %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  return TRUE;
}

/* -- purchases ------------------------------------------------------------------------------ */

void
pos_db_card_purchase_free (PosDbCardPurchase *p)
{
  if (p == NULL)
    return;
  g_free (p->tokens);
  g_free (p->written_at);
  g_free (p);
}

gboolean
pos_db_card_purchase_insert (PosDb              *self,
                             PosDbCardPurchase  *p,
                             GError            **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-purchase-insert",
                                       "INSERT INTO card_purchases (card_id, seq, sale_id, tokens, issued_at)"
                                       " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->card_id);
  sqlite3_bind_int64 (stmt, 2, p->seq);
  sqlite3_bind_int64 (stmt, 3, p->sale_id);
  pos_db_bind_text (stmt, 4, p->tokens);
  sqlite3_bind_int64 (stmt, 5, p->issued_at);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  p->id = pos_db_last_id (self);
  return TRUE;
}

PosDbCardPurchase *
pos_db_card_purchase_get_last (PosDb    *self,
                               gint64    card_id,
                               GError  **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-purchase-last",
                                       "SELECT id, card_id, seq, sale_id, tokens, issued_at, written_at"
                                       " FROM card_purchases WHERE card_id = ? ORDER BY seq DESC LIMIT 1", error);
  PosDbCardPurchase *p;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, card_id);
  if (!pos_db_step_row (self, stmt, "card purchase", error))
    return NULL;
  p = g_new0 (PosDbCardPurchase, 1);
  p->id = sqlite3_column_int64 (stmt, 0);
  p->card_id = sqlite3_column_int64 (stmt, 1);
  p->seq = sqlite3_column_int64 (stmt, 2);
  p->sale_id = sqlite3_column_int64 (stmt, 3);
  p->tokens = pos_db_column_dup (stmt, 4);
  p->issued_at = sqlite3_column_int64 (stmt, 5);
  p->written_at = pos_db_column_dup (stmt, 6);
  return p;
}

gboolean
pos_db_card_purchase_set_written (PosDb       *self,
                                  gint64       id,
                                  const char  *now,
                                  GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-purchase-written",
                                       "UPDATE card_purchases SET written_at = ? WHERE id = ? AND written_at IS NULL",
                                       error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, id);
  return pos_db_run (self, stmt, error);
}

GPtrArray *
pos_db_card_key_change_tokens (PosDb       *self,
                               gint64       meter_id,
                               gint64       after_sale_id,
                               const char  *since,
                               GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-key-change-tokens",
                                       "SELECT token FROM tokens WHERE sale_id = (SELECT max (id) FROM sales"
                                       "  WHERE meter_id = ?1 AND kind = 'key_change' AND status = 'ok'"
                                       "  AND id > ?2 AND created_at >= ?3)"
                                       " ORDER BY seq", error);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meter_id);
  sqlite3_bind_int64 (stmt, 2, after_sale_id);
  pos_db_bind_text (stmt, 3, since);
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (tokens, pos_db_column_dup (stmt, 0));
  return rc == SQLITE_DONE ? g_steal_pointer (&tokens) : NULL;
}

/* -- meter readings --------------------------------------------------------------------------- */

gboolean
pos_db_meter_reading_insert (PosDb                    *self,
                             const PosDbMeterReading  *r,
                             GError                  **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-reading-insert",
                                       "INSERT INTO meter_readings (meter_id, read_at, credit, cumulative_kwh, flags,"
                                       " last_sequence, source) VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->meter_id);
  pos_db_bind_text (stmt, 2, r->read_at);
  sqlite3_bind_int64 (stmt, 3, r->credit);
  sqlite3_bind_int64 (stmt, 4, r->cumulative_kwh);
  sqlite3_bind_int (stmt, 5, r->flags);
  sqlite3_bind_int64 (stmt, 6, r->last_sequence);
  pos_db_bind_text (stmt, 7, r->source != NULL ? r->source : "card");
  return pos_db_run (self, stmt, error);
}

GPtrArray *
pos_db_meter_readings_list (PosDb    *self,
                            gint64    meter_id,
                            guint     limit,
                            GError  **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-readings-list",
                                       "SELECT read_at, credit, cumulative_kwh, flags, last_sequence FROM meter_readings"
                                       " WHERE meter_id = ? ORDER BY read_at DESC, id DESC LIMIT ?", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meter_id);
  sqlite3_bind_int (stmt, 2, (int) MIN (limit, G_MAXINT));
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, g_variant_ref_sink (g_variant_new ("(sxxix)", (const char *) sqlite3_column_text (stmt, 0),
                                                              sqlite3_column_int64 (stmt, 1),
                                                              sqlite3_column_int64 (stmt, 2),
                                                              sqlite3_column_int (stmt, 3),
                                                              sqlite3_column_int64 (stmt, 4))));
  return rc == SQLITE_DONE ? g_steal_pointer (&rows) : NULL;
}

gboolean
pos_db_card_sale_state (PosDb               *self,
                        gint64               sale_id,
                        PosDbCardSaleState  *out_state,
                        GError             **error)
{
  /* Applied: a reading of the card's meter, taken after the purchase
   * went onto the card, says the meter's last sequence reached it. */
  sqlite3_stmt *stmt = pos_db_prepare (self, "card-sale-state",
                                       "SELECT p.written_at IS NOT NULL, EXISTS (SELECT 1 FROM meter_readings r"
                                       "  WHERE r.meter_id = c.meter_id AND r.last_sequence >= p.seq"
                                       "  AND r.read_at >= p.written_at)"
                                       " FROM card_purchases p JOIN cards c ON c.id = p.card_id WHERE p.sale_id = ?",
                                       error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sale_id);
  rc = pos_db_step (self, stmt, error);
  if (rc == SQLITE_DONE)
    {
      *out_state = POS_DB_CARD_SALE_NONE;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return FALSE;
  *out_state = sqlite3_column_int (stmt, 1) ? POS_DB_CARD_SALE_APPLIED
               : sqlite3_column_int (stmt, 0) ? POS_DB_CARD_SALE_ON_CARD : POS_DB_CARD_SALE_PENDING;
  sqlite3_reset (stmt);
  return TRUE;
}
