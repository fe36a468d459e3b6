/* pos-db-restores.c: the queries behind pos-db-restores.h */
#include "pos-db-private.h"
#include "pos-db-restores.h"

static void
point_mark_clear (gpointer data)
{
  PosDbPointMark *mark = data;

  g_free (mark->name);
}

void
pos_db_high_water_free (PosDbHighWater *marks)
{
  if (marks == NULL)
    return;
  g_clear_pointer (&marks->tids, g_array_unref);
  g_clear_pointer (&marks->points, g_array_unref);
  g_free (marks);
}

PosDbHighWater *
pos_db_high_water_read (PosDb   *self,
                        GError **error)
{
  g_autoptr(PosDbHighWater) marks = g_new0 (PosDbHighWater, 1);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (POS_IS_DB (self), NULL);
  marks->tids = g_array_new (FALSE, TRUE, sizeof (PosDbTidMark));
  marks->points = g_array_new (FALSE, TRUE, sizeof (PosDbPointMark));
  g_array_set_clear_func (marks->points, point_mark_clear);

  stmt = pos_db_prepare (self, "high-water-generation",
                         "SELECT coalesce (max (generation), 0) FROM restores", error);
  if (stmt == NULL || (marks->generation = pos_db_step_int (self, stmt, error)) < 0)
    return NULL;
  sqlite3_reset (stmt);

  /* The meters remember the highest TID each was issued; the tokens are
   * read as well, for a meter whose base date was changed since. */
  stmt = pos_db_prepare (self, "high-water-tids",
                         "SELECT base, max (tid) FROM ("
                         "  SELECT g.base AS base, m.last_tid AS tid FROM meters m"
                         "    JOIN supply_groups g ON g.id = m.supply_group_id WHERE m.last_tid >= 0"
                         "  UNION ALL"
                         "  SELECT base, tid FROM tokens WHERE tid IS NOT NULL"
                         ") GROUP BY base ORDER BY base", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    {
      PosDbTidMark mark = { sqlite3_column_int (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (marks->tids, mark);
    }
  if (rc != SQLITE_DONE)
    return NULL;

  stmt = pos_db_prepare (self, "high-water-points",
                         "SELECT name, next_receipt, next_z FROM vending_points ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    {
      PosDbPointMark mark = { pos_db_column_dup (stmt, 0), sqlite3_column_int64 (stmt, 1),
                              sqlite3_column_int64 (stmt, 2) };

      g_array_append_val (marks->points, mark);
    }
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&marks);
}

gboolean
pos_db_restore_record (PosDb                 *self,
                       gint64                 generation,
                       const char            *restored_at,
                       const char            *source,
                       gint64                 tid_floor,
                       const PosDbHighWater  *live,
                       GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (POS_IS_DB (self), FALSE);
  stmt = pos_db_prepare (self, "restore-insert",
                         "INSERT INTO restores (generation, restored_at, source, tid_floor, live_read)"
                         " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, generation);
  pos_db_bind_text (stmt, 2, restored_at);
  pos_db_bind_text (stmt, 3, source);
  sqlite3_bind_int64 (stmt, 4, tid_floor);
  sqlite3_bind_int (stmt, 5, live != NULL);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  if (live == NULL)
    return TRUE;

  for (guint i = 0; i < live->points->len; i++)
    {
      const PosDbPointMark *mark = &g_array_index (live->points, PosDbPointMark, i);

      stmt = pos_db_prepare (self, "restore-raise-point",
                             "UPDATE vending_points SET next_receipt = max (next_receipt, ?),"
                             " next_z = max (next_z, ?) WHERE name = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, mark->next_receipt);
      sqlite3_bind_int64 (stmt, 2, mark->next_z);
      pos_db_bind_text (stmt, 3, mark->name);
      if (!pos_db_run (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
pos_db_restore_marks (PosDb    *self,
                      gint64   *out_generation,
                      gint64   *out_tid_floor,
                      GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (POS_IS_DB (self), FALSE);
  stmt = pos_db_prepare (self, "restore-marks",
                         "SELECT coalesce (max (generation), 0), coalesce (max (tid_floor), 0) FROM restores",
                         error);
  if (stmt == NULL)
    return FALSE;
  rc = pos_db_step (self, stmt, error);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_FAILED, "restores: no row");
      return FALSE;
    }
  if (out_generation != NULL)
    *out_generation = sqlite3_column_int64 (stmt, 0);
  if (out_tid_floor != NULL)
    *out_tid_floor = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}
