/* test-sts-card.c: card key diversification and record MACs, against
 * known answers computed independently (Python's hmac module over the
 * construction sts-card.h documents) */
#include <string.h>

#include <glib.h>

#include "sts.h"

static char *
to_hex (const guint8 *b,
        gsize         n)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (s, "%02x", b[i]);
  return g_string_free (s, FALSE);
}

static void
secret_1_to_20 (StsKey *secret)
{
  memset (secret, 0, sizeof *secret);
  for (guint i = 0; i < 20; i++)
    secret->bytes[i] = (guint8) (i + 1);
  secret->len = 20;
}

static void
test_key_known_answers (void)
{
  static const guint8 uid4[] = { 0xde, 0xad, 0xbe, 0xef };
  static const guint8 uid7[] = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
  StsKey secret;
  StsCardKey key;
  g_autofree char *hex = NULL;
  g_autofree char *hex2 = NULL;

  secret_1_to_20 (&secret);
  g_assert_cmpint (sts_card_key_derive (&key, &secret, uid4, sizeof uid4), ==, STS_OK);
  hex = to_hex (key.bytes, sizeof key.bytes);
  g_assert_cmpstr (hex, ==, "d7dc1445996c8f202952641e4c20290b930fb3598cb2e38f16b1e91ba4fe2469");

  memset (&secret, 0, sizeof secret);
  memset (secret.bytes, 0x5a, 16);
  secret.len = 16;
  g_assert_cmpint (sts_card_key_derive (&key, &secret, uid7, sizeof uid7), ==, STS_OK);
  hex2 = to_hex (key.bytes, sizeof key.bytes);
  g_assert_cmpstr (hex2, ==, "7bf40c4b86e747676376475c5a97d5d744f5ae4342386de5047067e6e5c9bc48");
  sts_card_key_wipe (&key);
  for (gsize i = 0; i < sizeof key.bytes; i++)
    g_assert_cmpint (key.bytes[i], ==, 0);
}

static void
test_mac_known_answers (void)
{
  static const guint8 uid4[] = { 0xde, 0xad, 0xbe, 0xef };
  static const struct
  {
    const char *data;   /* NULL: bytes 0..71 */
    const char *mac;
  } vectors[] = {
    { "", "76f5962ad8b1fd04" },
    { "abc", "8bdb5884cd596375" },
    { NULL, "3f961524ec1849e9" },
  };
  StsKey secret;
  StsCardKey key;

  secret_1_to_20 (&secret);
  g_assert_cmpint (sts_card_key_derive (&key, &secret, uid4, sizeof uid4), ==, STS_OK);
  for (gsize v = 0; v < G_N_ELEMENTS (vectors); v++)
    {
      guint8 data[72];
      gsize len;
      guint8 mac[STS_CARD_MAC_BYTES];
      g_autofree char *hex = NULL;

      if (vectors[v].data != NULL)
        {
          len = strlen (vectors[v].data);
          memcpy (data, vectors[v].data, len);
        }
      else
        {
          len = sizeof data;
          for (gsize i = 0; i < len; i++)
            data[i] = (guint8) i;
        }
      g_assert_cmpint (sts_card_mac (mac, &key, data, len), ==, STS_OK);
      hex = to_hex (mac, sizeof mac);
      g_assert_cmpstr (hex, ==, vectors[v].mac);
      g_assert_cmpint (sts_card_mac_verify (&key, data, len, mac, sizeof mac), ==, STS_OK);

      /* Every single bit of the MAC matters, and so does the data. */
      for (gsize bit = 0; bit < 8 * sizeof mac; bit++)
        {
          mac[bit / 8] ^= (guint8) (1u << (bit % 8));
          g_assert_cmpint (sts_card_mac_verify (&key, data, len, mac, sizeof mac), ==, STS_ERR_AUTH_FAILED);
          mac[bit / 8] ^= (guint8) (1u << (bit % 8));
        }
      if (len > 0)
        {
          data[len - 1] ^= 1;
          g_assert_cmpint (sts_card_mac_verify (&key, data, len, mac, sizeof mac), ==, STS_ERR_AUTH_FAILED);
        }
      /* A truncated MAC is refused, not compared on fewer bytes. */
      g_assert_cmpint (sts_card_mac_verify (&key, data, len, mac, 4), ==, STS_ERR_AUTH_FAILED);
    }
  sts_card_key_wipe (&key);
}

static void
test_diversified (void)
{
  static const guint8 a[] = { 1, 2, 3, 4 };
  static const guint8 b[] = { 1, 2, 3, 5 };
  static const guint8 ab[] = { 1, 2, 3, 4, 0 };
  StsKey secret, other;
  StsCardKey ka, kb, kab, kother;
  guint8 mac[STS_CARD_MAC_BYTES];

  secret_1_to_20 (&secret);
  other = secret;
  other.bytes[19] ^= 0x80;
  g_assert_cmpint (sts_card_key_derive (&ka, &secret, a, sizeof a), ==, STS_OK);
  g_assert_cmpint (sts_card_key_derive (&kb, &secret, b, sizeof b), ==, STS_OK);
  g_assert_cmpint (sts_card_key_derive (&kab, &secret, ab, sizeof ab), ==, STS_OK);
  g_assert_cmpint (sts_card_key_derive (&kother, &other, a, sizeof a), ==, STS_OK);
  g_assert_cmpmem (ka.bytes, 32, ka.bytes, 32);
  g_assert_false (memcmp (ka.bytes, kb.bytes, 32) == 0);
  g_assert_false (memcmp (ka.bytes, kab.bytes, 32) == 0);
  g_assert_false (memcmp (ka.bytes, kother.bytes, 32) == 0);

  /* A record copied onto another card (another serial) fails. */
  g_assert_cmpint (sts_card_mac (mac, &ka, (const guint8 *) "record", 6), ==, STS_OK);
  g_assert_cmpint (sts_card_mac_verify (&ka, (const guint8 *) "record", 6, mac, sizeof mac), ==, STS_OK);
  g_assert_cmpint (sts_card_mac_verify (&kb, (const guint8 *) "record", 6, mac, sizeof mac), ==, STS_ERR_AUTH_FAILED);
  g_assert_cmpint (sts_card_mac_verify (&kother, (const guint8 *) "record", 6, mac, sizeof mac), ==,
                   STS_ERR_AUTH_FAILED);
}

static void
test_refusals (void)
{
  static const guint8 serial[STS_CARD_SERIAL_MAX + 1] = { 0 };
  StsKey secret, shortkey;
  StsCardKey key;
  guint8 mac[STS_CARD_MAC_BYTES];

  secret_1_to_20 (&secret);
  shortkey = secret;
  shortkey.len = STS_CARD_SECRET_MIN - 1;
  g_assert_cmpint (sts_card_key_derive (&key, &shortkey, serial, 4), ==, STS_ERR_BAD_KEY);
  g_assert_cmpint (sts_card_key_derive (&key, &secret, serial, 0), ==, STS_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (sts_card_key_derive (&key, &secret, serial, sizeof serial), ==, STS_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (sts_card_key_derive (&key, &secret, NULL, 4), ==, STS_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (sts_card_key_derive (&key, &secret, serial, STS_CARD_SERIAL_MAX), ==, STS_OK);
  g_assert_cmpint (sts_card_mac (mac, &key, NULL, 1), ==, STS_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (sts_card_mac (mac, NULL, serial, 1), ==, STS_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (sts_card_mac_verify (&key, serial, 1, NULL, 8), ==, STS_ERR_INVALID_ARGUMENT);
  sts_card_key_wipe (&key);
}

static void
test_secret_generate (void)
{
  StsKey a, b;

  g_assert_cmpint (sts_card_secret_generate (&a), ==, STS_OK);
  g_assert_cmpint (sts_card_secret_generate (&b), ==, STS_OK);
  g_assert_cmpint (a.len, ==, STS_CARD_SECRET_BYTES);
  g_assert_false (sts_key_equal (&a, &b));
  sts_key_wipe (&a);
  sts_key_wipe (&b);
  g_assert_cmpint (sts_card_secret_generate (NULL), ==, STS_ERR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sts/card/key-known-answers", test_key_known_answers);
  g_test_add_func ("/sts/card/mac-known-answers", test_mac_known_answers);
  g_test_add_func ("/sts/card/diversified", test_diversified);
  g_test_add_func ("/sts/card/refusals", test_refusals);
  g_test_add_func ("/sts/card/secret-generate", test_secret_generate);
  return g_test_run ();
}
