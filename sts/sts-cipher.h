/* sts-cipher.h: a decoder key prepared for one encryption algorithm
 * (EA07, EA09 or EA11; SPEC 1.7 to 1.9) */
#pragma once

#include <stdint.h>

#include "sts-ea07.h"
#include "sts-key.h"
#include "sts-misty1.h"
#include "sts-status.h"

typedef struct
{
  StsEa ea;
  union
  {
    StsStaKey    sta;
    StsMisty1Key misty1;
  } u;
  void *des_enc;   /* EA09: EVP_CIPHER_CTX for each direction */
  void *des_dec;
} StsCipher;

/* Prepares @dk (8 bytes for EA07/EA09, 16 for EA11: STS_ERR_BAD_KEY
 * otherwise) for @ea.  On success the caller calls sts_cipher_clear(). */
StsStatus sts_cipher_init    (StsCipher    *cipher,
                              StsEa         ea,
                              const StsKey *dk);

/* Encrypts or decrypts one 64-bit block (big-endian byte order). */
StsStatus sts_cipher_encrypt (const StsCipher *cipher,
                              uint64_t        *out_block,
                              uint64_t         block);
StsStatus sts_cipher_decrypt (const StsCipher *cipher,
                              uint64_t        *out_block,
                              uint64_t         block);

/* Frees and wipes @cipher; safe on a zeroed or already cleared one. */
void      sts_cipher_clear   (StsCipher *cipher);
