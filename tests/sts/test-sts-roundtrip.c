/* test-sts-roundtrip.c: decode (generate (x)) == x over generated inputs,
 * for every token class and subclass the engine makes, under each EA */
#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "sts.h"

static guint64
rand64 (GRand *rand)
{
  return (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);
}

static void
random_key (GRand  *rand,
            StsKey *key,
            size_t  len)
{
  key->len = (uint8_t) len;
  for (size_t i = 0; i < len; i++)
    key->bytes[i] = (uint8_t) g_rand_int (rand);
}

/* A random valid token of any class the engine generates. */
static void
random_token_data (GRand        *rand,
                   StsTokenData *td)
{
  static const guint8 management[] = { 0, 1, 2, 5, 6, 7, 3, 4, 8, 9 };

  memset (td, 0, sizeof *td);
  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      td->token_class = STS_CLASS_TRANSFER;
      td->subclass = (guint8) g_rand_int_range (rand, 0, 8);
      td->rnd = (guint8) g_rand_int_range (rand, 0, 16);
      td->tid = g_rand_int (rand) & STS_TID_MAX;
      td->value = (guint16) g_rand_int (rand);
      break;
    case 1:
      td->token_class = STS_CLASS_TEST;
      td->subclass = (guint8) g_rand_int_range (rand, 0, 2);
      td->control = rand64 (rand) & (td->subclass == 0 ? G_GUINT64_CONSTANT (0xFFFFFFFFF) : 0xFFFFFFF);
      td->mfr = (guint16) (td->subclass == 0 ? g_rand_int_range (rand, 0, 256) : g_rand_int_range (rand, 0, 65536));
      break;
    default:
      td->token_class = STS_CLASS_MANAGEMENT;
      td->subclass = management[g_rand_int_range (rand, 0, G_N_ELEMENTS (management))];
      if (sts_token_is_key_change (2, td->subclass))
        {
          td->key_part = g_rand_int (rand);
          td->ken_half = (guint8) g_rand_int_range (rand, 0, 16);
          td->krn = (guint8) g_rand_int_range (rand, 1, 10);
          td->kt = (guint8) g_rand_int_range (rand, 0, 4);
          td->rollover = g_rand_boolean (rand);
          td->ti = (guint8) g_rand_int_range (rand, 0, 100);
          td->sgc_half = (guint16) g_rand_int_range (rand, 0, 4096);
          /* Only the fields of this subclass survive a round trip. */
          if (td->subclass != STS_SUB_KCT1)
            td->krn = td->kt = 0, td->rollover = FALSE;
          if (td->subclass != STS_SUB_KCT1 && td->subclass != STS_SUB_KCT2)
            td->ken_half = 0;
          if (td->subclass != STS_SUB_KCT2)
            td->ti = 0;
          if (td->subclass != STS_SUB_KCT3 && td->subclass != STS_SUB_KCT4)
            td->sgc_half = 0;
        }
      else
        {
          td->rnd = (guint8) g_rand_int_range (rand, 0, 16);
          td->tid = g_rand_int (rand) & STS_TID_MAX;
          td->value = (guint16) g_rand_int (rand);
        }
      break;
    }
}

static void
assert_same_token (const StsTokenData *a,
                   const StsTokenData *b)
{
  g_assert_cmpuint (a->token_class, ==, b->token_class);
  g_assert_cmpuint (a->subclass, ==, b->subclass);
  g_assert_cmpuint (a->rnd, ==, b->rnd);
  g_assert_cmpuint (a->tid, ==, b->tid);
  g_assert_cmpuint (a->value, ==, b->value);
  g_assert_cmpuint (a->control, ==, b->control);
  g_assert_cmpuint (a->mfr, ==, b->mfr);
  g_assert_cmpuint (a->ken_half, ==, b->ken_half);
  g_assert_cmpuint (a->krn, ==, b->krn);
  g_assert_cmpuint (a->kt, ==, b->kt);
  g_assert_cmpint (a->rollover, ==, b->rollover);
  g_assert_cmpuint (a->ti, ==, b->ti);
  g_assert_cmpuint (a->sgc_half, ==, b->sgc_half);
  g_assert_cmpuint (a->key_part, ==, b->key_part);
  g_assert_cmpuint (a->crc, ==, b->crc);
}

static void
test_roundtrip (gconstpointer data)
{
  StsEa ea = (StsEa) GPOINTER_TO_INT (data);
  GRand *rand = g_rand_new_with_seed ((guint32) ea);

  for (int i = 0; i < 3000; i++)
    {
      StsKey dk;
      StsCipher cipher;
      StsTokenData td, back;
      char token[STS_TOKEN_DIGITS + 1];
      bool crc_ok;

      random_key (rand, &dk, sts_ea_key_length (ea));
      g_assert_cmpint (sts_cipher_init (&cipher, ea, &dk), ==, STS_OK);
      random_token_data (rand, &td);
      g_assert_cmpint (sts_token_generate (token, &cipher, &td), ==, STS_OK);
      g_assert_cmpint (sts_token_decode (&back, &crc_ok, &cipher, token), ==, STS_OK);
      g_assert_true (crc_ok);
      assert_same_token (&back, &td);
      sts_cipher_clear (&cipher);
    }
  g_rand_free (rand);
}

/* Amount round trip through a whole token: what the meter credits is never
 * less than what was asked, and never more than one step above it. */
static void
test_amount_through_tokens (void)
{
  GRand *rand = g_rand_new_with_seed (11);
  StsKey dk;
  StsCipher cipher;

  random_key (rand, &dk, 8);
  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_STA, &dk), ==, STS_OK);
  for (int i = 0; i < 20000; i++)
    {
      guint32 want = (guint32) g_rand_int_range (rand, 0, STS_AMOUNT_MAX + 1);
      StsTokenData td, back;
      char token[STS_TOKEN_DIGITS + 1];
      bool crc_ok;
      guint32 got;

      memset (&td, 0, sizeof td);
      td.tid = (guint32) i;
      g_assert_cmpint (sts_amount_encode (&td.value, want), ==, STS_OK);
      g_assert_cmpint (sts_token_generate (token, &cipher, &td), ==, STS_OK);
      g_assert_cmpint (sts_token_decode (&back, &crc_ok, &cipher, token), ==, STS_OK);
      g_assert_true (crc_ok);
      got = sts_amount_decode (back.value);
      g_assert_cmpuint (got, >=, want);
      g_assert_cmpuint (got - want, <, 1000);
    }
  sts_cipher_clear (&cipher);
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/pos/sts/roundtrip/ea07", GINT_TO_POINTER (STS_EA_STA), test_roundtrip);
  g_test_add_data_func ("/pos/sts/roundtrip/ea09", GINT_TO_POINTER (STS_EA_DEA), test_roundtrip);
  g_test_add_data_func ("/pos/sts/roundtrip/ea11", GINT_TO_POINTER (STS_EA_MISTY1), test_roundtrip);
  g_test_add_func ("/pos/sts/roundtrip/amounts", test_amount_through_tokens);

  return g_test_run ();
}
