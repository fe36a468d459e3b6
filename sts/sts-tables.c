/* sts-tables.c: the constants of the standard and the lookup tables built
 * from them once per process */
#include <threads.h>

#include "sts-private.h"

/* EA07 production tables (SPEC 1.7, "real" tables).  The sample tables of
 * the IEC text are different and must never be used. */
static const uint8_t sta_s1[16] = { 14, 10, 7, 9, 12, 3, 2, 5, 13, 0, 15, 1, 4, 8, 6, 11 };
static const uint8_t sta_s2[16] = { 12, 8, 2, 13, 7, 6, 1, 3, 11, 5, 9, 15, 0, 4, 10, 14 };
static const uint8_t sta_p[64] = {
  55, 42, 10, 18, 24, 21, 44, 35,  2, 22, 56, 43, 27, 58,  9, 50,
   6, 36, 12, 61, 37, 38, 53, 16, 62,  3,  7,  4, 32, 20, 63, 25,
  51, 52, 54, 33, 49, 19, 46, 29, 48, 31, 23, 30, 41, 28, 13,  5,
  40, 60, 39, 11, 15, 17,  1,  0, 57, 34, 59,  8, 47, 14, 45, 26,
};

static StsTables tables;
static once_flag tables_once = ONCE_FLAG_INIT;

/* Output bit P[i] = input bit i. */
static uint64_t
sta_permute (uint64_t x)
{
  uint64_t y = 0;

  for (unsigned int i = 0; i < 64; i++)
    y |= ((x >> i) & 1) << sta_p[i];
  return y;
}

/* Output bit i = input bit P[i]. */
static uint64_t
sta_permute_inverse (uint64_t x)
{
  uint64_t y = 0;

  for (unsigned int i = 0; i < 64; i++)
    y |= ((x >> sta_p[i]) & 1) << i;
  return y;
}

static void
build_tables (void)
{
  uint8_t s1_inv[16], s2_inv[16];

  for (unsigned int b = 0; b < 256; b++)
    {
      uint16_t crc = (uint16_t) b;

      for (int i = 0; i < 8; i++)
        crc = (crc & 1) ? (uint16_t) (crc >> 1 ^ 0xA001) : (uint16_t) (crc >> 1);
      tables.crc[b] = crc;
    }

  for (unsigned int x = 0; x < 16; x++)
    {
      s1_inv[sta_s1[x]] = (uint8_t) x;
      s2_inv[sta_s2[x]] = (uint8_t) x;
    }

  for (unsigned int sel = 0; sel < 4; sel++)
    {
      /* sel bit 0 chooses for the low nibble, bit 1 for the high one.
       * Encryption: key bit set -> S2.  Decryption: key bit set -> S1^-1. */
      const uint8_t *enc_lo = (sel & 1) ? sta_s2 : sta_s1;
      const uint8_t *enc_hi = (sel & 2) ? sta_s2 : sta_s1;
      const uint8_t *dec_lo = (sel & 1) ? s1_inv : s2_inv;
      const uint8_t *dec_hi = (sel & 2) ? s1_inv : s2_inv;

      for (unsigned int b = 0; b < 256; b++)
        {
          uint64_t sub = (uint64_t) (enc_hi[b >> 4] << 4 | enc_lo[b & 15]);

          for (unsigned int j = 0; j < 8; j++)
            tables.sta_enc[j][sel][b] = sta_permute (sub << (8 * j));
          tables.sta_dec_sub[sel][b] = (uint8_t) (dec_hi[b >> 4] << 4 | dec_lo[b & 15]);
        }
    }

  for (unsigned int j = 0; j < 8; j++)
    for (unsigned int b = 0; b < 256; b++)
      tables.sta_pinv[j][b] = sta_permute_inverse ((uint64_t) b << (8 * j));
}

const StsTables *
sts_tables (void)
{
  call_once (&tables_once, build_tables);
  return &tables;
}
