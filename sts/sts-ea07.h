/* sts-ea07.h: EA07, the Standard Transfer Algorithm (SPEC 1.7)
 *
 * A 64-bit block cipher with a 64-bit key: 16 rounds of key-selected 4-bit
 * substitutions and a fixed bit permutation.  The key is the decoder key as
 * a big-endian integer ("natural" order, as DES and HMAC produce it).
 */
#pragma once

#include <stdint.h>

/* A key prepared for fast encryption and decryption. */
typedef struct
{
  uint8_t enc_sel[16][8];   /* per round and byte: the 2 S-box selector bits */
  uint8_t dec_sel[16][8];
} StsStaKey;

/* Prepares @key.  The caller wipes @ks when done. */
void     sts_sta_key_init (StsStaKey *ks,
                           uint64_t   key);

uint64_t sts_sta_encrypt  (const StsStaKey *ks,
                           uint64_t         block);

uint64_t sts_sta_decrypt  (const StsStaKey *ks,
                           uint64_t         block);
