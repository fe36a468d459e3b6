/* fuzz-card-records.c: any bytes as a card's records.  A card comes from
 * outside (a customer's pocket, or a forger's): every decoder must refuse
 * what is not a record with an error, never crash, and what it accepts
 * must encode again.  The MAC service here accepts every MAC, so that the
 * fuzzer reaches the field checks behind it. */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "pos-card-layout.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
compute_cb (const PosCardMac  *self,
            const guint8      *serial,
            gsize              serial_len,
            const guint8      *bytes,
            gsize              len,
            guint8             out_mac[POS_CARD_MAC_BYTES],
            GError           **error)
{
  memset (out_mac, 0x5a, POS_CARD_MAC_BYTES);
  return TRUE;
}

static PosCardMacResult
verify_cb (const PosCardMac  *self,
           const guint8      *serial,
           gsize              serial_len,
           const guint8      *bytes,
           gsize              len,
           const guint8       mac[POS_CARD_MAC_BYTES],
           GError           **error)
{
  return POS_CARD_MAC_OK;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint8 serial[] = "FUZZ-CARD-0001";
  PosCardMac mac = { 0x01020304, compute_cb, verify_cb, NULL };
  guint8 record[POS_CARD_IDENTITY_BYTES];
  guint8 again[POS_CARD_IDENTITY_BYTES];
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (size < 1)
    return 0;
  memset (record, 0, sizeof record);
  memcpy (record, data + 1, MIN (size - 1, sizeof record));

  switch (data[0] % 5)
    {
    case 0:
      {
        PosCardIdentity identity;

        ok = pos_card_identity_decode (&identity, record, serial, sizeof serial - 1, &mac, &error);
        if (ok && !pos_card_identity_encode (again, &identity, &mac, NULL))
          __builtin_trap ();
        break;
      }
    case 1:
      {
        PosCardPurchase purchase;

        ok = pos_card_purchase_decode (&purchase, record, serial, sizeof serial - 1, &mac, &error);
        if (ok && !pos_card_purchase_encode (again, &purchase, serial, sizeof serial - 1, &mac, NULL))
          __builtin_trap ();
        break;
      }
    case 2:
      {
        PosCardReturn ret;

        ok = pos_card_return_decode (&ret, record, serial, sizeof serial - 1, &mac, &error);
        if (ok && !pos_card_return_encode (again, &ret, serial, sizeof serial - 1, &mac, NULL))
          __builtin_trap ();
        break;
      }
    default:
      {
        PosCardPointer pointer;
        char area = data[0] % 5 == 3 ? 'p' : 'r';

        ok = pos_card_pointer_decode (&pointer, record, area, serial, sizeof serial - 1, &mac, &error);
        if (ok && !pos_card_pointer_encode (again, area, &pointer, serial, sizeof serial - 1, &mac, NULL))
          __builtin_trap ();
        break;
      }
    }
  /* A refusal always says why. */
  if (!ok && error == NULL)
    __builtin_trap ();
  return 0;
}
