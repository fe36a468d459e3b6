/* pos-db-records.c: the queries behind pos-db-records.h */
#include <string.h>

#include "pos-db-private.h"
#include "pos-db-records.h"

/* -- utility ----------------------------------------------------------- */

void
pos_db_utility_free (PosDbUtility *utility)
{
  if (utility == NULL)
    return;
  g_free (utility->name);
  g_free (utility->address);
  g_free (utility->tax_number);
  g_free (utility->currency);
  g_clear_pointer (&utility->kek_salt, g_bytes_unref);
  g_clear_pointer (&utility->kek_check, g_bytes_unref);
  g_free (utility);
}

PosDbUtility *
pos_db_utility_get (PosDb   *self,
                    GError **error)
{
  sqlite3_stmt *stmt;
  PosDbUtility *u;

  stmt = pos_db_prepare (self, "utility-get",
                         "SELECT name, address, tax_number, currency, minor_digits, min_vend, max_vend,"
                         " kek_salt, kek_check FROM utility WHERE id = 1", error);
  if (stmt == NULL || !pos_db_step_row (self, stmt, "utility (the database is not initialised)", error))
    return NULL;
  u = g_new0 (PosDbUtility, 1);
  u->name = pos_db_column_dup (stmt, 0);
  u->address = pos_db_column_dup (stmt, 1);
  u->tax_number = pos_db_column_dup (stmt, 2);
  u->currency = pos_db_column_dup (stmt, 3);
  u->minor_digits = sqlite3_column_int (stmt, 4);
  u->min_vend = sqlite3_column_int64 (stmt, 5);
  u->max_vend = sqlite3_column_int64 (stmt, 6);
  u->kek_salt = pos_db_column_bytes (stmt, 7);
  u->kek_check = pos_db_column_bytes (stmt, 8);
  return u;
}

gboolean
pos_db_utility_set (PosDb               *self,
                    const PosDbUtility  *u,
                    GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = pos_db_prepare (self, "utility-set",
                         "INSERT INTO utility (id, name, address, tax_number, currency, minor_digits,"
                         " min_vend, max_vend, kek_salt, kek_check) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,"
                         " tax_number = excluded.tax_number, currency = excluded.currency,"
                         " minor_digits = excluded.minor_digits, min_vend = excluded.min_vend,"
                         " max_vend = excluded.max_vend, kek_salt = excluded.kek_salt,"
                         " kek_check = excluded.kek_check", error);
  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, u->name);
  pos_db_bind_text (stmt, 2, u->address != NULL ? u->address : "");
  pos_db_bind_text (stmt, 3, u->tax_number != NULL ? u->tax_number : "");
  pos_db_bind_text (stmt, 4, u->currency != NULL ? u->currency : "ZAR");
  sqlite3_bind_int (stmt, 5, u->minor_digits);
  sqlite3_bind_int64 (stmt, 6, u->min_vend);
  sqlite3_bind_int64 (stmt, 7, u->max_vend);
  pos_db_bind_bytes (stmt, 8, u->kek_salt);
  pos_db_bind_bytes (stmt, 9, u->kek_check);
  return pos_db_run (self, stmt, error);
}

/* -- users ------------------------------------------------------------- */

void
pos_db_user_free (PosDbUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->full_name);
  g_free (user->role);
  if (user->password_hash != NULL)
    {
      memset (user->password_hash, 0, strlen (user->password_hash));
      g_free (user->password_hash);
    }
  g_free (user->locked_until);
  g_free (user);
}

#define USER_COLUMNS "id, username, full_name, role, password_hash, failed_logins, locked_until, active"

static PosDbUser *
user_from_row (sqlite3_stmt *stmt)
{
  PosDbUser *u = g_new0 (PosDbUser, 1);

  u->id = sqlite3_column_int64 (stmt, 0);
  u->username = pos_db_column_dup (stmt, 1);
  u->full_name = pos_db_column_dup (stmt, 2);
  u->role = pos_db_column_dup (stmt, 3);
  u->password_hash = pos_db_column_dup (stmt, 4);
  u->failed_logins = sqlite3_column_int (stmt, 5);
  u->locked_until = pos_db_column_dup (stmt, 6);
  u->active = sqlite3_column_int (stmt, 7) != 0;
  return u;
}

gboolean
pos_db_user_insert (PosDb       *self,
                    PosDbUser   *user,
                    const char  *now,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pos_db_prepare (self, "user-insert",
                         "INSERT INTO users (username, full_name, role, password_hash, active, created_at)"
                         " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, user->username);
  pos_db_bind_text (stmt, 2, user->full_name != NULL ? user->full_name : "");
  pos_db_bind_text (stmt, 3, user->role);
  pos_db_bind_text (stmt, 4, user->password_hash);
  sqlite3_bind_int (stmt, 5, user->active ? 1 : 0);
  pos_db_bind_text (stmt, 6, now);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  user->id = pos_db_last_id (self);
  return TRUE;
}

PosDbUser *
pos_db_user_get_by_name (PosDb       *self,
                         const char  *username,
                         GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "user-by-name",
                                       "SELECT " USER_COLUMNS " FROM users WHERE username = ?", error);

  if (stmt == NULL)
    return NULL;
  pos_db_bind_text (stmt, 1, username);
  return pos_db_step_row (self, stmt, "user", error) ? user_from_row (stmt) : NULL;
}

PosDbUser *
pos_db_user_get (PosDb   *self,
                 gint64   id,
                 GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "user-get",
                                       "SELECT " USER_COLUMNS " FROM users WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return pos_db_step_row (self, stmt, "user", error) ? user_from_row (stmt) : NULL;
}

gboolean
pos_db_user_set_login_state (PosDb       *self,
                             gint64       id,
                             int          failed_logins,
                             const char  *locked_until,
                             GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "user-login-state",
                                       "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                                       error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, failed_logins);
  pos_db_bind_text (stmt, 2, locked_until);
  sqlite3_bind_int64 (stmt, 3, id);
  return pos_db_run (self, stmt, error);
}

gboolean
pos_db_user_set_password (PosDb       *self,
                          gint64       id,
                          const char  *password_hash,
                          GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "user-password",
                                       "UPDATE users SET password_hash = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, password_hash);
  sqlite3_bind_int64 (stmt, 2, id);
  return pos_db_run (self, stmt, error);
}

gboolean
pos_db_user_update (PosDb       *self,
                    gint64       id,
                    const char  *role,
                    gboolean     active,
                    GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "user-update",
                                       "UPDATE users SET role = ?2, active = ?3,"
                                       " failed_logins = CASE WHEN ?3 THEN 0 ELSE failed_logins END,"
                                       " locked_until = CASE WHEN ?3 THEN NULL ELSE locked_until END"
                                       " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  pos_db_bind_text (stmt, 2, role);
  sqlite3_bind_int (stmt, 3, active ? 1 : 0);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (pos_db_get_handle (self)) != 1)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "no user %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  return TRUE;
}

gint64
pos_db_user_count (PosDb   *self,
                   GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "user-count", "SELECT count(*) FROM users", error);

  if (stmt == NULL || pos_db_step (self, stmt, error) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* -- vending keys ------------------------------------------------------ */

void
pos_db_vending_key_free (PosDbVendingKey *key)
{
  if (key == NULL)
    return;
  g_free (key->name);
  g_clear_pointer (&key->wrapped, g_bytes_unref);
  g_free (key);
}

gboolean
pos_db_vending_key_insert (PosDb            *self,
                           PosDbVendingKey  *key,
                           const char       *now,
                           GError          **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "vk-insert",
                                       "INSERT INTO vending_keys (name, dkga, wrapped, created_at)"
                                       " VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, key->name);
  sqlite3_bind_int (stmt, 2, key->dkga);
  pos_db_bind_bytes (stmt, 3, key->wrapped);
  pos_db_bind_text (stmt, 4, now);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  key->id = pos_db_last_id (self);
  return TRUE;
}

static PosDbVendingKey *
vending_key_lookup (PosDb        *self,
                    sqlite3_stmt *stmt,
                    GError      **error)
{
  PosDbVendingKey *key;

  if (!pos_db_step_row (self, stmt, "vending key", error))
    return NULL;
  key = g_new0 (PosDbVendingKey, 1);
  key->id = sqlite3_column_int64 (stmt, 0);
  key->name = pos_db_column_dup (stmt, 1);
  key->dkga = sqlite3_column_int (stmt, 2);
  key->wrapped = pos_db_column_bytes (stmt, 3);
  return key;
}

PosDbVendingKey *
pos_db_vending_key_get (PosDb   *self,
                        gint64   id,
                        GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "vk-get",
                                       "SELECT id, name, dkga, wrapped FROM vending_keys WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return vending_key_lookup (self, stmt, error);
}

PosDbVendingKey *
pos_db_vending_key_get_by_name (PosDb       *self,
                                const char  *name,
                                GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "vk-by-name",
                                       "SELECT id, name, dkga, wrapped FROM vending_keys WHERE name = ?", error);

  if (stmt == NULL)
    return NULL;
  pos_db_bind_text (stmt, 1, name);
  return vending_key_lookup (self, stmt, error);
}

/* -- supply groups ------------------------------------------------------ */

void
pos_db_supply_group_free (PosDbSupplyGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_free (group->sgc);
  g_free (group);
}

gboolean
pos_db_supply_group_insert (PosDb             *self,
                            PosDbSupplyGroup  *g,
                            GError           **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sg-insert",
                                       "INSERT INTO supply_groups (name, sgc, krn, kt, ken, base, ea, vending_key_id)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, g->name != NULL ? g->name : "");
  pos_db_bind_text (stmt, 2, g->sgc);
  sqlite3_bind_int (stmt, 3, g->krn);
  sqlite3_bind_int (stmt, 4, g->kt);
  sqlite3_bind_int (stmt, 5, g->ken);
  sqlite3_bind_int (stmt, 6, g->base);
  sqlite3_bind_int (stmt, 7, g->ea);
  sqlite3_bind_int64 (stmt, 8, g->vending_key_id);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  g->id = pos_db_last_id (self);
  return TRUE;
}

#define SG_COLUMNS "id, name, sgc, krn, kt, ken, base, ea, vending_key_id"

static PosDbSupplyGroup *
supply_group_lookup (PosDb        *self,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  PosDbSupplyGroup *g;

  if (!pos_db_step_row (self, stmt, "supply group", error))
    return NULL;
  g = g_new0 (PosDbSupplyGroup, 1);
  g->id = sqlite3_column_int64 (stmt, 0);
  g->name = pos_db_column_dup (stmt, 1);
  g->sgc = pos_db_column_dup (stmt, 2);
  g->krn = sqlite3_column_int (stmt, 3);
  g->kt = sqlite3_column_int (stmt, 4);
  g->ken = sqlite3_column_int (stmt, 5);
  g->base = sqlite3_column_int (stmt, 6);
  g->ea = sqlite3_column_int (stmt, 7);
  g->vending_key_id = sqlite3_column_int64 (stmt, 8);
  return g;
}

PosDbSupplyGroup *
pos_db_supply_group_get (PosDb   *self,
                         gint64   id,
                         GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sg-get",
                                       "SELECT " SG_COLUMNS " FROM supply_groups WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return supply_group_lookup (self, stmt, error);
}

PosDbSupplyGroup *
pos_db_supply_group_find (PosDb       *self,
                          const char  *sgc,
                          int          krn,
                          GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "sg-find",
                                       "SELECT " SG_COLUMNS " FROM supply_groups WHERE sgc = ? AND krn = ?", error);

  if (stmt == NULL)
    return NULL;
  pos_db_bind_text (stmt, 1, sgc);
  sqlite3_bind_int (stmt, 2, krn);
  return supply_group_lookup (self, stmt, error);
}

/* -- tariffs ------------------------------------------------------------- */

PosDbTariff *
pos_db_tariff_new (void)
{
  PosDbTariff *t = g_new0 (PosDbTariff, 1);

  t->blocks = g_array_new (FALSE, TRUE, sizeof (PosDbTariffBlock));
  t->vat_inclusive = TRUE;
  t->active = TRUE;
  return t;
}

void
pos_db_tariff_free (PosDbTariff *tariff)
{
  if (tariff == NULL)
    return;
  g_free (tariff->name);
  g_clear_pointer (&tariff->blocks, g_array_unref);
  g_free (tariff);
}

gboolean
pos_db_tariff_insert (PosDb        *self,
                      PosDbTariff  *t,
                      GError      **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "tariff-insert",
                                       "INSERT INTO tariffs (name, vat_rate_bp, vat_inclusive, fixed_monthly,"
                                       " free_units, active) VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, t->name);
  sqlite3_bind_int (stmt, 2, t->vat_rate_bp);
  sqlite3_bind_int (stmt, 3, t->vat_inclusive ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, t->fixed_monthly);
  sqlite3_bind_int64 (stmt, 5, t->free_units);
  sqlite3_bind_int (stmt, 6, t->active ? 1 : 0);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  t->id = pos_db_last_id (self);

  for (guint i = 0; i < t->blocks->len; i++)
    {
      PosDbTariffBlock *b = &g_array_index (t->blocks, PosDbTariffBlock, i);

      stmt = pos_db_prepare (self, "tariff-block-insert",
                             "INSERT INTO tariff_blocks (tariff_id, seq, up_to, price) VALUES (?, ?, ?, ?)",
                             error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, t->id);
      sqlite3_bind_int (stmt, 2, (int) i);
      if (b->up_to > 0)
        sqlite3_bind_int64 (stmt, 3, b->up_to);
      else
        sqlite3_bind_null (stmt, 3);
      sqlite3_bind_int64 (stmt, 4, b->price);
      if (!pos_db_run (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static PosDbTariff *
tariff_lookup (PosDb        *self,
               sqlite3_stmt *stmt,
               GError      **error)
{
  g_autoptr(PosDbTariff) t = NULL;
  int rc;

  if (!pos_db_step_row (self, stmt, "tariff", error))
    return NULL;
  t = pos_db_tariff_new ();
  t->id = sqlite3_column_int64 (stmt, 0);
  t->name = pos_db_column_dup (stmt, 1);
  t->vat_rate_bp = sqlite3_column_int (stmt, 2);
  t->vat_inclusive = sqlite3_column_int (stmt, 3) != 0;
  t->fixed_monthly = sqlite3_column_int64 (stmt, 4);
  t->free_units = sqlite3_column_int64 (stmt, 5);
  t->active = sqlite3_column_int (stmt, 6) != 0;

  stmt = pos_db_prepare (self, "tariff-blocks",
                         "SELECT coalesce (up_to, 0), price FROM tariff_blocks WHERE tariff_id = ? ORDER BY seq",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, t->id);
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    {
      PosDbTariffBlock b = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (t->blocks, b);
    }
  return rc == SQLITE_DONE ? g_steal_pointer (&t) : NULL;
}

#define TARIFF_COLUMNS "id, name, vat_rate_bp, vat_inclusive, fixed_monthly, free_units, active"

PosDbTariff *
pos_db_tariff_get (PosDb   *self,
                   gint64   id,
                   GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "tariff-get",
                                       "SELECT " TARIFF_COLUMNS " FROM tariffs WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return tariff_lookup (self, stmt, error);
}

PosDbTariff *
pos_db_tariff_get_by_name (PosDb       *self,
                           const char  *name,
                           GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "tariff-by-name",
                                       "SELECT " TARIFF_COLUMNS " FROM tariffs WHERE name = ?", error);

  if (stmt == NULL)
    return NULL;
  pos_db_bind_text (stmt, 1, name);
  return tariff_lookup (self, stmt, error);
}

/* -- customers ----------------------------------------------------------- */

void
pos_db_customer_free (PosDbCustomer *c)
{
  if (c == NULL)
    return;
  g_free (c->account_no);
  g_free (c->name);
  g_free (c->address);
  g_free (c->phone);
  g_free (c->created_at);
  g_free (c);
}

gboolean
pos_db_customer_insert (PosDb          *self,
                        PosDbCustomer  *c,
                        GError        **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "customer-insert",
                                       "INSERT INTO customers (account_no, name, address, phone, created_at)"
                                       " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, c->account_no);
  pos_db_bind_text (stmt, 2, c->name);
  pos_db_bind_text (stmt, 3, c->address != NULL ? c->address : "");
  pos_db_bind_text (stmt, 4, c->phone != NULL ? c->phone : "");
  pos_db_bind_text (stmt, 5, c->created_at);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  c->id = pos_db_last_id (self);
  return TRUE;
}

gboolean
pos_db_customer_update (PosDb                *self,
                        const PosDbCustomer  *c,
                        GError              **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "customer-update",
                                       "UPDATE customers SET name = ?, address = ?, phone = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, c->name);
  pos_db_bind_text (stmt, 2, c->address != NULL ? c->address : "");
  pos_db_bind_text (stmt, 3, c->phone != NULL ? c->phone : "");
  sqlite3_bind_int64 (stmt, 4, c->id);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (pos_db_get_handle (self)) == 0)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "no such customer");
      return FALSE;
    }
  return TRUE;
}

#define CUSTOMER_COLUMNS "c.id, c.account_no, c.name, c.address, c.phone, c.created_at"

static PosDbCustomer *
customer_from_row (sqlite3_stmt *stmt)
{
  PosDbCustomer *c = g_new0 (PosDbCustomer, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->account_no = pos_db_column_dup (stmt, 1);
  c->name = pos_db_column_dup (stmt, 2);
  c->address = pos_db_column_dup (stmt, 3);
  c->phone = pos_db_column_dup (stmt, 4);
  c->created_at = pos_db_column_dup (stmt, 5);
  return c;
}

gint64
pos_db_customer_next_id (PosDb   *self,
                         GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "customer-next-id",
                                       "SELECT coalesce (max (id), 0) + 1 FROM customers", error);

  if (stmt == NULL || pos_db_step (self, stmt, error) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

PosDbCustomer *
pos_db_customer_get (PosDb   *self,
                     gint64   id,
                     GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "customer-get",
                                       "SELECT " CUSTOMER_COLUMNS " FROM customers c WHERE c.id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return pos_db_step_row (self, stmt, "customer", error) ? customer_from_row (stmt) : NULL;
}

/* An FTS5 query of prefix terms from free text: each word quoted (so no
 * character is an operator) with a trailing *. */
static char *
fts_query (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t,.-'\"", -1);
  GString *q = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (q->len > 0)
        g_string_append_c (q, ' ');
      g_string_append_printf (q, "\"%s\"*", words[i]);
    }
  return g_string_free (q, FALSE);
}

GPtrArray *
pos_db_customer_list (PosDb   *self,
                      guint    offset,
                      guint    limit,
                      GError **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_db_customer_free);
  sqlite3_stmt *stmt = pos_db_prepare (self, "customer-list",
                                       "SELECT " CUSTOMER_COLUMNS " FROM customers c"
                                       " ORDER BY c.name, c.id LIMIT ? OFFSET ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) MIN (limit, G_MAXINT));
  sqlite3_bind_int (stmt, 2, (int) MIN (offset, G_MAXINT));
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (found, customer_from_row (stmt));
  return rc == SQLITE_DONE ? g_steal_pointer (&found) : NULL;
}

GPtrArray *
pos_db_customer_find (PosDb       *self,
                      const char  *text,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_db_customer_free);
  g_autofree char *match = fts_query (text);
  sqlite3_stmt *stmt;
  int rc;

  /* Exact keys first (account, meter, phone), then names by rank. */
  stmt = pos_db_prepare (self, "customer-find",
                         "SELECT " CUSTOMER_COLUMNS " FROM ("
                         "  SELECT id, 0 AS rank FROM customers WHERE account_no = ?1"
                         "  UNION ALL SELECT customer_id, 0 FROM meters WHERE pan = ?1"
                         "  UNION ALL SELECT id, 1 FROM customers WHERE phone = ?1 AND ?1 <> ''"
                         "  UNION ALL SELECT rowid, 2 + bm25 (customers_fts) FROM customers_fts"
                         "    WHERE ?2 <> '' AND customers_fts MATCH ?2"
                         ") AS m JOIN customers c ON c.id = m.id"
                         " GROUP BY c.id ORDER BY min (m.rank), c.name LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  pos_db_bind_text (stmt, 1, text);
  pos_db_bind_text (stmt, 2, match);
  sqlite3_bind_int (stmt, 3, (int) MIN (limit, G_MAXINT));
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (found, customer_from_row (stmt));
  return rc == SQLITE_DONE ? g_steal_pointer (&found) : NULL;
}

/* -- meters --------------------------------------------------------------- */

void
pos_db_meter_free (PosDbMeter *m)
{
  if (m == NULL)
    return;
  g_free (m->pan);
  g_free (m->status);
  g_free (m->card_serial);
  g_free (m);
}

gboolean
pos_db_meter_insert (PosDb       *self,
                     PosDbMeter  *m,
                     const char  *now,
                     GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-insert",
                                       "INSERT INTO meters (pan, customer_id, supply_group_id, ti, tariff_id, status,"
                                       " card_serial, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, m->pan);
  sqlite3_bind_int64 (stmt, 2, m->customer_id);
  sqlite3_bind_int64 (stmt, 3, m->supply_group_id);
  sqlite3_bind_int (stmt, 4, m->ti);
  sqlite3_bind_int64 (stmt, 5, m->tariff_id);
  pos_db_bind_text (stmt, 6, m->status != NULL ? m->status : "active");
  pos_db_bind_text (stmt, 7, m->card_serial);
  pos_db_bind_text (stmt, 8, now);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  m->id = pos_db_last_id (self);
  m->last_tid = -1;
  return TRUE;
}

#define METER_COLUMNS "id, pan, customer_id, supply_group_id, ti, tariff_id, status, card_serial, last_tid"

static PosDbMeter *
meter_from_row (sqlite3_stmt *stmt)
{
  PosDbMeter *m = g_new0 (PosDbMeter, 1);

  m->id = sqlite3_column_int64 (stmt, 0);
  m->pan = pos_db_column_dup (stmt, 1);
  m->customer_id = sqlite3_column_int64 (stmt, 2);
  m->supply_group_id = sqlite3_column_int64 (stmt, 3);
  m->ti = sqlite3_column_int (stmt, 4);
  m->tariff_id = sqlite3_column_int64 (stmt, 5);
  m->status = pos_db_column_dup (stmt, 6);
  m->card_serial = pos_db_column_dup (stmt, 7);
  m->last_tid = sqlite3_column_int64 (stmt, 8);
  return m;
}

PosDbMeter *
pos_db_meter_get (PosDb   *self,
                  gint64   id,
                  GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-get",
                                       "SELECT " METER_COLUMNS " FROM meters WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return pos_db_step_row (self, stmt, "meter", error) ? meter_from_row (stmt) : NULL;
}

PosDbMeter *
pos_db_meter_get_by_pan (PosDb       *self,
                         const char  *pan,
                         GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-by-pan",
                                       "SELECT " METER_COLUMNS " FROM meters WHERE pan = ?", error);

  if (stmt == NULL)
    return NULL;
  pos_db_bind_text (stmt, 1, pan);
  return pos_db_step_row (self, stmt, "meter", error) ? meter_from_row (stmt) : NULL;
}

GPtrArray *
pos_db_meter_list_for_customer (PosDb   *self,
                                gint64   customer_id,
                                GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_db_meter_free);
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-list",
                                       "SELECT " METER_COLUMNS " FROM meters WHERE customer_id = ? ORDER BY id",
                                       error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (list, meter_from_row (stmt));
  return rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

gboolean
pos_db_meter_move (PosDb     *self,
                   gint64     id,
                   gint64     supply_group_id,
                   int        ti,
                   gboolean   reset_tids,
                   GError   **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-move",
                                       "UPDATE meters SET supply_group_id = ?, ti = ?,"
                                       " last_tid = CASE WHEN ? THEN -1 ELSE last_tid END WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, supply_group_id);
  sqlite3_bind_int (stmt, 2, ti);
  sqlite3_bind_int (stmt, 3, reset_tids ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, id);
  return pos_db_run (self, stmt, error);
}

GPtrArray *
pos_db_meter_list_in_group (PosDb   *self,
                            gint64   supply_group_id,
                            GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_db_meter_free);
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-list-group",
                                       "SELECT " METER_COLUMNS " FROM meters WHERE supply_group_id = ?"
                                       " AND status = 'active' ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, supply_group_id);
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (list, meter_from_row (stmt));
  return rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

gboolean
pos_db_meter_update (PosDb       *self,
                     gint64       id,
                     gint64       tariff_id,
                     const char  *status,
                     GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-update",
                                       "UPDATE meters SET tariff_id = ?, status = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tariff_id);
  pos_db_bind_text (stmt, 2, status);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (pos_db_get_handle (self)) != 1)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "no meter %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  return TRUE;
}

gboolean
pos_db_meter_set_last_tid (PosDb   *self,
                           gint64   id,
                           gint64   last_tid,
                           GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "meter-last-tid",
                                       "UPDATE meters SET last_tid = ? WHERE id = ? AND last_tid < ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last_tid);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, last_tid);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (pos_db_get_handle (self)) != 1)
    {
      /* TIDs only move forward; anything else is a concurrent vend. */
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT,
                   "meter %" G_GINT64_FORMAT ": TID %" G_GINT64_FORMAT " is not above the last one issued",
                   id, last_tid);
      return FALSE;
    }
  return TRUE;
}

/* -- vending points ------------------------------------------------------ */

void
pos_db_vending_point_free (PosDbVendingPoint *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_free (p);
}

gboolean
pos_db_vending_point_insert (PosDb              *self,
                             PosDbVendingPoint  *p,
                             GError            **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "vp-insert-record",
                                       "INSERT INTO vending_points (name, credit_ceiling) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  pos_db_bind_text (stmt, 1, p->name);
  sqlite3_bind_int64 (stmt, 2, p->credit_ceiling);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  p->id = pos_db_last_id (self);
  return TRUE;
}

static PosDbVendingPoint *
vending_point_lookup (PosDb        *self,
                      sqlite3_stmt *stmt,
                      GError      **error)
{
  PosDbVendingPoint *p;

  if (!pos_db_step_row (self, stmt, "vending point", error))
    return NULL;
  p = g_new0 (PosDbVendingPoint, 1);
  p->id = sqlite3_column_int64 (stmt, 0);
  p->name = pos_db_column_dup (stmt, 1);
  p->credit_ceiling = sqlite3_column_int64 (stmt, 2);
  p->credit_used = sqlite3_column_int64 (stmt, 3);
  return p;
}

PosDbVendingPoint *
pos_db_vending_point_get (PosDb   *self,
                          gint64   id,
                          GError **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "vp-get",
                                       "SELECT id, name, credit_ceiling, credit_used FROM vending_points WHERE id = ?",
                                       error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return vending_point_lookup (self, stmt, error);
}

PosDbVendingPoint *
pos_db_vending_point_get_by_name (PosDb       *self,
                                  const char  *name,
                                  GError     **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "vp-by-name",
                                       "SELECT id, name, credit_ceiling, credit_used FROM vending_points WHERE name = ?",
                                       error);

  if (stmt == NULL)
    return NULL;
  pos_db_bind_text (stmt, 1, name);
  return vending_point_lookup (self, stmt, error);
}

gboolean
pos_db_vending_point_take_receipt (PosDb    *self,
                                   gint64    id,
                                   gint64    amount,
                                   gint64   *out_receipt_no,
                                   GError  **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "vp-take-receipt",
                                       "UPDATE vending_points SET next_receipt = next_receipt + 1,"
                                       " credit_used = credit_used + ?2 WHERE id = ?1 RETURNING next_receipt - 1",
                                       error);
  gint64 receipt_no;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, amount);
  if (!pos_db_step_row (self, stmt, "vending point", error))
    return FALSE;
  receipt_no = sqlite3_column_int64 (stmt, 0);
  /* Finish the statement so the update is complete before the caller
   * moves on. */
  if (pos_db_step (self, stmt, error) != SQLITE_DONE)
    return FALSE;
  *out_receipt_no = receipt_no;
  return TRUE;
}

gboolean
pos_db_vending_point_reconcile (PosDb    *self,
                                gint64    id,
                                gint64    ceiling,
                                GError  **error)
{
  sqlite3_stmt *stmt = pos_db_prepare (self, "vp-reconcile",
                                       "UPDATE vending_points SET credit_used = 0,"
                                       " credit_ceiling = CASE WHEN ?2 >= 0 THEN ?2 ELSE credit_ceiling END"
                                       " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, ceiling);
  if (!pos_db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (pos_db_get_handle (self)) != 1)
    {
      g_set_error (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND, "no vending point %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  return TRUE;
}

/* -- listing ------------------------------------------------------------ */

GArray *
pos_db_list_ids (PosDb       *self,
                 PosDbTable   table,
                 GError     **error)
{
  /* Fixed statements, one per table: nothing of the caller's reaches the
   * SQL text. */
  static const struct { const char *tag; const char *sql; } queries[] = {
    [POS_DB_TABLE_USERS] = { "list-users", "SELECT id FROM users ORDER BY username" },
    [POS_DB_TABLE_VENDING_KEYS] = { "list-keys", "SELECT id FROM vending_keys ORDER BY name" },
    [POS_DB_TABLE_SUPPLY_GROUPS] = { "list-groups", "SELECT id FROM supply_groups ORDER BY sgc, krn" },
    [POS_DB_TABLE_TARIFFS] = { "list-tariffs", "SELECT id FROM tariffs ORDER BY name" },
    [POS_DB_TABLE_VENDING_POINTS] = { "list-points", "SELECT id FROM vending_points ORDER BY name" },
  };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail ((guint) table < G_N_ELEMENTS (queries), NULL);
  stmt = pos_db_prepare (self, queries[table].tag, queries[table].sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = pos_db_step (self, stmt, error)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}
