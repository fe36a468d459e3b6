/* pos-card-reader-fake.c: a card in memory (pos-card-reader-fake.h) */
#include <string.h>

#include "pos-card-reader-fake.h"

struct _PosCardReaderFake
{
  PosCardReader parent_instance;

  guint8   memory[POS_CARD_LAYOUT_BLOCKS * POS_CARD_BLOCK_BYTES];
  guint8   serial[POS_CARD_SERIAL_MAX];
  gsize    serial_len;
  gboolean present;
  guint    ops;
  guint    pull_at;      /* the operation number that finds the card gone */
  gboolean tear;
};

G_DEFINE_FINAL_TYPE (PosCardReaderFake, pos_card_reader_fake, POS_TYPE_CARD_READER)

static GStrv
fake_list_readers (PosCardReader  *reader,
                   GError        **error)
{
  GStrvBuilder *b = g_strv_builder_new ();
  GStrv names;

  g_strv_builder_add (b, POS_CARD_READER_FAKE_NAME);
  names = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return names;
}

/* Counts an operation; FALSE with CARD_REMOVED once the card is gone. */
static gboolean
fake_step (PosCardReaderFake  *self,
           GError            **error)
{
  if (self->present && self->ops + 1 >= self->pull_at)
    self->present = FALSE;
  if (!self->present)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_CARD_REMOVED, "the card was removed");
      return FALSE;
    }
  self->ops++;
  return TRUE;
}

static gboolean
fake_connect (PosCardReader  *reader,
              const char     *name,
              GError        **error)
{
  PosCardReaderFake *self = POS_CARD_READER_FAKE (reader);

  if (name != NULL && strcmp (name, POS_CARD_READER_FAKE_NAME) != 0)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER, "no reader named \"%s\"", name);
      return FALSE;
    }
  if (!self->present)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD, "no card in %s", POS_CARD_READER_FAKE_NAME);
      return FALSE;
    }
  pos_card_reader_set_card (reader, POS_CARD_READER_FAKE_NAME, POS_CARD_MEDIUM_MEMORY, self->serial,
                            self->serial_len);
  return TRUE;
}

static void
fake_disconnect (PosCardReader *reader)
{
}

static gboolean
fake_read_blocks (PosCardReader  *reader,
                  guint           block,
                  guint           n_blocks,
                  guint8         *out,
                  GError        **error)
{
  PosCardReaderFake *self = POS_CARD_READER_FAKE (reader);

  if (!fake_step (self, error))
    return FALSE;
  memcpy (out, self->memory + block * POS_CARD_BLOCK_BYTES, n_blocks * POS_CARD_BLOCK_BYTES);
  return TRUE;
}

static gboolean
fake_write_block (PosCardReader  *reader,
                  guint           block,
                  const guint8   *data,
                  GError        **error)
{
  PosCardReaderFake *self = POS_CARD_READER_FAKE (reader);
  gboolean tearing = self->present && self->tear && self->ops + 1 >= self->pull_at;

  if (!fake_step (self, error))
    {
      if (tearing)
        memcpy (self->memory + block * POS_CARD_BLOCK_BYTES, data, POS_CARD_BLOCK_BYTES / 2);
      return FALSE;
    }
  memcpy (self->memory + block * POS_CARD_BLOCK_BYTES, data, POS_CARD_BLOCK_BYTES);
  return TRUE;
}

static gboolean
fake_wait_event (PosCardReader  *reader,
                 const char     *name,
                 guint           timeout_ms,
                 PosCardEvent   *out_event,
                 GError        **error)
{
  PosCardReaderFake *self = POS_CARD_READER_FAKE (reader);
  gboolean connected = pos_card_reader_is_connected (reader);

  /* The fake has no time: it reports at once what differs from what the
   * caller last saw (connected or not). */
  if (connected && !self->present)
    {
      *out_event = POS_CARD_EVENT_REMOVED;
      return TRUE;
    }
  if (!connected && self->present)
    {
      *out_event = POS_CARD_EVENT_INSERTED;
      return TRUE;
    }
  g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_TIMEOUT, "no card event within %u ms", timeout_ms);
  return FALSE;
}

static void
pos_card_reader_fake_class_init (PosCardReaderFakeClass *klass)
{
  PosCardReaderClass *reader_class = POS_CARD_READER_CLASS (klass);

  reader_class->list_readers = fake_list_readers;
  reader_class->connect = fake_connect;
  reader_class->disconnect = fake_disconnect;
  reader_class->read_blocks = fake_read_blocks;
  reader_class->write_block = fake_write_block;
  reader_class->wait_event = fake_wait_event;
}

static void
pos_card_reader_fake_init (PosCardReaderFake *self)
{
  self->present = TRUE;
  self->pull_at = G_MAXUINT;
}

PosCardReader *
pos_card_reader_fake_new (const guint8 *serial,
                          gsize         serial_len)
{
  PosCardReaderFake *self;

  g_return_val_if_fail (serial != NULL && serial_len > 0 && serial_len <= POS_CARD_SERIAL_MAX, NULL);
  self = g_object_new (POS_TYPE_CARD_READER_FAKE, NULL);
  memcpy (self->serial, serial, serial_len);
  self->serial_len = serial_len;
  return POS_CARD_READER (self);
}

void
pos_card_reader_fake_set_present (PosCardReaderFake *self,
                                  gboolean           present)
{
  g_return_if_fail (POS_IS_CARD_READER_FAKE (self));
  self->present = present;
  if (present)
    self->pull_at = G_MAXUINT;
}

void
pos_card_reader_fake_pull_after (PosCardReaderFake *self,
                                 guint              n_ops,
                                 gboolean           tear)
{
  g_return_if_fail (POS_IS_CARD_READER_FAKE (self));
  self->pull_at = n_ops == G_MAXUINT ? G_MAXUINT : self->ops + n_ops + 1;
  self->tear = tear;
}

guint
pos_card_reader_fake_get_ops (PosCardReaderFake *self)
{
  g_return_val_if_fail (POS_IS_CARD_READER_FAKE (self), 0);
  return self->ops;
}

guint8 *
pos_card_reader_fake_get_memory (PosCardReaderFake *self)
{
  g_return_val_if_fail (POS_IS_CARD_READER_FAKE (self), NULL);
  return self->memory;
}

void
pos_card_reader_fake_set_serial (PosCardReaderFake *self,
                                 const guint8      *serial,
                                 gsize              serial_len)
{
  g_return_if_fail (POS_IS_CARD_READER_FAKE (self));
  g_return_if_fail (serial != NULL && serial_len > 0 && serial_len <= POS_CARD_SERIAL_MAX);
  memcpy (self->serial, serial, serial_len);
  self->serial_len = serial_len;
}
