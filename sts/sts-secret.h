/* sts-secret.h: the security module the rest of stsvend calls for secrets:
 * password hashes (scrypt) and vending keys wrapped at rest (AES-256-GCM
 * under a key-encryption key derived with scrypt from a passphrase). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sts-key.h"
#include "sts-status.h"

/* scrypt cost as log2(N); r = 8, p = 1.  15 takes about 32 MiB and a
 * tenth of a second: slow for a guesser, quick enough for a login. */
#define STS_SCRYPT_LOG2N_DEFAULT 15
#define STS_SCRYPT_LOG2N_MIN     10   /* for tests */
#define STS_SCRYPT_LOG2N_MAX     20

/* An encoded password hash: "$scrypt$ln=15,r=8,p=1$SALT$HASH" (base64). */
#define STS_PASSWORD_HASH_MAX 128

#define STS_KEK_BYTES  32
#define STS_SALT_BYTES 16

/* A key-encryption key. */
typedef struct
{
  uint8_t bytes[STS_KEK_BYTES];
} StsKek;

/* Wrapped key = version (1) || nonce (12) || ciphertext (key length) ||
 * tag (16); at most this long. */
#define STS_WRAPPED_KEY_MAX (1 + 12 + STS_KEY_MAX + 16)

/* Hashes @password with a fresh random salt and cost @log2n into @out
 * (NUL-terminated, at most STS_PASSWORD_HASH_MAX bytes). */
StsStatus sts_password_hash   (char       *out,
                               size_t      out_len,
                               const char *password,
                               unsigned    log2n);

/* STS_OK when @password matches @encoded (compared in constant time),
 * STS_ERR_BAD_PASSWORD when not, STS_ERR_BAD_ENCODING when @encoded is
 * not a hash this module wrote. */
StsStatus sts_password_verify (const char *encoded,
                               const char *password);

/* scrypt (RFC 7914) with N = 2^@log2n, r = 8, p = 1. */
StsStatus sts_scrypt          (uint8_t       *out,
                               size_t         out_len,
                               const uint8_t *secret,
                               size_t         secret_len,
                               const uint8_t *salt,
                               size_t         salt_len,
                               unsigned       log2n);

/* Random bytes from the CSPRNG (for salts). */
StsStatus sts_random_bytes    (uint8_t *out,
                               size_t   len);

/* Derives a key-encryption key from @passphrase (@len bytes) and @salt with
 * scrypt at cost @log2n. */
StsStatus sts_kek_derive      (StsKek        *out_kek,
                               const uint8_t *passphrase,
                               size_t         len,
                               const uint8_t  salt[STS_SALT_BYTES],
                               unsigned       log2n);

/* Encrypts @key under @kek with AES-256-GCM and a fresh nonce; @aad (may
 * be NULL) is authenticated with it (e.g. the key's name), so a wrapped key
 * cannot be moved to another record unnoticed. */
StsStatus sts_key_wrap        (uint8_t       *out,
                               size_t        *out_len,
                               size_t         out_size,
                               const StsKek  *kek,
                               const StsKey  *key,
                               const char    *aad);

/* The inverse of sts_key_wrap(): STS_ERR_AUTH_FAILED for a wrong @kek, a
 * different @aad or altered data; STS_ERR_BAD_ENCODING if malformed. */
StsStatus sts_key_unwrap      (StsKey        *out_key,
                               const StsKek  *kek,
                               const uint8_t *in,
                               size_t         len,
                               const char    *aad);

/* Erases @kek. */
void      sts_kek_wipe        (StsKek *kek);
