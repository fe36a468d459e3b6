/* sts-secret.c: scrypt password hashes and AES-256-GCM key wrapping */
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "sts-secret.h"

#define HASH_BYTES     32
#define SALT_B64_LEN   24   /* base64 of 16 bytes */
#define HASH_B64_LEN   44   /* base64 of 32 bytes */
#define WRAP_VERSION   1
#define NONCE_BYTES    12
#define TAG_BYTES      16

StsStatus
sts_random_bytes (uint8_t *out,
                  size_t   len)
{
  if (out == NULL || len > INT32_MAX)
    return STS_ERR_INVALID_ARGUMENT;
  return RAND_bytes (out, (int) len) == 1 ? STS_OK : STS_ERR_CRYPTO;
}

StsStatus
sts_scrypt (uint8_t       *out,
        size_t         out_len,
        const uint8_t *secret,
        size_t         secret_len,
        const uint8_t *salt,
        size_t         salt_len,
        unsigned       log2n)
{
  EVP_KDF *kdf;
  EVP_KDF_CTX *ctx = NULL;
  OSSL_PARAM params[6];
  uint64_t n = UINT64_C (1) << log2n;
  uint32_t r = 8, p = 1;
  int ok = 0;

  if (out == NULL || (secret == NULL && secret_len > 0) || salt == NULL
      || log2n < STS_SCRYPT_LOG2N_MIN || log2n > STS_SCRYPT_LOG2N_MAX)
    return STS_ERR_INVALID_ARGUMENT;

  kdf = EVP_KDF_fetch (NULL, "SCRYPT", NULL);
  if (kdf != NULL)
    ctx = EVP_KDF_CTX_new (kdf);
  EVP_KDF_free (kdf);
  if (ctx != NULL)
    {
      /* An empty secret is passed as a 0-byte octet string, not NULL. */
      static const uint8_t empty[1] = { 0 };

      params[0] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_PASSWORD,
                                                     (void *) (secret_len > 0 ? secret : empty), secret_len);
      params[1] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SALT, (void *) salt, salt_len);
      params[2] = OSSL_PARAM_construct_uint64 (OSSL_KDF_PARAM_SCRYPT_N, &n);
      params[3] = OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_R, &r);
      params[4] = OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_P, &p);
      params[5] = OSSL_PARAM_construct_end ();
      ok = EVP_KDF_derive (ctx, out, out_len, params) == 1;
    }
  EVP_KDF_CTX_free (ctx);
  return ok ? STS_OK : STS_ERR_CRYPTO;
}

StsStatus
sts_password_hash (char       *out,
                   size_t      out_len,
                   const char *password,
                   unsigned    log2n)
{
  uint8_t salt[STS_SALT_BYTES];
  uint8_t hash[HASH_BYTES];
  char salt_b64[SALT_B64_LEN + 1];
  char hash_b64[HASH_B64_LEN + 1];
  StsStatus status;
  int written;

  if (out == NULL || password == NULL || out_len < STS_PASSWORD_HASH_MAX)
    return STS_ERR_INVALID_ARGUMENT;
  status = sts_random_bytes (salt, sizeof salt);
  if (status == STS_OK)
    status = sts_scrypt (hash, sizeof hash, (const uint8_t *) password, strlen (password),
                     salt, sizeof salt, log2n);
  if (status != STS_OK)
    {
      OPENSSL_cleanse (hash, sizeof hash);
      return status;
    }
  EVP_EncodeBlock ((unsigned char *) salt_b64, salt, sizeof salt);
  EVP_EncodeBlock ((unsigned char *) hash_b64, hash, sizeof hash);
  OPENSSL_cleanse (hash, sizeof hash);
  written = snprintf (out, out_len, "$scrypt$ln=%u,r=8,p=1$%s$%s", log2n, salt_b64, hash_b64);
  OPENSSL_cleanse (hash_b64, sizeof hash_b64);
  return written > 0 && (size_t) written < out_len ? STS_OK : STS_ERR_INVALID_ARGUMENT;
}

/* Decodes exactly @b64_len base64 characters at @in into @n bytes. */
static int
decode_b64 (uint8_t    *out,
            size_t      n,
            const char *in,
            size_t      b64_len)
{
  uint8_t buf[48];

  if (b64_len > 64 || b64_len % 4 != 0)
    return 0;
  for (size_t i = 0; i < b64_len; i++)
    {
      char c = in[i];

      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '+' || c == '/' || (c == '=' && i >= b64_len - 2)))
        return 0;
    }
  if (EVP_DecodeBlock (buf, (const unsigned char *) in, (int) b64_len) < (int) n)
    return 0;
  /* Only the canonical encoding: unused low bits of the last character
   * must be zero, as our own encoder writes them. */
  {
    char again[65];

    if (EVP_EncodeBlock ((unsigned char *) again, buf, (int) n) != (int) b64_len
        || memcmp (again, in, b64_len) != 0)
      {
        OPENSSL_cleanse (buf, sizeof buf);
        return 0;
      }
  }
  memcpy (out, buf, n);
  OPENSSL_cleanse (buf, sizeof buf);
  return 1;
}

StsStatus
sts_password_verify (const char *encoded,
                     const char *password)
{
  static const char prefix[] = "$scrypt$ln=";
  uint8_t salt[STS_SALT_BYTES];
  uint8_t want[HASH_BYTES];
  uint8_t got[HASH_BYTES];
  const char *p;
  unsigned log2n = 0;
  StsStatus status;

  if (encoded == NULL || password == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (strncmp (encoded, prefix, sizeof prefix - 1) != 0)
    return STS_ERR_BAD_ENCODING;
  p = encoded + sizeof prefix - 1;
  for (int digits = 0; *p >= '0' && *p <= '9'; p++, digits++)
    {
      if (digits >= 2)
        return STS_ERR_BAD_ENCODING;
      log2n = log2n * 10 + (unsigned) (*p - '0');
    }
  if (strncmp (p, ",r=8,p=1$", 9) != 0)
    return STS_ERR_BAD_ENCODING;
  p += 9;
  if (strlen (p) != SALT_B64_LEN + 1 + HASH_B64_LEN || p[SALT_B64_LEN] != '$'
      || !decode_b64 (salt, sizeof salt, p, SALT_B64_LEN)
      || !decode_b64 (want, sizeof want, p + SALT_B64_LEN + 1, HASH_B64_LEN))
    return STS_ERR_BAD_ENCODING;
  if (log2n < STS_SCRYPT_LOG2N_MIN || log2n > STS_SCRYPT_LOG2N_MAX)
    return STS_ERR_BAD_ENCODING;

  status = sts_scrypt (got, sizeof got, (const uint8_t *) password, strlen (password),
                   salt, sizeof salt, log2n);
  if (status == STS_OK && CRYPTO_memcmp (got, want, sizeof got) != 0)
    status = STS_ERR_BAD_PASSWORD;
  OPENSSL_cleanse (got, sizeof got);
  OPENSSL_cleanse (want, sizeof want);
  return status;
}

StsStatus
sts_kek_derive (StsKek        *out_kek,
                const uint8_t *passphrase,
                size_t         len,
                const uint8_t  salt[STS_SALT_BYTES],
                unsigned       log2n)
{
  if (out_kek == NULL || (passphrase == NULL && len > 0) || salt == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  return sts_scrypt (out_kek->bytes, sizeof out_kek->bytes, passphrase, len, salt, STS_SALT_BYTES, log2n);
}

void
sts_kek_wipe (StsKek *kek)
{
  if (kek != NULL)
    OPENSSL_cleanse (kek, sizeof *kek);
}

/* One AES-256-GCM pass; @encrypt chooses the direction.  On decryption
 * @tag is checked. */
static StsStatus
gcm (uint8_t       *out,
     const uint8_t *in,
     size_t         len,
     const StsKek  *kek,
     const uint8_t  nonce[NONCE_BYTES],
     const char    *aad,
     uint8_t        tag[TAG_BYTES],
     int            encrypt)
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  int n = 0, ok;

  ok = ctx != NULL
       && EVP_CipherInit_ex2 (ctx, EVP_aes_256_gcm (), kek->bytes, nonce, encrypt, NULL) == 1
       && (aad == NULL
           || EVP_CipherUpdate (ctx, NULL, &n, (const uint8_t *) aad, (int) strlen (aad)) == 1)
       && EVP_CipherUpdate (ctx, out, &n, in, (int) len) == 1
       && (encrypt || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, TAG_BYTES, tag) == 1);
  if (ok && EVP_CipherFinal_ex (ctx, out + n, &n) != 1)
    {
      EVP_CIPHER_CTX_free (ctx);
      OPENSSL_cleanse (out, len);
      return encrypt ? STS_ERR_CRYPTO : STS_ERR_AUTH_FAILED;
    }
  if (ok && encrypt)
    ok = EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, TAG_BYTES, tag) == 1;
  EVP_CIPHER_CTX_free (ctx);
  return ok ? STS_OK : STS_ERR_CRYPTO;
}

StsStatus
sts_key_wrap (uint8_t      *out,
              size_t       *out_len,
              size_t        out_size,
              const StsKek *kek,
              const StsKey *key,
              const char   *aad)
{
  size_t total;
  StsStatus status;

  if (out == NULL || out_len == NULL || kek == NULL || key == NULL
      || key->len == 0 || key->len > STS_KEY_MAX)
    return STS_ERR_INVALID_ARGUMENT;
  total = 1 + NONCE_BYTES + key->len + TAG_BYTES;
  if (out_size < total)
    return STS_ERR_INVALID_ARGUMENT;

  out[0] = WRAP_VERSION;
  status = sts_random_bytes (out + 1, NONCE_BYTES);
  if (status == STS_OK)
    status = gcm (out + 1 + NONCE_BYTES, key->bytes, key->len, kek, out + 1, aad,
                  out + 1 + NONCE_BYTES + key->len, 1);
  if (status != STS_OK)
    {
      OPENSSL_cleanse (out, total);
      return status;
    }
  *out_len = total;
  return STS_OK;
}

StsStatus
sts_key_unwrap (StsKey        *out_key,
                const StsKek  *kek,
                const uint8_t *in,
                size_t         len,
                const char    *aad)
{
  StsKey key;
  uint8_t tag[TAG_BYTES];
  size_t key_len;
  StsStatus status;

  if (out_key == NULL || kek == NULL || in == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (len < 1 + NONCE_BYTES + 1 + TAG_BYTES || len > STS_WRAPPED_KEY_MAX || in[0] != WRAP_VERSION)
    return STS_ERR_BAD_ENCODING;
  key_len = len - 1 - NONCE_BYTES - TAG_BYTES;

  memset (&key, 0, sizeof key);
  memcpy (tag, in + len - TAG_BYTES, TAG_BYTES);
  status = gcm (key.bytes, in + 1 + NONCE_BYTES, key_len, kek, in + 1, aad, tag, 0);
  if (status != STS_OK)
    {
      sts_key_wipe (&key);
      return status;
    }
  key.len = (uint8_t) key_len;
  *out_key = key;
  sts_key_wipe (&key);
  return STS_OK;
}
