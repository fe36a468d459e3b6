/* pos-engineering.c: engineering tokens and key changes */
#include <string.h>

#include "pos-engineering.h"
#include "pos-vend-private.h"

typedef struct
{
  const char         *pan;
  PosEngineeringKind  kind;
  gint64              value;
  const char         *sgc;
  int                 krn;
  int                 ti;
  PosTokenSet         result;
} EngData;

static const char *
kind_name (PosEngineeringKind kind)
{
  switch (kind)
    {
    case POS_ENGINEERING_CLEAR_TAMPER: return "clear-tamper";
    case POS_ENGINEERING_CLEAR_CREDIT: return "clear-credit";
    case POS_ENGINEERING_SET_MPL: return "set-mpl";
    case POS_ENGINEERING_SET_MPPUL: return "set-mppul";
    case POS_ENGINEERING_TEST: return "test";
    default: return "unknown";
    }
}

/* Records a token-only sale (no money) with @n tokens for @meter. */
static gboolean
record_tokens (PosContext        *context,
               PosDb             *db,
               const PosDbMeter  *meter,
               const PosDbSupplyGroup *group,
               const char        *kind,
               const StsTokenData *td,
               int                base,
               EngData           *d,
               GError           **error)
{
  g_autoptr(PosDbShift) shift = pos_db_shift_get_open (db, pos_context_get_user_id (context), NULL);
  g_autoptr(PosDbVendingPoint) point = NULL;
  g_autofree char *now = pos_context_now_iso (context);
  g_autofree char *detail = NULL;
  g_autoptr(JsonObject) info = json_object_new ();
  PosDbSale sale = { 0 };

  if (shift == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NO_SHIFT, "open a shift before issuing tokens");
      return FALSE;
    }
  point = pos_db_vending_point_get (db, shift->vending_point_id, error);
  if (point == NULL || !pos_db_vending_point_take_receipt (db, point->id, 0, &d->result.receipt_no, error))
    return FALSE;
  sale.vending_point_id = point->id;
  sale.receipt_no = d->result.receipt_no;
  sale.kind = (char *) kind;
  sale.meter_id = meter->id;
  sale.customer_id = meter->customer_id;
  sale.user_id = pos_context_get_user_id (context);
  sale.shift_id = shift->id;
  sale.created_at = now;
  /* The key the tokens were made with, for the receipt. */
  json_object_set_string_member (info, "sgc", group->sgc);
  json_object_set_int_member (info, "krn", group->krn);
  json_object_set_int_member (info, "ti", meter->ti);
  json_object_set_string_member (info, "token", d->sgc != NULL ? "key-change" : kind_name (d->kind));
  detail = pos_json_to_string (info);
  sale.detail = detail;
  if (!pos_db_sale_insert (db, &sale, error))
    return FALSE;
  for (guint i = 0; i < d->result.n_tokens; i++)
    {
      PosDbToken token = { 0 };

      token.sale_id = sale.id;
      token.meter_id = meter->id;
      token.seq = (int) i + 1;
      g_strlcpy (token.token, d->result.tokens[i], sizeof token.token);
      token.tid = d->result.tid;
      token.base = base;
      token.token_class = td[i].token_class;
      token.subclass = td[i].subclass;
      if (!pos_db_token_insert (db, &token, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
engineering_body (PosContext  *context,
                  PosDb       *db,
                  gpointer     data,
                  GError     **error)
{
  EngData *d = data;
  g_autoptr(PosDbMeter) meter = pos_db_meter_get_by_pan (db, d->pan, error);
  g_autoptr(PosDbSupplyGroup) group = NULL;
  g_autoptr(GDateTime) now = pos_context_now (context);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;
  StsTokenData td;
  StsCipher cipher;
  StsKey dk;
  StsStatus status;
  guint32 tid = 0;

  if (meter == NULL)
    return FALSE;
  group = pos_db_supply_group_get (db, meter->supply_group_id, error);
  if (group == NULL)
    return FALSE;

  memset (&td, 0, sizeof td);
  d->result.n_tokens = 1;
  d->result.tid = -1;
  if (d->kind == POS_ENGINEERING_TEST)
    {
      /* Class 1: not encrypted, no TID; the manufacturer is the DRN's. */
      StsPan pan;

      status = sts_pan_parse (&pan, meter->pan);
      td.token_class = STS_CLASS_TEST;
      td.subclass = pan.iin_len == 6 ? 0 : 1;
      td.control = (guint64) d->value;
      {
        char mfr[5] = { 0 };

        memcpy (mfr, meter->pan + pan.iin_len, pan.iin_len == 6 ? 2 : 4);
        td.mfr = (guint16) g_ascii_strtoull (mfr, NULL, 10);
      }
      if (status == STS_OK)
        status = sts_token_generate (d->result.tokens[0], NULL, &td);
    }
  else
    {
      td.token_class = STS_CLASS_MANAGEMENT;
      status = STS_OK;
      switch (d->kind)
        {
        case POS_ENGINEERING_CLEAR_TAMPER:
          td.subclass = STS_SUB_CLEAR_TAMPER;
          break;
        case POS_ENGINEERING_CLEAR_CREDIT:
          td.subclass = STS_SUB_CLEAR_CREDIT;
          td.value = (guint16) d->value;
          break;
        case POS_ENGINEERING_SET_MPL:
        case POS_ENGINEERING_SET_MPPUL:
          td.subclass = d->kind == POS_ENGINEERING_SET_MPL ? STS_SUB_SET_MPL : STS_SUB_SET_MPPUL;
          status = sts_amount_encode (&td.value, (guint32) d->value);
          break;
        case POS_ENGINEERING_TEST:
        default:
          break;
        }
      if (!pos_meter_next_tid (db, now, meter, group, &tid, error)
          || !pos_meter_decoder_key (context, db, meter->pan, group, meter->ti, &dk, error))
        return FALSE;
      td.tid = tid;
      d->result.tid = tid;
      if (status == STS_OK)
        status = sts_random_nibble (&td.rnd);
      if (status == STS_OK)
        status = sts_cipher_init (&cipher, (StsEa) group->ea, &dk);
      sts_key_wipe (&dk);
      if (status == STS_OK)
        {
          status = sts_token_generate (d->result.tokens[0], &cipher, &td);
          sts_cipher_clear (&cipher);
        }
    }
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "making the token: %s", sts_status_to_string (status));
      return FALSE;
    }

  if (!record_tokens (context, db, meter, group, "engineering", &td, group->base, d, error))
    return FALSE;
  if (d->result.tid >= 0 && !pos_db_meter_set_last_tid (db, meter->id, d->result.tid, error))
    return FALSE;
  json_object_set_string_member (info, "meter", meter->pan);
  json_object_set_string_member (info, "token", kind_name (d->kind));
  json_object_set_int_member (info, "value", d->value);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "engineering-token", detail, error);
}

gboolean
pos_engineering_token (PosContext          *context,
                       const char          *pan,
                       PosEngineeringKind   kind,
                       gint64               value,
                       PosTokenSet         *out,
                       GError             **error)
{
  EngData data;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "issuing engineering tokens", error))
    return FALSE;
  if ((kind == POS_ENGINEERING_CLEAR_CREDIT && (value < 0 || value > 0xFFFF))
      || ((kind == POS_ENGINEERING_SET_MPL || kind == POS_ENGINEERING_SET_MPPUL)
          && (value < 0 || value > STS_AMOUNT_MAX))
      || (kind == POS_ENGINEERING_TEST && (value < 0 || value > G_GINT64_CONSTANT (0xFFFFFFF))))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the value is out of range for %s",
                   kind_name (kind));
      return FALSE;
    }
  memset (&data, 0, sizeof data);
  data.pan = pan;
  data.kind = kind;
  data.value = value;
  if (!pos_context_in_transaction (context, engineering_body, &data, "engineering token", error))
    return FALSE;
  *out = data.result;
  return TRUE;
}

/* -- key change ------------------------------------------------------------ */

static gboolean
key_change_body (PosContext  *context,
                 PosDb       *db,
                 gpointer     data,
                 GError     **error)
{
  EngData *d = data;
  g_autoptr(PosDbMeter) meter = pos_db_meter_get_by_pan (db, d->pan, error);
  g_autoptr(PosDbSupplyGroup) current = NULL;
  g_autoptr(PosDbSupplyGroup) target = NULL;
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;
  StsKey current_dk;
  StsKeyChange change;
  StsCipher cipher;
  StsTokenData td[STS_KEY_CHANGE_MAX];
  size_t n = 0;
  StsStatus status;
  gboolean rollover;

  if (meter == NULL)
    return FALSE;
  current = pos_db_supply_group_get (db, meter->supply_group_id, error);
  if (current == NULL)
    return FALSE;
  target = pos_db_supply_group_find (db, d->sgc, d->krn, error);
  if (target == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no supply group %s with KRN %d", d->sgc, d->krn);
      return FALSE;
    }
  if (target->id == current->id && d->ti == meter->ti)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "meter %s already has that key", d->pan);
      return FALSE;
    }
  if (target->base < current->base)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a meter cannot move back from base date %d to %d", current->base, target->base);
      return FALSE;
    }
  if (sts_ea_key_length ((StsEa) target->ea) != sts_ea_key_length ((StsEa) current->ea))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a key change keeps the encryption algorithm's key size (EA%02d to EA%02d)",
                   current->ea, target->ea);
      return FALSE;
    }
  rollover = target->base != current->base;

  memset (&change, 0, sizeof change);
  if (!pos_meter_decoder_key (context, db, meter->pan, current, meter->ti, &current_dk, error))
    return FALSE;
  if (!pos_meter_decoder_key (context, db, meter->pan, target, d->ti, &change.new_dk, error))
    {
      sts_key_wipe (&current_dk);
      return FALSE;
    }
  change.ken = (uint8_t) target->ken;
  change.krn = (uint8_t) target->krn;
  change.kt = (uint8_t) target->kt;
  change.ti = (uint8_t) d->ti;
  change.sgc = (uint32_t) g_ascii_strtoull (target->sgc, NULL, 10);
  change.rollover = rollover;
  status = sts_cipher_init (&cipher, (StsEa) current->ea, &current_dk);
  sts_key_wipe (&current_dk);
  if (status == STS_OK)
    {
      status = sts_key_change_generate (d->result.tokens, &n, &cipher, &change);
      sts_cipher_clear (&cipher);
    }
  sts_key_wipe (&change.new_dk);
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "making the key change: %s",
                   sts_status_to_string (status));
      return FALSE;
    }
  d->result.n_tokens = (guint) n;
  d->result.tid = -1;
  memset (td, 0, sizeof td);
  {
    static const guint8 subs[STS_KEY_CHANGE_MAX] = { STS_SUB_KCT1, STS_SUB_KCT2, STS_SUB_KCT3, STS_SUB_KCT4 };
    for (size_t i = 0; i < n; i++)
      {
        td[i].token_class = STS_CLASS_MANAGEMENT;
        td[i].subclass = subs[i];
      }
  }
  if (!record_tokens (context, db, meter, current, "key_change", td, target->base, d, error)
      || !pos_db_meter_move (db, meter->id, target->id, d->ti, rollover, error))
    return FALSE;

  json_object_set_string_member (info, "meter", meter->pan);
  json_object_set_string_member (info, "from", current->sgc);
  json_object_set_int_member (info, "from_krn", current->krn);
  json_object_set_string_member (info, "to", target->sgc);
  json_object_set_int_member (info, "to_krn", target->krn);
  json_object_set_int_member (info, "ti", d->ti);
  json_object_set_boolean_member (info, "rollover", rollover);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "key-change", detail, error);
}

gboolean
pos_key_change (PosContext   *context,
                const char   *pan,
                const char   *sgc,
                int           krn,
                int           ti,
                PosTokenSet  *out,
                GError      **error)
{
  EngData data;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "changing a meter's key", error))
    return FALSE;
  if (sgc == NULL || krn < 1 || krn > 9 || ti < 0 || ti > 99)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a key change names the new supply group (SGC, KRN 1-9) and tariff index (0-99)");
      return FALSE;
    }
  memset (&data, 0, sizeof data);
  data.pan = pan;
  data.sgc = sgc;
  data.krn = krn;
  data.ti = ti;
  if (!pos_context_in_transaction (context, key_change_body, &data, "key change", error))
    return FALSE;
  *out = data.result;
  return TRUE;
}

/* -- supply group migration ----------------------------------------------- */

typedef struct
{
  const char *from_sgc;
  int         from_krn;
  const char *to_sgc;
  int         to_krn;
  guint       moved;
  guint       total;
  const char *state;     /* "started", "finished" or "stopped" */
} MigrationData;

static gboolean
migration_audit_body (PosContext  *context,
                      PosDb       *db,
                      gpointer     data,
                      GError     **error)
{
  MigrationData *d = data;
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;

  json_object_set_string_member (info, "from", d->from_sgc);
  json_object_set_int_member (info, "from_krn", d->from_krn);
  json_object_set_string_member (info, "to", d->to_sgc);
  json_object_set_int_member (info, "to_krn", d->to_krn);
  json_object_set_string_member (info, "state", d->state);
  json_object_set_int_member (info, "meters", d->total);
  json_object_set_int_member (info, "moved", d->moved);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "key-change-group", detail, error);
}

gboolean
pos_key_change_group (PosContext        *context,
                      const char        *from_sgc,
                      int                from_krn,
                      const char        *to_sgc,
                      int                to_krn,
                      PosMigrationFunc   each,
                      gpointer           user_data,
                      guint             *out_moved,
                      GError           **error)
{
  MigrationData m = { from_sgc, from_krn, to_sgc, to_krn, 0, 0, "started" };
  g_autoptr(PosDbSupplyGroup) from = NULL;
  g_autoptr(PosDbSupplyGroup) to = NULL;
  g_autoptr(GPtrArray) meters = NULL;
  g_autoptr(GError) local_error = NULL;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (out_moved != NULL)
    *out_moved = 0;
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "migrating a supply group", error))
    return FALSE;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return FALSE;
  if (from_sgc == NULL || to_sgc == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a migration names both supply groups");
      return FALSE;
    }
  from = pos_db_supply_group_find (db, from_sgc, from_krn, NULL);
  to = pos_db_supply_group_find (db, to_sgc, to_krn, NULL);
  if (from == NULL || to == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no supply group %s with KRN %d",
                   from == NULL ? from_sgc : to_sgc, from == NULL ? from_krn : to_krn);
      return FALSE;
    }
  if (from->id == to->id)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a migration moves meters to another supply group");
      return FALSE;
    }
  meters = pos_db_meter_list_in_group (db, from->id, error);
  if (meters == NULL)
    {
      pos_app_error_from_db (error, "listing the supply group's meters");
      return FALSE;
    }
  m.total = meters->len;
  if (!pos_context_in_transaction (context, migration_audit_body, &m, "migration", error))
    return FALSE;

  for (guint i = 0; i < meters->len; i++)
    {
      PosDbMeter *meter = meters->pdata[i];
      EngData data;

      memset (&data, 0, sizeof data);
      data.pan = meter->pan;
      data.sgc = to_sgc;
      data.krn = to_krn;
      data.ti = meter->ti;
      if (!pos_context_in_transaction (context, key_change_body, &data, "key change", &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "meter %s (%u of %u moved): ",
                                      meter->pan, m.moved, m.total);
          m.state = "stopped";
          pos_context_in_transaction (context, migration_audit_body, &m, "migration", NULL);
          break;
        }
      m.moved++;
      if (out_moved != NULL)
        *out_moved = m.moved;
      if (each != NULL)
        each (meter->pan, &data.result, m.moved, m.total, user_data);
    }
  if (m.moved < m.total)
    return FALSE;
  m.state = "finished";
  return pos_context_in_transaction (context, migration_audit_body, &m, "migration", error);
}
