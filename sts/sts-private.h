/* sts-private.h: internals shared by the files of sts/ (not installed, not
 * part of the umbrella header) */
#pragma once

#include <stdint.h>

#define STS_N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))

/* Lookup tables built once per process from the constants of the standard
 * (see sts-tables.c). */
typedef struct
{
  /* CRC-16, reflected polynomial 0xA001, one byte at a time. */
  uint16_t crc[256];
  /* EA07 encryption: for byte j of the block, the 2 key bits that choose
   * the S-boxes of its two nibbles, and the byte's value: the substituted
   * byte, moved to position j and permuted by P. */
  uint64_t sta_enc[8][4][256];
  /* EA07 decryption: P^-1 applied to a byte at position j ... */
  uint64_t sta_pinv[8][256];
  /* ... and the inverse substitution of one byte under 2 key bits. */
  uint8_t  sta_dec_sub[4][256];
} StsTables;

const StsTables *sts_tables (void);

/* A 64-bit block or key as 8 big-endian bytes, and back. */
static inline uint64_t
sts_load_be64 (const uint8_t *p)
{
  uint64_t v = 0;

  for (int i = 0; i < 8; i++)
    v = v << 8 | p[i];
  return v;
}

static inline void
sts_store_be64 (uint8_t *p,
                uint64_t v)
{
  for (int i = 7; i >= 0; i--)
    {
      p[i] = (uint8_t) v;
      v >>= 8;
    }
}
