/* sts-misty1.h: the MISTY1 block cipher (RFC 2994), 8 rounds
 *
 * EA11 of the STS (SPEC 1.8); most callers use it through StsCipher.
 * MISTY1 has a 64-bit block and a 128-bit key.  The expanded key is plain
 * data in a caller-owned struct: nothing is allocated, nothing is global,
 * and the caller wipes the struct when done with it.
 */
#pragma once

#include <stdint.h>

typedef struct
{
  /* RFC 2994 section 2.2 (Key Scheduling Part), verbatim: EK[0..7] are
   * K1..K8 (the key as big-endian 16-bit words), EK[8..15] are K'1..K'8,
   * EK[16..23] = K'i & 0x1ff and EK[24..31] = K'i >> 9. */
  uint16_t ek[32];
  /* The same key material laid out per use (RFC 2994 section 2.3, Data
   * Randomizing Part), so that encryption and decryption never compute an
   * index: for FO round i (0..7), the subkeys KOi1..KOi4 and KIi1..KIi3;
   * for FL/FLINV number k (0..9), the subkey ANDed in (kl[k][0]) and the
   * subkey ORed in (kl[k][1]). */
  uint16_t ko[8][4];
  uint16_t ki[8][3];
  uint16_t kl[10][2];
} StsMisty1Key;

/* Expands a 128-bit key (16 bytes, in the RFC's byte order) into @ks.
 * Every field of @ks is written.  Wipes nothing: the caller wipes @ks
 * (and @key) when done. */
void     sts_misty1_key_init (StsMisty1Key  *ks,
                              const uint8_t  key[16]);
/* Encrypts/decrypts one 64-bit block. The block is the 8 bytes of the RFC's
 * byte order read as a big-endian integer (byte 0 = bits 63..56). */
uint64_t sts_misty1_encrypt  (const StsMisty1Key *ks,
                              uint64_t            block);
uint64_t sts_misty1_decrypt  (const StsMisty1Key *ks,
                              uint64_t            block);
