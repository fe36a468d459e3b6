/* test-sts-secret.c: password hashes and wrapped vending keys */
#include <string.h>

#include <glib.h>

#include "sts.h"

/* Tests use the cheapest cost; the format records the cost per hash. */
#define LOG2N STS_SCRYPT_LOG2N_MIN

static void
test_scrypt_rfc7914 (void)
{
  /* RFC 7914 section 12, third vector (N = 16384, r = 8, p = 1). */
  static const char *want =
    "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
    "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887";
  guint8 out[64];
  g_autofree char *hex = NULL;
  GString *s = g_string_new (NULL);

  g_assert_cmpint (sts_scrypt (out, sizeof out, (const guint8 *) "pleaseletmein", 13,
                               (const guint8 *) "SodiumChloride", 14, 14), ==, STS_OK);
  for (gsize i = 0; i < sizeof out; i++)
    g_string_append_printf (s, "%02x", out[i]);
  hex = g_string_free (s, FALSE);
  g_assert_cmpstr (hex, ==, want);

  g_assert_cmpint (sts_scrypt (out, sizeof out, (const guint8 *) "x", 1, (const guint8 *) "y", 1, 9), ==,
                   STS_ERR_INVALID_ARGUMENT);
}

static void
test_password (void)
{
  char hash[STS_PASSWORD_HASH_MAX];
  char again[STS_PASSWORD_HASH_MAX];

  g_assert_cmpint (sts_password_hash (hash, sizeof hash, "correct horse", LOG2N), ==, STS_OK);
  g_assert_true (g_str_has_prefix (hash, "$scrypt$ln=10,r=8,p=1$"));
  g_assert_null (strstr (hash, "correct horse"));
  g_assert_cmpint (sts_password_verify (hash, "correct horse"), ==, STS_OK);
  g_assert_cmpint (sts_password_verify (hash, "correct hors"), ==, STS_ERR_BAD_PASSWORD);
  g_assert_cmpint (sts_password_verify (hash, "Correct horse"), ==, STS_ERR_BAD_PASSWORD);
  g_assert_cmpint (sts_password_verify (hash, ""), ==, STS_ERR_BAD_PASSWORD);

  /* A fresh salt each time: the same password hashes differently. */
  g_assert_cmpint (sts_password_hash (again, sizeof again, "correct horse", LOG2N), ==, STS_OK);
  g_assert_cmpstr (hash, !=, again);
  g_assert_cmpint (sts_password_verify (again, "correct horse"), ==, STS_OK);

  /* The empty password is a password like any other. */
  g_assert_cmpint (sts_password_hash (hash, sizeof hash, "", LOG2N), ==, STS_OK);
  g_assert_cmpint (sts_password_verify (hash, ""), ==, STS_OK);
  g_assert_cmpint (sts_password_verify (hash, " "), ==, STS_ERR_BAD_PASSWORD);

  g_assert_cmpint (sts_password_hash (hash, 10, "x", LOG2N), ==, STS_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (sts_password_hash (hash, sizeof hash, "x", 30), ==, STS_ERR_INVALID_ARGUMENT);
}

static void
test_password_malformed (void)
{
  char hash[STS_PASSWORD_HASH_MAX];
  char bad[STS_PASSWORD_HASH_MAX];
  static const char *const junk[] = {
    "", "password", "$scrypt$", "$scrypt$ln=10", "$scrypt$ln=100,r=8,p=1$",
    "$scrypt$ln=10,r=8,p=2$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "$scrypt$ln=5,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAA!A==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (junk); i++)
    g_assert_cmpint (sts_password_verify (junk[i], "x"), ==, STS_ERR_BAD_ENCODING);

  /* Any altered character of a real hash fails, one way or the other. */
  g_assert_cmpint (sts_password_hash (hash, sizeof hash, "pw", LOG2N), ==, STS_OK);
  for (gsize i = 0; i < strlen (hash); i++)
    {
      StsStatus status;

      memcpy (bad, hash, sizeof bad);
      bad[i] = bad[i] == 'A' ? 'B' : 'A';
      status = sts_password_verify (bad, "pw");
      g_assert_true (status == STS_ERR_BAD_PASSWORD || status == STS_ERR_BAD_ENCODING);
    }
}

static gboolean
contains (const guint8 *haystack,
          gsize         len,
          const guint8 *needle,
          gsize         n)
{
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_wrap (void)
{
  guint8 salt[STS_SALT_BYTES] = { 1, 2, 3 };
  StsKek kek, other;
  StsKey vk, back;
  guint8 wrapped[STS_WRAPPED_KEY_MAX];
  guint8 twice[STS_WRAPPED_KEY_MAX];
  gsize len = 0, len2 = 0;

  g_assert_cmpint (sts_kek_derive (&kek, (const guint8 *) "admin passphrase", 16, salt, LOG2N), ==, STS_OK);
  g_assert_cmpint (sts_kek_derive (&other, (const guint8 *) "admin passphrasf", 16, salt, LOG2N), ==, STS_OK);
  g_assert_true (memcmp (kek.bytes, other.bytes, sizeof kek.bytes) != 0);

  g_assert_cmpint (sts_key_from_hex (&vk, "abababababababab949494949494949401234567"), ==, STS_OK);
  g_assert_cmpint (sts_key_wrap (wrapped, &len, sizeof wrapped, &kek, &vk, "vk:1"), ==, STS_OK);
  g_assert_cmpuint (len, ==, 1 + 12 + 20 + 16);
  /* The key is not in the clear, and a fresh nonce changes everything. */
  g_assert_false (contains (wrapped, len, vk.bytes, 8));
  g_assert_cmpint (sts_key_wrap (twice, &len2, sizeof twice, &kek, &vk, "vk:1"), ==, STS_OK);
  g_assert_true (memcmp (wrapped, twice, len) != 0);

  g_assert_cmpint (sts_key_unwrap (&back, &kek, wrapped, len, "vk:1"), ==, STS_OK);
  g_assert_true (sts_key_equal (&back, &vk));
  g_assert_cmpint (sts_key_unwrap (&back, &other, wrapped, len, "vk:1"), ==, STS_ERR_AUTH_FAILED);
  g_assert_cmpint (sts_key_unwrap (&back, &kek, wrapped, len, "vk:2"), ==, STS_ERR_AUTH_FAILED);
  g_assert_cmpint (sts_key_unwrap (&back, &kek, wrapped, len, NULL), ==, STS_ERR_AUTH_FAILED);

  /* Every altered byte is caught. */
  for (gsize i = 0; i < len; i++)
    {
      StsStatus status;

      memcpy (twice, wrapped, len);
      twice[i] ^= 0x40;
      status = sts_key_unwrap (&back, &kek, twice, len, "vk:1");
      g_assert_true (status == STS_ERR_AUTH_FAILED || status == STS_ERR_BAD_ENCODING);
    }
  g_assert_cmpint (sts_key_unwrap (&back, &kek, wrapped, len - 1, "vk:1"), ==, STS_ERR_AUTH_FAILED);
  g_assert_cmpint (sts_key_unwrap (&back, &kek, wrapped, 10, "vk:1"), ==, STS_ERR_BAD_ENCODING);

  sts_kek_wipe (&kek);
  for (gsize i = 0; i < sizeof kek.bytes; i++)
    g_assert_cmpuint (kek.bytes[i], ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/sts/secret/scrypt-rfc7914", test_scrypt_rfc7914);
  g_test_add_func ("/pos/sts/secret/password", test_password);
  g_test_add_func ("/pos/sts/secret/password-malformed", test_password_malformed);
  g_test_add_func ("/pos/sts/secret/wrap", test_wrap);

  return g_test_run ();
}
