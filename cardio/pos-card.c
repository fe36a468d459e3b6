/* pos-card.c: reading the card whole and its transactional writes */
#include <string.h>

#include "pos-card.h"

#define CARD_BYTES (POS_CARD_LAYOUT_BLOCKS * POS_CARD_BLOCK_BYTES)
#define BLOCK_AT(image, block) ((image) + (block) * POS_CARD_BLOCK_BYTES)

/* One of the two transactional areas. */
typedef struct
{
  char  pointer_type;     /* 'p' or 'r' */
  guint pointer_block;
  guint slot_block[2];
  guint n_blocks;         /* blocks per slot */
  gsize record_bytes;
} Area;

static const Area purchase_area = {
  'p', POS_CARD_PURCHASE_POINTER_BLOCK,
  { POS_CARD_PURCHASE_SLOT_BLOCK (0), POS_CARD_PURCHASE_SLOT_BLOCK (1) },
  5, POS_CARD_PURCHASE_BYTES,
};

static const Area return_area = {
  'r', POS_CARD_RETURN_POINTER_BLOCK,
  { POS_CARD_RETURN_SLOT_BLOCK (0), POS_CARD_RETURN_SLOT_BLOCK (1) },
  4, POS_CARD_RETURN_BYTES,
};

/* Decodes the record of @area at @bytes into @out (a PosCardPurchase or
 * PosCardReturn) and gives its sequence or generation. */
static gboolean
decode_slot (const Area        *area,
             const guint8      *bytes,
             const guint8      *serial,
             gsize              serial_len,
             const PosCardMac  *mac,
             gpointer           out,
             guint32           *out_seq,
             GError           **error)
{
  if (area == &purchase_area)
    {
      PosCardPurchase *p = out;

      if (!pos_card_purchase_decode (p, bytes, serial, serial_len, mac, error))
        return FALSE;
      *out_seq = p->seq;
    }
  else
    {
      PosCardReturn *r = out;

      if (!pos_card_return_decode (r, bytes, serial, serial_len, mac, error))
        return FALSE;
      *out_seq = r->generation;
    }
  return TRUE;
}

/* Finds the committed record of @area in @image.  When the commit block
 * is sound it names the slot, which must hold a record of its sequence;
 * the other slot holding something newer, or something that is neither
 * blank nor sound, is an interrupted write (*@out_pending).  When the
 * commit block itself was torn, the sound slot with the highest sequence
 * is the state (it was read back before the commit began). */
static gboolean
resolve_area (const Area        *area,
              const guint8      *image,
              const guint8      *serial,
              gsize              serial_len,
              const PosCardMac  *mac,
              gpointer           out,
              guint             *out_slot,
              gboolean          *out_pending,
              GError           **error)
{
  g_autoptr(GError) pointer_error = NULL;
  PosCardPointer pointer;
  union
  {
    PosCardPurchase p;
    PosCardReturn r;
  } rec[2];
  gboolean ok[2];
  guint32 seq[2] = { 0, 0 };
  GError *slot_error[2] = { NULL, NULL };
  gboolean result = FALSE;

  *out_pending = FALSE;
  for (guint i = 0; i < 2; i++)
    ok[i] = decode_slot (area, BLOCK_AT (image, area->slot_block[i]), serial, serial_len, mac, &rec[i], &seq[i],
                         &slot_error[i]);

  if (pos_card_pointer_decode (&pointer, BLOCK_AT (image, area->pointer_block), area->pointer_type, serial,
                               serial_len, mac, &pointer_error))
    {
      guint other = 1 - pointer.slot;

      if (!ok[pointer.slot])
        {
          g_propagate_error (error, g_steal_pointer (&slot_error[pointer.slot]));
          goto out;
        }
      if (seq[pointer.slot] != pointer.seq)
        {
          g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_CORRUPT,
                       "the card's commit block and its record disagree");
          goto out;
        }
      if (ok[other] ? seq[other] > pointer.seq
                    : !g_error_matches (slot_error[other], POS_CARD_ERROR, POS_CARD_ERROR_BLANK))
        *out_pending = TRUE;
      memcpy (out, &rec[pointer.slot], area == &purchase_area ? sizeof rec[0].p : sizeof rec[0].r);
      *out_slot = pointer.slot;
      result = TRUE;
      goto out;
    }

  /* A torn or missing commit block. */
  if (g_error_matches (pointer_error, POS_CARD_ERROR, POS_CARD_ERROR_UNKNOWN_VERSION)
      || (!ok[0] && !ok[1]))
    {
      g_propagate_error (error, g_steal_pointer (&pointer_error));
      goto out;
    }
  {
    guint best = !ok[0] ? 1 : !ok[1] ? 0 : seq[1] > seq[0] ? 1 : 0;

    memcpy (out, &rec[best], area == &purchase_area ? sizeof rec[0].p : sizeof rec[0].r);
    *out_slot = best;
    *out_pending = TRUE;
    result = TRUE;
  }

out:
  g_clear_error (&slot_error[0]);
  g_clear_error (&slot_error[1]);
  memset (rec, 0, sizeof rec);
  return result;
}

/* Reads the whole card and checks its identity. */
static gboolean
read_image (PosCardReader     *reader,
            const PosCardMac  *mac,
            guint8             image[CARD_BYTES],
            PosCardIdentity   *out_identity,
            GError           **error)
{
  const guint8 *serial;
  gsize serial_len;

  if (!pos_card_reader_read (reader, 0, POS_CARD_LAYOUT_BLOCKS, image, error))
    return FALSE;
  serial = pos_card_reader_get_serial (reader, &serial_len);
  return pos_card_identity_decode (out_identity, BLOCK_AT (image, POS_CARD_IDENTITY_BLOCK), serial, serial_len,
                                   mac, error);
}

typedef struct
{
  guint purchase_slot;
  guint return_slot;
} Slots;

static gboolean
read_contents (PosCardReader     *reader,
               const PosCardMac  *mac,
               PosCardContents   *out,
               Slots             *out_slots,
               GError           **error)
{
  guint8 image[CARD_BYTES];
  const guint8 *serial;
  gsize serial_len;
  PosCardContents c;

  g_return_val_if_fail (POS_IS_CARD_READER (reader) && mac != NULL && out != NULL, FALSE);
  memset (&c, 0, sizeof c);
  if (!read_image (reader, mac, image, &c.identity, error))
    return FALSE;
  serial = pos_card_reader_get_serial (reader, &serial_len);
  if (!resolve_area (&purchase_area, image, serial, serial_len, mac, &c.purchase, &out_slots->purchase_slot,
                     &c.purchase_pending, error)
      || !resolve_area (&return_area, image, serial, serial_len, mac, &c.ret, &out_slots->return_slot,
                        &c.return_pending, error))
    return FALSE;
  *out = c;
  return TRUE;
}

gboolean
pos_card_read (PosCardReader     *reader,
               const PosCardMac  *mac,
               PosCardContents   *out,
               GError           **error)
{
  Slots slots;

  return read_contents (reader, mac, out, &slots, error);
}

/* Writes @n_blocks at @block and reads them back. */
static gboolean
write_verified (PosCardReader  *reader,
                guint           block,
                guint           n_blocks,
                const guint8   *data,
                GError        **error)
{
  guint8 back[CARD_BYTES];

  if (!pos_card_reader_write (reader, block, n_blocks, data, error)
      || !pos_card_reader_read (reader, block, n_blocks, back, error))
    return FALSE;
  if (memcmp (back, data, n_blocks * POS_CARD_BLOCK_BYTES) != 0)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_TORN_WRITE,
                   "the card did not read back what was written to it: try again");
      return FALSE;
    }
  return TRUE;
}

/* The second half of a transactional write: @record into the slot not in
 * use, read back, then the commit block. */
static gboolean
commit_area (PosCardReader     *reader,
             const PosCardMac  *mac,
             const Area        *area,
             guint              current_slot,
             guint32            seq,
             const guint8      *record,
             GError           **error)
{
  guint8 slot_bytes[5 * POS_CARD_BLOCK_BYTES];
  guint8 pointer_bytes[POS_CARD_POINTER_BYTES];
  PosCardPointer pointer = { 1 - current_slot, seq };
  const guint8 *serial;
  gsize serial_len;

  serial = pos_card_reader_get_serial (reader, &serial_len);
  memset (slot_bytes, 0, sizeof slot_bytes);
  memcpy (slot_bytes, record, area->record_bytes);
  if (!pos_card_pointer_encode (pointer_bytes, area->pointer_type, &pointer, serial, serial_len, mac, error))
    return FALSE;
  return write_verified (reader, area->slot_block[pointer.slot], area->n_blocks, slot_bytes, error)
    && write_verified (reader, area->pointer_block, 1, pointer_bytes, error);
}

gboolean
pos_card_write_purchase (PosCardReader          *reader,
                         const PosCardMac       *mac,
                         const PosCardPurchase  *purchase,
                         GError                **error)
{
  PosCardContents c;
  Slots slots;
  guint8 record[POS_CARD_PURCHASE_BYTES];
  const guint8 *serial;
  gsize serial_len;
  gboolean ok;

  g_return_val_if_fail (purchase != NULL, FALSE);
  if (!read_contents (reader, mac, &c, &slots, error))
    return FALSE;
  if (pos_card_purchase_equal (&c.purchase, purchase))
    return TRUE;
  if (purchase->seq <= c.purchase.seq)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST,
                   "the card holds purchase %" G_GUINT32_FORMAT " already; %" G_GUINT32_FORMAT " is not newer",
                   c.purchase.seq, purchase->seq);
      return FALSE;
    }
  serial = pos_card_reader_get_serial (reader, &serial_len);
  ok = pos_card_purchase_encode (record, purchase, serial, serial_len, mac, error)
    && commit_area (reader, mac, &purchase_area, slots.purchase_slot, purchase->seq, record, error);
  memset (&c, 0, sizeof c);
  return ok;
}

static gboolean
return_equal (const PosCardReturn *a,
              const PosCardReturn *b)
{
  return a->generation == b->generation && a->last_seq == b->last_seq && a->credit == b->credit
    && a->cumulative == b->cumulative && a->flags == b->flags && a->written_at == b->written_at;
}

gboolean
pos_card_write_return (PosCardReader        *reader,
                       const PosCardMac     *mac,
                       const PosCardReturn  *ret,
                       GError              **error)
{
  PosCardContents c;
  Slots slots;
  guint8 record[POS_CARD_RETURN_BYTES];
  const guint8 *serial;
  gsize serial_len;

  g_return_val_if_fail (ret != NULL, FALSE);
  if (!read_contents (reader, mac, &c, &slots, error))
    return FALSE;
  if (return_equal (&c.ret, ret))
    return TRUE;
  if (ret->generation <= c.ret.generation)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST,
                   "the card's return area is at generation %" G_GUINT32_FORMAT " already",
                   c.ret.generation);
      return FALSE;
    }
  serial = pos_card_reader_get_serial (reader, &serial_len);
  return pos_card_return_encode (record, ret, serial, serial_len, mac, error)
    && commit_area (reader, mac, &return_area, slots.return_slot, ret->generation, record, error);
}

gboolean
pos_card_issue (PosCardReader          *reader,
                const PosCardMac       *mac,
                const PosCardIdentity  *identity,
                gint64                  now,
                GError                **error)
{
  guint8 image[CARD_BYTES];
  PosCardIdentity id;
  PosCardPurchase empty_purchase;
  PosCardReturn empty_return;
  PosCardPointer pointer = { 0, 0 };
  const guint8 *serial;
  gsize serial_len;

  g_return_val_if_fail (POS_IS_CARD_READER (reader) && mac != NULL && identity != NULL, FALSE);
  serial = pos_card_reader_get_serial (reader, &serial_len);
  if (serial == NULL)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD, "no card is connected");
      return FALSE;
    }
  id = *identity;
  id.utility_id = mac->utility_id;
  memcpy (id.serial, serial, serial_len);
  id.serial_len = (guint8) serial_len;
  memset (&empty_purchase, 0, sizeof empty_purchase);
  empty_purchase.issued_at = now;
  memset (&empty_return, 0, sizeof empty_return);

  memset (image, 0, sizeof image);
  if (!pos_card_identity_encode (BLOCK_AT (image, POS_CARD_IDENTITY_BLOCK), &id, mac, error)
      || !pos_card_purchase_encode (BLOCK_AT (image, POS_CARD_PURCHASE_SLOT_BLOCK (0)), &empty_purchase, serial,
                                    serial_len, mac, error)
      || !pos_card_return_encode (BLOCK_AT (image, POS_CARD_RETURN_SLOT_BLOCK (0)), &empty_return, serial,
                                  serial_len, mac, error)
      || !pos_card_pointer_encode (BLOCK_AT (image, POS_CARD_PURCHASE_POINTER_BLOCK), 'p', &pointer, serial,
                                   serial_len, mac, error)
      || !pos_card_pointer_encode (BLOCK_AT (image, POS_CARD_RETURN_POINTER_BLOCK), 'r', &pointer, serial,
                                   serial_len, mac, error))
    return FALSE;

  /* Blank the identity first and write it last: a card pulled in between
   * reads as blank, and issuing it again starts over. */
  {
    guint8 zero[POS_CARD_IDENTITY_BYTES] = { 0 };

    if (!write_verified (reader, POS_CARD_IDENTITY_BLOCK, POS_CARD_IDENTITY_BYTES / POS_CARD_BLOCK_BYTES, zero,
                         error))
      return FALSE;
  }
  return write_verified (reader, POS_CARD_PURCHASE_POINTER_BLOCK,
                         POS_CARD_LAYOUT_BLOCKS - POS_CARD_PURCHASE_POINTER_BLOCK,
                         BLOCK_AT (image, POS_CARD_PURCHASE_POINTER_BLOCK), error)
    && write_verified (reader, POS_CARD_IDENTITY_BLOCK, POS_CARD_IDENTITY_BYTES / POS_CARD_BLOCK_BYTES,
                       BLOCK_AT (image, POS_CARD_IDENTITY_BLOCK), error);
}
