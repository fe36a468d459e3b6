/* card-test-mac.c: HMAC-SHA-256 (secret, serial || data), truncated */
#include <string.h>

#include "card-test-mac.h"

static gboolean
compute (const PosCardMac  *self,
         const guint8      *serial,
         gsize              serial_len,
         const guint8      *data,
         gsize              len,
         guint8             out_mac[POS_CARD_MAC_BYTES],
         GError           **error)
{
  const char *secret = self->user_data;
  g_autoptr(GHmac) h = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  guint8 digest[32];
  gsize n = sizeof digest;

  g_hmac_update (h, serial, (gssize) serial_len);
  g_hmac_update (h, data, (gssize) len);
  g_hmac_get_digest (h, digest, &n);
  memcpy (out_mac, digest, POS_CARD_MAC_BYTES);
  return TRUE;
}

static PosCardMacResult
verify (const PosCardMac  *self,
        const guint8      *serial,
        gsize              serial_len,
        const guint8      *data,
        gsize              len,
        const guint8       mac[POS_CARD_MAC_BYTES],
        GError           **error)
{
  guint8 want[POS_CARD_MAC_BYTES];

  compute (self, serial, serial_len, data, len, want, error);
  return memcmp (want, mac, sizeof want) == 0 ? POS_CARD_MAC_OK : POS_CARD_MAC_BAD;
}

void
card_test_mac_init (PosCardMac *mac,
                    guint32     utility_id,
                    const char *secret)
{
  memset (mac, 0, sizeof *mac);
  mac->utility_id = utility_id;
  mac->compute = compute;
  mac->verify = verify;
  mac->user_data = (gpointer) secret;
}
