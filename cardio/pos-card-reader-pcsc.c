/* pos-card-reader-pcsc.c: the PC/SC back-end (pos-card-reader-pcsc.h) */
#include <string.h>

#include <winscard.h>

#include "pos-card-reader-pcsc.h"

#define MIFARE_KEY_BYTES 6

struct _PosCardReaderPcsc
{
  PosCardReader parent_instance;

  SCARDCONTEXT  context;
  gboolean      has_context;
  char         *only_reader;          /* NULL: any */
  SCARDHANDLE   card;
  DWORD         protocol;
  PosCardMedium medium;
  guint8        mifare_key[MIFARE_KEY_BYTES];
  int           auth_sector;          /* -1: none */
};

G_DEFINE_FINAL_TYPE (PosCardReaderPcsc, pos_card_reader_pcsc, POS_TYPE_CARD_READER)

void
pos_card_error_set_from_pcsc (GError     **error,
                              long         rv,
                              const char  *what)
{
  PosCardError code;

  switch (rv)
    {
    case SCARD_S_SUCCESS:
      return;
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
      code = POS_CARD_ERROR_NO_SERVICE;
      break;
    case SCARD_E_NO_READERS_AVAILABLE:
    case SCARD_E_UNKNOWN_READER:
    case SCARD_E_READER_UNAVAILABLE:
      code = POS_CARD_ERROR_NO_READER;
      break;
    case SCARD_E_NO_SMARTCARD:
      code = POS_CARD_ERROR_NO_CARD;
      break;
    case SCARD_W_REMOVED_CARD:
    case SCARD_W_RESET_CARD:
    case SCARD_W_UNPOWERED_CARD:
    case SCARD_W_UNRESPONSIVE_CARD:
    case SCARD_E_NOT_TRANSACTED:
    case SCARD_F_COMM_ERROR:
      code = POS_CARD_ERROR_CARD_REMOVED;
      break;
    case SCARD_E_TIMEOUT:
      code = POS_CARD_ERROR_TIMEOUT;
      break;
    case SCARD_E_SHARING_VIOLATION:
      code = POS_CARD_ERROR_BUSY;
      break;
    case SCARD_E_PROTO_MISMATCH:
    case SCARD_E_CARD_UNSUPPORTED:
    case SCARD_W_UNSUPPORTED_CARD:
      code = POS_CARD_ERROR_WRONG_CARD;
      break;
    default:
      code = POS_CARD_ERROR_FAILED;
      break;
    }
  g_set_error (error, POS_CARD_ERROR, code, "%s: %s (PC/SC 0x%08lX)", what, pcsc_stringify_error (rv),
               (unsigned long) rv);
}

static gboolean
ensure_context (PosCardReaderPcsc  *self,
                GError            **error)
{
  LONG rv;

  if (self->has_context)
    {
      if (SCardIsValidContext (self->context) == SCARD_S_SUCCESS)
        return TRUE;
      SCardReleaseContext (self->context);
      self->has_context = FALSE;
    }
  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &self->context);
  if (rv != SCARD_S_SUCCESS)
    {
      pos_card_error_set_from_pcsc (error, rv, "reaching pcscd");
      return FALSE;
    }
  self->has_context = TRUE;
  return TRUE;
}

static GStrv
pcsc_list_readers (PosCardReader  *reader,
                   GError        **error)
{
  PosCardReaderPcsc *self = POS_CARD_READER_PCSC (reader);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  DWORD len = 0;
  g_autofree char *names = NULL;
  LONG rv;

  if (!ensure_context (self, error))
    return NULL;
  rv = SCardListReaders (self->context, NULL, NULL, &len);
  if (rv == SCARD_S_SUCCESS && len > 0)
    {
      names = g_malloc0 (len + 1);
      rv = SCardListReaders (self->context, NULL, names, &len);
    }
  if (rv == SCARD_E_NO_READERS_AVAILABLE)
    return g_strv_builder_end (b);
  if (rv != SCARD_S_SUCCESS)
    {
      pos_card_error_set_from_pcsc (error, rv, "listing the readers");
      return NULL;
    }
  for (const char *p = names; p != NULL && *p != '\0'; p += strlen (p) + 1)
    if (self->only_reader == NULL || strcmp (p, self->only_reader) == 0)
      g_strv_builder_add (b, p);
  return g_strv_builder_end (b);
}

/* -- APDUs -------------------------------------------------------------- */

/* Sends @cmd and gives the response data and the status word.  The trace
 * shows the first @shown bytes of the command and "[redacted]" for the
 * rest (keys). */
static gboolean
transmit (PosCardReaderPcsc  *self,
          const guint8       *cmd,
          gsize               cmd_len,
          gsize               shown,
          guint8             *out,
          gsize              *out_len,
          guint16            *out_sw,
          GError            **error)
{
  guint8 resp[258];
  DWORD resp_len = sizeof resp;
  const SCARD_IO_REQUEST *pci = self->protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
  LONG rv;
  g_autofree char *cmd_hex = pos_card_hex (cmd, MIN (shown, cmd_len));

  rv = SCardTransmit (self->card, pci, cmd, (DWORD) cmd_len, NULL, resp, &resp_len);
  if (rv != SCARD_S_SUCCESS)
    {
      g_debug ("pcsc > %s%s  transmit: %s", cmd_hex, shown < cmd_len ? " [redacted]" : "",
               pcsc_stringify_error (rv));
      pos_card_error_set_from_pcsc (error, rv, "talking to the card");
      return FALSE;
    }
  if (resp_len < 2)
    {
      /* No status word: the card went away in the middle of the command
       * (vpcd, and readers losing the card's power, answer nothing). */
      g_debug ("pcsc > %s%s < (no answer)", cmd_hex, shown < cmd_len ? " [redacted]" : "");
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_CARD_REMOVED, "the card stopped answering: removed?");
      return FALSE;
    }
  *out_sw = (guint16) ((resp[resp_len - 2] << 8) | resp[resp_len - 1]);
  {
    g_autofree char *data_hex = pos_card_hex (resp, resp_len - 2);

    g_debug ("pcsc > %s%s < %s %04X", cmd_hex, shown < cmd_len ? " [redacted]" : "", data_hex, *out_sw);
  }
  if (out != NULL)
    {
      gsize n = MIN ((gsize) resp_len - 2, *out_len);

      memcpy (out, resp, n);
      *out_len = n;
    }
  memset (resp, 0, sizeof resp);
  return TRUE;
}

static gboolean
status_error (guint16      sw,
              const char  *what,
              GError     **error)
{
  PosCardError code;

  switch (sw)
    {
    case 0x6A82:
    case 0x6A81:
    case 0x6D00:
    case 0x6E00:
      code = POS_CARD_ERROR_WRONG_CARD;
      break;
    case 0x6300:
    case 0x6982:
      code = POS_CARD_ERROR_AUTH_FAILED;
      break;
    default:
      code = POS_CARD_ERROR_FAILED;
      break;
    }
  g_set_error (error, POS_CARD_ERROR, code, "%s: the card answered %04X", what, sw);
  return FALSE;
}

/* -- contact card: ISO 7816-4 ---------------------------------------- */

static gboolean
select_file (PosCardReaderPcsc  *self,
             guint16             fid,
             GError            **error)
{
  guint8 cmd[] = { 0x00, 0xA4, 0x00, 0x0C, 0x02, (guint8) (fid >> 8), (guint8) fid };
  guint16 sw;

  if (!transmit (self, cmd, sizeof cmd, sizeof cmd, NULL, NULL, &sw, error))
    return FALSE;
  return sw == 0x9000 || status_error (sw, "selecting a file", error);
}

static gboolean
read_binary (PosCardReaderPcsc  *self,
             guint               offset,
             guint8             *out,
             gsize               len,
             GError            **error)
{
  while (len > 0)
    {
      gsize chunk = MIN (len, 240);
      guint8 cmd[] = { 0x00, 0xB0, (guint8) ((offset >> 8) & 0x7F), (guint8) offset, (guint8) chunk };
      gsize got = chunk;
      guint16 sw;

      if (!transmit (self, cmd, sizeof cmd, sizeof cmd, out, &got, &sw, error))
        return FALSE;
      if (sw != 0x9000 || got != chunk)
        return status_error (sw, "reading the card", error);
      out += chunk;
      offset += (guint) chunk;
      len -= chunk;
    }
  return TRUE;
}

/* -- MIFARE Classic through PC/SC part 3 ------------------------------ */

/* Our logical block @block in the data blocks of sectors 1..15. */
static guint
mifare_block (guint block)
{
  return (1 + block / 3) * 4 + block % 3;
}

static gboolean
mifare_auth (PosCardReaderPcsc  *self,
             guint               physical,
             GError            **error)
{
  int sector = (int) (physical / 4);
  guint8 load[5 + MIFARE_KEY_BYTES] = { 0xFF, 0x82, 0x00, 0x00, MIFARE_KEY_BYTES };
  guint8 auth[] = { 0xFF, 0x86, 0x00, 0x00, 0x05, 0x01, 0x00, (guint8) physical, 0x60, 0x00 };
  guint16 sw;
  gboolean ok;

  if (self->auth_sector == sector)
    return TRUE;
  self->auth_sector = -1;
  memcpy (load + 5, self->mifare_key, MIFARE_KEY_BYTES);
  ok = transmit (self, load, sizeof load, 5, NULL, NULL, &sw, error);
  memset (load, 0, sizeof load);
  if (!ok)
    return FALSE;
  if (sw != 0x9000)
    return status_error (sw, "loading the sector key", error);
  if (!transmit (self, auth, sizeof auth, sizeof auth, NULL, NULL, &sw, error))
    return FALSE;
  if (sw != 0x9000)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_AUTH_FAILED,
                   "the card refused the key for sector %d (%04X)", sector, sw);
      return FALSE;
    }
  self->auth_sector = sector;
  return TRUE;
}

/* -- the interface ------------------------------------------------------- */

static gboolean
is_mifare_1k_atr (const guint8 *atr,
                  gsize         len)
{
  /* PC/SC part 3 storage card: RID A0 00 00 03 06, standard 03 (ISO
   * 14443 A part 3), card name 00 01 (MIFARE Classic 1K). */
  static const guint8 rid[] = { 0xA0, 0x00, 0x00, 0x03, 0x06 };

  for (gsize i = 0; i + sizeof rid + 3 <= len; i++)
    if (memcmp (atr + i, rid, sizeof rid) == 0)
      return atr[i + 5] == 0x03 && atr[i + 6] == 0x00 && atr[i + 7] == 0x01;
  return FALSE;
}

static gboolean
is_part3_atr (const guint8 *atr,
              gsize         len)
{
  static const guint8 rid[] = { 0xA0, 0x00, 0x00, 0x03, 0x06 };

  for (gsize i = 0; i + sizeof rid <= len; i++)
    if (memcmp (atr + i, rid, sizeof rid) == 0)
      return TRUE;
  return FALSE;
}

static gboolean connect_card (PosCardReaderPcsc  *self,
                              const char         *name,
                              GError            **error);

/* Connects to the card in @name; a card that does not answer as ours is
 * WRONG_CARD. */
static gboolean
connect_one (PosCardReaderPcsc  *self,
             const char         *name,
             GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (connect_card (self, name, &local_error))
    return TRUE;
  if (local_error->code == POS_CARD_ERROR_FAILED)
    local_error->code = POS_CARD_ERROR_WRONG_CARD;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
connect_card (PosCardReaderPcsc  *self,
              const char         *name,
              GError            **error)
{
  BYTE atr[MAX_ATR_SIZE];
  DWORD atr_len = sizeof atr, state, protocol;
  char reader_name[256];
  DWORD name_len = sizeof reader_name;
  guint8 serial[POS_CARD_SERIAL_MAX];
  gsize serial_len = sizeof serial;
  guint16 sw;
  LONG rv;

  rv = SCardConnect (self->context, name, SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                     &self->card, &self->protocol);
  if (rv != SCARD_S_SUCCESS)
    {
      g_autofree char *what = g_strdup_printf ("connecting to the card in %s", name);

      pos_card_error_set_from_pcsc (error, rv, what);
      return FALSE;
    }
  rv = SCardStatus (self->card, reader_name, &name_len, &state, &protocol, atr, &atr_len);
  if (rv != SCARD_S_SUCCESS)
    {
      pos_card_error_set_from_pcsc (error, rv, "reading the card's status");
      goto fail;
    }
  {
    g_autofree char *atr_hex = pos_card_hex (atr, atr_len);

    g_debug ("pcsc: card in %s, ATR %s", name, atr_hex);
  }
  self->auth_sector = -1;
  if (is_part3_atr (atr, atr_len))
    {
      static const guint8 get_uid[] = { 0xFF, 0xCA, 0x00, 0x00, 0x00 };

      if (!is_mifare_1k_atr (atr, atr_len))
        {
          g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_WRONG_CARD,
                       "the contactless card in %s is not a MIFARE Classic 1K", name);
          goto fail;
        }
      if (!transmit (self, get_uid, sizeof get_uid, sizeof get_uid, serial, &serial_len, &sw, error))
        goto fail;
      if (sw != 0x9000 || serial_len == 0)
        {
          status_error (sw, "reading the card's UID", error);
          goto fail;
        }
      self->medium = POS_CARD_MEDIUM_MIFARE_1K;
    }
  else
    {
      static const guint8 read_serial[] = { 0x00, 0xB0, 0x00, 0x00, 0x08 };

      if (!select_file (self, POS_CARD_PCSC_SERIAL_FILE, error)
          || !transmit (self, read_serial, sizeof read_serial, sizeof read_serial, serial, &serial_len, &sw, error))
        goto fail;
      if (sw != 0x9000 || serial_len != 8)
        {
          status_error (sw, "reading the card's serial", error);
          goto fail;
        }
      if (!select_file (self, POS_CARD_PCSC_DATA_FILE, error))
        goto fail;
      self->medium = POS_CARD_MEDIUM_CONTACT_FILE;
    }
  pos_card_reader_set_card (POS_CARD_READER (self), name, self->medium, serial, serial_len);
  return TRUE;

fail:
  SCardDisconnect (self->card, SCARD_LEAVE_CARD);
  self->card = 0;
  self->medium = POS_CARD_MEDIUM_NONE;
  return FALSE;
}

static gboolean
pcsc_connect (PosCardReader  *reader,
              const char     *name,
              GError        **error)
{
  PosCardReaderPcsc *self = POS_CARD_READER_PCSC (reader);
  g_auto(GStrv) names = pcsc_list_readers (reader, error);
  g_autoptr(GError) last_error = NULL;

  if (names == NULL)
    return FALSE;
  if (names[0] == NULL)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER, "no card reader is connected");
      return FALSE;
    }
  if (name != NULL)
    {
      if (!g_strv_contains ((const char * const *) names, name))
        {
          g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER, "no reader named \"%s\"", name);
          return FALSE;
        }
      return connect_one (self, name, error);
    }
  /* The first reader holding a card we can use. */
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_clear_error (&last_error);
      if (connect_one (self, names[i], &last_error))
        return TRUE;
    }
  if (g_error_matches (last_error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD) || g_strv_length (names) > 1)
    {
      if (!g_error_matches (last_error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD))
        {
          g_propagate_error (error, g_steal_pointer (&last_error));
          return FALSE;
        }
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD, "no card in any reader");
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&last_error));
  return FALSE;
}

static void
pcsc_disconnect (PosCardReader *reader)
{
  PosCardReaderPcsc *self = POS_CARD_READER_PCSC (reader);

  if (self->card != 0)
    SCardDisconnect (self->card, SCARD_LEAVE_CARD);
  self->card = 0;
  self->medium = POS_CARD_MEDIUM_NONE;
  self->auth_sector = -1;
}

static gboolean
pcsc_read_blocks (PosCardReader  *reader,
                  guint           block,
                  guint           n_blocks,
                  guint8         *out,
                  GError        **error)
{
  PosCardReaderPcsc *self = POS_CARD_READER_PCSC (reader);

  if (self->medium == POS_CARD_MEDIUM_CONTACT_FILE)
    return read_binary (self, block * POS_CARD_BLOCK_BYTES, out, n_blocks * POS_CARD_BLOCK_BYTES, error);

  for (guint i = 0; i < n_blocks; i++)
    {
      guint physical = mifare_block (block + i);
      guint8 cmd[] = { 0xFF, 0xB0, 0x00, (guint8) physical, POS_CARD_BLOCK_BYTES };
      gsize got = POS_CARD_BLOCK_BYTES;
      guint16 sw;

      if (!mifare_auth (self, physical, error)
          || !transmit (self, cmd, sizeof cmd, sizeof cmd, out + i * POS_CARD_BLOCK_BYTES, &got, &sw, error))
        return FALSE;
      if (sw != 0x9000 || got != POS_CARD_BLOCK_BYTES)
        return status_error (sw, "reading a block", error);
    }
  return TRUE;
}

static gboolean
pcsc_write_block (PosCardReader  *reader,
                  guint           block,
                  const guint8   *data,
                  GError        **error)
{
  PosCardReaderPcsc *self = POS_CARD_READER_PCSC (reader);
  guint8 cmd[5 + POS_CARD_BLOCK_BYTES];
  guint16 sw;

  if (self->medium == POS_CARD_MEDIUM_CONTACT_FILE)
    {
      guint offset = block * POS_CARD_BLOCK_BYTES;

      cmd[0] = 0x00;
      cmd[1] = 0xD6;
      cmd[2] = (guint8) ((offset >> 8) & 0x7F);
      cmd[3] = (guint8) offset;
    }
  else
    {
      guint physical = mifare_block (block);

      if (!mifare_auth (self, physical, error))
        return FALSE;
      cmd[0] = 0xFF;
      cmd[1] = 0xD6;
      cmd[2] = 0x00;
      cmd[3] = (guint8) physical;
    }
  cmd[4] = POS_CARD_BLOCK_BYTES;
  memcpy (cmd + 5, data, POS_CARD_BLOCK_BYTES);
  if (!transmit (self, cmd, sizeof cmd, sizeof cmd, NULL, NULL, &sw, error))
    return FALSE;
  return sw == 0x9000 || status_error (sw, "writing a block", error);
}

static gboolean
pcsc_wait_event (PosCardReader  *reader,
                 const char     *name,
                 guint           timeout_ms,
                 PosCardEvent   *out_event,
                 GError        **error)
{
  PosCardReaderPcsc *self = POS_CARD_READER_PCSC (reader);
  g_auto(GStrv) names = NULL;
  g_autofree SCARD_READERSTATE *states = NULL;
  guint n;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  LONG rv;

  if (name == NULL)
    name = self->only_reader;
  names = pcsc_list_readers (reader, error);
  if (names == NULL)
    return FALSE;
  if (name != NULL && !g_strv_contains ((const char * const *) names, name))
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER, "no reader named \"%s\"", name);
      return FALSE;
    }
  n = name != NULL ? 1 : g_strv_length (names);
  if (n == 0)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER, "no card reader is connected");
      return FALSE;
    }
  states = g_new0 (SCARD_READERSTATE, n);
  for (guint i = 0; i < n; i++)
    {
      states[i].szReader = name != NULL ? name : names[i];
      states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
  /* What is there now, then wait for a change. */
  rv = SCardGetStatusChange (self->context, 0, states, n);
  for (;;)
    {
      gint64 left;

      if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
        {
          pos_card_error_set_from_pcsc (error, rv, "waiting for a card");
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        states[i].dwCurrentState = states[i].dwEventState & ~SCARD_STATE_CHANGED;
      left = (deadline - g_get_monotonic_time ()) / 1000;
      if (left <= 0)
        break;
      rv = SCardGetStatusChange (self->context, (DWORD) left, states, n);
      if (rv == SCARD_E_TIMEOUT)
        break;
      for (guint i = 0; rv == SCARD_S_SUCCESS && i < n; i++)
        {
          DWORD was = states[i].dwCurrentState, now = states[i].dwEventState;

          if (!(now & SCARD_STATE_CHANGED))
            continue;
          if ((now & SCARD_STATE_PRESENT) && !(was & SCARD_STATE_PRESENT))
            {
              *out_event = POS_CARD_EVENT_INSERTED;
              return TRUE;
            }
          if ((now & SCARD_STATE_EMPTY) && (was & SCARD_STATE_PRESENT))
            {
              *out_event = POS_CARD_EVENT_REMOVED;
              return TRUE;
            }
        }
    }
  g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_TIMEOUT, "no card event within %u ms", timeout_ms);
  return FALSE;
}

static void
pos_card_reader_pcsc_finalize (GObject *object)
{
  PosCardReaderPcsc *self = POS_CARD_READER_PCSC (object);

  if (self->has_context)
    SCardReleaseContext (self->context);
  memset (self->mifare_key, 0, sizeof self->mifare_key);
  g_free (self->only_reader);
  G_OBJECT_CLASS (pos_card_reader_pcsc_parent_class)->finalize (object);
}

static void
pos_card_reader_pcsc_class_init (PosCardReaderPcscClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PosCardReaderClass *reader_class = POS_CARD_READER_CLASS (klass);

  object_class->finalize = pos_card_reader_pcsc_finalize;
  reader_class->list_readers = pcsc_list_readers;
  reader_class->connect = pcsc_connect;
  reader_class->disconnect = pcsc_disconnect;
  reader_class->read_blocks = pcsc_read_blocks;
  reader_class->write_block = pcsc_write_block;
  reader_class->wait_event = pcsc_wait_event;
}

static void
pos_card_reader_pcsc_init (PosCardReaderPcsc *self)
{
  memset (self->mifare_key, 0xFF, sizeof self->mifare_key);
  self->auth_sector = -1;
}

PosCardReader *
pos_card_reader_pcsc_new (const char  *reader,
                          GError     **error)
{
  g_autoptr(PosCardReaderPcsc) self = g_object_new (POS_TYPE_CARD_READER_PCSC, NULL);

  self->only_reader = g_strdup (reader);
  if (!ensure_context (self, error))
    return NULL;
  return POS_CARD_READER (g_steal_pointer (&self));
}

void
pos_card_reader_pcsc_set_mifare_key (PosCardReaderPcsc *self,
                                     const guint8       key[6])
{
  g_return_if_fail (POS_IS_CARD_READER_PCSC (self));
  memcpy (self->mifare_key, key, MIFARE_KEY_BYTES);
  self->auth_sector = -1;
}
