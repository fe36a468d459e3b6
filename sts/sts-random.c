/* sts-random.c: randomness from OpenSSL's CSPRNG */
#include <openssl/rand.h>

#include "sts-random.h"

StsStatus
sts_random_nibble (uint8_t *out_nibble)
{
  unsigned char byte;

  if (out_nibble == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (RAND_bytes (&byte, 1) != 1)
    return STS_ERR_CRYPTO;
  *out_nibble = byte & 15;
  return STS_OK;
}
