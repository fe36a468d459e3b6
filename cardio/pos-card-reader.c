/* pos-card-reader.c: the reader interface and the back-end factory */
#include <string.h>

#include "pos-card-reader.h"
#include "pos-card-reader-nfc.h"
#include "pos-card-reader-pcsc.h"

typedef struct
{
  char          *reader;
  PosCardMedium  medium;
  guint8         serial[POS_CARD_SERIAL_MAX];
  gsize          serial_len;
} PosCardReaderPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PosCardReader, pos_card_reader, G_TYPE_OBJECT)

static void
pos_card_reader_finalize (GObject *object)
{
  PosCardReader *self = POS_CARD_READER (object);
  PosCardReaderPrivate *priv = pos_card_reader_get_instance_private (self);

  g_clear_pointer (&priv->reader, g_free);
  G_OBJECT_CLASS (pos_card_reader_parent_class)->finalize (object);
}

static void
pos_card_reader_dispose (GObject *object)
{
  PosCardReader *self = POS_CARD_READER (object);
  PosCardReaderPrivate *priv = pos_card_reader_get_instance_private (self);

  if (priv->medium != POS_CARD_MEDIUM_NONE)
    pos_card_reader_disconnect (self);
  G_OBJECT_CLASS (pos_card_reader_parent_class)->dispose (object);
}

static void
pos_card_reader_class_init (PosCardReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pos_card_reader_dispose;
  object_class->finalize = pos_card_reader_finalize;
}

static void
pos_card_reader_init (PosCardReader *self)
{
}

PosCardReader *
pos_card_reader_open (const char  *spec,
                      GError     **error)
{
  g_return_val_if_fail (spec != NULL, NULL);

  if (strcmp (spec, "pcsc") == 0)
    return pos_card_reader_pcsc_new (NULL, error);
  if (g_str_has_prefix (spec, "pcsc:"))
    return pos_card_reader_pcsc_new (spec + 5, error);
  if (g_str_has_prefix (spec, "nfc:") && spec[4] != '\0')
    return pos_card_reader_nfc_new (spec + 4, error);
  g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER,
               "unknown card reader \"%s\": use pcsc, pcsc:NAME or nfc:CONNSTRING", spec);
  return NULL;
}

GStrv
pos_card_reader_list_readers (PosCardReader  *self,
                              GError        **error)
{
  g_return_val_if_fail (POS_IS_CARD_READER (self), NULL);
  return POS_CARD_READER_GET_CLASS (self)->list_readers (self, error);
}

gboolean
pos_card_reader_connect (PosCardReader  *self,
                         const char     *reader,
                         GError        **error)
{
  g_return_val_if_fail (POS_IS_CARD_READER (self), FALSE);
  pos_card_reader_disconnect (self);
  return POS_CARD_READER_GET_CLASS (self)->connect (self, reader, error);
}

void
pos_card_reader_disconnect (PosCardReader *self)
{
  PosCardReaderPrivate *priv;

  g_return_if_fail (POS_IS_CARD_READER (self));
  priv = pos_card_reader_get_instance_private (self);
  if (priv->medium == POS_CARD_MEDIUM_NONE)
    return;
  POS_CARD_READER_GET_CLASS (self)->disconnect (self);
  pos_card_reader_set_card (self, NULL, POS_CARD_MEDIUM_NONE, NULL, 0);
}

gboolean
pos_card_reader_is_connected (PosCardReader *self)
{
  PosCardReaderPrivate *priv;

  g_return_val_if_fail (POS_IS_CARD_READER (self), FALSE);
  priv = pos_card_reader_get_instance_private (self);
  return priv->medium != POS_CARD_MEDIUM_NONE;
}

const char *
pos_card_reader_get_reader_name (PosCardReader *self)
{
  PosCardReaderPrivate *priv;

  g_return_val_if_fail (POS_IS_CARD_READER (self), NULL);
  priv = pos_card_reader_get_instance_private (self);
  return priv->reader;
}

PosCardMedium
pos_card_reader_get_medium (PosCardReader *self)
{
  PosCardReaderPrivate *priv;

  g_return_val_if_fail (POS_IS_CARD_READER (self), POS_CARD_MEDIUM_NONE);
  priv = pos_card_reader_get_instance_private (self);
  return priv->medium;
}

const guint8 *
pos_card_reader_get_serial (PosCardReader *self,
                            gsize         *out_len)
{
  PosCardReaderPrivate *priv;

  g_return_val_if_fail (POS_IS_CARD_READER (self), NULL);
  priv = pos_card_reader_get_instance_private (self);
  if (out_len != NULL)
    *out_len = priv->serial_len;
  return priv->medium != POS_CARD_MEDIUM_NONE ? priv->serial : NULL;
}

char *
pos_card_reader_dup_serial_hex (PosCardReader *self)
{
  PosCardReaderPrivate *priv;
  GString *s;

  g_return_val_if_fail (POS_IS_CARD_READER (self), NULL);
  priv = pos_card_reader_get_instance_private (self);
  if (priv->medium == POS_CARD_MEDIUM_NONE)
    return NULL;
  s = g_string_new (NULL);
  for (gsize i = 0; i < priv->serial_len; i++)
    g_string_append_printf (s, "%02X", priv->serial[i]);
  return g_string_free (s, FALSE);
}

static gboolean
require_card (PosCardReader  *self,
              GError        **error)
{
  if (pos_card_reader_is_connected (self))
    return TRUE;
  g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD, "no card is connected");
  return FALSE;
}

gboolean
pos_card_reader_read (PosCardReader  *self,
                      guint           block,
                      guint           n_blocks,
                      guint8         *out,
                      GError        **error)
{
  g_return_val_if_fail (POS_IS_CARD_READER (self), FALSE);
  g_return_val_if_fail (out != NULL || n_blocks == 0, FALSE);
  if (!require_card (self, error))
    return FALSE;
  if (block + n_blocks > POS_CARD_LAYOUT_BLOCKS)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST, "block %u is beyond the card layout",
                   block + n_blocks - 1);
      return FALSE;
    }
  return POS_CARD_READER_GET_CLASS (self)->read_blocks (self, block, n_blocks, out, error);
}

gboolean
pos_card_reader_write (PosCardReader  *self,
                       guint           block,
                       guint           n_blocks,
                       const guint8   *data,
                       GError        **error)
{
  g_return_val_if_fail (POS_IS_CARD_READER (self), FALSE);
  g_return_val_if_fail (data != NULL || n_blocks == 0, FALSE);
  if (!require_card (self, error))
    return FALSE;
  if (block + n_blocks > POS_CARD_LAYOUT_BLOCKS)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST, "block %u is beyond the card layout",
                   block + n_blocks - 1);
      return FALSE;
    }
  for (guint i = 0; i < n_blocks; i++)
    if (!POS_CARD_READER_GET_CLASS (self)->write_block (self, block + i, data + i * POS_CARD_BLOCK_BYTES, error))
      return FALSE;
  return TRUE;
}

gboolean
pos_card_reader_wait_event (PosCardReader  *self,
                            const char     *reader,
                            guint           timeout_ms,
                            PosCardEvent   *out_event,
                            GError        **error)
{
  g_return_val_if_fail (POS_IS_CARD_READER (self), FALSE);
  g_return_val_if_fail (out_event != NULL, FALSE);
  return POS_CARD_READER_GET_CLASS (self)->wait_event (self, reader, timeout_ms, out_event, error);
}

void
pos_card_reader_set_card (PosCardReader  *self,
                          const char     *reader,
                          PosCardMedium   medium,
                          const guint8   *serial,
                          gsize           serial_len)
{
  PosCardReaderPrivate *priv = pos_card_reader_get_instance_private (self);

  g_return_if_fail (serial_len <= POS_CARD_SERIAL_MAX);
  g_free (priv->reader);
  priv->reader = g_strdup (reader);
  priv->medium = medium;
  memset (priv->serial, 0, sizeof priv->serial);
  if (serial != NULL)
    memcpy (priv->serial, serial, serial_len);
  priv->serial_len = serial != NULL ? serial_len : 0;
}

char *
pos_card_hex (const guint8 *data,
              gsize         len)
{
  GString *s = g_string_sized_new (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02X", data[i]);
  return g_string_free (s, FALSE);
}
