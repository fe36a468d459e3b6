/* pos-cards.c: customers' IC cards (pos-cards.h) */
#include <string.h>

#include "pos-cards-private.h"
#include "pos-cards.h"
#include "pos-vend.h"

#define CARD_SECRET_AAD "stsvend card secret"

/* -- the MAC service --------------------------------------------------------- */

static gboolean
mac_compute (const PosCardMac  *self,
             const guint8      *serial,
             gsize              serial_len,
             const guint8      *data,
             gsize              len,
             guint8             out_mac[POS_CARD_MAC_BYTES],
             GError           **error)
{
  const PosCardsMac *mac = (const PosCardsMac *) self;
  StsCardKey key;
  StsStatus status;

  status = sts_card_key_derive (&key, &mac->secret, serial, serial_len);
  if (status == STS_OK)
    status = sts_card_mac (out_mac, &key, data, len);
  sts_card_key_wipe (&key);
  if (status != STS_OK)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_FAILED, "card MAC: %s", sts_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static PosCardMacResult
mac_verify (const PosCardMac  *self,
            const guint8      *serial,
            gsize              serial_len,
            const guint8      *data,
            gsize              len,
            const guint8       mac_bytes[POS_CARD_MAC_BYTES],
            GError           **error)
{
  const PosCardsMac *mac = (const PosCardsMac *) self;
  StsCardKey key;
  StsStatus status;

  status = sts_card_key_derive (&key, &mac->secret, serial, serial_len);
  if (status == STS_OK)
    status = sts_card_mac_verify (&key, data, len, mac_bytes, POS_CARD_MAC_BYTES);
  sts_card_key_wipe (&key);
  if (status == STS_OK)
    return POS_CARD_MAC_OK;
  if (status == STS_ERR_AUTH_FAILED)
    return POS_CARD_MAC_BAD;
  g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_FAILED, "card MAC: %s", sts_status_to_string (status));
  return POS_CARD_MAC_ERROR;
}

void
pos_cards_mac_init (PosCardsMac  *mac,
                    guint32       utility_card_id,
                    const StsKey *secret)
{
  memset (mac, 0, sizeof *mac);
  mac->base.utility_id = utility_card_id;
  mac->base.compute = mac_compute;
  mac->base.verify = mac_verify;
  mac->secret = *secret;
}

void
pos_cards_mac_clear (PosCardsMac *mac)
{
  sts_key_wipe (&mac->secret);
  memset (mac, 0, sizeof *mac);
}

static gboolean
create_secret (PosContext    *context,
               PosDb         *db,
               const StsKek  *kek,
               GError       **error)
{
  StsKey secret;
  guint8 wrapped[STS_WRAPPED_KEY_MAX];
  size_t wrapped_len = 0;
  guint32 utility_card_id = 0;
  StsStatus status;
  g_autofree char *now = pos_context_now_iso (context);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *detail = NULL;

  status = sts_card_secret_generate (&secret);
  while (status == STS_OK && utility_card_id == 0)
    status = sts_random_bytes ((uint8_t *) &utility_card_id, sizeof utility_card_id);
  if (status == STS_OK)
    status = sts_key_wrap (wrapped, &wrapped_len, sizeof wrapped, kek, &secret, CARD_SECRET_AAD);
  sts_key_wipe (&secret);
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "making the card secret: %s",
                   sts_status_to_string (status));
      return FALSE;
    }
  bytes = g_bytes_new (wrapped, wrapped_len);
  detail = g_strdup_printf ("{\"utility_card_id\":%" G_GUINT32_FORMAT "}", utility_card_id);
  return pos_db_card_secret_insert (db, utility_card_id, bytes, now, error)
    && pos_context_audit (context, "card-secret-create", detail, error);
}

gboolean
pos_cards_mac_load (PosContext   *context,
                    PosDb        *db,
                    gboolean      create,
                    PosCardsMac  *out,
                    GError      **error)
{
  const StsKek *kek = pos_context_get_kek (context, error);
  g_autoptr(GBytes) wrapped = NULL;
  g_autoptr(GError) local_error = NULL;
  guint32 utility_card_id = 0;
  StsKey secret;
  StsStatus status;
  gsize len;
  const guint8 *data;

  if (kek == NULL)
    return FALSE;
  wrapped = pos_db_card_secret_get (db, &utility_card_id, &local_error);
  if (wrapped == NULL && create && g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      if (!create_secret (context, db, kek, error))
        return FALSE;
      wrapped = pos_db_card_secret_get (db, &utility_card_id, &local_error);
    }
  if (wrapped == NULL)
    {
      if (g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND,
                     "no card has been issued yet: this installation has no card secret");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  data = g_bytes_get_data (wrapped, &len);
  status = sts_key_unwrap (&secret, kek, data, len, CARD_SECRET_AAD);
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_KEY, "the card secret: %s", sts_status_to_string (status));
      return FALSE;
    }
  pos_cards_mac_init (out, utility_card_id, &secret);
  sts_key_wipe (&secret);
  return TRUE;
}

void
pos_app_error_from_card (GError **error)
{
  PosAppError code;

  if (error == NULL || *error == NULL || (*error)->domain != POS_CARD_ERROR)
    return;
  switch ((PosCardError) (*error)->code)
    {
    case POS_CARD_ERROR_NO_SERVICE:
    case POS_CARD_ERROR_NO_READER:
    case POS_CARD_ERROR_BUSY:
      code = POS_APP_ERROR_NO_READER;
      break;
    case POS_CARD_ERROR_NO_CARD:
    case POS_CARD_ERROR_CARD_REMOVED:
    case POS_CARD_ERROR_TORN_WRITE:
    case POS_CARD_ERROR_TIMEOUT:
      code = POS_APP_ERROR_CARD_REMOVED;
      break;
    case POS_CARD_ERROR_WRONG_CARD:
    case POS_CARD_ERROR_AUTH_FAILED:
    case POS_CARD_ERROR_BLANK:
    case POS_CARD_ERROR_BAD_MAC:
    case POS_CARD_ERROR_UNKNOWN_VERSION:
    case POS_CARD_ERROR_FOREIGN_UTILITY:
    case POS_CARD_ERROR_CORRUPT:
      code = POS_APP_ERROR_CARD_REFUSED;
      break;
    case POS_CARD_ERROR_BAD_REQUEST:
      code = POS_APP_ERROR_BAD_REQUEST;
      break;
    case POS_CARD_ERROR_FAILED:
    default:
      code = POS_APP_ERROR_FAILED;
      break;
    }
  (*error)->domain = POS_APP_ERROR;
  (*error)->code = code;
}

PosCardReader *
pos_cards_connect (const char  *spec,
                   GError     **error)
{
  g_autoptr(PosCardReader) reader = NULL;
  const char *name = NULL;

  if (spec == NULL || *spec == '\0')
    spec = "pcsc";
  reader = pos_card_reader_open (spec, error);
  if (reader == NULL)
    {
      pos_app_error_from_card (error);
      return NULL;
    }
  if (g_str_has_prefix (spec, "pcsc:"))
    name = spec + 5;
  else if (g_str_has_prefix (spec, "nfc:"))
    name = spec + 4;
  if (!pos_card_reader_connect (reader, name, error))
    {
      pos_app_error_from_card (error);
      return NULL;
    }
  return g_steal_pointer (&reader);
}

GStrv
pos_cards_list_readers (const char  *spec,
                        GError     **error)
{
  g_autoptr(PosCardReader) reader = pos_card_reader_open (spec != NULL ? spec : "pcsc", error);
  GStrv names;

  if (reader == NULL)
    {
      pos_app_error_from_card (error);
      return NULL;
    }
  names = pos_card_reader_list_readers (reader, error);
  if (names == NULL)
    pos_app_error_from_card (error);
  return names;
}

/* -- shared steps ----------------------------------------------------------------- */

static char *
iso_from_unix (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

/* The card as the database knows it, checked against what it holds. */
typedef struct
{
  PosCardReader   *reader;
  PosCardsMac      mac;
  gboolean         has_mac;
  char            *serial;
  PosCardContents  contents;
  PosDbCard       *card;
  PosDbMeter      *meter;
  PosDbCustomer   *customer;
} CardState;

static void
card_state_clear (CardState *s)
{
  if (s->has_mac)
    pos_cards_mac_clear (&s->mac);
  g_clear_object (&s->reader);
  g_clear_pointer (&s->serial, g_free);
  g_clear_pointer (&s->card, pos_db_card_free);
  g_clear_pointer (&s->meter, pos_db_meter_free);
  g_clear_pointer (&s->customer, pos_db_customer_free);
  memset (&s->contents, 0, sizeof s->contents);
}

/* Connects, reads the card and finds it in the database: it must be one
 * we issued, not blocked, holding its own meter's identity. */
static gboolean
card_state_load (PosContext   *context,
                 PosDb        *db,
                 const char   *spec,
                 CardState    *s,
                 GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!pos_cards_mac_load (context, db, FALSE, &s->mac, error))
    return FALSE;
  s->has_mac = TRUE;
  s->reader = pos_cards_connect (spec, error);
  if (s->reader == NULL)
    return FALSE;
  s->serial = pos_card_reader_dup_serial_hex (s->reader);
  s->card = pos_db_card_get_by_serial (db, s->serial, &local_error);
  if (s->card == NULL)
    {
      if (!g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_CARD_REFUSED,
                   "card %s was not issued here (a copy of another card?)", s->serial);
      return FALSE;
    }
  if (g_strcmp0 (s->card->status, "active") != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_CARD_REFUSED, "card %s is blocked (%s since %s)",
                   s->serial, s->card->reason != NULL ? s->card->reason : "no reason given",
                   s->card->blocked_at != NULL ? s->card->blocked_at : "?");
      return FALSE;
    }
  if (!pos_card_read (s->reader, &s->mac.base, &s->contents, error))
    {
      pos_app_error_from_card (error);
      return FALSE;
    }
  s->meter = pos_db_meter_get (db, s->card->meter_id, error);
  if (s->meter == NULL)
    return FALSE;
  if (strcmp (s->meter->pan, s->contents.identity.pan) != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_CARD_REFUSED,
                   "card %s holds meter %s, but was issued to meter %s", s->serial, s->contents.identity.pan,
                   s->meter->pan);
      return FALSE;
    }
  s->customer = pos_db_customer_get (db, s->meter->customer_id, error);
  return s->customer != NULL;
}

/* Stores what the meter wrote back (if it has written anything yet). */
static gboolean
store_reading (PosContext  *context,
               PosDb       *db,
               CardState   *s,
               GError     **error)
{
  g_autofree char *now = pos_context_now_iso (context);
  PosDbMeterReading r;

  if (s->contents.ret.generation == 0)
    return TRUE;
  r.meter_id = s->meter->id;
  r.read_at = now;
  r.credit = s->contents.ret.credit;
  r.cumulative_kwh = s->contents.ret.cumulative;
  r.flags = (int) s->contents.ret.flags;
  r.last_sequence = s->contents.ret.last_seq;
  r.source = "card";
  return pos_db_meter_reading_insert (db, &r, error);
}

static JsonObject *
card_state_to_json (CardState         *s,
                    PosDbCardPurchase *pending)
{
  JsonObject *o = json_object_new ();
  JsonObject *p = json_object_new ();
  JsonObject *r = json_object_new ();
  JsonArray *tokens = json_array_new ();
  const PosCardPurchase *cp = &s->contents.purchase;
  const PosCardReturn *cr = &s->contents.ret;
  g_autofree char *issued = iso_from_unix (cp->issued_at);

  json_object_set_string_member (o, "serial", s->serial);
  json_object_set_string_member (o, "meter", s->meter->pan);
  json_object_set_string_member (o, "account", s->customer->account_no);
  json_object_set_string_member (o, "customer", s->customer->name);
  json_object_set_int_member (p, "seq", cp->seq);
  json_object_set_string_member (p, "issued_at", issued);
  for (guint i = 0; i < cp->n_tokens; i++)
    json_array_add_string_element (tokens, cp->tokens[i]);
  json_object_set_array_member (p, "tokens", tokens);
  json_object_set_boolean_member (p, "applied", cp->n_tokens == 0 || cr->last_seq >= cp->seq);
  json_object_set_object_member (o, "purchase", p);
  json_object_set_int_member (r, "generation", cr->generation);
  json_object_set_int_member (r, "last_sequence", cr->last_seq);
  json_object_set_int_member (r, "credit_kwh_tenths", cr->credit);
  json_object_set_int_member (r, "cumulative_kwh_tenths", cr->cumulative);
  json_object_set_boolean_member (r, "tamper", (cr->flags & POS_CARD_FLAG_TAMPER) != 0);
  json_object_set_boolean_member (r, "low_battery", (cr->flags & POS_CARD_FLAG_LOW_BATTERY) != 0);
  if (cr->written_at != 0)
    {
      g_autofree char *at = iso_from_unix (cr->written_at);

      json_object_set_string_member (r, "written_at", at);
    }
  json_object_set_object_member (o, "meter_return", r);
  json_object_set_boolean_member (o, "write_pending", pending != NULL && pending->written_at == NULL);
  json_object_set_boolean_member (o, "interrupted", s->contents.purchase_pending || s->contents.return_pending);
  return o;
}

/* The card's last purchase in the database, or NULL (none). */
static gboolean
last_purchase (PosDb               *db,
               gint64               card_id,
               PosDbCardPurchase  **out,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = pos_db_card_purchase_get_last (db, card_id, &local_error);
  if (*out == NULL && !g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* -- read ------------------------------------------------------------------------- */

typedef struct
{
  const char *spec;
  JsonObject *result;
  CardState   state;
  PosDbCardPurchase *pending;
} ReadData;

static gboolean
read_body (PosContext  *context,
           PosDb       *db,
           gpointer     data,
           GError     **error)
{
  ReadData *d = data;

  if (!card_state_load (context, db, d->spec, &d->state, error)
      || !store_reading (context, db, &d->state, error)
      || !last_purchase (db, d->state.card->id, &d->pending, error))
    return FALSE;
  d->result = card_state_to_json (&d->state, d->pending);
  return TRUE;
}

JsonObject *
pos_card_read_card (PosContext  *context,
                    const char  *reader,
                    GError     **error)
{
  ReadData d = { reader, NULL, { 0 }, NULL };
  gboolean ok;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "reading a card", error))
    return NULL;
  ok = pos_context_in_transaction (context, read_body, &d, "reading the card", error);
  card_state_clear (&d.state);
  g_clear_pointer (&d.pending, pos_db_card_purchase_free);
  if (!ok)
    {
      g_clear_pointer (&d.result, json_object_unref);
      return NULL;
    }
  return d.result;
}

/* -- issue and replace ---------------------------------------------------------------- */

typedef struct
{
  const char     *spec;
  const char     *pan;
  const char     *reason;        /* replace: the old card is blocked */
  PosCardReader  *reader;
  PosCardsMac     mac;
  gboolean        has_mac;
  char           *serial;
  PosDbMeter     *meter;
  PosDbCustomer  *customer;
  gboolean        already;       /* the card was issued to this meter before */
  char           *blocked;       /* replace: the serial blocked */
} IssueData;

static void
issue_data_clear (IssueData *d)
{
  if (d->has_mac)
    pos_cards_mac_clear (&d->mac);
  g_clear_object (&d->reader);
  g_clear_pointer (&d->serial, g_free);
  g_clear_pointer (&d->meter, pos_db_meter_free);
  g_clear_pointer (&d->customer, pos_db_customer_free);
  g_clear_pointer (&d->blocked, g_free);
}

static gboolean
issue_body (PosContext  *context,
            PosDb       *db,
            gpointer     data,
            GError     **error)
{
  IssueData *d = data;
  g_autoptr(PosDbCard) by_serial = NULL;
  g_autoptr(PosDbCard) active = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = pos_context_now_iso (context);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;
  PosDbCard card = { 0 };

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
  d->customer = pos_db_customer_get (db, d->meter->customer_id, error);
  if (d->customer == NULL || !pos_cards_mac_load (context, db, TRUE, &d->mac, error))
    return FALSE;
  d->has_mac = TRUE;
  d->reader = pos_cards_connect (d->spec, error);
  if (d->reader == NULL)
    return FALSE;
  d->serial = pos_card_reader_dup_serial_hex (d->reader);

  by_serial = pos_db_card_get_by_serial (db, d->serial, &local_error);
  if (by_serial == NULL && !g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);
  if (by_serial != NULL && g_strcmp0 (by_serial->status, "active") != 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_CARD_REFUSED, "card %s is blocked: it cannot be issued again",
                   d->serial);
      return FALSE;
    }
  if (by_serial != NULL && by_serial->meter_id != d->meter->id)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE, "card %s belongs to another meter", d->serial);
      return FALSE;
    }
  d->already = by_serial != NULL;
  if (d->already)
    return TRUE;

  active = pos_db_card_get_active_for_meter (db, d->meter->id, &local_error);
  if (active == NULL && !g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (active != NULL && d->reason == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE,
                   "meter %s has card %s already: replace it if it is lost", d->pan, active->serial);
      return FALSE;
    }
  if (active != NULL)
    {
      if (!pos_db_card_block (db, active->id, now, d->reason, error))
        return FALSE;
      d->blocked = g_strdup (active->serial);
    }
  card.serial = d->serial;
  card.meter_id = d->meter->id;
  card.issued_at = now;
  if (!pos_db_card_insert (db, &card, error))
    return FALSE;
  json_object_set_string_member (info, "meter", d->pan);
  json_object_set_string_member (info, "serial", d->serial);
  if (d->blocked != NULL)
    {
      json_object_set_string_member (info, "blocked", d->blocked);
      json_object_set_string_member (info, "reason", d->reason);
    }
  detail = pos_json_to_string (info);
  return pos_context_audit (context, d->blocked != NULL ? "card-replace" : "card-issue", detail, error);
}

static JsonObject *
run_issue (PosContext  *context,
           const char  *reader,
           const char  *pan,
           const char  *reason,
           GError     **error)
{
  IssueData d;
  JsonObject *result = NULL;
  PosCardContents contents;
  gboolean written = FALSE;

  memset (&d, 0, sizeof d);
  d.spec = reader;
  d.pan = pan;
  d.reason = reason;
  if (pos_context_in_transaction (context, issue_body, &d, reason != NULL ? "replacing the card" : "issuing the card",
                                  error))
    {
      /* Recorded: now the card.  A card issued to this meter before and
       * still readable as its own is left as it is. */
      if (d.already && pos_card_read (d.reader, &d.mac.base, &contents, NULL)
          && strcmp (contents.identity.pan, pan) == 0)
        written = TRUE;
      else
        {
          PosCardIdentity id;
          g_autoptr(GDateTime) now = pos_context_now (context);

          memset (&id, 0, sizeof id);
          id.kind = POS_CARD_KIND_CUSTOMER;
          g_strlcpy (id.pan, pan, sizeof id.pan);
          g_strlcpy (id.account, d.customer->account_no, sizeof id.account);
          written = pos_card_issue (d.reader, &d.mac.base, &id, g_date_time_to_unix (now), error);
          if (!written)
            {
              pos_app_error_from_card (error);
              g_prefix_error (error, "card %s is recorded for meter %s but could not be written (issue it again): ",
                              d.serial, pan);
            }
        }
      memset (&contents, 0, sizeof contents);
    }
  if (written)
    {
      result = json_object_new ();
      json_object_set_string_member (result, "serial", d.serial);
      json_object_set_string_member (result, "meter", pan);
      json_object_set_string_member (result, "account", d.customer->account_no);
      json_object_set_boolean_member (result, "issued", TRUE);
      if (d.blocked != NULL)
        json_object_set_string_member (result, "blocked", d.blocked);
    }
  issue_data_clear (&d);
  return result;
}

JsonObject *
pos_card_issue_to_meter (PosContext  *context,
                         const char  *reader,
                         const char  *pan,
                         GError     **error)
{
  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (pan != NULL, NULL);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "issuing a card", error))
    return NULL;
  return run_issue (context, reader, pan, NULL, error);
}

JsonObject *
pos_card_replace (PosContext  *context,
                  const char  *reader,
                  const char  *pan,
                  const char  *reason,
                  GError     **error)
{
  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (pan != NULL, NULL);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "replacing a card", error))
    return NULL;
  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "say why the card is replaced (--reason)");
      return NULL;
    }
  return run_issue (context, reader, pan, reason, error);
}

/* -- recharge -------------------------------------------------------------------------- */

/* Writes @p (from the database) to the card and marks it written. */
static gboolean
write_purchase (PosContext               *context,
                CardState                *s,
                const PosDbCardPurchase  *p,
                GError                  **error)
{
  PosCardPurchase cp;
  g_auto(GStrv) tokens = g_strsplit (p->tokens, " ", -1);
  g_autofree char *now = pos_context_now_iso (context);
  g_autoptr(PosDb) db = NULL;
  PosDb *borrowed;

  memset (&cp, 0, sizeof cp);
  cp.seq = (guint32) p->seq;
  cp.issued_at = p->issued_at;
  for (guint i = 0; tokens[i] != NULL && i < POS_CARD_MAX_TOKENS; i++)
    g_strlcpy (cp.tokens[cp.n_tokens++], tokens[i], sizeof cp.tokens[0]);
  if (!pos_card_write_purchase (s->reader, &s->mac.base, &cp, error))
    {
      pos_app_error_from_card (error);
      return FALSE;
    }
  borrowed = pos_context_get_db (context, error);
  if (borrowed == NULL)
    return FALSE;
  db = g_object_ref (borrowed);
  if (!pos_db_card_purchase_set_written (db, p->id, now, error))
    {
      pos_app_error_from_db (error, "marking the card purchase written");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char        *spec;
  gboolean           override;
  CardState          state;
  PosDbCardPurchase *last;
  GPtrArray         *key_change;   /* tokens the card must carry first */
} ChargeData;

static gboolean
charge_load_body (PosContext  *context,
                  PosDb       *db,
                  gpointer     data,
                  GError     **error)
{
  ChargeData *d = data;

  if (!card_state_load (context, db, d->spec, &d->state, error)
      || !store_reading (context, db, &d->state, error)
      || !last_purchase (db, d->state.card->id, &d->last, error))
    return FALSE;
  /* A key change made since the card's last purchase travels with the
   * next one, before the credit made with the new key. */
  d->key_change = pos_db_card_key_change_tokens (db, d->state.meter->id, d->last != NULL ? d->last->sale_id : 0,
                                                 d->state.card->issued_at, error);
  return d->key_change != NULL;
}

typedef struct
{
  gint64             card_id;
  PosDbCardPurchase  purchase;
} RecordData;

static gboolean
record_body (PosContext  *context,
             PosDb       *db,
             gpointer     data,
             GError     **error)
{
  RecordData *d = data;

  return pos_db_card_purchase_insert (db, &d->purchase, error);
}

JsonObject *
pos_card_recharge (PosContext  *context,
                   const char  *reader,
                   gint64       tendered,
                   gboolean     override,
                   GError     **error)
{
  ChargeData d;
  PosVendResult vend;
  RecordData rec;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) write_error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *tokens_text = NULL;
  const PosCardPurchase *cp;
  gint64 seq;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "recharging a card", error))
    return NULL;
  if (override && !pos_context_require_role (context, POS_ROLE_SUPERVISOR,
                                             "stacking a purchase on an unapplied one", error))
    return NULL;

  memset (&d, 0, sizeof d);
  d.spec = reader;
  d.override = override;
  if (!pos_context_in_transaction (context, charge_load_body, &d, "reading the card", error))
    goto out;
  cp = &d.state.contents.purchase;
  if (d.last != NULL && d.last->written_at == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_CARD_WRITE_PENDING,
                   "purchase %" G_GINT64_FORMAT " (sale %" G_GINT64_FORMAT ") is sold but not yet on card %s:"
                   " write it first (card retry)", d.last->seq, d.last->sale_id, d.state.serial);
      goto out;
    }
  if (cp->n_tokens > 0 && d.state.contents.ret.last_seq < cp->seq && !override)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_CARD_UNAPPLIED,
                   "the card's purchase %" G_GUINT32_FORMAT " has not been entered in the meter yet;"
                   " a supervisor may add another (--override)", cp->seq);
      goto out;
    }

  /* The sale, through the one vend path. */
  if (!pos_vend (context, d.state.meter->pan, tendered, &vend, error))
    goto out;

  seq = MAX ((gint64) cp->seq, d.last != NULL ? d.last->seq : 0) + 1;
  now = pos_context_now (context);
  memset (&rec, 0, sizeof rec);
  rec.card_id = d.state.card->id;
  rec.purchase.card_id = d.state.card->id;
  rec.purchase.seq = seq;
  rec.purchase.sale_id = vend.sale_id;
  /* Key change tokens first, in their order of entry, if they fit. */
  if (d.key_change->len > 0 && d.key_change->len < POS_CARD_MAX_TOKENS)
    {
      g_autoptr(GString) all = g_string_new (NULL);

      for (guint i = 0; i < d.key_change->len; i++)
        g_string_append_printf (all, "%s ", (const char *) d.key_change->pdata[i]);
      g_string_append (all, vend.token);
      tokens_text = g_string_free (g_steal_pointer (&all), FALSE);
    }
  rec.purchase.tokens = tokens_text != NULL ? tokens_text : vend.token;
  rec.purchase.issued_at = g_date_time_to_unix (now);
  result = json_object_new ();
  json_object_set_int_member (result, "receipt", vend.receipt_no);
  json_object_set_int_member (result, "sale_id", vend.sale_id);
  json_object_set_string_member (result, "token", vend.token);
  json_object_set_int_member (result, "kwh_tenths", vend.quote.kwh);
  json_object_set_int_member (result, "seq", seq);
  json_object_set_int_member (result, "key_change_tokens", tokens_text != NULL ? (gint64) d.key_change->len : 0);
  if (d.key_change->len >= POS_CARD_MAX_TOKENS)
    json_object_set_string_member (result, "key_change_warning",
                                   "a 4-token key change does not fit on the card with the credit:"
                                   " enter it on the meter's keypad first");
  if (!pos_context_in_transaction (context, record_body, &rec, "recording the card purchase", &write_error)
      || !write_purchase (context, &d.state, &rec.purchase, &write_error))
    {
      json_object_set_boolean_member (result, "card_written", FALSE);
      json_object_set_string_member (result, "card_error", write_error->message);
      json_object_set_string_member (result, "card_error_code", pos_app_error_to_code (write_error->code));
    }
  else
    json_object_set_boolean_member (result, "card_written", TRUE);
  memset (&vend, 0, sizeof vend);

out:
  card_state_clear (&d.state);
  g_clear_pointer (&d.last, pos_db_card_purchase_free);
  g_clear_pointer (&d.key_change, g_ptr_array_unref);
  return g_steal_pointer (&result);
}

JsonObject *
pos_card_retry_write (PosContext  *context,
                      const char  *reader,
                      GError     **error)
{
  ChargeData d;
  JsonObject *result = NULL;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "writing a card", error))
    return NULL;
  memset (&d, 0, sizeof d);
  d.spec = reader;
  if (!pos_context_in_transaction (context, charge_load_body, &d, "reading the card", error))
    goto out;
  if (d.last == NULL || d.last->written_at != NULL)
    {
      result = json_object_new ();
      json_object_set_boolean_member (result, "nothing_pending", TRUE);
      goto out;
    }
  if (!write_purchase (context, &d.state, d.last, error))
    goto out;
  result = json_object_new ();
  json_object_set_int_member (result, "seq", d.last->seq);
  json_object_set_string_member (result, "token", d.last->tokens);
  json_object_set_boolean_member (result, "card_written", TRUE);

out:
  card_state_clear (&d.state);
  g_clear_pointer (&d.last, pos_db_card_purchase_free);
  g_clear_pointer (&d.key_change, g_ptr_array_unref);
  return result;
}
