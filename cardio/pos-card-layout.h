/* pos-card-layout.h: the customer card's records as bytes (layout 1)
 *
 * Pure functions: no reader, no I/O.  The card is seen as numbered
 * 16-byte blocks (pos-card-reader.h maps them onto a contact card's file
 * or a MIFARE Classic's data blocks); cardio/README.md draws the layout.
 * Every record starts with "SV", the layout version, a type byte and the
 * utility id, and ends with a MAC over everything before it.  cardio/
 * never computes a MAC itself: the caller supplies a PosCardMac (app/
 * backs it with sts/'s card keys). */
#pragma once

#include <glib.h>

#include "pos-card-error.h"

G_BEGIN_DECLS

#define POS_CARD_LAYOUT_VERSION  1
#define POS_CARD_BLOCK_BYTES    16
#define POS_CARD_MAC_BYTES       8
#define POS_CARD_SERIAL_MAX     16
#define POS_CARD_ACCOUNT_MAX    24
#define POS_CARD_PAN_DIGITS     18
#define POS_CARD_TOKEN_DIGITS   20
#define POS_CARD_MAX_TOKENS      4

/* Record sizes and where they live, in blocks. */
#define POS_CARD_IDENTITY_BYTES  80
#define POS_CARD_PURCHASE_BYTES  80
#define POS_CARD_RETURN_BYTES    64
#define POS_CARD_POINTER_BYTES   16

#define POS_CARD_IDENTITY_BLOCK          0
#define POS_CARD_PURCHASE_POINTER_BLOCK  5
#define POS_CARD_PURCHASE_SLOT_BLOCK(i)  (6 + 5 * (i))
#define POS_CARD_RETURN_POINTER_BLOCK   16
#define POS_CARD_RETURN_SLOT_BLOCK(i)    (17 + 4 * (i))
#define POS_CARD_LAYOUT_BLOCKS          25

typedef enum
{
  POS_CARD_KIND_CUSTOMER    = 1,
  POS_CARD_KIND_ENGINEERING = 2,
} PosCardKind;

/* Flags of the return area. */
#define POS_CARD_FLAG_TAMPER       0x01
#define POS_CARD_FLAG_LOW_BATTERY  0x02

/* Who the card belongs to.  Written once, when the card is issued. */
typedef struct
{
  guint8      version;
  guint32     utility_id;
  PosCardKind kind;
  guint8      serial[POS_CARD_SERIAL_MAX];   /* the serial the card was issued with */
  guint8      serial_len;
  char        pan[POS_CARD_PAN_DIGITS + 1];
  char        account[POS_CARD_ACCOUNT_MAX + 1];
} PosCardIdentity;

/* What the vending point sold onto the card: key change tokens first, in
 * their order of entry, then the credit token.  Sequence 0 is the empty
 * purchase of a newly issued card. */
typedef struct
{
  guint32 seq;
  gint64  issued_at;                 /* Unix time, UTC */
  guint   n_tokens;                  /* 0 to POS_CARD_MAX_TOKENS */
  char    tokens[POS_CARD_MAX_TOKENS][POS_CARD_TOKEN_DIGITS + 1];
} PosCardPurchase;

/* What the meter wrote back at its last insertion. */
typedef struct
{
  guint32 generation;                /* counts the meter's writes; 0 when issued */
  guint32 last_seq;                  /* the last purchase sequence the meter applied */
  gint64  credit;                    /* remaining credit, tenths of a kWh */
  gint64  cumulative;                /* energy used since installation, tenths of a kWh */
  guint   flags;                     /* POS_CARD_FLAG_* */
  gint64  written_at;                /* Unix time, UTC (0 when issued) */
} PosCardReturn;

typedef enum
{
  POS_CARD_MAC_OK,
  POS_CARD_MAC_BAD,                  /* the MAC is wrong */
  POS_CARD_MAC_ERROR,                /* it could not be checked; the error says why */
} PosCardMacResult;

typedef struct _PosCardMac PosCardMac;

/* The MAC service the caller lends cardio/ (app/ backs it with sts/):
 * the utility id the cards must carry, and two functions that MAC a
 * record for the card with serial @serial.  verify compares in constant
 * time. */
struct _PosCardMac
{
  guint32            utility_id;
  gboolean         (*compute) (const PosCardMac  *self,
                               const guint8      *serial,
                               gsize              serial_len,
                               const guint8      *data,
                               gsize              len,
                               guint8             out_mac[POS_CARD_MAC_BYTES],
                               GError           **error);
  PosCardMacResult (*verify)  (const PosCardMac  *self,
                               const guint8      *serial,
                               gsize              serial_len,
                               const guint8      *data,
                               gsize              len,
                               const guint8       mac[POS_CARD_MAC_BYTES],
                               GError           **error);
  gpointer           user_data;
};

/* A pointer block: which of the two slots of an area holds the committed
 * record, and its sequence (purchase) or generation (return). */
typedef struct
{
  guint   slot;                      /* 0 or 1 */
  guint32 seq;
} PosCardPointer;

/* Encoders write the record (MAC included) into @out and fail only with
 * POS_CARD_ERROR_BAD_REQUEST (a value that does not fit) or the MAC
 * service's error.  @serial is the serial of the card the record is for. */
gboolean pos_card_identity_encode (guint8                 out[POS_CARD_IDENTITY_BYTES],
                                   const PosCardIdentity *identity,
                                   const PosCardMac      *mac,
                                   GError               **error);
gboolean pos_card_purchase_encode (guint8                 out[POS_CARD_PURCHASE_BYTES],
                                   const PosCardPurchase *purchase,
                                   const guint8          *serial,
                                   gsize                  serial_len,
                                   const PosCardMac      *mac,
                                   GError               **error);
gboolean pos_card_return_encode   (guint8                 out[POS_CARD_RETURN_BYTES],
                                   const PosCardReturn   *ret,
                                   const guint8          *serial,
                                   gsize                  serial_len,
                                   const PosCardMac      *mac,
                                   GError               **error);
/* @area_type is 'p' (purchase) or 'r' (return). */
gboolean pos_card_pointer_encode  (guint8                 out[POS_CARD_POINTER_BYTES],
                                   char                   area_type,
                                   const PosCardPointer  *pointer,
                                   const guint8          *serial,
                                   gsize                  serial_len,
                                   const PosCardMac      *mac,
                                   GError               **error);

/* Decoders check, in this order: blank (POS_CARD_ERROR_BLANK: all 00 or
 * all FF, or no "SV"), the version (UNKNOWN_VERSION), the record type
 * (CORRUPT), the utility id against @mac->utility_id (FOREIGN_UTILITY),
 * then the MAC (BAD_MAC) and the fields (CORRUPT).  The identity decoder
 * also refuses an identity whose serial is not @serial, the card's own
 * (BAD_MAC: a copied card). */
gboolean pos_card_identity_decode (PosCardIdentity       *out,
                                   const guint8           in[POS_CARD_IDENTITY_BYTES],
                                   const guint8          *serial,
                                   gsize                  serial_len,
                                   const PosCardMac      *mac,
                                   GError               **error);
gboolean pos_card_purchase_decode (PosCardPurchase       *out,
                                   const guint8           in[POS_CARD_PURCHASE_BYTES],
                                   const guint8          *serial,
                                   gsize                  serial_len,
                                   const PosCardMac      *mac,
                                   GError               **error);
gboolean pos_card_return_decode   (PosCardReturn         *out,
                                   const guint8           in[POS_CARD_RETURN_BYTES],
                                   const guint8          *serial,
                                   gsize                  serial_len,
                                   const PosCardMac      *mac,
                                   GError               **error);
gboolean pos_card_pointer_decode  (PosCardPointer        *out,
                                   const guint8           in[POS_CARD_POINTER_BYTES],
                                   char                   area_type,
                                   const guint8          *serial,
                                   gsize                  serial_len,
                                   const PosCardMac      *mac,
                                   GError               **error);

/* TRUE when @len bytes at @data are all 0x00 or all 0xFF (never written). */
gboolean pos_card_bytes_blank     (const guint8 *data,
                                   gsize         len);

/* TRUE when the two purchases carry the same sequence and tokens. */
gboolean pos_card_purchase_equal  (const PosCardPurchase *a,
                                   const PosCardPurchase *b);

G_END_DECLS
