/* pos-meter-sim.c: the meter simulator (pos-meter-sim.h) */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pos-cards-private.h"
#include "pos-meter-sim.h"
#include "pos-vend-private.h"

#define GROUP_METER "meter"
#define GROUP_CARD  "card"
#define GROUP_STATE "state"

struct _PosMeterSim
{
  char        *path;
  StsMeter     meter;
  StsKey       dk;             /* the decoder key in use (kept to save it) */
  gboolean     has_meter;
  guint32      utility_card_id;
  StsKey       card_secret;
  gint64       cumulative;     /* tenths of a kWh used */
  gboolean     low_battery;
  gint64       last_seq;       /* the last card purchase applied */
  StsKek       kek;            /* wraps the two keys in the state file */
  guint8       salt[STS_SALT_BYTES];
  guint        kdf_cost;
};

void
pos_meter_sim_free (PosMeterSim *sim)
{
  if (sim == NULL)
    return;
  if (sim->has_meter)
    sts_meter_clear (&sim->meter);
  sts_key_wipe (&sim->dk);
  sts_key_wipe (&sim->card_secret);
  sts_kek_wipe (&sim->kek);
  g_free (sim->path);
  g_free (sim);
}

/* -- the state file -------------------------------------------------------------- */

/* @key wrapped under the state file's key (AES-256-GCM, bound to
 * @name), base64; NULL on failure. */
static char *
key_wrap (PosMeterSim  *sim,
          const StsKey *key,
          const char   *name)
{
  guint8 wrapped[STS_WRAPPED_KEY_MAX];
  size_t len = 0;

  if (sts_key_wrap (wrapped, &len, sizeof wrapped, &sim->kek, key, name) != STS_OK)
    return NULL;
  return g_base64_encode (wrapped, len);
}

static gboolean
key_unwrap (PosMeterSim  *sim,
            StsKey       *out,
            const char   *text,
            const char   *name)
{
  gsize len = 0;
  g_autofree guint8 *wrapped = text != NULL ? g_base64_decode (text, &len) : NULL;

  return wrapped != NULL && sts_key_unwrap (out, &sim->kek, wrapped, len, name) == STS_OK;
}

/* The state file's key from @passphrase, with @sim's salt and cost. */
static gboolean
derive_kek (PosMeterSim  *sim,
            const char   *passphrase,
            GError      **error)
{
  if (passphrase == NULL
      || sts_kek_derive (&sim->kek, (const uint8_t *) passphrase, strlen (passphrase), sim->salt,
                         sim->kdf_cost) != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSPHRASE,
                   "the meter's state is protected by the key passphrase: give it");
      return FALSE;
    }
  return TRUE;
}

/* Writes @kf at @path, readable by its owner only, atomically. */
static gboolean
save_key_file (GKeyFile    *kf,
               const char  *path,
               GError     **error)
{
  gsize len = 0;
  g_autofree char *text = g_key_file_to_data (kf, &len, NULL);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  gboolean ok;
  int fd;

  fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_EXPORT, "cannot write %s: %s", tmp, g_strerror (saved));
      return FALSE;
    }
  ok = write (fd, text, len) == (gssize) len && fsync (fd) == 0;
  ok = close (fd) == 0 && ok;
  memset (text, 0, len);
  if (!ok || g_rename (tmp, path) != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_EXPORT, "cannot write %s", path);
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

static void
put_kct (GKeyFile           *kf,
         const char         *name,
         const StsTokenData *td)
{
  gint list[11] = { td->token_class, td->subclass, (gint) td->tid, td->ken_half, td->krn, td->kt,
                    td->rollover, td->ti, td->sgc_half, (gint) td->key_part, td->crc };

  g_key_file_set_integer_list (kf, GROUP_STATE, name, list, G_N_ELEMENTS (list));
}

static gboolean
get_kct (GKeyFile      *kf,
         const char    *name,
         StsTokenData  *td)
{
  gsize n = 0;
  g_autofree gint *list = g_key_file_get_integer_list (kf, GROUP_STATE, name, &n, NULL);

  if (list == NULL || n != 11)
    return FALSE;
  memset (td, 0, sizeof *td);
  td->token_class = (uint8_t) list[0];
  td->subclass = (uint8_t) list[1];
  td->tid = (uint32_t) list[2];
  td->ken_half = (uint8_t) list[3];
  td->krn = (uint8_t) list[4];
  td->kt = (uint8_t) list[5];
  td->rollover = list[6] != 0;
  td->ti = (uint8_t) list[7];
  td->sgc_half = (uint16_t) list[8];
  td->key_part = (uint32_t) list[9];
  td->crc = (uint16_t) list[10];
  return TRUE;
}

static gboolean
sim_save (PosMeterSim  *sim,
          GError      **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  const StsKeyInfo *info = &sim->meter.info;
  g_autofree char *dk = key_wrap (sim, &sim->dk, "stsvend meter decoder key");
  g_autofree char *secret = key_wrap (sim, &sim->card_secret, "stsvend meter card secret");
  g_autofree char *salt = g_base64_encode (sim->salt, sizeof sim->salt);
  g_autofree gint *tids = g_new0 (gint, MAX (sim->meter.n_tids, 1));
  gint64 registers[STS_METER_REGISTERS];

  if (dk == NULL || secret == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "protecting the meter's keys failed");
      return FALSE;
    }
  g_key_file_set_string (kf, GROUP_METER, "pan", info->pan.digits);
  g_key_file_set_string (kf, GROUP_METER, "salt", salt);
  g_key_file_set_integer (kf, GROUP_METER, "kdf-cost", (gint) sim->kdf_cost);
  g_key_file_set_integer (kf, GROUP_METER, "sgc", (gint) info->sgc);
  g_key_file_set_integer (kf, GROUP_METER, "ti", info->ti);
  g_key_file_set_integer (kf, GROUP_METER, "krn", info->krn);
  g_key_file_set_integer (kf, GROUP_METER, "kt", info->kt);
  g_key_file_set_integer (kf, GROUP_METER, "ken", info->ken);
  g_key_file_set_integer (kf, GROUP_METER, "base", info->base);
  g_key_file_set_integer (kf, GROUP_METER, "ea", info->ea);
  g_key_file_set_integer (kf, GROUP_METER, "dkga", info->dkga);
  g_key_file_set_string (kf, GROUP_METER, "decoder-key", dk);
  g_key_file_set_int64 (kf, GROUP_CARD, "utility-card-id", sim->utility_card_id);
  g_key_file_set_string (kf, GROUP_CARD, "secret", secret);
  memcpy (registers, sim->meter.registers, sizeof registers);
  for (int i = 0; i < STS_METER_REGISTERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("register-%d", i);

      g_key_file_set_int64 (kf, GROUP_STATE, name, registers[i]);
    }
  g_key_file_set_int64 (kf, GROUP_STATE, "cumulative", sim->cumulative);
  g_key_file_set_boolean (kf, GROUP_STATE, "tamper", sim->meter.tamper);
  g_key_file_set_boolean (kf, GROUP_STATE, "low-battery", sim->low_battery);
  g_key_file_set_int64 (kf, GROUP_STATE, "last-sequence", sim->last_seq);
  g_key_file_set_integer (kf, GROUP_STATE, "mpl", (gint) sim->meter.mpl);
  for (size_t i = 0; i < sim->meter.n_tids; i++)
    tids[i] = (gint) sim->meter.tids[i];
  g_key_file_set_integer_list (kf, GROUP_STATE, "tids", tids, sim->meter.n_tids);
  g_key_file_set_integer (kf, GROUP_STATE, "key-change-held", sim->meter.kct_held);
  for (int i = 0; i < 4; i++)
    if (sim->meter.kct_held & (1u << i))
      {
        g_autofree char *name = g_strdup_printf ("key-change-%d", i + 1);

        put_kct (kf, name, &sim->meter.kct[i]);
      }
  return save_key_file (kf, sim->path, error);
}

static gboolean
bad_state (GError     **error,
           const char  *path)
{
  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "%s is not a meter simulator's state file", path);
  return FALSE;
}

PosMeterSim *
pos_meter_sim_load (const char  *path,
                    const char  *passphrase,
                    GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(PosMeterSim) sim = g_new0 (PosMeterSim, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pan = NULL;
  g_autofree char *dk = NULL;
  g_autofree char *secret = NULL;
  g_autofree gint *tids = NULL;
  StsKeyInfo info;
  gsize n_tids = 0;

  g_return_val_if_fail (path != NULL, NULL);
  sim->path = g_strdup (path);
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "cannot read the meter state %s: %s", path,
                   local_error->message);
      return NULL;
    }
  memset (&info, 0, sizeof info);
  pan = g_key_file_get_string (kf, GROUP_METER, "pan", NULL);
  dk = g_key_file_get_string (kf, GROUP_METER, "decoder-key", NULL);
  secret = g_key_file_get_string (kf, GROUP_CARD, "secret", NULL);
  {
    g_autofree char *salt = g_key_file_get_string (kf, GROUP_METER, "salt", NULL);
    g_autofree guint8 *bytes = NULL;
    gsize len = 0;

    if (salt != NULL)
      bytes = g_base64_decode (salt, &len);
    if (bytes == NULL || len != sizeof sim->salt || pan == NULL || dk == NULL || secret == NULL
        || sts_pan_parse (&info.pan, pan) != STS_OK)
      {
        bad_state (error, path);
        return NULL;
      }
    memcpy (sim->salt, bytes, len);
  }
  sim->kdf_cost = (guint) g_key_file_get_integer (kf, GROUP_METER, "kdf-cost", NULL);
  if (sim->kdf_cost < STS_SCRYPT_LOG2N_MIN || sim->kdf_cost > STS_SCRYPT_LOG2N_MAX)
    {
      bad_state (error, path);
      return NULL;
    }
  if (!derive_kek (sim, passphrase, error))
    return NULL;
  if (!key_unwrap (sim, &sim->dk, dk, "stsvend meter decoder key")
      || !key_unwrap (sim, &sim->card_secret, secret, "stsvend meter card secret"))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSPHRASE,
                   "the key passphrase does not open the meter's state %s", path);
      return NULL;
    }
  info.sgc = (uint32_t) g_key_file_get_integer (kf, GROUP_METER, "sgc", NULL);
  info.ti = (uint8_t) g_key_file_get_integer (kf, GROUP_METER, "ti", NULL);
  info.krn = (uint8_t) g_key_file_get_integer (kf, GROUP_METER, "krn", NULL);
  info.kt = (uint8_t) g_key_file_get_integer (kf, GROUP_METER, "kt", NULL);
  info.ken = (uint8_t) g_key_file_get_integer (kf, GROUP_METER, "ken", NULL);
  info.base = (StsBaseDate) g_key_file_get_integer (kf, GROUP_METER, "base", NULL);
  info.ea = (StsEa) g_key_file_get_integer (kf, GROUP_METER, "ea", NULL);
  info.dkga = (StsDkga) g_key_file_get_integer (kf, GROUP_METER, "dkga", NULL);
  if (sts_meter_init (&sim->meter, &info, &sim->dk) != STS_OK)
    {
      bad_state (error, path);
      return NULL;
    }
  sim->has_meter = TRUE;
  sim->utility_card_id = (guint32) g_key_file_get_int64 (kf, GROUP_CARD, "utility-card-id", NULL);
  for (int i = 0; i < STS_METER_REGISTERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("register-%d", i);

      sim->meter.registers[i] = g_key_file_get_int64 (kf, GROUP_STATE, name, NULL);
    }
  sim->cumulative = g_key_file_get_int64 (kf, GROUP_STATE, "cumulative", NULL);
  sim->meter.tamper = g_key_file_get_boolean (kf, GROUP_STATE, "tamper", NULL);
  sim->low_battery = g_key_file_get_boolean (kf, GROUP_STATE, "low-battery", NULL);
  sim->last_seq = g_key_file_get_int64 (kf, GROUP_STATE, "last-sequence", NULL);
  sim->meter.mpl = (uint32_t) g_key_file_get_integer (kf, GROUP_STATE, "mpl", NULL);
  tids = g_key_file_get_integer_list (kf, GROUP_STATE, "tids", &n_tids, NULL);
  for (gsize i = 0; tids != NULL && i < n_tids && i < STS_METER_TID_MEMORY; i++)
    sim->meter.tids[sim->meter.n_tids++] = (uint32_t) tids[i];
  sim->meter.kct_held = (uint8_t) g_key_file_get_integer (kf, GROUP_STATE, "key-change-held", NULL);
  for (int i = 0; i < 4; i++)
    if (sim->meter.kct_held & (1u << i))
      {
        g_autofree char *name = g_strdup_printf ("key-change-%d", i + 1);

        if (!get_kct (kf, name, &sim->meter.kct[i]))
          {
            bad_state (error, path);
            return NULL;
          }
      }
  return g_steal_pointer (&sim);
}

/* -- create ---------------------------------------------------------------------- */

typedef struct
{
  const char  *pan;
  const char  *path;
  const char  *passphrase;
  PosMeterSim *sim;
} CreateData;

static gboolean
create_body (PosContext  *context,
             PosDb       *db,
             gpointer     data,
             GError     **error)
{
  CreateData *d = data;
  g_autoptr(PosDbMeter) meter = NULL;
  g_autoptr(PosDbSupplyGroup) group = NULL;
  g_autoptr(PosDbVendingKey) vk = NULL;
  PosCardsMac mac;
  StsKeyInfo info;

  meter = pos_db_meter_get_by_pan (db, d->pan, error);
  if (meter == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "meter %s is not registered", d->pan);
      return FALSE;
    }
  group = pos_db_supply_group_get (db, meter->supply_group_id, error);
  if (group == NULL)
    return FALSE;
  vk = pos_db_vending_key_get (db, group->vending_key_id, error);
  if (vk == NULL)
    return FALSE;
  if (!pos_cards_mac_load (context, db, FALSE, &mac, error))
    return FALSE;
  d->sim = g_new0 (PosMeterSim, 1);
  d->sim->path = g_strdup (d->path);
  d->sim->kdf_cost = pos_context_get_kdf_cost (context);
  if (sts_random_bytes (d->sim->salt, sizeof d->sim->salt) != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "no random salt for the meter's state");
      return FALSE;
    }
  if (!derive_kek (d->sim, d->passphrase, error))
    return FALSE;
  d->sim->utility_card_id = mac.base.utility_id;
  d->sim->card_secret = mac.secret;
  pos_cards_mac_clear (&mac);
  if (!pos_meter_decoder_key (context, db, d->pan, group, meter->ti, &d->sim->dk, error))
    return FALSE;
  memset (&info, 0, sizeof info);
  sts_pan_parse (&info.pan, d->pan);
  info.sgc = (uint32_t) g_ascii_strtoull (group->sgc, NULL, 10);
  info.ti = (uint8_t) meter->ti;
  info.krn = (uint8_t) group->krn;
  info.kt = (uint8_t) group->kt;
  info.ken = (uint8_t) group->ken;
  info.base = (StsBaseDate) group->base;
  info.ea = (StsEa) group->ea;
  info.dkga = (StsDkga) vk->dkga;
  if (sts_meter_init (&d->sim->meter, &info, &d->sim->dk) != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_KEY, "meter %s: its decoder key is unusable", d->pan);
      return FALSE;
    }
  d->sim->has_meter = TRUE;
  return pos_context_audit (context, "meter-sim-create", d->pan, error);
}

gboolean
pos_meter_sim_create (PosContext  *context,
                      const char  *pan,
                      const char  *path,
                      const char  *passphrase,
                      GError     **error)
{
  CreateData d = { pan, path, passphrase, NULL };
  gboolean ok;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "making a meter simulator", error))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE, "%s exists already", path);
      return FALSE;
    }
  ok = pos_context_in_transaction (context, create_body, &d, "making the meter simulator", error)
    && sim_save (d.sim, error);
  pos_meter_sim_free (d.sim);
  return ok;
}

/* -- tokens ---------------------------------------------------------------------- */

static const char *
outcome_name (StsStatus status)
{
  switch (status)
    {
    case STS_ERR_BAD_TOKEN: return "bad_token";
    case STS_ERR_TOKEN_REJECTED: return "rejected";
    case STS_ERR_TOKEN_USED: return "used";
    case STS_ERR_TOKEN_OLD: return "old";
    case STS_ERR_KEY_EXPIRED: return "expired";
    case STS_ERR_MFR_MISMATCH: return "other_manufacturer";
    case STS_ERR_OVERFLOW: return "overflow";
    case STS_ERR_UNSUPPORTED: return "unsupported";
    default: return "error";
    }
}

static const char *
event_name (StsMeterEventKind kind)
{
  switch (kind)
    {
    case STS_METER_CREDITED: return "credited";
    case STS_METER_TEST: return "test";
    case STS_METER_MPL_SET: return "max_power_set";
    case STS_METER_CREDIT_CLEARED: return "credit_cleared";
    case STS_METER_TARIFF_RATE_SET: return "tariff_rate_set";
    case STS_METER_TAMPER_CLEARED: return "tamper_cleared";
    case STS_METER_MPPUL_SET: return "phase_unbalance_set";
    case STS_METER_WATER_FACTOR_SET: return "water_factor_set";
    case STS_METER_KEY_CHANGE_PART: return "key_change_part";
    case STS_METER_KEY_CHANGED: return "key_changed";
    default: return "accepted";
    }
}

static int
kct_index (unsigned int subclass)
{
  switch (subclass)
    {
    case STS_SUB_KCT1: return 0;
    case STS_SUB_KCT2: return 1;
    case STS_SUB_KCT3: return 2;
    default: return 3;
    }
}

static void
store_be32 (guint8  *p,
            guint32  v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

/* Enters one token; on a completed key change, keeps the new key (rebuilt
 * from the parts the meter held, as SPEC 1.11 assembles it) to save it. */
static StsStatus
sim_enter (PosMeterSim    *sim,
           const char     *token,
           StsMeterEvent  *event)
{
  StsTokenData held[4];
  StsStatus status;

  memcpy (held, sim->meter.kct, sizeof held);
  status = sts_meter_enter (&sim->meter, event, token);
  if (status == STS_OK && event->kind == STS_METER_KEY_CHANGED)
    {
      size_t len = sts_ea_key_length (sim->meter.info.ea);
      StsKey dk;

      held[kct_index (event->data.subclass)] = event->data;
      memset (&dk, 0, sizeof dk);
      dk.len = (uint8_t) len;
      if (len == 8)
        {
          store_be32 (dk.bytes, held[0].key_part);
          store_be32 (dk.bytes + 4, held[1].key_part);
        }
      else
        {
          store_be32 (dk.bytes, held[0].key_part);
          store_be32 (dk.bytes + 4, held[2].key_part);
          store_be32 (dk.bytes + 8, held[3].key_part);
          store_be32 (dk.bytes + 12, held[1].key_part);
        }
      sts_key_wipe (&sim->dk);
      sim->dk = dk;
      sts_key_wipe (&dk);
    }
  memset (held, 0, sizeof held);
  return status;
}

static JsonObject *
event_to_json (const char           *token,
               StsStatus             status,
               const StsMeterEvent  *event)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "token", token);
  json_object_set_string_member (o, "outcome", status == STS_OK ? event_name (event->kind) : outcome_name (status));
  if (status == STS_OK && event->kind == STS_METER_CREDITED && event->data.subclass == STS_SUB_ELECTRICITY)
    json_object_set_int_member (o, "kwh_tenths", event->amount);
  return o;
}

JsonObject *
pos_meter_sim_enter (PosMeterSim  *sim,
                     const char   *token,
                     GError      **error)
{
  StsMeterEvent event;
  StsStatus status;

  g_return_val_if_fail (sim != NULL && token != NULL, NULL);
  memset (&event, 0, sizeof event);
  status = sim_enter (sim, token, &event);
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_TOKEN_REFUSED, "%s: %s", outcome_name (status),
                   sts_status_to_string (status));
      return NULL;
    }
  if (!sim_save (sim, error))
    return NULL;
  return event_to_json (token, status, &event);
}

gboolean
pos_meter_sim_consume (PosMeterSim  *sim,
                       gint64        tenths,
                       GError      **error)
{
  gint64 used;

  g_return_val_if_fail (sim != NULL, FALSE);
  if (tenths < 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "energy used cannot be negative");
      return FALSE;
    }
  used = MIN (tenths, MAX (sim->meter.registers[STS_SUB_ELECTRICITY], 0));
  sim->meter.registers[STS_SUB_ELECTRICITY] -= used;
  sim->cumulative += used;
  return sim_save (sim, error);
}

gboolean
pos_meter_sim_set_flags (PosMeterSim  *sim,
                         gboolean      tamper,
                         gboolean      low_battery,
                         GError      **error)
{
  g_return_val_if_fail (sim != NULL, FALSE);
  sim->meter.tamper = tamper;
  sim->low_battery = low_battery;
  return sim_save (sim, error);
}

JsonObject *
pos_meter_sim_to_json (PosMeterSim *sim)
{
  JsonObject *o = json_object_new ();
  const StsKeyInfo *info = &sim->meter.info;
  g_autofree char *sgc = g_strdup_printf ("%06u", (unsigned) info->sgc);

  json_object_set_string_member (o, "meter", info->pan.digits);
  json_object_set_string_member (o, "sgc", sgc);
  json_object_set_int_member (o, "ti", info->ti);
  json_object_set_int_member (o, "krn", info->krn);
  json_object_set_int_member (o, "kt", info->kt);
  json_object_set_int_member (o, "base", info->base);
  json_object_set_int_member (o, "ea", info->ea);
  json_object_set_int_member (o, "credit_kwh_tenths", sim->meter.registers[STS_SUB_ELECTRICITY]);
  json_object_set_int_member (o, "cumulative_kwh_tenths", sim->cumulative);
  json_object_set_boolean_member (o, "tamper", sim->meter.tamper);
  json_object_set_boolean_member (o, "low_battery", sim->low_battery);
  json_object_set_int_member (o, "last_sequence", sim->last_seq);
  json_object_set_int_member (o, "tids", (gint64) sim->meter.n_tids);
  json_object_set_int_member (o, "key_change_parts", __builtin_popcount (sim->meter.kct_held));
  return o;
}

/* -- the card ---------------------------------------------------------------------------- */

JsonObject *
pos_meter_sim_insert_card (PosMeterSim  *sim,
                           const char   *reader,
                           gint64        now,
                           GError      **error)
{
  g_autoptr(PosCardReader) card = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonArray *tokens;
  PosCardsMac mac;
  PosCardContents c;
  PosCardReturn ret;
  gboolean ok = FALSE;

  g_return_val_if_fail (sim != NULL, NULL);
  pos_cards_mac_init (&mac, sim->utility_card_id, &sim->card_secret);
  card = pos_cards_connect (reader, error);
  if (card == NULL)
    goto out;
  if (!pos_card_read (card, &mac.base, &c, error))
    {
      pos_app_error_from_card (error);
      goto out;
    }
  if (strcmp (c.identity.pan, sim->meter.info.pan.digits) != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_CARD_REFUSED, "this card is for meter %s, not this one (%s)",
                   c.identity.pan, sim->meter.info.pan.digits);
      goto out;
    }

  /* The tokens, as if typed, in their order of entry. */
  result = json_object_new ();
  tokens = json_array_new ();
  for (guint i = 0; i < c.purchase.n_tokens; i++)
    {
      StsMeterEvent event;
      StsStatus status;

      memset (&event, 0, sizeof event);
      status = sim_enter (sim, c.purchase.tokens[i], &event);
      json_array_add_object_element (tokens, event_to_json (c.purchase.tokens[i], status, &event));
    }
  json_object_set_int_member (result, "seq", c.purchase.seq);
  json_object_set_array_member (result, "tokens", tokens);
  if ((gint64) c.purchase.seq > sim->last_seq)
    sim->last_seq = c.purchase.seq;
  if (!sim_save (sim, error))
    goto out;

  /* What the meter writes back. */
  memset (&ret, 0, sizeof ret);
  ret.generation = c.ret.generation + 1;
  ret.last_seq = (guint32) sim->last_seq;
  ret.credit = sim->meter.registers[STS_SUB_ELECTRICITY];
  ret.cumulative = sim->cumulative;
  ret.flags = (sim->meter.tamper ? POS_CARD_FLAG_TAMPER : 0) | (sim->low_battery ? POS_CARD_FLAG_LOW_BATTERY : 0);
  ret.written_at = now;
  if (!pos_card_write_return (card, &mac.base, &ret, error))
    {
      pos_app_error_from_card (error);
      g_prefix_error (error, "the credit is in the meter, but its report to the card was cut short: ");
      goto out;
    }
  json_object_set_int_member (result, "credit_kwh_tenths", ret.credit);
  json_object_set_boolean_member (result, "return_written", TRUE);
  ok = TRUE;

out:
  memset (&c, 0, sizeof c);
  pos_cards_mac_clear (&mac);
  return ok ? g_steal_pointer (&result) : NULL;
}
