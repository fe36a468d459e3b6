/* test-sts-basics.c: identifiers, CRC, amounts, TIDs and the 20-digit form
 * (SPEC 1.1 to 1.6, 3.L and 3.M) */
#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "sts.h"

/* -- 1.1 MeterPAN ------------------------------------------------------ */

static void
test_luhn (void)
{
  g_assert_cmpint (sts_luhn_check_digit ("60072700000000000", 17), ==, 9);
  g_assert_cmpint (sts_luhn_check_digit ("00000100000000008", 17), ==, 2);
  g_assert_cmpint (sts_luhn_check_digit ("60072711111111115", 17), ==, 3);
  g_assert_cmpint (sts_luhn_check_digit ("7992739871", 10), ==, 3);
  g_assert_cmpint (sts_luhn_check_digit ("12a4", 4), ==, -1);
}

static void
test_pan_valid (void)
{
  StsPan pan;

  g_assert_cmpint (sts_pan_parse (&pan, "600727000000000009"), ==, STS_OK);
  g_assert_cmpint (pan.iin_len, ==, 6);
  g_assert_cmphex (sts_pan_block (&pan), ==, G_GUINT64_CONSTANT (0x0072700000000000));

  /* IIN 0000 with a 13-digit DRN 0100000000008: same PANBlock as the
   * "IIN 000001" reading (SPEC section 2). */
  g_assert_cmpint (sts_pan_parse (&pan, "000001000000000082"), ==, STS_OK);
  g_assert_cmpint (pan.iin_len, ==, 4);
  g_assert_cmphex (sts_pan_block (&pan), ==, G_GUINT64_CONSTANT (0x0000100000000008));

  g_assert_cmpint (sts_pan_parse (&pan, "600727111111111153"), ==, STS_OK);
}

static void
test_pan_errors (void)
{
  StsPan pan;
  char text[19];

  g_assert_cmpint (sts_pan_parse (&pan, ""), ==, STS_ERR_BAD_PAN);
  g_assert_cmpint (sts_pan_parse (&pan, "60072700000000000"), ==, STS_ERR_BAD_PAN);
  g_assert_cmpint (sts_pan_parse (&pan, "6007270000000000090"), ==, STS_ERR_BAD_PAN);
  g_assert_cmpint (sts_pan_parse (&pan, "60072700000000000x"), ==, STS_ERR_BAD_PAN);
  g_assert_cmpint (sts_pan_parse (&pan, "123456000000000009"), ==, STS_ERR_BAD_PAN);
  g_assert_cmpint (sts_pan_parse (NULL, "600727000000000009"), ==, STS_ERR_INVALID_ARGUMENT);

  /* Every wrong PAN check digit is refused. */
  for (char d = '0'; d <= '9'; d++)
    {
      g_strlcpy (text, "600727000000000009", sizeof text);
      text[17] = d;
      g_assert_cmpint (sts_pan_parse (&pan, text), ==, d == '9' ? STS_OK : STS_ERR_BAD_PAN_CHECK_DIGIT);
    }

  /* Invalid DRNs of CTSA17 (531-07): 12345678904 and 11111111113, with a
   * PAN check digit that is itself right. */
  g_assert_cmpint (sts_luhn_check_digit ("1234567890", 10), !=, 4);
  g_strlcpy (text, "60072712345678904", sizeof text);
  text[17] = '\0';
  {
    char full[19];
    g_snprintf (full, sizeof full, "%s%d", text, sts_luhn_check_digit (text, 17));
    g_assert_cmpint (sts_pan_parse (&pan, full), ==, STS_ERR_BAD_DRN_CHECK_DIGIT);
    g_snprintf (full, sizeof full, "60072711111111113%d", sts_luhn_check_digit ("60072711111111113", 17));
    g_assert_cmpint (sts_pan_parse (&pan, full), ==, STS_ERR_BAD_DRN_CHECK_DIGIT);
  }
  /* A 13-digit DRN with a wrong check digit. */
  {
    char full[19];
    g_snprintf (full, sizeof full, "00000100000000009%d", sts_luhn_check_digit ("00000100000000009", 17));
    g_assert_cmpint (sts_pan_parse (&pan, full), ==, STS_ERR_BAD_DRN_CHECK_DIGIT);
  }
}

/* -- 1.3 CRC ----------------------------------------------------------- */

static void
test_crc (void)
{
  static const guint8 a[] = { 0x00, 0x00, 0x4A, 0x2D, 0x90, 0x0F, 0xF2 };
  static const guint8 b[] = { 0x00, 0x0B, 0x19, 0xEB, 0x23, 0x01, 0x00 };

  g_assert_cmphex (sts_crc16 ((const guint8 *) "123456789", 9), ==, 0x4B37);  /* CRC-16/MODBUS check */
  g_assert_cmphex (sts_crc16 (a, sizeof a), ==, 0xFA0F);
  g_assert_cmphex (sts_crc16 (b, sizeof b), ==, 0x07C2);

  /* Stored byte-swapped. */
  g_assert_cmphex (sts_crc_field (0, G_GUINT64_CONSTANT (0x0B19EB2301000000), FALSE), ==, 0xC207);
  g_assert_cmphex (sts_crc_field (0, G_GUINT64_CONSTANT (0x0559986300010000), FALSE), ==, 0x19E6);
  /* STSA web example: sub 0, RND 5, TID 12593749, amount 0x2710 -> 0x1970. */
  g_assert_cmphex (sts_crc_field (0, (G_GUINT64_CONSTANT (5) << 56) | (G_GUINT64_CONSTANT (12593749) << 32)
                                     | (G_GUINT64_CONSTANT (0x2710) << 16), FALSE), ==, 0x1970);
  /* Class 1 test token 56493153725450313471 stores 0x5EFF (not CCITT's 0x3C51). */
  g_assert_cmphex (sts_crc_field (1, G_GUINT64_CONSTANT (0x0FFFFFFFFF000000), FALSE), ==, 0x5EFF);
}

static void
test_crc_c (void)
{
  StsTokenData td;
  bool crc_ok;
  guint64 block;

  /* CRC_C differs from CRC (the extra 0x01 byte) and only currency uses it. */
  block = G_GUINT64_CONSTANT (0x4012345660AA0000);
  g_assert_cmphex (sts_crc_field (0, block, TRUE), !=, sts_crc_field (0, block, FALSE));

  memset (&td, 0, sizeof td);
  td.token_class = 0;
  td.subclass = 4;
  td.tid = 0x123456;
  td.value = 0x60AA;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_OK);
  g_assert_cmphex (block & 0xFFFF, ==, sts_crc_field (0, block, TRUE));
  sts_token_data_unpack (&td, &crc_ok, 0, block);
  g_assert_true (crc_ok);
  /* The same block judged as a non-currency subclass fails. */
  sts_token_data_unpack (&td, &crc_ok, 0, (block & ~(G_GUINT64_CONSTANT (0xF) << 60)));
  g_assert_false (crc_ok);
}

/* -- 1.4 Amounts --------------------------------------------------------- */

static void
test_amount_examples (void)
{
  /* SPEC 3.L: value (0.1 units) -> field -> decoded value */
  static const struct { guint32 value; guint16 field; guint32 decoded; } cases[] = {
    { 0, 0x0000, 0 },
    { 1, 0x0001, 1 },
    { 256, 0x0100, 256 },
    { 16383, 0x3FFF, 16383 },
    { 16384, 0x4000, 16384 },
    { 16390, 0x4001, 16394 },
    { 20000, 0x416A, 20004 },
    { 180214, 0x7FFF, 180214 },
    { 180215, 0x8000, 180224 },
    { 180223, 0x8000, 180224 },
    { 180224, 0x8000, 180224 },
    { 1818615, 0xC000, 1818624 },
    { 1818623, 0xC000, 1818624 },
    { 1818624, 0xC000, 1818624 },
    { 18201624, 0xFFFF, 18201624 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint16 field = 0;

      g_assert_cmpint (sts_amount_encode (&field, cases[i].value), ==, STS_OK);
      g_assert_cmphex (field, ==, cases[i].field);
      g_assert_cmpuint (sts_amount_decode (field), ==, cases[i].decoded);
    }
  {
    guint16 field = 0x1234;
    g_assert_cmpint (sts_amount_encode (&field, 18201625), ==, STS_ERR_AMOUNT_OUT_OF_RANGE);
    g_assert_cmphex (field, ==, 0x1234);
  }
}

/* Every exponent's boundaries, against the definition: the smallest e whose
 * rounded-up mantissa fits, and the decoded value is never below the
 * request (rounded in the customer's favour) and is the least such. */
static void
test_amount_boundaries (void)
{
  static const guint32 offset[4] = { 0, 16384, 180224, 1818624 };
  static const guint32 scale[4] = { 1, 10, 100, 1000 };

  for (guint e = 0; e < 4; e++)
    {
      guint32 lo = offset[e];
      guint32 hi = offset[e] + 16383 * scale[e];
      guint32 probes[] = { lo, lo + 1, lo + scale[e] - 1, lo + scale[e], lo + scale[e] + 1,
                           hi - scale[e], hi - 1, hi, hi + 1 };

      for (gsize i = 0; i < G_N_ELEMENTS (probes); i++)
        {
          guint32 v = probes[i];
          guint16 field;
          guint32 decoded;

          if (v > STS_AMOUNT_MAX)
            {
              g_assert_cmpint (sts_amount_encode (&field, v), ==, STS_ERR_AMOUNT_OUT_OF_RANGE);
              continue;
            }
          g_assert_cmpint (sts_amount_encode (&field, v), ==, STS_OK);
          decoded = sts_amount_decode (field);
          g_assert_cmpuint (decoded, >=, v);
          /* Least: the field just below decodes under v, unless this is the
           * first field of its exponent whose gap below is unreachable. */
          if ((field & 0x3FFF) > 0)
            g_assert_cmpuint (sts_amount_decode (field - 1), <, v);
          if (v <= hi && v >= lo && e > 0 && v > offset[e])
            g_assert_cmpuint (field >> 14, ==, (v <= offset[e - 1] + 16383 * scale[e - 1]) ? e - 1 : e);
        }
    }

  /* Exhaustive over the first exponents: decode(encode(v)) is the least
   * representable value >= v. */
  for (guint32 v = 0; v <= 200000; v++)
    {
      guint16 field;

      g_assert_cmpint (sts_amount_encode (&field, v), ==, STS_OK);
      g_assert_cmpuint (sts_amount_decode (field), >=, v);
      if ((field & 0x3FFF) > 0)
        g_assert_cmpuint (sts_amount_decode (field - 1), <, v);
    }
}

static void
test_currency_examples (void)
{
  /* SPEC 3.M: amount (whole units) -> field and S&E nibble */
  static const struct { gint64 amount; guint16 field; guint8 se; } cases[] = {
    { 1, 0x60AA, 0x0 },
    { 100, 0xDFF6, 0x0 },
    { 16383, 0x78E3, 0x1 },
    { 16384, 0x78E4, 0x1 },
    { 180224, 0xBF4A, 0x1 },
    { 18202624, 0x3FFF, 0x2 },
    { -1, 0x60A9, 0x8 },
    { -180224, 0xBF49, 0x9 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint16 field;
      guint8 se;
      guint64 units;
      bool negative;
      guint64 magnitude = (guint64) ABS (cases[i].amount) * 100000;

      g_assert_cmpint (sts_currency_encode (&field, &se, cases[i].amount < 0, magnitude), ==, STS_OK);
      g_assert_cmphex (field, ==, cases[i].field);
      g_assert_cmphex (se, ==, cases[i].se);
      g_assert_cmpint (sts_currency_decode (&units, &negative, field, se), ==, STS_OK);
      g_assert_cmpint (negative, ==, cases[i].amount < 0);
      if (negative)
        g_assert_cmpuint (units, <=, magnitude);   /* magnitude rounded down */
      else
        g_assert_cmpuint (units, >=, magnitude);   /* rounded up */
    }

  /* The decode example of SPEC 3: field 0xDFF6, S&E 0 = 100.00624 units. */
  {
    guint64 units;
    bool negative;

    g_assert_cmpint (sts_currency_decode (&units, &negative, 0xDFF6, 0), ==, STS_OK);
    g_assert_cmpuint (units, ==, 10000624);
    g_assert_false (negative);
  }
}

static void
test_currency_boundaries (void)
{
  /* For every exponent: the value where it starts, one below, and the last
   * value it reaches; positive rounds up, negative rounds down, both to
   * the nearest representable value. */
  guint64 scale = 1, offset = 0;

  for (guint e = 0; e < 15; e++)
    {
      guint64 top = offset + 16383 * scale;
      guint64 probes[] = { offset, offset + 1, top - 1, top, top + 1 };

      for (gsize i = 0; i < G_N_ELEMENTS (probes); i++)
        for (int neg = 0; neg < 2; neg++)
          {
            guint64 v = probes[i];
            guint16 field;
            guint8 se;
            guint64 units;
            bool negative;
            guint got_e;

            g_assert_cmpint (sts_currency_encode (&field, &se, neg, v), ==, STS_OK);
            got_e = (guint) (se & 7) << 2 | field >> 14;
            g_assert_cmpint (sts_currency_decode (&units, &negative, field, se), ==, STS_OK);
            g_assert_cmpint (negative, ==, neg != 0 && TRUE);
            if (neg)
              {
                g_assert_cmpuint (units, <=, v);
                g_assert_cmpuint (v - units, <, MAX (scale, 1) * 10);
              }
            else
              g_assert_cmpuint (units, >=, v);
            if (v >= offset && v <= top && !(neg && v < offset))
              g_assert_cmpuint (got_e, ==, e);
          }
      offset += 16384 * scale;
      scale *= 10;
    }

  {
    guint16 field;
    guint8 se;
    g_assert_cmpint (sts_currency_encode (&field, &se, FALSE, STS_CURRENCY_MAX), ==, STS_OK);
    g_assert_cmpint (sts_currency_encode (&field, &se, FALSE, STS_CURRENCY_MAX + 1), ==,
                     STS_ERR_AMOUNT_OUT_OF_RANGE);
  }
}

/* -- 1.5 TIDs ------------------------------------------------------------ */

static gint64
utc (int y, int mo, int d, int h, int mi)
{
  gint64 t;

  g_assert_cmpint (sts_civil_to_unix (&t, y, mo, d, h, mi, 0), ==, STS_OK);
  return t;
}

static void
test_civil_time (void)
{
  gint64 t;
  int y, mo, d, h, mi, s;

  g_assert_cmpint (utc (1970, 1, 1, 0, 0), ==, 0);
  g_assert_cmpint (utc (2000, 3, 1, 0, 0), ==, 951868800);
  g_assert_cmpint (sts_civil_to_unix (&t, 2023, 2, 29, 0, 0, 0), ==, STS_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (sts_civil_to_unix (&t, 2024, 2, 29, 0, 0, 0), ==, STS_OK);
  g_assert_cmpint (sts_civil_to_unix (&t, 2024, 13, 1, 0, 0, 0), ==, STS_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (sts_civil_to_unix (&t, 2024, 1, 1, 24, 0, 0), ==, STS_ERR_INVALID_ARGUMENT);

  /* Round trip over a century of days, against GLib. */
  for (gint64 day = 0; day < 36600; day += 7)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (day * 86400 + 3723);

      sts_unix_to_civil (day * 86400 + 3723, &y, &mo, &d, &h, &mi, &s);
      g_assert_cmpint (y, ==, g_date_time_get_year (dt));
      g_assert_cmpint (mo, ==, g_date_time_get_month (dt));
      g_assert_cmpint (d, ==, g_date_time_get_day_of_month (dt));
      g_assert_cmpint (h * 3600 + mi * 60 + s, ==, 3723);
      g_assert_cmpint (utc (y, mo, d, 0, 0), ==, day * 86400);
    }
}

static void
test_tid (void)
{
  guint32 tid;

  /* SPEC 3.A, 3.E, 3.F */
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_1993, utc (2004, 3, 1, 13, 55)), ==, STS_OK);
  g_assert_cmpuint (tid, ==, 5871715);
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_2014, utc (2014, 3, 1, 13, 0)), ==, STS_OK);
  g_assert_cmpuint (tid, ==, 85740);
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_2035, utc (2035, 1, 1, 8, 0)), ==, STS_OK);
  g_assert_cmpuint (tid, ==, 480);
  /* Seconds within the minute do not count. */
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_1993, utc (2004, 3, 1, 13, 55) + 59), ==, STS_OK);
  g_assert_cmpuint (tid, ==, 5871715);

  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_1993, utc (1993, 1, 1, 0, 0)), ==, STS_OK);
  g_assert_cmpuint (tid, ==, 0);
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_1993, utc (1993, 1, 1, 0, 0) - 1), ==, STS_ERR_TID_OUT_OF_RANGE);
  g_assert_cmpint (sts_tid_from_unix (&tid, (StsBaseDate) 2000, 0), ==, STS_ERR_BAD_BASE_DATE);
}

static void
test_tid_reserved (void)
{
  guint32 tid;

  /* CTSA09 step 2: 00:01 takes TID + 1 (the same as 00:02). */
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_1993, utc (2004, 3, 29, 0, 1)), ==, STS_OK);
  g_assert_cmpuint (tid, ==, (utc (2004, 3, 29, 0, 2) - utc (1993, 1, 1, 0, 0)) / 60);
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_2014, utc (2026, 7, 29, 0, 1)), ==, STS_OK);
  g_assert_cmpuint (tid, ==, (utc (2026, 7, 29, 0, 2) - utc (2014, 1, 1, 0, 0)) / 60);
  /* Neighbours are untouched. */
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_1993, utc (2004, 3, 29, 0, 0)), ==, STS_OK);
  g_assert_cmpuint (tid % 1440, ==, 0);
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_1993, utc (2004, 3, 28, 23, 59)), ==, STS_OK);
  g_assert_cmpuint (tid % 1440, ==, 1439);
  g_assert_cmpint (sts_tid_from_unix (&tid, STS_BASE_1993, utc (1993, 1, 1, 0, 1)), ==, STS_OK);
  g_assert_cmpuint (tid, ==, 2);
}

static void
test_tid_range_ends (void)
{
  static const struct { StsBaseDate base; int year; } ends[] = {
    { STS_BASE_1993, 2024 }, { STS_BASE_2014, 2045 }, { STS_BASE_2035, 2066 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      guint32 tid;
      gint64 last = utc (ends[i].year, 11, 24, 20, 15);

      g_assert_cmpint (sts_tid_from_unix (&tid, ends[i].base, last), ==, STS_OK);
      g_assert_cmpuint (tid, ==, STS_TID_MAX);
      g_assert_cmpint (sts_tid_from_unix (&tid, ends[i].base, last + 59), ==, STS_OK);
      g_assert_cmpint (sts_tid_from_unix (&tid, ends[i].base, last + 60), ==, STS_ERR_TID_OUT_OF_RANGE);
      g_assert_cmpint (sts_tid_to_unix (ends[i].base, STS_TID_MAX), ==, last);
    }
}

static void
test_key_expiry (void)
{
  g_assert_false (sts_tid_key_expired (STS_TID_MAX, 255));
  g_assert_false (sts_tid_key_expired (0x0AFFFF, 10));
  g_assert_true (sts_tid_key_expired (0x0B0000, 10));
  g_assert_false (sts_tid_key_expired (0, 0));
  g_assert_true (sts_tid_key_expired (0x010000, 0));
}

/* -- 1.6 The 20-digit form ----------------------------------------------- */

static void
test_transposition (void)
{
  char out[STS_TOKEN_DIGITS + 1];
  guint cls;
  guint64 block;

  /* SPEC 3.A: class 0, ciphertext 492083c0ae7ce455 -> 23716100501183194197 */
  sts_token_format (out, 0, G_GUINT64_CONSTANT (0x492083c0ae7ce455));
  g_assert_cmpstr (out, ==, "23716100501183194197");
  g_assert_cmpint (sts_token_parse (&cls, &block, out), ==, STS_OK);
  g_assert_cmpuint (cls, ==, 0);
  g_assert_cmphex (block, ==, G_GUINT64_CONSTANT (0x492083c0ae7ce455));

  /* Extremes: 0 and 2^66 - 1. */
  sts_token_format (out, 0, 0);
  g_assert_cmpstr (out, ==, "00000000000000000000");
  sts_token_format (out, 3, G_MAXUINT64);
  g_assert_cmpstr (out, ==, "73786976294838206463");
  g_assert_cmpint (sts_token_parse (&cls, &block, "73786976294838206463"), ==, STS_OK);
  g_assert_cmpuint (cls, ==, 3);
  g_assert_cmphex (block, ==, G_MAXUINT64);

  g_assert_cmpint (sts_token_parse (&cls, &block, "73786976294838206464"), ==, STS_ERR_BAD_TOKEN);
  g_assert_cmpint (sts_token_parse (&cls, &block, "99999999999999999999"), ==, STS_ERR_BAD_TOKEN);
  g_assert_cmpint (sts_token_parse (&cls, &block, "7378697629483820646"), ==, STS_ERR_BAD_TOKEN);
  g_assert_cmpint (sts_token_parse (&cls, &block, "237161005011831941970"), ==, STS_ERR_BAD_TOKEN);
  g_assert_cmpint (sts_token_parse (&cls, &block, "2371610050118319419a"), ==, STS_ERR_BAD_TOKEN);
  g_assert_cmpint (sts_token_parse (&cls, &block, ""), ==, STS_ERR_BAD_TOKEN);
}

static void
test_transposition_roundtrip (void)
{
  GRand *rand = g_rand_new_with_seed (66);

  for (int i = 0; i < 100000; i++)
    {
      guint64 in = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);
      guint in_class = g_rand_int_range (rand, 0, 4);
      char out[STS_TOKEN_DIGITS + 1];
      guint cls;
      guint64 block;

      sts_token_format (out, in_class, in);
      g_assert_cmpuint (strlen (out), ==, 20);
      g_assert_cmpint (sts_token_parse (&cls, &block, out), ==, STS_OK);
      g_assert_cmpuint (cls, ==, in_class);
      g_assert_cmphex (block, ==, in);
    }
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/sts/pan/luhn", test_luhn);
  g_test_add_func ("/pos/sts/pan/valid", test_pan_valid);
  g_test_add_func ("/pos/sts/pan/errors", test_pan_errors);
  g_test_add_func ("/pos/sts/crc/vectors", test_crc);
  g_test_add_func ("/pos/sts/crc/crc-c", test_crc_c);
  g_test_add_func ("/pos/sts/amount/examples", test_amount_examples);
  g_test_add_func ("/pos/sts/amount/boundaries", test_amount_boundaries);
  g_test_add_func ("/pos/sts/amount/currency-examples", test_currency_examples);
  g_test_add_func ("/pos/sts/amount/currency-boundaries", test_currency_boundaries);
  g_test_add_func ("/pos/sts/tid/civil-time", test_civil_time);
  g_test_add_func ("/pos/sts/tid/minutes", test_tid);
  g_test_add_func ("/pos/sts/tid/reserved", test_tid_reserved);
  g_test_add_func ("/pos/sts/tid/range-ends", test_tid_range_ends);
  g_test_add_func ("/pos/sts/tid/key-expiry", test_key_expiry);
  g_test_add_func ("/pos/sts/token/transposition", test_transposition);
  g_test_add_func ("/pos/sts/token/transposition-roundtrip", test_transposition_roundtrip);

  return g_test_run ();
}
