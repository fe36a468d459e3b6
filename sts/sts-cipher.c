/* sts-cipher.c: one interface over EA07, EA09 and EA11 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "sts-cipher.h"
#include "sts-private.h"

static EVP_CIPHER_CTX *
des_context_new (const uint8_t key[8],
                 int           encrypt)
{
  uint8_t des3_key[24];
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  int ok;

  /* Single DES as EDE with K1 = K2 = K3 (see sts-key.c). */
  for (int i = 0; i < 3; i++)
    memcpy (des3_key + 8 * i, key, 8);
  ok = ctx != NULL
       && EVP_CipherInit_ex2 (ctx, EVP_des_ede3_ecb (), des3_key, NULL, encrypt, NULL) == 1
       && EVP_CIPHER_CTX_set_padding (ctx, 0) == 1;
  OPENSSL_cleanse (des3_key, sizeof des3_key);
  if (!ok)
    {
      EVP_CIPHER_CTX_free (ctx);
      return NULL;
    }
  return ctx;
}

StsStatus
sts_cipher_init (StsCipher    *cipher,
                 StsEa         ea,
                 const StsKey *dk)
{
  size_t key_len = sts_ea_key_length (ea);

  if (cipher == NULL || dk == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  memset (cipher, 0, sizeof *cipher);
  if (key_len == 0)
    return STS_ERR_BAD_EA;
  if (dk->len != key_len)
    return STS_ERR_BAD_KEY;

  cipher->ea = ea;
  switch (ea)
    {
    case STS_EA_STA:
      sts_sta_key_init (&cipher->u.sta, sts_load_be64 (dk->bytes));
      break;
    case STS_EA_MISTY1:
      sts_misty1_key_init (&cipher->u.misty1, dk->bytes);
      break;
    case STS_EA_DEA:
      cipher->des_enc = des_context_new (dk->bytes, 1);
      cipher->des_dec = des_context_new (dk->bytes, 0);
      if (cipher->des_enc == NULL || cipher->des_dec == NULL)
        {
          sts_cipher_clear (cipher);
          return STS_ERR_CRYPTO;
        }
      break;
    default:
      return STS_ERR_BAD_EA;
    }
  return STS_OK;
}

static StsStatus
des_block (void     *ctx,
           uint64_t *out_block,
           uint64_t  block)
{
  uint8_t in[8], out[8];
  int out_len = 0;

  sts_store_be64 (in, block);
  if (EVP_CipherUpdate (ctx, out, &out_len, in, 8) != 1 || out_len != 8)
    return STS_ERR_CRYPTO;
  *out_block = sts_load_be64 (out);
  return STS_OK;
}

StsStatus
sts_cipher_encrypt (const StsCipher *cipher,
                    uint64_t        *out_block,
                    uint64_t         block)
{
  if (cipher == NULL || out_block == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  switch (cipher->ea)
    {
    case STS_EA_STA:
      *out_block = sts_sta_encrypt (&cipher->u.sta, block);
      return STS_OK;
    case STS_EA_MISTY1:
      *out_block = sts_misty1_encrypt (&cipher->u.misty1, block);
      return STS_OK;
    case STS_EA_DEA:
      return des_block (cipher->des_enc, out_block, block);
    default:
      return STS_ERR_BAD_EA;
    }
}

StsStatus
sts_cipher_decrypt (const StsCipher *cipher,
                    uint64_t        *out_block,
                    uint64_t         block)
{
  if (cipher == NULL || out_block == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  switch (cipher->ea)
    {
    case STS_EA_STA:
      *out_block = sts_sta_decrypt (&cipher->u.sta, block);
      return STS_OK;
    case STS_EA_MISTY1:
      *out_block = sts_misty1_decrypt (&cipher->u.misty1, block);
      return STS_OK;
    case STS_EA_DEA:
      return des_block (cipher->des_dec, out_block, block);
    default:
      return STS_ERR_BAD_EA;
    }
}

void
sts_cipher_clear (StsCipher *cipher)
{
  if (cipher == NULL)
    return;
  EVP_CIPHER_CTX_free (cipher->des_enc);
  EVP_CIPHER_CTX_free (cipher->des_dec);
  OPENSSL_cleanse (cipher, sizeof *cipher);
}
