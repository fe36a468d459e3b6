/* pos-admin.c: init and the administrator's use cases */
#include <string.h>

#include "pos-admin.h"
#include "pos-context-private.h"
#include "pos-money.h"

#define KEK_CHECK_AAD   "stsvend kek check"
#define KEK_CHECK_VALUE "stsvend-kek-ok!!"

/* The associated data a wrapped vending key is bound to. */
static char *
key_aad (const char *name)
{
  return g_strdup_printf ("stsvend vending key %s", name);
}

static gboolean
check_password (const char  *password,
                GError     **error)
{
  if (password == NULL || g_utf8_strlen (password, -1) < 8)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a password has at least 8 characters");
      return FALSE;
    }
  return TRUE;
}

/* -- init --------------------------------------------------------------- */

static gboolean
insert_user (PosContext  *context,
             PosDb       *db,
             const char  *username,
             const char  *full_name,
             PosRole      role,
             const char  *password,
             gint64      *out_id,
             GError     **error)
{
  char hash[STS_PASSWORD_HASH_MAX];
  g_autofree char *now = pos_context_now_iso (context);
  PosDbUser user = { 0 };
  StsStatus status;
  gboolean ok;

  if (username == NULL || *username == '\0' || strlen (username) > 64)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a user name has 1 to 64 characters");
      return FALSE;
    }
  status = sts_password_hash (hash, sizeof hash, password, pos_context_get_kdf_cost (context));
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "hashing the password: %s",
                   sts_status_to_string (status));
      return FALSE;
    }
  user.username = (char *) username;
  user.full_name = (char *) (full_name != NULL ? full_name : "");
  user.role = (char *) pos_role_to_string (role);
  user.password_hash = hash;
  user.active = TRUE;
  ok = pos_db_user_insert (db, &user, now, error);
  memset (hash, 0, sizeof hash);
  if (!ok)
    {
      if (g_error_matches (*error, POS_DB_ERROR, POS_DB_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE, "the user %s exists already", username);
        }
      return FALSE;
    }
  *out_id = user.id;
  return TRUE;
}

typedef struct
{
  const PosSetup *setup;
  StsKek          kek;
  gint64          admin_id;
} InitData;

static gboolean
init_body (PosContext  *context,
           PosDb       *db,
           gpointer     data,
           GError     **error)
{
  InitData *d = data;
  const PosSetup *s = d->setup;
  g_autoptr(PosDbUtility) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  PosDbUtility utility = { 0 };
  guint8 salt[1 + STS_SALT_BYTES];
  guint8 wrapped[STS_WRAPPED_KEY_MAX];
  gsize wrapped_len = 0;
  StsKey check = { { 0 }, 0 };
  StsStatus status;
  gint64 n_users;

  existing = pos_db_utility_get (db, &local_error);
  n_users = pos_db_user_count (db, NULL);
  if (existing != NULL || n_users != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE, "the database is initialised already");
      return FALSE;
    }

  /* The key-encryption key, and a known value wrapped under it. */
  salt[0] = (guint8) pos_context_get_kdf_cost (context);
  status = sts_random_bytes (salt + 1, STS_SALT_BYTES);
  if (status == STS_OK)
    status = sts_kek_derive (&d->kek, (const guint8 *) s->passphrase, strlen (s->passphrase), salt + 1, salt[0]);
  if (status == STS_OK)
    {
      memcpy (check.bytes, KEK_CHECK_VALUE, 16);
      check.len = 16;
      status = sts_key_wrap (wrapped, &wrapped_len, sizeof wrapped, &d->kek, &check, KEK_CHECK_AAD);
    }
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "making the key-encryption key: %s",
                   sts_status_to_string (status));
      return FALSE;
    }

  utility.name = (char *) s->utility_name;
  utility.address = (char *) s->address;
  utility.tax_number = (char *) s->tax_number;
  utility.currency = (char *) (s->currency != NULL ? s->currency : "ZAR");
  utility.minor_digits = 2;
  utility.kek_salt = g_bytes_new (salt, sizeof salt);
  utility.kek_check = g_bytes_new (wrapped, wrapped_len);
  if (!pos_db_utility_set (db, &utility, error))
    {
      g_bytes_unref (utility.kek_salt);
      g_bytes_unref (utility.kek_check);
      return FALSE;
    }
  g_bytes_unref (utility.kek_salt);
  g_bytes_unref (utility.kek_check);

  if (!insert_user (context, db, s->admin_username, "Administrator", POS_ROLE_ADMIN, s->admin_password,
                    &d->admin_id, error))
    return FALSE;
  {
    g_autoptr(JsonObject) info = json_object_new ();
    g_autofree char *detail = NULL;

    json_object_set_string_member (info, "utility", s->utility_name);
    json_object_set_string_member (info, "admin", s->admin_username);
    detail = pos_json_to_string (info);
    return pos_context_audit (context, "init", detail, error);
  }
}

gboolean
pos_admin_init (PosContext      *context,
                const PosSetup  *setup,
                GError         **error)
{
  InitData data = { setup, { { 0 } }, 0 };
  gboolean ok;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (setup != NULL, FALSE);

  if (setup->utility_name == NULL || *setup->utility_name == '\0')
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the utility needs a name");
      return FALSE;
    }
  if (!check_password (setup->admin_password, error))
    return FALSE;
  if (setup->passphrase == NULL || g_utf8_strlen (setup->passphrase, -1) < 12)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "the key passphrase has at least 12 characters");
      return FALSE;
    }

  ok = pos_context_in_transaction (context, init_body, &data, "init", error);
  if (ok)
    {
      pos_context_set_kek (context, &data.kek);
      ok = pos_context_login (context, setup->admin_username, setup->admin_password, error);
    }
  sts_kek_wipe (&data.kek);
  return ok;
}

/* -- users -------------------------------------------------------------- */

typedef struct
{
  const char *username;
  const char *full_name;
  PosRole     role;
  const char *password;
  gint64      id;
} UserData;

static gboolean
add_user_body (PosContext  *context,
               PosDb       *db,
               gpointer     data,
               GError     **error)
{
  UserData *d = data;
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (!insert_user (context, db, d->username, d->full_name, d->role, d->password, &d->id, error))
    return FALSE;
  json_object_set_string_member (info, "user", d->username);
  json_object_set_string_member (info, "role", pos_role_to_string (d->role));
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "user-add", detail, error);
}

gint64
pos_admin_add_user (PosContext  *context,
                    const char  *username,
                    const char  *full_name,
                    PosRole      role,
                    const char  *password,
                    GError     **error)
{
  UserData data = { username, full_name, role, password, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);

  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "adding a user", error))
    return 0;
  if (role == POS_ROLE_NONE)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a user is a cashier, supervisor or admin");
      return 0;
    }
  if (!check_password (password, error))
    return 0;
  return pos_context_in_transaction (context, add_user_body, &data, "adding a user", error) ? data.id : 0;
}

/* -- vending keys -------------------------------------------------------- */

typedef struct
{
  const char *name;
  int         dkga;
  const StsKey *key;
  gint64      id;
} KeyData;

static gboolean
import_key_body (PosContext  *context,
                 PosDb       *db,
                 gpointer     data,
                 GError     **error)
{
  KeyData *d = data;
  const StsKek *kek = pos_context_get_kek (context, error);
  guint8 wrapped[STS_WRAPPED_KEY_MAX];
  gsize len = 0;
  g_autofree char *aad = key_aad (d->name);
  g_autofree char *now = pos_context_now_iso (context);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;
  PosDbVendingKey record = { 0 };
  StsStatus status;
  gboolean ok;

  if (kek == NULL)
    return FALSE;
  status = sts_key_wrap (wrapped, &len, sizeof wrapped, kek, d->key, aad);
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "wrapping the key: %s", sts_status_to_string (status));
      return FALSE;
    }
  record.name = (char *) d->name;
  record.dkga = d->dkga;
  record.wrapped = g_bytes_new (wrapped, len);
  ok = pos_db_vending_key_insert (db, &record, now, error);
  g_bytes_unref (record.wrapped);
  if (!ok)
    return FALSE;
  d->id = record.id;

  /* The audit names the key, never its value. */
  json_object_set_string_member (info, "key", d->name);
  json_object_set_int_member (info, "dkga", d->dkga);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "vending-key-import", detail, error);
}

gint64
pos_admin_import_vending_key (PosContext  *context,
                              const char  *name,
                              int          dkga,
                              const char  *hex,
                              GError     **error)
{
  StsKey key;
  KeyData data = { name, dkga, &key, 0 };
  gboolean ok;

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);

  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "importing a vending key", error))
    return 0;
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a vending key needs a name");
      return 0;
    }
  if (dkga != 2 && dkga != 4)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the key generation algorithm is 2 or 4");
      return 0;
    }
  if (hex == NULL || sts_key_from_hex (&key, hex) != STS_OK || key.len != (dkga == 2 ? 8 : 20))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_KEY,
                   "a DKGA%02d vending key is %d hexadecimal digits", dkga, dkga == 2 ? 16 : 40);
      return 0;
    }
  ok = pos_context_in_transaction (context, import_key_body, &data, "importing the vending key", error);
  sts_key_wipe (&key);
  return ok ? data.id : 0;
}

/* -- supply groups, tariffs, vending points ------------------------------- */

typedef struct
{
  const PosSupplyGroupSpec *spec;
  gint64 id;
} GroupData;

static gboolean
add_group_body (PosContext  *context,
                PosDb       *db,
                gpointer     data,
                GError     **error)
{
  GroupData *d = data;
  const PosSupplyGroupSpec *s = d->spec;
  g_autoptr(PosDbVendingKey) key = pos_db_vending_key_get_by_name (db, s->vending_key, error);
  PosDbSupplyGroup group = { 0 };
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (key == NULL)
    return FALSE;
  if (key->dkga == 2 && s->ea == 11)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a DKGA02 key makes 64-bit keys; EA11 needs DKGA04");
      return FALSE;
    }
  group.name = (char *) (s->name != NULL ? s->name : "");
  group.sgc = (char *) s->sgc;
  group.krn = s->krn;
  group.kt = s->kt;
  group.ken = s->ken;
  group.base = s->base;
  group.ea = s->ea;
  group.vending_key_id = key->id;
  if (!pos_db_supply_group_insert (db, &group, error))
    return FALSE;
  d->id = group.id;
  json_object_set_string_member (info, "sgc", s->sgc);
  json_object_set_int_member (info, "krn", s->krn);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "supply-group-add", detail, error);
}

gint64
pos_admin_add_supply_group (PosContext                *context,
                            const PosSupplyGroupSpec  *spec,
                            GError                   **error)
{
  GroupData data = { spec, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);

  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "adding a supply group", error))
    return 0;
  if (spec->sgc == NULL || strlen (spec->sgc) != 6 || strspn (spec->sgc, "0123456789") != 6
      || spec->krn < 1 || spec->krn > 9 || spec->kt < 0 || spec->kt > 3 || spec->ken < 0 || spec->ken > 255
      || !sts_base_date_is_valid (spec->base) || sts_ea_key_length ((StsEa) spec->ea) == 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a supply group has a 6-digit SGC, KRN 1-9, KT 0-3, KEN 0-255, base date 1993/2014/2035 "
                   "and EA 7, 9 or 11");
      return 0;
    }
  return pos_context_in_transaction (context, add_group_body, &data, "adding the supply group", error) ? data.id : 0;
}

typedef struct
{
  const PosTariffSpec *spec;
  gint64 id;
} TariffData;

static gboolean
add_tariff_body (PosContext  *context,
                 PosDb       *db,
                 gpointer     data,
                 GError     **error)
{
  TariffData *d = data;
  const PosTariffSpec *s = d->spec;
  g_autoptr(PosDbTariff) tariff = pos_db_tariff_new ();
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  tariff->name = g_strdup (s->name);
  tariff->vat_rate_bp = s->vat_rate_bp;
  tariff->vat_inclusive = s->vat_inclusive;
  tariff->fixed_monthly = s->fixed_monthly;
  tariff->free_units = s->free_units;
  for (guint i = 0; i < s->n_steps; i++)
    {
      PosDbTariffBlock b = { s->steps[i].up_to, s->steps[i].price };
      g_array_append_val (tariff->blocks, b);
    }
  if (!pos_db_tariff_insert (db, tariff, error))
    return FALSE;
  d->id = tariff->id;
  json_object_set_string_member (info, "tariff", s->name);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "tariff-add", detail, error);
}

gint64
pos_admin_add_tariff (PosContext           *context,
                      const PosTariffSpec  *spec,
                      GError              **error)
{
  TariffData data = { spec, 0 };
  gint64 previous = 0;

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);

  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "adding a tariff", error))
    return 0;
  if (spec->name == NULL || *spec->name == '\0' || spec->n_steps == 0
      || spec->vat_rate_bp < 0 || spec->vat_rate_bp > 10000 || spec->fixed_monthly < 0 || spec->free_units < 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a tariff has a name, a VAT rate of 0 to 100%% and at least one step");
      return 0;
    }
  if (!pos_money_check (spec->fixed_monthly, "the monthly fixed charge", error))
    return 0;
  /* Free electricity is sold as a token: no more than one carries. */
  if (spec->free_units > (gint64) STS_AMOUNT_MAX)
    {
      g_autofree char *most = pos_kwh_format (STS_AMOUNT_MAX);

      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "free basic electricity is at most %s kWh a month (what one token carries)", most);
      return 0;
    }
  /* Steps rise, and only the last one is open-ended. */
  for (guint i = 0; i < spec->n_steps; i++)
    {
      gboolean last = i + 1 == spec->n_steps;

      if (spec->steps[i].price > POS_MONEY_MAX || spec->steps[i].up_to > POS_TARIFF_STEP_MAX)
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "a tariff step is priced at most %" G_GINT64_FORMAT " thousandths of a minor unit per kWh,"
                       " up to at most %d kWh a month", POS_MONEY_MAX, POS_TARIFF_STEP_MAX / 10);
          return 0;
        }
      if (spec->steps[i].price <= 0 || (last ? spec->steps[i].up_to != 0 : spec->steps[i].up_to <= previous))
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "tariff steps need a positive price and rising limits, the last one without a limit");
          return 0;
        }
      previous = spec->steps[i].up_to;
    }
  return pos_context_in_transaction (context, add_tariff_body, &data, "adding the tariff", error) ? data.id : 0;
}

typedef struct
{
  const char *name;
  gint64 ceiling;
  gint64 id;
} PointData;

static gboolean
add_point_body (PosContext  *context,
                PosDb       *db,
                gpointer     data,
                GError     **error)
{
  PointData *d = data;
  PosDbVendingPoint point = { 0, (char *) d->name, d->ceiling, 0 };
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (!pos_db_vending_point_insert (db, &point, error))
    return FALSE;
  d->id = point.id;
  json_object_set_string_member (info, "vending_point", d->name);
  json_object_set_int_member (info, "credit_ceiling", d->ceiling);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "vending-point-add", detail, error);
}

gint64
pos_admin_add_vending_point (PosContext  *context,
                             const char  *name,
                             gint64       credit_ceiling,
                             GError     **error)
{
  PointData data = { name, credit_ceiling, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), 0);

  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "adding a vending point", error))
    return 0;
  if (name == NULL || *name == '\0' || credit_ceiling < 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a vending point has a name and a credit ceiling of 0 (none) or more");
      return 0;
    }
  if (!pos_money_check (credit_ceiling, "the credit ceiling", error))
    return 0;
  return pos_context_in_transaction (context, add_point_body, &data, "adding the vending point", error) ? data.id : 0;
}

typedef struct
{
  const char *name;
  gint64      ceiling;
  gint64      reconciled;
} ReconcileData;

static gboolean
reconcile_body (PosContext  *context,
                PosDb       *db,
                gpointer     data,
                GError     **error)
{
  ReconcileData *d = data;
  g_autoptr(PosDbVendingPoint) point = pos_db_vending_point_get_by_name (db, d->name, error);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (point == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no vending point called %s", d->name);
      return FALSE;
    }
  if (!pos_db_vending_point_reconcile (db, point->id, d->ceiling, error))
    return FALSE;
  d->reconciled = point->credit_used;
  json_object_set_string_member (info, "vending_point", point->name);
  json_object_set_int_member (info, "reconciled", point->credit_used);
  json_object_set_int_member (info, "ceiling", d->ceiling >= 0 ? d->ceiling : point->credit_ceiling);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "point-reconcile", detail, error);
}

gboolean
pos_admin_reconcile_point (PosContext  *context,
                           const char  *name,
                           gint64       ceiling,
                           gint64      *out_reconciled,
                           GError     **error)
{
  ReconcileData data = { name, ceiling, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);

  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "reconciling a vending point", error))
    return FALSE;
  if (name == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "which vending point?");
      return FALSE;
    }
  if (ceiling >= 0 && !pos_money_check (ceiling, "the credit ceiling", error))
    return FALSE;
  if (!pos_context_in_transaction (context, reconcile_body, &data, "reconciling the vending point", error))
    return FALSE;
  if (out_reconciled != NULL)
    *out_reconciled = data.reconciled;
  return TRUE;
}

/* -- lists, users, utility ----------------------------------------------- */

static JsonObject *
list_row (PosDb         *db,
          PosAdminList   what,
          gint64         id,
          GError       **error)
{
  g_autoptr(JsonObject) o = json_object_new ();

  switch (what)
    {
    case POS_ADMIN_USERS:
      {
        g_autoptr(PosDbUser) u = pos_db_user_get (db, id, error);

        if (u == NULL)
          return NULL;
        json_object_set_string_member (o, "name", u->username);
        json_object_set_string_member (o, "full_name", u->full_name);
        json_object_set_string_member (o, "role", u->role);
        json_object_set_boolean_member (o, "active", u->active);
        json_object_set_boolean_member (o, "locked", u->locked_until != NULL);
        break;
      }
    case POS_ADMIN_VENDING_KEYS:
      {
        g_autoptr(PosDbVendingKey) k = pos_db_vending_key_get (db, id, error);

        if (k == NULL)
          return NULL;
        json_object_set_string_member (o, "name", k->name);
        json_object_set_int_member (o, "dkga", k->dkga);
        break;
      }
    case POS_ADMIN_SUPPLY_GROUPS:
      {
        g_autoptr(PosDbSupplyGroup) g = pos_db_supply_group_get (db, id, error);
        g_autoptr(PosDbVendingKey) k = g != NULL ? pos_db_vending_key_get (db, g->vending_key_id, error) : NULL;

        if (k == NULL)
          return NULL;
        json_object_set_string_member (o, "name", g->name);
        json_object_set_string_member (o, "sgc", g->sgc);
        json_object_set_int_member (o, "krn", g->krn);
        json_object_set_int_member (o, "kt", g->kt);
        json_object_set_int_member (o, "ken", g->ken);
        json_object_set_int_member (o, "base", g->base);
        json_object_set_int_member (o, "ea", g->ea);
        json_object_set_string_member (o, "vending_key", k->name);
        break;
      }
    case POS_ADMIN_TARIFFS:
      {
        g_autoptr(PosDbTariff) t = pos_db_tariff_get (db, id, error);
        JsonArray *blocks;

        if (t == NULL)
          return NULL;
        json_object_set_string_member (o, "name", t->name);
        json_object_set_int_member (o, "vat_rate_bp", t->vat_rate_bp);
        json_object_set_boolean_member (o, "vat_inclusive", t->vat_inclusive);
        json_object_set_int_member (o, "fixed_monthly", t->fixed_monthly);
        json_object_set_int_member (o, "free_units", t->free_units);
        json_object_set_boolean_member (o, "active", t->active);
        blocks = json_array_new ();
        for (guint i = 0; i < t->blocks->len; i++)
          {
            PosDbTariffBlock *b = &g_array_index (t->blocks, PosDbTariffBlock, i);
            JsonObject *bo = json_object_new ();

            json_object_set_int_member (bo, "up_to", b->up_to);
            json_object_set_int_member (bo, "price", b->price);
            json_array_add_object_element (blocks, bo);
          }
        json_object_set_array_member (o, "blocks", blocks);
        break;
      }
    case POS_ADMIN_VENDING_POINTS:
    default:
      {
        g_autoptr(PosDbVendingPoint) p = pos_db_vending_point_get (db, id, error);

        if (p == NULL)
          return NULL;
        json_object_set_string_member (o, "name", p->name);
        json_object_set_int_member (o, "credit_ceiling", p->credit_ceiling);
        json_object_set_int_member (o, "credit_used", p->credit_used);
        break;
      }
    }
  return g_steal_pointer (&o);
}

JsonArray *
pos_admin_list (PosContext    *context,
                PosAdminList   what,
                GError       **error)
{
  static const PosDbTable tables[] = {
    [POS_ADMIN_USERS] = POS_DB_TABLE_USERS,
    [POS_ADMIN_VENDING_KEYS] = POS_DB_TABLE_VENDING_KEYS,
    [POS_ADMIN_SUPPLY_GROUPS] = POS_DB_TABLE_SUPPLY_GROUPS,
    [POS_ADMIN_TARIFFS] = POS_DB_TABLE_TARIFFS,
    [POS_ADMIN_VENDING_POINTS] = POS_DB_TABLE_VENDING_POINTS,
  };
  g_autoptr(JsonArray) result = json_array_new ();
  g_autoptr(GArray) ids = NULL;
  gboolean secret = what == POS_ADMIN_USERS || what == POS_ADMIN_VENDING_KEYS;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  g_return_val_if_fail ((guint) what < G_N_ELEMENTS (tables), NULL);

  if (!pos_context_require_role (context, secret ? POS_ROLE_ADMIN : POS_ROLE_CASHIER,
                                 secret ? "listing users and keys" : "listing", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  ids = pos_db_list_ids (db, tables[what], error);
  if (ids == NULL)
    {
      pos_app_error_from_db (error, "listing");
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *row = list_row (db, what, g_array_index (ids, gint64, i), error);

      if (row == NULL)
        {
          pos_app_error_from_db (error, "listing");
          return NULL;
        }
      json_array_add_object_element (result, row);
    }
  return g_steal_pointer (&result);
}

typedef struct
{
  const char *username;
  PosRole     role;
  int         active;
  const char *password;
  gint64      self_id;
} UpdateUserData;

/* Stores a new hash of @password for user @id. */
static gboolean
store_password (PosContext  *context,
                PosDb       *db,
                gint64       id,
                const char  *password,
                GError     **error)
{
  char hash[STS_PASSWORD_HASH_MAX];
  StsStatus status = sts_password_hash (hash, sizeof hash, password, pos_context_get_kdf_cost (context));
  gboolean ok;

  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "hashing the password: %s",
                   sts_status_to_string (status));
      return FALSE;
    }
  ok = pos_db_user_set_password (db, id, hash, error);
  memset (hash, 0, sizeof hash);
  return ok;
}

static gboolean
update_user_body (PosContext  *context,
                  PosDb       *db,
                  gpointer     data,
                  GError     **error)
{
  UpdateUserData *d = data;
  g_autoptr(PosDbUser) user = pos_db_user_get_by_name (db, d->username, error);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;
  const char *role;
  gboolean active;

  if (user == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no user called %s", d->username);
      return FALSE;
    }
  role = d->role != POS_ROLE_NONE ? pos_role_to_string (d->role) : user->role;
  active = d->active >= 0 ? d->active != 0 : user->active;
  if (user->id == d->self_id && g_strcmp0 (role, "admin") != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "you cannot take away your own administrator rights; another administrator can");
      return FALSE;
    }
  if (user->id == d->self_id && !active)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "you cannot disable your own account");
      return FALSE;
    }
  if (!pos_db_user_update (db, user->id, role, active, error))
    return FALSE;
  if (d->password != NULL && !store_password (context, db, user->id, d->password, error))
    return FALSE;
  json_object_set_string_member (info, "user", user->username);
  json_object_set_string_member (info, "role", role);
  json_object_set_boolean_member (info, "active", active);
  json_object_set_boolean_member (info, "password_reset", d->password != NULL);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "user-update", detail, error);
}

gboolean
pos_admin_update_user (PosContext  *context,
                       const char  *username,
                       PosRole      role,
                       int          active,
                       const char  *new_password,
                       GError     **error)
{
  UpdateUserData data = { username, role, active, new_password, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "changing users", error))
    return FALSE;
  if (username == NULL || (new_password != NULL && !check_password (new_password, error)))
    {
      if (username == NULL)
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "which user?");
      return FALSE;
    }
  data.self_id = pos_context_get_user_id (context);
  return pos_context_in_transaction (context, update_user_body, &data, "changing the user", error);
}

typedef struct
{
  const char *old_password;
  const char *new_password;
} PasswordData;

static gboolean
change_password_body (PosContext  *context,
                      PosDb       *db,
                      gpointer     data,
                      GError     **error)
{
  PasswordData *d = data;
  g_autoptr(PosDbUser) user = pos_db_user_get (db, pos_context_get_user_id (context), error);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  if (user == NULL)
    return FALSE;
  if (sts_password_verify (user->password_hash, d->old_password) != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSWORD, "the old password is wrong");
      return FALSE;
    }
  if (!store_password (context, db, user->id, d->new_password, error))
    return FALSE;
  json_object_set_string_member (info, "user", user->username);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "password-change", detail, error);
}

gboolean
pos_user_change_password (PosContext  *context,
                          const char  *old_password,
                          const char  *new_password,
                          GError     **error)
{
  PasswordData data = { old_password, new_password };

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "changing your password", error))
    return FALSE;
  if (old_password == NULL || !check_password (new_password, error))
    {
      if (old_password == NULL)
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "give the old password");
      return FALSE;
    }
  return pos_context_in_transaction (context, change_password_body, &data, "changing the password", error);
}

JsonObject *
pos_utility_get (PosContext  *context,
                 GError     **error)
{
  g_autoptr(PosDbUtility) u = NULL;
  JsonObject *o;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "reading the utility's details", error))
    return NULL;
  db = pos_context_get_db (context, error);
  u = db != NULL ? pos_db_utility_get (db, error) : NULL;
  if (u == NULL)
    {
      pos_app_error_from_db (error, "reading the utility's details");
      return NULL;
    }
  o = json_object_new ();
  json_object_set_string_member (o, "name", u->name);
  json_object_set_string_member (o, "address", u->address);
  json_object_set_string_member (o, "tax_number", u->tax_number);
  json_object_set_string_member (o, "currency", u->currency);
  json_object_set_int_member (o, "minor_digits", u->minor_digits);
  json_object_set_int_member (o, "min_vend", u->min_vend);
  json_object_set_int_member (o, "max_vend", u->max_vend);
  return o;
}

typedef struct
{
  const char *name;
  const char *address;
  const char *tax_number;
  gint64      min_vend;
  gint64      max_vend;
} UtilityData;

static gboolean
set_utility_body (PosContext  *context,
                  PosDb       *db,
                  gpointer     data,
                  GError     **error)
{
  UtilityData *d = data;
  g_autoptr(PosDbUtility) u = pos_db_utility_get (db, error);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;
  PosDbUtility changed;

  if (u == NULL)
    return FALSE;
  changed = *u;
  if (d->name != NULL)
    changed.name = (char *) d->name;
  if (d->address != NULL)
    changed.address = (char *) d->address;
  if (d->tax_number != NULL)
    changed.tax_number = (char *) d->tax_number;
  if (d->min_vend >= 0)
    changed.min_vend = d->min_vend;
  if (d->max_vend >= 0)
    changed.max_vend = d->max_vend;
  if (changed.max_vend > 0 && changed.max_vend < changed.min_vend)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "the largest vend cannot be below the smallest");
      return FALSE;
    }
  if (!pos_db_utility_set (db, &changed, error))
    return FALSE;
  json_object_set_string_member (info, "name", changed.name);
  json_object_set_string_member (info, "address", changed.address);
  json_object_set_string_member (info, "tax_number", changed.tax_number);
  json_object_set_int_member (info, "min_vend", changed.min_vend);
  json_object_set_int_member (info, "max_vend", changed.max_vend);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "utility-update", detail, error);
}

gboolean
pos_admin_set_utility (PosContext  *context,
                       const char  *name,
                       const char  *address,
                       const char  *tax_number,
                       gint64       min_vend,
                       gint64       max_vend,
                       GError     **error)
{
  UtilityData data = { name, address, tax_number, min_vend, max_vend };

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_ADMIN, "changing the utility's details", error))
    return FALSE;
  if (name != NULL && *name == '\0')
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the utility needs a name");
      return FALSE;
    }
  if ((min_vend >= 0 && !pos_money_check (min_vend, "the smallest vend", error))
      || (max_vend >= 0 && !pos_money_check (max_vend, "the largest vend", error)))
    return FALSE;
  return pos_context_in_transaction (context, set_utility_body, &data, "changing the utility's details", error);
}

/* -- demo --------------------------------------------------------------- */

/* A valid MeterPAN: IIN 600727, manufacturer 04, serial @n. */
static void
demo_pan (char   out[STS_PAN_DIGITS + 1],
          guint  n)
{
  char body[STS_PAN_DIGITS];

  g_snprintf (body, sizeof body, "60072704%08u", n);
  body[16] = (char) ('0' + sts_luhn_check_digit (body + 6, 10));
  body[17] = '\0';
  g_snprintf (out, STS_PAN_DIGITS + 1, "%s%d", body, sts_luhn_check_digit (body, 17));
}

typedef struct
{
  guint  n;
  gint64 group_id;
  gint64 tariff_ids[2];
} DemoData;

static gboolean
demo_customers_body (PosContext  *context,
                     PosDb       *db,
                     gpointer     data,
                     GError     **error)
{
  static const char *const first[] = {
    "Nomsa", "Thabo", "Lerato", "Sipho", "Ayanda", "Pieter", "Fatima", "John", "Zanele", "Kagiso",
    "Mpho", "Anele", "Grace", "Themba", "Lindiwe", "David", "Naledi", "Bongani", "Ruth", "Sibusiso",
  };
  static const char *const last[] = {
    "Dlamini", "Nkosi", "Mokoena", "van der Merwe", "Naidoo", "Botha", "Khumalo", "Mahlangu", "Smith",
    "Pillay", "Ndlovu", "Sithole", "Jacobs", "Mthembu", "Coetzee", "Mabena", "Moloi", "Fourie",
  };
  DemoData *d = data;
  g_autofree char *now = pos_context_now_iso (context);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  for (guint i = 1; i <= d->n; i++)
    {
      g_autofree char *account = g_strdup_printf ("ACC-%06u", i);
      g_autofree char *name = g_strdup_printf ("%s %s", first[i % G_N_ELEMENTS (first)],
                                               last[(i / G_N_ELEMENTS (first)) % G_N_ELEMENTS (last)]);
      g_autofree char *address = g_strdup_printf ("%u Demo Street, Soweto", i);
      g_autofree char *phone = g_strdup_printf ("082%07u", i);
      char pan[STS_PAN_DIGITS + 1];
      PosDbCustomer c = { 0, account, name, address, phone, now };
      PosDbMeter m = { 0 };

      if (!pos_db_customer_insert (db, &c, error))
        return FALSE;
      demo_pan (pan, i);
      m.pan = pan;
      m.customer_id = c.id;
      m.supply_group_id = d->group_id;
      m.ti = 1;
      m.tariff_id = d->tariff_ids[i % 10 == 0 ? 1 : 0];
      if (!pos_db_meter_insert (db, &m, now, error))
        return FALSE;
    }
  json_object_set_int_member (info, "customers", d->n);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "demo-customers", detail, error);
}

gboolean
pos_admin_demo (PosContext  *context,
                guint        n_customers,
                GError     **error)
{
  PosSetup setup = { "Demo Power (demonstration data)", "1 Demo Street, Johannesburg", "VAT 4000000000",
                     "ZAR", "admin", POS_DEMO_ADMIN_PASSWORD, POS_DEMO_PASSPHRASE };
  PosSupplyGroupSpec group = { "Demo supply group", "123456", 1, 2, 255, 2014, 7, "demo (STS test key)" };
  PosTariffStep residential[] = { { 500, 150000 }, { 3500, 210000 }, { 0, 280000 } };
  PosTariffStep commercial[] = { { 0, 250000 } };
  PosTariffStep lifeline[] = { { 0, 90000 } };
  PosTariffSpec tariffs[] = {
    { "Residential block", 1500, TRUE, 0, 0, residential, G_N_ELEMENTS (residential) },
    { "Commercial flat", 1500, TRUE, 15000, 0, commercial, G_N_ELEMENTS (commercial) },
    /* Indigent households: 50 kWh of free basic electricity a month. */
    { "Lifeline", 1500, TRUE, 0, 500, lifeline, G_N_ELEMENTS (lifeline) },
  };
  DemoData data = { n_customers, 0, { 0, 0 } };

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);

  if (!pos_admin_init (context, &setup, error))
    return FALSE;
  /* The STS compliance suite's published test key: never a real one. */
  if (pos_admin_import_vending_key (context, group.vending_key, 2, "abababababababab", error) == 0
      || (data.group_id = pos_admin_add_supply_group (context, &group, error)) == 0
      || (data.tariff_ids[0] = pos_admin_add_tariff (context, &tariffs[0], error)) == 0
      || (data.tariff_ids[1] = pos_admin_add_tariff (context, &tariffs[1], error)) == 0
      || pos_admin_add_tariff (context, &tariffs[2], error) == 0
      || pos_admin_add_vending_point (context, "Main office", 50000000, error) == 0
      || pos_admin_add_user (context, "supervisor", "Demo Supervisor", POS_ROLE_SUPERVISOR,
                             POS_DEMO_SUPERVISOR_PASSWORD, error) == 0
      || pos_admin_add_user (context, "cashier", "Demo Cashier", POS_ROLE_CASHIER,
                             POS_DEMO_CASHIER_PASSWORD, error) == 0)
    return FALSE;
  return pos_context_in_transaction (context, demo_customers_body, &data, "demo customers", error);
}
