/* sts-card.h: keys and MACs for the customer's IC card
 *
 * Every record on a card carries a MAC under a card key diversified from
 * the utility's card secret and the card's serial number, so a record
 * forged without the secret, or copied onto another card, is refused.
 *
 *   card key = HMAC-SHA-256 (secret, "stsvend card key 1" || 0x00 ||
 *                            len (serial) || serial)
 *   MAC      = first 8 bytes of HMAC-SHA-256 (card key,
 *                            "stsvend card mac 1" || 0x00 || data)
 *
 * The labels keep the two uses of HMAC apart (domain separation).  The
 * card secret is held as an StsKey of 16 to 20 bytes, so that it is
 * wrapped at rest exactly as vending keys are (sts-secret.h).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sts-key.h"
#include "sts-status.h"

#define STS_CARD_SECRET_MIN    16   /* bytes of a utility card secret */
#define STS_CARD_SECRET_BYTES  20   /* what sts_card_secret_generate() makes */
#define STS_CARD_KEY_BYTES     32
#define STS_CARD_MAC_BYTES      8
#define STS_CARD_SERIAL_MAX    16   /* bytes of a card serial (a MIFARE UID is 4 or 7) */

/* A card key: secret, wipe with sts_card_key_wipe(). */
typedef struct
{
  uint8_t bytes[STS_CARD_KEY_BYTES];
} StsCardKey;

/* Fills @out_secret with a fresh random utility card secret of
 * STS_CARD_SECRET_BYTES. */
StsStatus sts_card_secret_generate (StsKey *out_secret);

/* Derives the key of the card with serial @serial (1 to
 * STS_CARD_SERIAL_MAX bytes) from the utility card secret @secret
 * (STS_CARD_SECRET_MIN to STS_KEY_MAX bytes).  STS_ERR_BAD_KEY for a
 * secret of the wrong length, STS_ERR_INVALID_ARGUMENT for a bad serial. */
StsStatus sts_card_key_derive      (StsCardKey    *out_key,
                                    const StsKey  *secret,
                                    const uint8_t *serial,
                                    size_t         serial_len);

/* The MAC of @data (@len bytes, may be 0) under @key: STS_CARD_MAC_BYTES
 * into @out_mac. */
StsStatus sts_card_mac             (uint8_t           out_mac[STS_CARD_MAC_BYTES],
                                    const StsCardKey *key,
                                    const uint8_t    *data,
                                    size_t            len);

/* STS_OK when @mac (@mac_len bytes, which must be STS_CARD_MAC_BYTES) is
 * the MAC of @data under @key, compared in constant time;
 * STS_ERR_AUTH_FAILED otherwise. */
StsStatus sts_card_mac_verify      (const StsCardKey *key,
                                    const uint8_t    *data,
                                    size_t            len,
                                    const uint8_t    *mac,
                                    size_t            mac_len);

/* Erases @key. */
void      sts_card_key_wipe        (StsCardKey *key);
