/* sts-token.c: token data blocks, transposition and the 20-digit form
 * (SPEC 1.2, 1.3, 1.6, 1.11) */
#include <string.h>

#include <openssl/crypto.h>

#include "sts-crc.h"
#include "sts-private.h"
#include "sts-token.h"

#define BITS(n) ((UINT64_C (1) << (n)) - 1)

bool
sts_token_is_currency (unsigned int token_class,
                       unsigned int subclass)
{
  return token_class == STS_CLASS_TRANSFER && subclass >= 4 && subclass <= 7;
}

bool
sts_token_is_key_change (unsigned int token_class,
                         unsigned int subclass)
{
  return token_class == STS_CLASS_MANAGEMENT
         && (subclass == STS_SUB_KCT1 || subclass == STS_SUB_KCT2
             || subclass == STS_SUB_KCT3 || subclass == STS_SUB_KCT4);
}

/* [63..60] sub [59..56] RND [55..32] TID [31..16] value */
static StsStatus
pack_tid_layout (uint64_t           *block,
                 const StsTokenData *td)
{
  if (td->rnd > 15 || td->tid > BITS (24))
    return STS_ERR_BAD_FIELD;
  *block = (uint64_t) td->subclass << 60 | (uint64_t) td->rnd << 56
           | (uint64_t) td->tid << 32 | (uint64_t) td->value << 16;
  return STS_OK;
}

StsStatus
sts_token_data_pack (uint64_t     *out_block,
                     StsTokenData *td)
{
  uint64_t block = 0;
  StsStatus status = STS_OK;

  if (out_block == NULL || td == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (td->subclass > 15)
    return STS_ERR_BAD_CLASS;

  switch (td->token_class)
    {
    case STS_CLASS_TRANSFER:
      if (td->subclass > 7)
        return STS_ERR_BAD_CLASS;
      status = pack_tid_layout (&block, td);
      break;

    case STS_CLASS_TEST:
      if (td->subclass == 0)
        {
          /* [59..24] control (36) [23..16] MfrCode (8) */
          if (td->control > BITS (36) || td->mfr > 0xFF)
            return STS_ERR_BAD_FIELD;
          block = UINT64_C (0) << 60 | td->control << 24 | (uint64_t) td->mfr << 16;
        }
      else if (td->subclass == 1)
        {
          /* [59..32] control (28) [31..16] MfrCode (16) */
          if (td->control > BITS (28))
            return STS_ERR_BAD_FIELD;
          block = UINT64_C (1) << 60 | td->control << 32 | (uint64_t) td->mfr << 16;
        }
      else
        return STS_ERR_BAD_CLASS;
      break;

    case STS_CLASS_MANAGEMENT:
      switch (td->subclass)
        {
        case STS_SUB_KCT1:
          /* [59..56] KENHO [55..52] KRN [51] RO [50] 0 [49..48] KT [47..16] NKHO */
          if (td->ken_half > 15 || td->krn > 15 || td->kt > 3)
            return STS_ERR_BAD_FIELD;
          block = (uint64_t) STS_SUB_KCT1 << 60 | (uint64_t) td->ken_half << 56
                  | (uint64_t) td->krn << 52 | (uint64_t) (td->rollover ? 1 : 0) << 51
                  | (uint64_t) td->kt << 48 | (uint64_t) td->key_part << 16;
          break;
        case STS_SUB_KCT2:
          /* [59..56] KENLO [55..48] TI (binary) [47..16] NKLO */
          if (td->ken_half > 15)
            return STS_ERR_BAD_FIELD;
          block = (uint64_t) STS_SUB_KCT2 << 60 | (uint64_t) td->ken_half << 56
                  | (uint64_t) td->ti << 48 | (uint64_t) td->key_part << 16;
          break;
        case STS_SUB_KCT3:
        case STS_SUB_KCT4:
          /* [59..48] 12 bits of SGC [47..16] NKMO2 / NKMO1 */
          if (td->sgc_half > BITS (12))
            return STS_ERR_BAD_FIELD;
          block = (uint64_t) td->subclass << 60 | (uint64_t) td->sgc_half << 48
                  | (uint64_t) td->key_part << 16;
          break;
        case STS_SUB_SET_MPL:
        case STS_SUB_CLEAR_CREDIT:
        case STS_SUB_SET_TARIFF_RATE:
        case STS_SUB_CLEAR_TAMPER:
        case STS_SUB_SET_MPPUL:
        case STS_SUB_WATER_FACTOR:
          status = pack_tid_layout (&block, td);
          break;
        default:
          return STS_ERR_BAD_CLASS;
        }
      break;

    default:
      return STS_ERR_BAD_CLASS;
    }

  if (status != STS_OK)
    return status;
  td->crc = sts_crc_field (td->token_class, block,
                           sts_token_is_currency (td->token_class, td->subclass));
  *out_block = block | td->crc;
  return STS_OK;
}

void
sts_token_data_unpack (StsTokenData *out_td,
                       bool         *out_crc_ok,
                       unsigned int  token_class,
                       uint64_t      block)
{
  StsTokenData td;
  unsigned int sub = (unsigned int) (block >> 60);

  memset (&td, 0, sizeof td);
  td.token_class = (uint8_t) (token_class & 3);
  td.subclass = (uint8_t) sub;
  td.crc = (uint16_t) block;

  if (td.token_class == STS_CLASS_TEST && sub == 0)
    {
      td.control = block >> 24 & BITS (36);
      td.mfr = (uint16_t) (block >> 16 & 0xFF);
    }
  else if (td.token_class == STS_CLASS_TEST && sub == 1)
    {
      td.control = block >> 32 & BITS (28);
      td.mfr = (uint16_t) (block >> 16);
    }
  else if (td.token_class == STS_CLASS_MANAGEMENT && sub == STS_SUB_KCT1)
    {
      td.ken_half = (uint8_t) (block >> 56 & 15);
      td.krn = (uint8_t) (block >> 52 & 15);
      td.rollover = (block >> 51 & 1) != 0;
      td.kt = (uint8_t) (block >> 48 & 3);
      td.key_part = (uint32_t) (block >> 16);
    }
  else if (td.token_class == STS_CLASS_MANAGEMENT && sub == STS_SUB_KCT2)
    {
      td.ken_half = (uint8_t) (block >> 56 & 15);
      td.ti = (uint8_t) (block >> 48);
      td.key_part = (uint32_t) (block >> 16);
    }
  else if (td.token_class == STS_CLASS_MANAGEMENT
           && (sub == STS_SUB_KCT3 || sub == STS_SUB_KCT4))
    {
      td.sgc_half = (uint16_t) (block >> 48 & BITS (12));
      td.key_part = (uint32_t) (block >> 16);
    }
  else
    {
      td.rnd = (uint8_t) (block >> 56 & 15);
      td.tid = (uint32_t) (block >> 32 & BITS (24));
      td.value = (uint16_t) (block >> 16);
    }

  *out_crc_ok = sts_crc_field (td.token_class, block,
                               sts_token_is_currency (td.token_class, sub)) == td.crc;
  *out_td = td;
}

/* 2^64 = 1844674407 * 10^10 + 3709551616 */
#define TEN_POW_10     UINT64_C (10000000000)
#define TWO64_HIGH     UINT64_C (1844674407)
#define TWO64_LOW      UINT64_C (3709551616)

void
sts_token_format (char         out[STS_TOKEN_DIGITS + 1],
                  unsigned int token_class,
                  uint64_t     block)
{
  /* The class travels in bits 28..27; the two block bits it displaces move
   * to bits 65..64 (SPEC 1.6). */
  uint64_t hi = (block >> 28 & 1) << 1 | (block >> 27 & 1);
  uint64_t lo = (block & ~(UINT64_C (3) << 27)) | (uint64_t) (token_class & 3) << 27;
  uint64_t low_sum = hi * TWO64_LOW + lo % TEN_POW_10;
  uint64_t q = hi * TWO64_HIGH + lo / TEN_POW_10 + low_sum / TEN_POW_10;
  uint64_t r = low_sum % TEN_POW_10;

  for (int i = 9; i >= 0; i--)
    {
      out[10 + i] = (char) ('0' + r % 10);
      r /= 10;
      out[i] = (char) ('0' + q % 10);
      q /= 10;
    }
  out[STS_TOKEN_DIGITS] = '\0';
}

StsStatus
sts_token_parse (unsigned int *out_class,
                 uint64_t     *out_block,
                 const char   *digits)
{
  uint64_t q = 0, r = 0, t, hi, lo;

  if (out_class == NULL || out_block == NULL || digits == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  for (int i = 0; i < STS_TOKEN_DIGITS; i++)
    {
      if (digits[i] < '0' || digits[i] > '9')
        return STS_ERR_BAD_TOKEN;
      if (i < 10)
        q = q * 10 + (uint64_t) (digits[i] - '0');
      else
        r = r * 10 + (uint64_t) (digits[i] - '0');
    }
  if (digits[STS_TOKEN_DIGITS] != '\0')
    return STS_ERR_BAD_TOKEN;

  /* N = q * 10^10 + r = (q * 5^10) * 2^10 + r, and q * 5^10 < 2^64. */
  t = q * UINT64_C (9765625);
  hi = t >> 54;
  lo = t << 10;
  if (lo + r < lo)
    hi++;
  lo += r;
  if (hi > 3)
    return STS_ERR_BAD_TOKEN;

  *out_class = (unsigned int) (lo >> 27 & 3);
  *out_block = (lo & ~(UINT64_C (3) << 27)) | (hi >> 1 & 1) << 28 | (hi & 1) << 27;
  return STS_OK;
}

StsStatus
sts_token_generate (char             out[STS_TOKEN_DIGITS + 1],
                    const StsCipher *cipher,
                    StsTokenData    *td)
{
  uint64_t block;
  StsStatus status;

  if (out == NULL || td == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  status = sts_token_data_pack (&block, td);
  if (status != STS_OK)
    return status;
  if (td->token_class != STS_CLASS_TEST)
    {
      if (cipher == NULL)
        return STS_ERR_INVALID_ARGUMENT;
      status = sts_cipher_encrypt (cipher, &block, block);
      if (status != STS_OK)
        return status;
    }
  sts_token_format (out, td->token_class, block);
  return STS_OK;
}

StsStatus
sts_token_decode (StsTokenData    *out_td,
                  bool            *out_crc_ok,
                  const StsCipher *cipher,
                  const char      *token)
{
  unsigned int token_class;
  uint64_t block;
  StsStatus status;

  if (out_td == NULL || out_crc_ok == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  status = sts_token_parse (&token_class, &block, token);
  if (status != STS_OK)
    return status;
  if (token_class != STS_CLASS_TEST)
    {
      if (cipher == NULL)
        return STS_ERR_INVALID_ARGUMENT;
      status = sts_cipher_decrypt (cipher, &block, block);
      if (status != STS_OK)
        return status;
    }
  sts_token_data_unpack (out_td, out_crc_ok, token_class, block);
  return STS_OK;
}

StsStatus
sts_key_change_generate (char                out[STS_KEY_CHANGE_MAX][STS_TOKEN_DIGITS + 1],
                         size_t             *out_n,
                         const StsCipher    *current,
                         const StsKeyChange *change)
{
  StsTokenData td[STS_KEY_CHANGE_MAX];
  const uint8_t *nk;
  size_t n;
  StsStatus status = STS_OK;

  if (out == NULL || out_n == NULL || current == NULL || change == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (change->new_dk.len != 8 && change->new_dk.len != 16)
    return STS_ERR_BAD_KEY;
  if (change->krn < 1 || change->krn > 9)
    return STS_ERR_BAD_KRN;
  if (change->kt > 3)
    return STS_ERR_BAD_KT;
  if (change->ti > 99)
    return STS_ERR_BAD_TI;
  if (change->sgc > 999999)
    return STS_ERR_BAD_SGC;

  /* NK as a big-endian integer: NKHO = bits 127..96 (or 63..32),
   * NKMO2 = 95..64, NKMO1 = 63..32, NKLO = the last 32 bits. */
  nk = change->new_dk.bytes;
  n = change->new_dk.len == 8 ? 2 : 4;
  memset (td, 0, sizeof td);
  for (size_t i = 0; i < n; i++)
    td[i].token_class = STS_CLASS_MANAGEMENT;

  td[0].subclass = STS_SUB_KCT1;
  td[0].ken_half = change->ken >> 4;
  td[0].krn = change->krn;
  td[0].rollover = change->rollover;
  td[0].kt = change->kt;
  td[0].key_part = (uint32_t) (sts_load_be64 (nk) >> 32);

  td[1].subclass = STS_SUB_KCT2;
  td[1].ken_half = change->ken & 15;
  td[1].ti = change->ti;
  td[1].key_part = (uint32_t) sts_load_be64 (nk + change->new_dk.len - 8);

  if (n == 4)
    {
      td[2].subclass = STS_SUB_KCT3;
      td[2].sgc_half = (uint16_t) (change->sgc & 0xFFF);
      td[2].key_part = (uint32_t) sts_load_be64 (nk);
      td[3].subclass = STS_SUB_KCT4;
      td[3].sgc_half = (uint16_t) (change->sgc >> 12);
      td[3].key_part = (uint32_t) (sts_load_be64 (nk + 8) >> 32);
    }

  for (size_t i = 0; i < n && status == STS_OK; i++)
    status = sts_token_generate (out[i], current, &td[i]);
  OPENSSL_cleanse (td, sizeof td);
  if (status != STS_OK)
    {
      OPENSSL_cleanse (out, sizeof out[0] * STS_KEY_CHANGE_MAX);
      return status;
    }
  *out_n = n;
  return STS_OK;
}
