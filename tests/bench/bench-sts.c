/* bench-sts.c: tokens per second on one core, printed (not asserted):
 * EA07 + DKGA02 and EA11 + DKGA04, with a cached decoder key and deriving
 * the key for each token.  Targets (issue 2): >= 2,000,000 EA07 tokens/s
 * with a cached key, >= 500,000/s deriving it each time. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "sts.h"

typedef struct
{
  const char *name;
  StsDkga     dkga;
  StsEa       ea;
  const char *vk;
} Setup;

static const Setup setups[] = {
  { "EA07+DKGA02", STS_DKGA_02, STS_EA_STA, "abababababababab" },
  { "EA11+DKGA04", STS_DKGA_04, STS_EA_MISTY1, "abababababababab949494949494949401234567" },
};

static StsKeyInfo
meter_info (const Setup *s)
{
  StsKeyInfo info;

  memset (&info, 0, sizeof info);
  if (sts_pan_parse (&info.pan, "600727000000000009") != STS_OK)
    g_error ("PAN");
  info.sgc = 123456;
  info.ti = 1;
  info.krn = 1;
  info.kt = 2;
  info.ken = 255;
  info.base = STS_BASE_2014;
  info.ea = s->ea;
  info.dkga = s->dkga;
  return info;
}

/* Keeps the compiler from dropping the work. */
static volatile unsigned int sink;

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static void
report (const char *what,
        guint       n,
        double      seconds,
        double      target)
{
  double rate = n / seconds;

  if (target > 0)
    printf ("%-44s %12.0f tokens/s  (target %.0f: %s)\n", what, rate, target,
            rate >= target ? "met" : "NOT MET");
  else
    printf ("%-44s %12.0f tokens/s\n", what, rate);
}

static void
bench_cached (const Setup *s,
              guint        n,
              double       target)
{
  StsKeyInfo info = meter_info (s);
  StsKey vk, dk;
  StsCipher cipher;
  StsTokenData td;
  char token[STS_TOKEN_DIGITS + 1];
  gint64 start;
  g_autofree char *what = g_strdup_printf ("%s, cached decoder key", s->name);

  sts_key_from_hex (&vk, s->vk);
  if (sts_key_derive (&dk, &vk, &info) != STS_OK || sts_cipher_init (&cipher, s->ea, &dk) != STS_OK)
    g_error ("setup");
  memset (&td, 0, sizeof td);
  td.rnd = 5;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      td.tid = i & STS_TID_MAX;
      td.value = (uint16_t) i;
      sts_token_generate (token, &cipher, &td);
      sink += (unsigned char) token[19];
    }
  report (what, n, seconds_since (start), target);
  sts_cipher_clear (&cipher);
  sts_key_wipe (&dk);
  sts_key_wipe (&vk);
}

static void
bench_deriving (const Setup *s,
                guint        n,
                double       target)
{
  StsKeyInfo info = meter_info (s);
  StsKeyGenerator gen;
  StsKey vk, dk;
  StsCipher cipher;
  StsTokenData td;
  char token[STS_TOKEN_DIGITS + 1];
  gint64 start;
  g_autofree char *what = g_strdup_printf ("%s, key derived per token", s->name);

  sts_key_from_hex (&vk, s->vk);
  if (sts_key_generator_init (&gen, s->dkga, &vk) != STS_OK)
    g_error ("setup");
  memset (&td, 0, sizeof td);
  td.rnd = 5;

  /* A different meter (tariff index) each time: nothing is reused but the
   * prepared vending key. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      info.ti = (uint8_t) (i % 100);
      if (sts_key_generator_derive (&gen, &dk, &info) != STS_OK
          || sts_cipher_init (&cipher, s->ea, &dk) != STS_OK)
        g_error ("derive");
      td.tid = i & STS_TID_MAX;
      sts_token_generate (token, &cipher, &td);
      sts_cipher_clear (&cipher);
      sink += (unsigned char) token[19];
    }
  report (what, n, seconds_since (start), target);
  sts_key_generator_clear (&gen);
  sts_key_wipe (&dk);
  sts_key_wipe (&vk);
}

static void
bench_one_shot (const Setup *s,
                guint        n)
{
  StsKeyInfo info = meter_info (s);
  StsKey vk, dk;
  gint64 start;
  g_autofree char *what = g_strdup_printf ("%s, one-shot sts_key_derive", s->name);

  sts_key_from_hex (&vk, s->vk);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      info.ti = (uint8_t) (i % 100);
      if (sts_key_derive (&dk, &vk, &info) != STS_OK)
        g_error ("derive");
      sink += dk.bytes[0];
    }
  printf ("%-44s %12.0f keys/s\n", what, n / seconds_since (start));
}

static void
bench_decode (guint n)
{
  const Setup *s = &setups[0];
  StsKeyInfo info = meter_info (s);
  StsKey vk, dk;
  StsCipher cipher;
  StsTokenData td;
  bool crc_ok;
  gint64 start;

  sts_key_from_hex (&vk, s->vk);
  if (sts_key_derive (&dk, &vk, &info) != STS_OK || sts_cipher_init (&cipher, s->ea, &dk) != STS_OK)
    g_error ("setup");
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      sts_token_decode (&td, &crc_ok, &cipher, "23716100501183194197");
      sink += td.tid;
    }
  report ("EA07 decode, cached decoder key", n, seconds_since (start), 0);
  sts_cipher_clear (&cipher);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 2000000;

  printf ("stsvend sts/ benchmark, %u tokens per figure, one thread\n", n);
  bench_cached (&setups[0], n, 2000000);
  bench_deriving (&setups[0], n / 2, 500000);
  bench_cached (&setups[1], n, 0);
  bench_deriving (&setups[1], n / 4, 0);
  bench_one_shot (&setups[0], n / 20);
  bench_one_shot (&setups[1], n / 20);
  bench_decode (n);
  return 0;
}
