/* pos-card-reader-nfc.c: the libnfc back-end (pos-card-reader-nfc.h) */
#include <string.h>

#include <nfc/nfc.h>

#include "pos-card-reader-nfc.h"

#define MIFARE_KEY_BYTES 6
#define MIFARE_AUTH_A    0x60
#define MIFARE_READ      0x30
#define MIFARE_WRITE     0xA0
#define SAK_MIFARE_1K    0x08

struct _PosCardReaderNfc
{
  PosCardReader parent_instance;

  char        *connstring;
  nfc_context *context;
  nfc_device  *device;
  guint8       uid[10];
  gsize        uid_len;
  guint8       mifare_key[MIFARE_KEY_BYTES];
  int          auth_sector;    /* -1: none */
};

G_DEFINE_FINAL_TYPE (PosCardReaderNfc, pos_card_reader_nfc, POS_TYPE_CARD_READER)

/* Devices claimed by a reader object of this process. */
G_LOCK_DEFINE_STATIC (claimed);
static GHashTable *claimed_devices;

static gboolean
claim (const char  *connstring,
       GError     **error)
{
  gboolean ok;

  G_LOCK (claimed);
  if (claimed_devices == NULL)
    claimed_devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ok = g_hash_table_add (claimed_devices, g_strdup (connstring));
  G_UNLOCK (claimed);
  if (!ok)
    g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BUSY, "the NFC device %s is in use", connstring);
  return ok;
}

static void
unclaim (const char *connstring)
{
  G_LOCK (claimed);
  if (claimed_devices != NULL)
    g_hash_table_remove (claimed_devices, connstring);
  G_UNLOCK (claimed);
}

/* Maps a libnfc result onto POS_CARD_ERROR. */
static void
set_nfc_error (GError      **error,
               nfc_device   *device,
               int           res,
               const char   *what)
{
  PosCardError code;

  switch (res)
    {
    case NFC_EMFCAUTHFAIL:
      code = POS_CARD_ERROR_AUTH_FAILED;
      break;
    case NFC_ETIMEOUT:
    case NFC_ERFTRANS:
    case NFC_ETGRELEASED:
      code = POS_CARD_ERROR_CARD_REMOVED;
      break;
    case NFC_ENOTSUCHDEV:
    case NFC_EIO:
      code = POS_CARD_ERROR_NO_READER;
      break;
    default:
      code = POS_CARD_ERROR_FAILED;
      break;
    }
  g_set_error (error, POS_CARD_ERROR, code, "%s: %s", what,
               device != NULL ? nfc_strerror (device) : "libnfc failed");
}

static GStrv
nfc_list_readers (PosCardReader  *reader,
                  GError        **error)
{
  PosCardReaderNfc *self = POS_CARD_READER_NFC (reader);
  const char *names[] = { self->connstring, NULL };

  return g_strdupv ((char **) names);
}

/* Selects the tag in the field: 1 found, 0 none, -1 error. */
static int
select_tag (PosCardReaderNfc  *self,
            guint8            *out_sak,
            GError           **error)
{
  const nfc_modulation nm = { .nmt = NMT_ISO14443A, .nbr = NBR_106 };
  nfc_target target;
  int n;

  n = nfc_initiator_select_passive_target (self->device, nm, NULL, 0, &target);
  if (n < 0)
    {
      set_nfc_error (error, self->device, n, "looking for a card");
      return -1;
    }
  if (n == 0)
    return 0;
  self->uid_len = MIN (target.nti.nai.szUidLen, sizeof self->uid);
  memcpy (self->uid, target.nti.nai.abtUid, self->uid_len);
  *out_sak = target.nti.nai.btSak;
  return 1;
}

static gboolean
open_device (PosCardReaderNfc  *self,
             GError           **error)
{
  int res;

  if (self->device != NULL)
    return TRUE;
  nfc_init (&self->context);
  if (self->context == NULL)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_SERVICE, "libnfc could not start");
      return FALSE;
    }
  self->device = nfc_open (self->context, self->connstring);
  if (self->device == NULL)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER, "cannot open the NFC reader %s",
                   self->connstring);
      nfc_exit (self->context);
      self->context = NULL;
      return FALSE;
    }
  res = nfc_initiator_init (self->device);
  if (res >= 0)
    res = nfc_device_set_property_bool (self->device, NP_INFINITE_SELECT, false);
  if (res >= 0)
    res = nfc_device_set_property_bool (self->device, NP_EASY_FRAMING, true);
  if (res < 0)
    {
      set_nfc_error (error, self->device, res, "setting up the NFC reader");
      nfc_close (self->device);
      nfc_exit (self->context);
      self->device = NULL;
      self->context = NULL;
      return FALSE;
    }
  g_debug ("nfc: opened %s (%s)", nfc_device_get_name (self->device), self->connstring);
  return TRUE;
}

static void
close_device (PosCardReaderNfc *self)
{
  if (self->device != NULL)
    nfc_close (self->device);
  if (self->context != NULL)
    nfc_exit (self->context);
  self->device = NULL;
  self->context = NULL;
  self->auth_sector = -1;
}

static gboolean
nfc_connect (PosCardReader  *reader,
             const char     *name,
             GError        **error)
{
  PosCardReaderNfc *self = POS_CARD_READER_NFC (reader);
  guint8 sak = 0;
  int found;

  if (name != NULL && strcmp (name, self->connstring) != 0)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER, "no reader named \"%s\"", name);
      return FALSE;
    }
  if (!open_device (self, error))
    return FALSE;
  found = select_tag (self, &sak, error);
  if (found <= 0)
    {
      if (found == 0)
        g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD, "no card on %s", self->connstring);
      close_device (self);
      return FALSE;
    }
  if (sak != SAK_MIFARE_1K || self->uid_len != 4)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_WRONG_CARD,
                   "the card on %s is not a MIFARE Classic 1K (SAK %02X)", self->connstring, sak);
      close_device (self);
      return FALSE;
    }
  self->auth_sector = -1;
  pos_card_reader_set_card (reader, self->connstring, POS_CARD_MEDIUM_MIFARE_1K, self->uid, self->uid_len);
  return TRUE;
}

static void
nfc_disconnect (PosCardReader *reader)
{
  close_device (POS_CARD_READER_NFC (reader));
}

/* One MIFARE command; the trace shows @shown bytes of it. */
static int
transceive (PosCardReaderNfc  *self,
            const guint8      *tx,
            gsize              tx_len,
            gsize              shown,
            guint8            *rx,
            gsize              rx_len,
            GError           **error)
{
  g_autofree char *tx_hex = pos_card_hex (tx, MIN (shown, tx_len));
  int res = nfc_initiator_transceive_bytes (self->device, tx, tx_len, rx, rx_len, -1);

  if (res < 0)
    {
      g_debug ("nfc > %s%s  %s", tx_hex, shown < tx_len ? " [redacted]" : "", nfc_strerror (self->device));
      set_nfc_error (error, self->device, res, "talking to the card");
      return res;
    }
  {
    g_autofree char *rx_hex = pos_card_hex (rx, (gsize) res);

    g_debug ("nfc > %s%s < %s", tx_hex, shown < tx_len ? " [redacted]" : "", rx_hex);
  }
  return res;
}

static guint
mifare_block (guint block)
{
  return (1 + block / 3) * 4 + block % 3;
}

static gboolean
mifare_auth (PosCardReaderNfc  *self,
             guint              physical,
             GError           **error)
{
  int sector = (int) (physical / 4);
  guint8 cmd[2 + MIFARE_KEY_BYTES + 4];
  guint8 rx[16];
  int res;

  if (self->auth_sector == sector)
    return TRUE;
  self->auth_sector = -1;
  cmd[0] = MIFARE_AUTH_A;
  cmd[1] = (guint8) physical;
  memcpy (cmd + 2, self->mifare_key, MIFARE_KEY_BYTES);
  memcpy (cmd + 2 + MIFARE_KEY_BYTES, self->uid, 4);
  res = transceive (self, cmd, sizeof cmd, 2, rx, sizeof rx, error);
  memset (cmd, 0, sizeof cmd);
  if (res < 0)
    return FALSE;
  self->auth_sector = sector;
  return TRUE;
}

static gboolean
nfc_read_blocks (PosCardReader  *reader,
                 guint           block,
                 guint           n_blocks,
                 guint8         *out,
                 GError        **error)
{
  PosCardReaderNfc *self = POS_CARD_READER_NFC (reader);

  for (guint i = 0; i < n_blocks; i++)
    {
      guint physical = mifare_block (block + i);
      guint8 cmd[2] = { MIFARE_READ, (guint8) physical };
      guint8 rx[POS_CARD_BLOCK_BYTES + 2];
      int res;

      if (!mifare_auth (self, physical, error))
        return FALSE;
      res = transceive (self, cmd, sizeof cmd, sizeof cmd, rx, sizeof rx, error);
      if (res < 0)
        return FALSE;
      if (res < POS_CARD_BLOCK_BYTES)
        {
          g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_FAILED, "the card gave a short block");
          return FALSE;
        }
      memcpy (out + i * POS_CARD_BLOCK_BYTES, rx, POS_CARD_BLOCK_BYTES);
    }
  return TRUE;
}

static gboolean
nfc_write_block (PosCardReader  *reader,
                 guint           block,
                 const guint8   *data,
                 GError        **error)
{
  PosCardReaderNfc *self = POS_CARD_READER_NFC (reader);
  guint physical = mifare_block (block);
  guint8 cmd[2 + POS_CARD_BLOCK_BYTES];
  guint8 rx[16];

  if (!mifare_auth (self, physical, error))
    return FALSE;
  cmd[0] = MIFARE_WRITE;
  cmd[1] = (guint8) physical;
  memcpy (cmd + 2, data, POS_CARD_BLOCK_BYTES);
  return transceive (self, cmd, sizeof cmd, sizeof cmd, rx, sizeof rx, error) >= 0;
}

static gboolean
nfc_wait_event (PosCardReader  *reader,
                const char     *name,
                guint           timeout_ms,
                PosCardEvent   *out_event,
                GError        **error)
{
  PosCardReaderNfc *self = POS_CARD_READER_NFC (reader);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean was_opened = self->device != NULL;
  int initial = -1;

  if (!open_device (self, error))
    return FALSE;
  /* libnfc has no events: poll the field every 100 ms. */
  for (;;)
    {
      guint8 sak;
      int now;

      now = select_tag (self, &sak, NULL);
      if (now >= 0)
        nfc_initiator_deselect_target (self->device);
      self->auth_sector = -1;
      if (now >= 0 && initial < 0)
        initial = now;
      else if (now >= 0 && now != initial)
        {
          *out_event = now > 0 ? POS_CARD_EVENT_INSERTED : POS_CARD_EVENT_REMOVED;
          if (!was_opened)
            close_device (self);
          return TRUE;
        }
      if (g_get_monotonic_time () >= deadline)
        break;
      g_usleep (100 * 1000);
    }
  if (!was_opened)
    close_device (self);
  g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_TIMEOUT, "no card event within %u ms", timeout_ms);
  return FALSE;
}

static void
pos_card_reader_nfc_finalize (GObject *object)
{
  PosCardReaderNfc *self = POS_CARD_READER_NFC (object);

  close_device (self);
  if (self->connstring != NULL)
    unclaim (self->connstring);
  g_free (self->connstring);
  memset (self->mifare_key, 0, sizeof self->mifare_key);
  G_OBJECT_CLASS (pos_card_reader_nfc_parent_class)->finalize (object);
}

static void
pos_card_reader_nfc_class_init (PosCardReaderNfcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PosCardReaderClass *reader_class = POS_CARD_READER_CLASS (klass);

  object_class->finalize = pos_card_reader_nfc_finalize;
  reader_class->list_readers = nfc_list_readers;
  reader_class->connect = nfc_connect;
  reader_class->disconnect = nfc_disconnect;
  reader_class->read_blocks = nfc_read_blocks;
  reader_class->write_block = nfc_write_block;
  reader_class->wait_event = nfc_wait_event;
}

static void
pos_card_reader_nfc_init (PosCardReaderNfc *self)
{
  memset (self->mifare_key, 0xFF, sizeof self->mifare_key);
  self->auth_sector = -1;
}

PosCardReader *
pos_card_reader_nfc_new (const char  *connstring,
                         GError     **error)
{
  static const char *const pcsc_owned[] = { "acr122_usb:", "pn53x_usb:", "acr122_pcsc:", "pcsc:", NULL };
  PosCardReaderNfc *self;

  g_return_val_if_fail (connstring != NULL, NULL);
  if (strchr (connstring, ':') == NULL || strlen (connstring) >= NFC_BUFSIZE_CONNSTRING)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER,
                   "an NFC reader is named DRIVER:PORT, e.g. pn532_uart:/dev/ttyUSB0");
      return NULL;
    }
  for (guint i = 0; pcsc_owned[i] != NULL; i++)
    if (g_str_has_prefix (connstring, pcsc_owned[i]))
      {
        g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BUSY,
                     "%s is a reader pcscd drives: use it as pcsc:NAME, not through libnfc", connstring);
        return NULL;
      }
  if (!claim (connstring, error))
    return NULL;
  self = g_object_new (POS_TYPE_CARD_READER_NFC, NULL);
  self->connstring = g_strdup (connstring);
  return POS_CARD_READER (self);
}

void
pos_card_reader_nfc_set_mifare_key (PosCardReaderNfc *self,
                                    const guint8      key[6])
{
  g_return_if_fail (POS_IS_CARD_READER_NFC (self));
  memcpy (self->mifare_key, key, MIFARE_KEY_BYTES);
  self->auth_sector = -1;
}
