/* pos-card-layout.c: encoding and checking the card's records (layout 1) */
#include <string.h>

#include "pos-card-layout.h"

/* The common header: "SV", version, type, utility id (big-endian). */
#define HEADER_BYTES 8

/* -- bytes ---------------------------------------------------------------- */

static void
put_u32 (guint8  *p,
         guint32  v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

static guint32
get_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
put_i64 (guint8 *p,
         gint64  v)
{
  guint64 u = (guint64) v;

  for (int i = 7; i >= 0; i--)
    {
      p[i] = (guint8) u;
      u >>= 8;
    }
}

static gint64
get_i64 (const guint8 *p)
{
  guint64 u = 0;

  for (int i = 0; i < 8; i++)
    u = (u << 8) | p[i];
  return (gint64) u;
}

gboolean
pos_card_bytes_blank (const guint8 *data,
                      gsize         len)
{
  gboolean zero = TRUE, ones = TRUE;

  for (gsize i = 0; i < len; i++)
    {
      zero = zero && data[i] == 0x00;
      ones = ones && data[i] == 0xFF;
    }
  return zero || ones;
}

static gboolean
all_digits (const char *s,
            gsize       n)
{
  if (strlen (s) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* 20 digits as 10 bytes of packed BCD. */
static void
token_pack (guint8      out[10],
            const char *digits)
{
  for (int i = 0; i < 10; i++)
    out[i] = (guint8) (((digits[2 * i] - '0') << 4) | (digits[2 * i + 1] - '0'));
}

static gboolean
token_unpack (char          out[POS_CARD_TOKEN_DIGITS + 1],
              const guint8  in[10])
{
  for (int i = 0; i < 10; i++)
    {
      guint hi = in[i] >> 4, lo = in[i] & 0x0F;

      if (hi > 9 || lo > 9)
        return FALSE;
      out[2 * i] = (char) ('0' + hi);
      out[2 * i + 1] = (char) ('0' + lo);
    }
  out[POS_CARD_TOKEN_DIGITS] = '\0';
  return TRUE;
}

/* -- header and MAC ------------------------------------------------------------ */

static void
put_header (guint8   *out,
            char      type,
            guint32   utility_id)
{
  out[0] = 'S';
  out[1] = 'V';
  out[2] = POS_CARD_LAYOUT_VERSION;
  out[3] = (guint8) type;
  put_u32 (out + 4, utility_id);
}

static gboolean
seal (guint8            *record,
      gsize              len,
      const guint8      *serial,
      gsize              serial_len,
      const PosCardMac  *mac,
      GError           **error)
{
  return mac->compute (mac, serial, serial_len, record, len - POS_CARD_MAC_BYTES,
                       record + len - POS_CARD_MAC_BYTES, error);
}

static const char *
record_name (char type)
{
  switch (type)
    {
    case 'I': return "identity";
    case 'P': return "purchase record";
    case 'R': return "return area";
    default: return "record";
    }
}

/* Checks a header and the MAC of a @len-byte record of @type. */
static gboolean
check_record (const guint8      *in,
              gsize              len,
              char               type,
              const guint8      *serial,
              gsize              serial_len,
              const PosCardMac  *mac,
              GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  guint32 utility;

  if (pos_card_bytes_blank (in, len) || in[0] != 'S' || in[1] != 'V')
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BLANK, "the card holds no stsvend %s",
                   record_name (type));
      return FALSE;
    }
  if (in[2] != POS_CARD_LAYOUT_VERSION)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_UNKNOWN_VERSION,
                   "the card's %s has layout version %u; this program reads version %u",
                   record_name (type), in[2], POS_CARD_LAYOUT_VERSION);
      return FALSE;
    }
  if (in[3] != (guint8) type)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_CORRUPT, "the card's %s is not where it belongs",
                   record_name (type));
      return FALSE;
    }
  utility = get_u32 (in + 4);
  if (utility != mac->utility_id)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_FOREIGN_UTILITY,
                   "the card belongs to utility %" G_GUINT32_FORMAT ", not this one (%" G_GUINT32_FORMAT ")",
                   utility, mac->utility_id);
      return FALSE;
    }
  switch (mac->verify (mac, serial, serial_len, in, len - POS_CARD_MAC_BYTES, in + len - POS_CARD_MAC_BYTES,
                       &local_error))
    {
    case POS_CARD_MAC_OK:
      return TRUE;
    case POS_CARD_MAC_BAD:
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_MAC,
                   "the card's %s fails its MAC: forged, altered or copied", record_name (type));
      return FALSE;
    case POS_CARD_MAC_ERROR:
    default:
      if (local_error == NULL)
        g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_FAILED, "the MAC could not be checked");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

static gboolean
bad_request (GError     **error,
             const char  *what)
{
  g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST, "%s", what);
  return FALSE;
}

static gboolean
corrupt (GError     **error,
         const char  *what)
{
  g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_CORRUPT, "%s", what);
  return FALSE;
}

/* -- identity ---------------------------------------------------------------- */

/* Identity: header (8), kind (1), serial length (1), serial (16), PAN (18
 * ASCII digits), account length (1), account (24), zeros, MAC at 72. */
gboolean
pos_card_identity_encode (guint8                 out[POS_CARD_IDENTITY_BYTES],
                          const PosCardIdentity *identity,
                          const PosCardMac      *mac,
                          GError               **error)
{
  gsize account_len;

  g_return_val_if_fail (identity != NULL && mac != NULL, FALSE);
  account_len = strlen (identity->account);
  if (identity->serial_len == 0 || identity->serial_len > POS_CARD_SERIAL_MAX)
    return bad_request (error, "a card serial is 1 to 16 bytes");
  if (!all_digits (identity->pan, POS_CARD_PAN_DIGITS))
    return bad_request (error, "a meter number is 18 digits");
  if (account_len == 0 || account_len > POS_CARD_ACCOUNT_MAX)
    return bad_request (error, "an account number on a card is 1 to 24 characters");
  if (identity->kind != POS_CARD_KIND_CUSTOMER && identity->kind != POS_CARD_KIND_ENGINEERING)
    return bad_request (error, "unknown card kind");

  memset (out, 0, POS_CARD_IDENTITY_BYTES);
  put_header (out, 'I', mac->utility_id);
  out[8] = (guint8) identity->kind;
  out[9] = identity->serial_len;
  memcpy (out + 10, identity->serial, identity->serial_len);
  memcpy (out + 26, identity->pan, POS_CARD_PAN_DIGITS);
  out[44] = (guint8) account_len;
  memcpy (out + 45, identity->account, account_len);
  return seal (out, POS_CARD_IDENTITY_BYTES, identity->serial, identity->serial_len, mac, error);
}

gboolean
pos_card_identity_decode (PosCardIdentity       *out,
                          const guint8           in[POS_CARD_IDENTITY_BYTES],
                          const guint8          *serial,
                          gsize                  serial_len,
                          const PosCardMac      *mac,
                          GError               **error)
{
  PosCardIdentity id;
  guint8 slen, alen;

  g_return_val_if_fail (out != NULL && in != NULL && mac != NULL, FALSE);
  /* The stored serial is checked before the MAC: a copied card is named
   * as one rather than as a plain forgery.  Both are refused. */
  if (pos_card_bytes_blank (in, POS_CARD_IDENTITY_BYTES) || in[0] != 'S' || in[1] != 'V'
      || in[2] != POS_CARD_LAYOUT_VERSION || in[3] != 'I' || get_u32 (in + 4) != mac->utility_id)
    return check_record (in, POS_CARD_IDENTITY_BYTES, 'I', serial, serial_len, mac, error);
  slen = in[9];
  if (slen == 0 || slen > POS_CARD_SERIAL_MAX)
    return corrupt (error, "the card's identity holds a malformed serial");
  if (slen != serial_len || memcmp (in + 10, serial, serial_len) != 0)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_MAC,
                   "the card's identity was issued to another card serial: a copied card");
      return FALSE;
    }
  if (!check_record (in, POS_CARD_IDENTITY_BYTES, 'I', serial, serial_len, mac, error))
    return FALSE;

  memset (&id, 0, sizeof id);
  id.version = in[2];
  id.utility_id = get_u32 (in + 4);
  id.kind = (PosCardKind) in[8];
  id.serial_len = slen;
  memcpy (id.serial, in + 10, slen);
  memcpy (id.pan, in + 26, POS_CARD_PAN_DIGITS);
  alen = in[44];
  if (alen == 0 || alen > POS_CARD_ACCOUNT_MAX || !all_digits (id.pan, POS_CARD_PAN_DIGITS)
      || (id.kind != POS_CARD_KIND_CUSTOMER && id.kind != POS_CARD_KIND_ENGINEERING))
    return corrupt (error, "the card's identity holds a malformed field");
  memcpy (id.account, in + 45, alen);
  if (memchr (id.account, '\0', alen) != NULL || !g_utf8_validate (id.account, alen, NULL))
    return corrupt (error, "the card's identity holds a malformed account number");
  *out = id;
  return TRUE;
}

/* -- purchase ---------------------------------------------------------------- */

/* Purchase: header (8), sequence (4), issue time (8), token count (1),
 * four tokens of 10 BCD bytes, zeros, MAC at 72. */
gboolean
pos_card_purchase_encode (guint8                 out[POS_CARD_PURCHASE_BYTES],
                          const PosCardPurchase *purchase,
                          const guint8          *serial,
                          gsize                  serial_len,
                          const PosCardMac      *mac,
                          GError               **error)
{
  g_return_val_if_fail (purchase != NULL && mac != NULL, FALSE);
  if (purchase->n_tokens > POS_CARD_MAX_TOKENS)
    return bad_request (error, "a purchase carries at most 4 tokens");
  for (guint i = 0; i < purchase->n_tokens; i++)
    if (!all_digits (purchase->tokens[i], POS_CARD_TOKEN_DIGITS))
      return bad_request (error, "a token is 20 digits");

  memset (out, 0, POS_CARD_PURCHASE_BYTES);
  put_header (out, 'P', mac->utility_id);
  put_u32 (out + 8, purchase->seq);
  put_i64 (out + 12, purchase->issued_at);
  out[20] = (guint8) purchase->n_tokens;
  for (guint i = 0; i < purchase->n_tokens; i++)
    token_pack (out + 21 + 10 * i, purchase->tokens[i]);
  return seal (out, POS_CARD_PURCHASE_BYTES, serial, serial_len, mac, error);
}

gboolean
pos_card_purchase_decode (PosCardPurchase       *out,
                          const guint8           in[POS_CARD_PURCHASE_BYTES],
                          const guint8          *serial,
                          gsize                  serial_len,
                          const PosCardMac      *mac,
                          GError               **error)
{
  PosCardPurchase p;

  g_return_val_if_fail (out != NULL && in != NULL && mac != NULL, FALSE);
  if (!check_record (in, POS_CARD_PURCHASE_BYTES, 'P', serial, serial_len, mac, error))
    return FALSE;
  memset (&p, 0, sizeof p);
  p.seq = get_u32 (in + 8);
  p.issued_at = get_i64 (in + 12);
  p.n_tokens = in[20];
  if (p.n_tokens > POS_CARD_MAX_TOKENS)
    return corrupt (error, "the card's purchase record holds too many tokens");
  for (guint i = 0; i < p.n_tokens; i++)
    if (!token_unpack (p.tokens[i], in + 21 + 10 * i))
      return corrupt (error, "the card's purchase record holds a malformed token");
  *out = p;
  return TRUE;
}

gboolean
pos_card_purchase_equal (const PosCardPurchase *a,
                         const PosCardPurchase *b)
{
  if (a->seq != b->seq || a->n_tokens != b->n_tokens)
    return FALSE;
  for (guint i = 0; i < a->n_tokens; i++)
    if (strcmp (a->tokens[i], b->tokens[i]) != 0)
      return FALSE;
  return TRUE;
}

/* -- return area ------------------------------------------------------------- */

/* Return: header (8), generation (4), last sequence (4), credit (8),
 * cumulative (8), flags (1), time of write (8), zeros, MAC at 56. */
gboolean
pos_card_return_encode (guint8                 out[POS_CARD_RETURN_BYTES],
                        const PosCardReturn   *ret,
                        const guint8          *serial,
                        gsize                  serial_len,
                        const PosCardMac      *mac,
                        GError               **error)
{
  g_return_val_if_fail (ret != NULL && mac != NULL, FALSE);
  if (ret->flags > 0xFF)
    return bad_request (error, "unknown return area flags");
  memset (out, 0, POS_CARD_RETURN_BYTES);
  put_header (out, 'R', mac->utility_id);
  put_u32 (out + 8, ret->generation);
  put_u32 (out + 12, ret->last_seq);
  put_i64 (out + 16, ret->credit);
  put_i64 (out + 24, ret->cumulative);
  out[32] = (guint8) ret->flags;
  put_i64 (out + 33, ret->written_at);
  return seal (out, POS_CARD_RETURN_BYTES, serial, serial_len, mac, error);
}

gboolean
pos_card_return_decode (PosCardReturn         *out,
                        const guint8           in[POS_CARD_RETURN_BYTES],
                        const guint8          *serial,
                        gsize                  serial_len,
                        const PosCardMac      *mac,
                        GError               **error)
{
  PosCardReturn r;

  g_return_val_if_fail (out != NULL && in != NULL && mac != NULL, FALSE);
  if (!check_record (in, POS_CARD_RETURN_BYTES, 'R', serial, serial_len, mac, error))
    return FALSE;
  memset (&r, 0, sizeof r);
  r.generation = get_u32 (in + 8);
  r.last_seq = get_u32 (in + 12);
  r.credit = get_i64 (in + 16);
  r.cumulative = get_i64 (in + 24);
  r.flags = in[32];
  r.written_at = get_i64 (in + 33);
  *out = r;
  return TRUE;
}

/* -- pointers ----------------------------------------------------------------- */

/* Pointer: 'S', version, area type ('p' or 'r'), slot, sequence (4), MAC
 * (8): one block, written in one operation, the commit of its area. */
gboolean
pos_card_pointer_encode (guint8                 out[POS_CARD_POINTER_BYTES],
                         char                   area_type,
                         const PosCardPointer  *pointer,
                         const guint8          *serial,
                         gsize                  serial_len,
                         const PosCardMac      *mac,
                         GError               **error)
{
  g_return_val_if_fail (pointer != NULL && mac != NULL, FALSE);
  g_return_val_if_fail (area_type == 'p' || area_type == 'r', FALSE);
  if (pointer->slot > 1)
    return bad_request (error, "an area has slots 0 and 1");
  memset (out, 0, POS_CARD_POINTER_BYTES);
  out[0] = 'S';
  out[1] = POS_CARD_LAYOUT_VERSION;
  out[2] = (guint8) area_type;
  out[3] = (guint8) pointer->slot;
  put_u32 (out + 4, pointer->seq);
  return seal (out, POS_CARD_POINTER_BYTES, serial, serial_len, mac, error);
}

gboolean
pos_card_pointer_decode (PosCardPointer        *out,
                         const guint8           in[POS_CARD_POINTER_BYTES],
                         char                   area_type,
                         const guint8          *serial,
                         gsize                  serial_len,
                         const PosCardMac      *mac,
                         GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (out != NULL && in != NULL && mac != NULL, FALSE);
  if (pos_card_bytes_blank (in, POS_CARD_POINTER_BYTES) || in[0] != 'S')
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BLANK, "the card has no committed %s",
                   area_type == 'p' ? "purchase" : "return area");
      return FALSE;
    }
  if (in[1] != POS_CARD_LAYOUT_VERSION)
    {
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_UNKNOWN_VERSION,
                   "the card's commit block has layout version %u; this program reads version %u",
                   in[1], POS_CARD_LAYOUT_VERSION);
      return FALSE;
    }
  if (in[2] != (guint8) area_type || in[3] > 1)
    return corrupt (error, "the card's commit block is malformed");
  switch (mac->verify (mac, serial, serial_len, in, POS_CARD_POINTER_BYTES - POS_CARD_MAC_BYTES,
                       in + POS_CARD_POINTER_BYTES - POS_CARD_MAC_BYTES, &local_error))
    {
    case POS_CARD_MAC_OK:
      break;
    case POS_CARD_MAC_BAD:
      g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_MAC, "the card's commit block fails its MAC");
      return FALSE;
    case POS_CARD_MAC_ERROR:
    default:
      if (local_error == NULL)
        g_set_error (error, POS_CARD_ERROR, POS_CARD_ERROR_FAILED, "the MAC could not be checked");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  out->slot = in[3];
  out->seq = get_u32 (in + 4);
  return TRUE;
}
