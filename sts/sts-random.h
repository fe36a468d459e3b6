/* sts-random.h: randomness from the cryptographic generator */
#pragma once

#include <stdint.h>

#include "sts-status.h"

/* A uniformly random 4-bit value for a token's RND field.
 * STS_ERR_CRYPTO if the generator fails. */
StsStatus sts_random_nibble (uint8_t *out_nibble);
