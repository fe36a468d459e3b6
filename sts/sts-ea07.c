/* sts-ea07.c: the Standard Transfer Algorithm (SPEC 1.7)
 *
 * The reference description works nibble by nibble and bit by bit; here
 * each round is 8 table lookups: sts-tables.c folds the two substitutions of
 * a byte and the permutation of the result into one 64-bit word per byte
 * value and S-box choice (the permutation is linear, so the words XOR).
 */
#include "sts-ea07.h"
#include "sts-private.h"

static inline uint64_t
rol64 (uint64_t x,
       unsigned int n)
{
  n &= 63;
  return n == 0 ? x : (x << n | x >> (64 - n));
}

static inline uint64_t
ror64 (uint64_t x,
       unsigned int n)
{
  n &= 63;
  return n == 0 ? x : (x >> n | x << (64 - n));
}

void
sts_sta_key_init (StsStaKey *ks,
                  uint64_t   key)
{
  /* Encryption: k = ROR(~K, 12), rotated left one bit per round; nibble n
   * takes S2 when key bit 4n+3 is set. */
  uint64_t k = ror64 (~key, 12);

  for (unsigned int r = 0; r < 16; r++)
    {
      for (unsigned int j = 0; j < 8; j++)
        ks->enc_sel[r][j] = (uint8_t) ((k >> (8 * j + 3) & 1) | (k >> (8 * j + 7) & 1) << 1);
      k = rol64 (k, 1);
    }

  /* Decryption: k = K, rotated right one bit per round; nibble n takes
   * S1^-1 when key bit 4n is set. */
  k = key;
  for (unsigned int r = 0; r < 16; r++)
    {
      for (unsigned int j = 0; j < 8; j++)
        ks->dec_sel[r][j] = (uint8_t) ((k >> (8 * j) & 1) | (k >> (8 * j + 4) & 1) << 1);
      k = ror64 (k, 1);
    }
}

uint64_t
sts_sta_encrypt (const StsStaKey *ks,
                 uint64_t         block)
{
  const StsTables *t = sts_tables ();
  uint64_t d = block;

  for (unsigned int r = 0; r < 16; r++)
    {
      const uint8_t *sel = ks->enc_sel[r];

      d = t->sta_enc[0][sel[0]][d & 0xFF]
          ^ t->sta_enc[1][sel[1]][d >> 8 & 0xFF]
          ^ t->sta_enc[2][sel[2]][d >> 16 & 0xFF]
          ^ t->sta_enc[3][sel[3]][d >> 24 & 0xFF]
          ^ t->sta_enc[4][sel[4]][d >> 32 & 0xFF]
          ^ t->sta_enc[5][sel[5]][d >> 40 & 0xFF]
          ^ t->sta_enc[6][sel[6]][d >> 48 & 0xFF]
          ^ t->sta_enc[7][sel[7]][d >> 56];
    }
  return d;
}

uint64_t
sts_sta_decrypt (const StsStaKey *ks,
                 uint64_t         block)
{
  const StsTables *t = sts_tables ();
  uint64_t d = block;

  for (unsigned int r = 0; r < 16; r++)
    {
      const uint8_t *sel = ks->dec_sel[r];
      uint64_t p = 0;

      for (unsigned int j = 0; j < 8; j++)
        p ^= t->sta_pinv[j][d >> (8 * j) & 0xFF];
      d = 0;
      for (unsigned int j = 0; j < 8; j++)
        d |= (uint64_t) t->sta_dec_sub[sel[j]][p >> (8 * j) & 0xFF] << (8 * j);
    }
  return d;
}
