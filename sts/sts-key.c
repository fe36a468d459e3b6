/* sts-key.c: decoder key generation DKGA02 and DKGA04 (SPEC 1.10) */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "sts-key.h"
#include "sts-private.h"

StsStatus
sts_key_info_check (const StsKeyInfo *info)
{
  if (info == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (info->pan.iin_len != 4 && info->pan.iin_len != 6)
    return STS_ERR_BAD_PAN;
  if (info->sgc > 999999)
    return STS_ERR_BAD_SGC;
  if (info->ti > 99)
    return STS_ERR_BAD_TI;
  if (info->krn < 1 || info->krn > 9)
    return STS_ERR_BAD_KRN;
  if (info->kt > 3)
    return STS_ERR_BAD_KT;
  if (!sts_base_date_is_valid ((int) info->base))
    return STS_ERR_BAD_BASE_DATE;
  if (sts_ea_key_length (info->ea) == 0)
    return STS_ERR_BAD_EA;
  if (info->dkga != STS_DKGA_02 && info->dkga != STS_DKGA_04)
    return STS_ERR_BAD_DKGA;
  /* DKGA02 makes 64-bit keys only. */
  if (info->dkga == STS_DKGA_02 && sts_ea_key_length (info->ea) != 8)
    return STS_ERR_BAD_DKGA;
  return STS_OK;
}

size_t
sts_ea_key_length (StsEa ea)
{
  switch (ea)
    {
    case STS_EA_STA:
    case STS_EA_DEA:
      return 8;
    case STS_EA_MISTY1:
      return 16;
    default:
      return 0;
    }
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

StsStatus
sts_key_from_hex (StsKey     *out_key,
                  const char *hex)
{
  size_t len;
  StsKey key = { { 0 }, 0 };

  if (out_key == NULL || hex == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  len = strlen (hex);
  if (len == 0 || len % 2 != 0 || len / 2 > STS_KEY_MAX)
    return STS_ERR_BAD_KEY;

  for (size_t i = 0; i < len / 2; i++)
    {
      int hi = hex_value (hex[2 * i]);
      int lo = hex_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          sts_key_wipe (&key);
          return STS_ERR_BAD_KEY;
        }
      key.bytes[i] = (uint8_t) (hi << 4 | lo);
    }
  key.len = (uint8_t) (len / 2);
  *out_key = key;
  sts_key_wipe (&key);
  return STS_OK;
}

StsStatus
sts_key_to_hex (char         *out,
                size_t        out_len,
                const StsKey *key)
{
  static const char digits[] = "0123456789abcdef";

  if (out == NULL || key == NULL || key->len > STS_KEY_MAX || out_len < 2u * key->len + 1)
    return STS_ERR_INVALID_ARGUMENT;
  for (size_t i = 0; i < key->len; i++)
    {
      out[2 * i] = digits[key->bytes[i] >> 4];
      out[2 * i + 1] = digits[key->bytes[i] & 15];
    }
  out[2 * key->len] = '\0';
  return STS_OK;
}

bool
sts_key_equal (const StsKey *a,
               const StsKey *b)
{
  /* Lengths are not secret; the bytes are compared in constant time. */
  if (a->len != b->len || a->len > STS_KEY_MAX)
    return false;
  return CRYPTO_memcmp (a->bytes, b->bytes, a->len) == 0;
}

void
sts_key_wipe (StsKey *key)
{
  if (key != NULL)
    OPENSSL_cleanse (key, sizeof *key);
}

StsStatus
sts_key_generator_init (StsKeyGenerator *gen,
                        StsDkga          dkga,
                        const StsKey    *vk)
{
  if (gen == NULL || vk == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  memset (gen, 0, sizeof *gen);

  if (dkga == STS_DKGA_02)
    {
      uint8_t des3_key[24];
      EVP_CIPHER_CTX *ctx;
      int ok;

      if (vk->len != 8)
        return STS_ERR_BAD_KEY;
      /* Single DES is EDE with K1 = K2 = K3; that keeps us in OpenSSL's
       * default provider (single DES lives in the legacy one). */
      for (int i = 0; i < 3; i++)
        memcpy (des3_key + 8 * i, vk->bytes, 8);
      ctx = EVP_CIPHER_CTX_new ();
      ok = ctx != NULL
           && EVP_EncryptInit_ex2 (ctx, EVP_des_ede3_ecb (), des3_key, NULL, NULL) == 1
           && EVP_CIPHER_CTX_set_padding (ctx, 0) == 1;
      OPENSSL_cleanse (des3_key, sizeof des3_key);
      if (!ok)
        {
          EVP_CIPHER_CTX_free (ctx);
          return STS_ERR_CRYPTO;
        }
      gen->impl = ctx;
    }
  else if (dkga == STS_DKGA_04)
    {
      EVP_MAC *mac;
      EVP_MAC_CTX *ctx = NULL;
      OSSL_PARAM params[2];
      int ok;

      if (vk->len != 20)
        return STS_ERR_BAD_KEY;
      mac = EVP_MAC_fetch (NULL, "HMAC", NULL);
      if (mac != NULL)
        ctx = EVP_MAC_CTX_new (mac);
      EVP_MAC_free (mac);  /* the context keeps its own reference */
      params[0] = OSSL_PARAM_construct_utf8_string (OSSL_MAC_PARAM_DIGEST, (char *) "SHA256", 0);
      params[1] = OSSL_PARAM_construct_end ();
      ok = ctx != NULL && EVP_MAC_init (ctx, vk->bytes, vk->len, params) == 1;
      if (!ok)
        {
          EVP_MAC_CTX_free (ctx);
          return STS_ERR_CRYPTO;
        }
      gen->impl = ctx;
    }
  else
    {
      return STS_ERR_BAD_DKGA;
    }

  gen->dkga = dkga;
  gen->vk = *vk;
  return STS_OK;
}

static uint64_t
bcd (uint32_t value,
     unsigned int digits)
{
  uint64_t out = 0;

  for (unsigned int i = 0; i < digits; i++)
    {
      out |= (uint64_t) (value % 10) << (4 * i);
      value /= 10;
    }
  return out;
}

/* DKGA02 (SPEC 1.10): all blocks are 16 BCD digits read as 8 bytes. */
static StsStatus
derive_dkga02 (StsKeyGenerator  *gen,
               StsKey           *out_dk,
               const StsKeyInfo *info)
{
  uint64_t pan_block = sts_pan_block (&info->pan);
  uint64_t control;
  uint64_t x;
  uint8_t in[8], out[8];
  int out_len = 0;
  StsStatus status = STS_OK;

  /* A common key (DCTK) is shared by the group: its PANBlock keeps only the
   * IIN digits (as Nectar does; SPEC 1.10). */
  if (info->kt == STS_KEY_TYPE_COMMON)
    {
      unsigned int drn_digits = STS_PAN_DIGITS - 1u - info->pan.iin_len;
      pan_block &= ~((UINT64_C (1) << (4 * drn_digits)) - 1);
    }

  /* CONTROLBlock = KT(1) || SGC(6) || TI(2) || KRN(1) || FFFFFF */
  control = (uint64_t) info->kt << 60 | bcd (info->sgc, 6) << 36
            | bcd (info->ti, 2) << 28 | (uint64_t) info->krn << 24 | 0xFFFFFF;
  x = pan_block ^ control;
  sts_store_be64 (in, x);

  if (EVP_EncryptUpdate (gen->impl, out, &out_len, in, 8) != 1 || out_len != 8)
    status = STS_ERR_CRYPTO;
  else
    {
      uint64_t dk = sts_load_be64 (out) ^ x ^ sts_load_be64 (gen->vk.bytes);

      sts_store_be64 (out_dk->bytes, dk);
      out_dk->len = 8;
    }
  OPENSSL_cleanse (out, sizeof out);
  return status;
}

static size_t
put_lv (uint8_t    *p,
        const char *ascii,
        size_t      len)
{
  p[0] = (uint8_t) len;
  memcpy (p + 1, ascii, len);
  return len + 1;
}

static void
two_digits (char out[2],
            unsigned int value)
{
  out[0] = (char) ('0' + value / 10 % 10);
  out[1] = (char) ('0' + value % 10);
}

/* DKGA04 (SPEC 1.10): an SP 800-108 style message with field counts of 4. */
static StsStatus
derive_dkga04 (StsKeyGenerator  *gen,
               StsKey           *out_dk,
               const StsKeyInfo *info)
{
  size_t dk_len = sts_ea_key_length (info->ea);
  uint8_t m[49];
  uint8_t mac[32];
  size_t n = 0;
  size_t mac_len = 0;
  char text[6];
  StsStatus status = STS_OK;

  m[n++] = 0x04;
  n += put_lv (m + n, "04", 2);
  two_digits (text, (unsigned int) info->base % 100);
  n += put_lv (m + n, text, 2);
  two_digits (text, (unsigned int) info->ea);
  n += put_lv (m + n, text, 2);
  two_digits (text, info->ti);
  n += put_lv (m + n, text, 2);
  m[n++] = 0x00;
  m[n++] = 0x04;
  for (uint32_t i = 0, v = info->sgc; i < 6; i++, v /= 10)
    text[5 - i] = (char) ('0' + v % 10);
  n += put_lv (m + n, text, 6);
  text[0] = (char) ('0' + info->kt);
  n += put_lv (m + n, text, 1);
  text[0] = (char) ('0' + info->krn);
  n += put_lv (m + n, text, 1);
  n += put_lv (m + n, info->pan.digits, STS_PAN_DIGITS);
  m[n++] = 0;
  m[n++] = 0;
  m[n++] = 0;
  m[n++] = (uint8_t) (dk_len * 8);

  /* A NULL key re-initialises the MAC with the vending key set in init. */
  if (EVP_MAC_init (gen->impl, NULL, 0, NULL) != 1
      || EVP_MAC_update (gen->impl, m, n) != 1
      || EVP_MAC_final (gen->impl, mac, &mac_len, sizeof mac) != 1
      || mac_len != sizeof mac)
    status = STS_ERR_CRYPTO;
  else
    {
      memcpy (out_dk->bytes, mac, dk_len);
      out_dk->len = (uint8_t) dk_len;
    }
  OPENSSL_cleanse (mac, sizeof mac);
  return status;
}

StsStatus
sts_key_generator_derive (StsKeyGenerator  *gen,
                          StsKey           *out_dk,
                          const StsKeyInfo *info)
{
  StsStatus status;

  if (gen == NULL || gen->impl == NULL || out_dk == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  status = sts_key_info_check (info);
  if (status != STS_OK)
    return status;
  if (info->dkga != gen->dkga)
    return STS_ERR_BAD_DKGA;

  memset (out_dk, 0, sizeof *out_dk);
  if (gen->dkga == STS_DKGA_02)
    return derive_dkga02 (gen, out_dk, info);
  return derive_dkga04 (gen, out_dk, info);
}

void
sts_key_generator_clear (StsKeyGenerator *gen)
{
  if (gen == NULL)
    return;
  if (gen->impl != NULL)
    {
      if (gen->dkga == STS_DKGA_02)
        EVP_CIPHER_CTX_free (gen->impl);
      else
        EVP_MAC_CTX_free (gen->impl);
    }
  OPENSSL_cleanse (gen, sizeof *gen);
}

StsStatus
sts_key_derive (StsKey           *out_dk,
                const StsKey     *vk,
                const StsKeyInfo *info)
{
  StsKeyGenerator gen;
  StsStatus status;

  if (info == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  status = sts_key_generator_init (&gen, info->dkga, vk);
  if (status == STS_OK)
    status = sts_key_generator_derive (&gen, out_dk, info);
  sts_key_generator_clear (&gen);
  return status;
}
