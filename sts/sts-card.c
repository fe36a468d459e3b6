/* sts-card.c: card key diversification and record MACs (sts-card.h) */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "sts-card.h"
#include "sts-secret.h"

static const char key_label[] = "stsvend card key 1";
static const char mac_label[] = "stsvend card mac 1";

/* HMAC-SHA-256 over @label (with its NUL), then @a and @b, into @out
 * (32 bytes).  Returns 1 on success. */
static int
hmac_sha256 (uint8_t        out[32],
             const uint8_t *key,
             size_t         key_len,
             const char    *label,
             const uint8_t *a,
             size_t         a_len,
             const uint8_t *b,
             size_t         b_len)
{
  EVP_MAC *mac;
  EVP_MAC_CTX *ctx = NULL;
  OSSL_PARAM params[2];
  size_t out_len = 0;
  int ok = 0;

  mac = EVP_MAC_fetch (NULL, "HMAC", NULL);
  if (mac != NULL)
    ctx = EVP_MAC_CTX_new (mac);
  EVP_MAC_free (mac);  /* the context keeps its own reference */
  if (ctx == NULL)
    return 0;
  params[0] = OSSL_PARAM_construct_utf8_string (OSSL_MAC_PARAM_DIGEST, (char *) "SHA256", 0);
  params[1] = OSSL_PARAM_construct_end ();
  ok = EVP_MAC_init (ctx, key, key_len, params) == 1
    && EVP_MAC_update (ctx, (const unsigned char *) label, strlen (label) + 1) == 1
    && (a_len == 0 || EVP_MAC_update (ctx, a, a_len) == 1)
    && (b_len == 0 || EVP_MAC_update (ctx, b, b_len) == 1)
    && EVP_MAC_final (ctx, out, &out_len, 32) == 1
    && out_len == 32;
  EVP_MAC_CTX_free (ctx);
  return ok;
}

StsStatus
sts_card_secret_generate (StsKey *out_secret)
{
  StsStatus status;

  if (out_secret == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  memset (out_secret, 0, sizeof *out_secret);
  status = sts_random_bytes (out_secret->bytes, STS_CARD_SECRET_BYTES);
  if (status != STS_OK)
    {
      OPENSSL_cleanse (out_secret, sizeof *out_secret);
      return status;
    }
  out_secret->len = STS_CARD_SECRET_BYTES;
  return STS_OK;
}

StsStatus
sts_card_key_derive (StsCardKey    *out_key,
                     const StsKey  *secret,
                     const uint8_t *serial,
                     size_t         serial_len)
{
  uint8_t len_byte;

  if (out_key == NULL || secret == NULL || serial == NULL || serial_len == 0
      || serial_len > STS_CARD_SERIAL_MAX)
    return STS_ERR_INVALID_ARGUMENT;
  if (secret->len < STS_CARD_SECRET_MIN || secret->len > STS_KEY_MAX)
    return STS_ERR_BAD_KEY;
  len_byte = (uint8_t) serial_len;
  if (!hmac_sha256 (out_key->bytes, secret->bytes, secret->len, key_label, &len_byte, 1, serial, serial_len))
    {
      OPENSSL_cleanse (out_key, sizeof *out_key);
      return STS_ERR_CRYPTO;
    }
  return STS_OK;
}

StsStatus
sts_card_mac (uint8_t           out_mac[STS_CARD_MAC_BYTES],
              const StsCardKey *key,
              const uint8_t    *data,
              size_t            len)
{
  uint8_t full[32];

  if (out_mac == NULL || key == NULL || (data == NULL && len > 0))
    return STS_ERR_INVALID_ARGUMENT;
  if (!hmac_sha256 (full, key->bytes, sizeof key->bytes, mac_label, data, len, NULL, 0))
    {
      OPENSSL_cleanse (full, sizeof full);
      return STS_ERR_CRYPTO;
    }
  memcpy (out_mac, full, STS_CARD_MAC_BYTES);
  OPENSSL_cleanse (full, sizeof full);
  return STS_OK;
}

StsStatus
sts_card_mac_verify (const StsCardKey *key,
                     const uint8_t    *data,
                     size_t            len,
                     const uint8_t    *mac,
                     size_t            mac_len)
{
  uint8_t want[STS_CARD_MAC_BYTES];
  StsStatus status;

  if (mac == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (mac_len != STS_CARD_MAC_BYTES)
    return STS_ERR_AUTH_FAILED;
  status = sts_card_mac (want, key, data, len);
  if (status == STS_OK && CRYPTO_memcmp (want, mac, STS_CARD_MAC_BYTES) != 0)
    status = STS_ERR_AUTH_FAILED;
  OPENSSL_cleanse (want, sizeof want);
  return status;
}

void
sts_card_key_wipe (StsCardKey *key)
{
  if (key != NULL)
    OPENSSL_cleanse (key, sizeof *key);
}
