/* test-misty1.c: MISTY1 (RFC 2994) against the RFC's test data, the STS
 * vectors, and decrypt(encrypt(x)) == x over many random keys and blocks */
#include <string.h>

#include <glib.h>

#include "sts-misty1.h"

/* Parses 32 hex digits into the 16 key bytes, in order. */
static void
key_from_hex (uint8_t     key[16],
              const char *hex)
{
  g_assert_cmpuint (strlen (hex), ==, 32);
  for (int i = 0; i < 16; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      g_assert_cmpint (hi, >=, 0);
      g_assert_cmpint (lo, >=, 0);
      key[i] = (uint8_t) (hi << 4 | lo);
    }
}

/* Parses 16 hex digits as a big-endian 64-bit block. */
static guint64
hex64 (const char *hex)
{
  g_assert_cmpuint (strlen (hex), ==, 16);
  return g_ascii_strtoull (hex, NULL, 16);
}

/* Expands the key given in hex into @ks. */
static void
ks_from_hex (StsMisty1Key *ks,
             const char   *hex)
{
  uint8_t key[16];

  key_from_hex (key, hex);
  sts_misty1_key_init (ks, key);
}

typedef struct
{
  const char *key;
  const char *plain;
  const char *cipher;
} Vector;

/* RFC 2994 test data. */
static const Vector rfc2994_vectors[] =
{
  { "00112233445566778899aabbccddeeff", "0123456789abcdef", "8b1da5f56ab3d07c" },
  { "00112233445566778899aabbccddeeff", "fedcba9876543210", "04b68240b13be95d" },
};

/* STS vectors: 128-bit keys and 64-bit token blocks. */
static const Vector sts_vectors[] =
{
  { "f94b6ed353c3bfdb113e2d3a7ea3c41d", "0559982c00012831", "38269a8e59319817" },
  { "929bd3a415c9420a05ec5ee9f3ce91c3", "05014eec00013188", "2d98a5617b45be2e" },
  { "929bd3a415c9420a05ec5ee9f3ce91c3", "3f12b199270ae928", "357dbf340198ec87" },
};

/* Checks both directions of every vector in @v. */
static void
check_vectors (const Vector *v,
               gsize         n,
               gboolean      encrypt,
               gboolean      decrypt)
{
  for (gsize i = 0; i < n; i++)
    {
      StsMisty1Key ks;

      ks_from_hex (&ks, v[i].key);
      if (encrypt)
        g_assert_cmphex (sts_misty1_encrypt (&ks, hex64 (v[i].plain)), ==, hex64 (v[i].cipher));
      if (decrypt)
        g_assert_cmphex (sts_misty1_decrypt (&ks, hex64 (v[i].cipher)), ==, hex64 (v[i].plain));
      memset (&ks, 0, sizeof ks);
    }
}

static void
test_rfc2994_encrypt (void)
{
  check_vectors (rfc2994_vectors, G_N_ELEMENTS (rfc2994_vectors), TRUE, FALSE);
}

static void
test_rfc2994_decrypt (void)
{
  check_vectors (rfc2994_vectors, G_N_ELEMENTS (rfc2994_vectors), FALSE, TRUE);
}

static void
test_sts_vector (void)
{
  check_vectors (sts_vectors, G_N_ELEMENTS (sts_vectors), TRUE, TRUE);
}

/* A 64-bit value from two draws of @rand. */
static guint64
rand64 (GRand *rand)
{
  return (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);
}

static void
test_roundtrip (void)
{
  /* Fixed seed: the same keys and blocks on every run. */
  GRand *rand = g_rand_new_with_seed (2994);

  for (int i = 0; i < 2000; i++)
    {
      StsMisty1Key ks;
      uint8_t key[16];

      for (int j = 0; j < 16; j++)
        key[j] = (uint8_t) g_rand_int_range (rand, 0, 256);
      sts_misty1_key_init (&ks, key);

      for (int j = 0; j < 4; j++)
        {
          guint64 block = rand64 (rand);
          guint64 c = sts_misty1_encrypt (&ks, block);

          g_assert_cmphex (sts_misty1_decrypt (&ks, c), ==, block);
          /* and the other way round: decryption is a permutation too */
          g_assert_cmphex (sts_misty1_encrypt (&ks, sts_misty1_decrypt (&ks, block)), ==, block);
        }
      memset (&ks, 0, sizeof ks);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/sts/misty1/rfc2994-encrypt", test_rfc2994_encrypt);
  g_test_add_func ("/pos/sts/misty1/rfc2994-decrypt", test_rfc2994_decrypt);
  g_test_add_func ("/pos/sts/misty1/roundtrip", test_roundtrip);
  g_test_add_func ("/pos/sts/misty1/sts-vector", test_sts_vector);

  return g_test_run ();
}
