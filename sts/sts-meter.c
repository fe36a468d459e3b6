/* sts-meter.c: meter-side token validation and effects (SPEC 1.12) */
#include <string.h>

#include <openssl/crypto.h>

#include "sts-amount.h"
#include "sts-meter.h"
#include "sts-private.h"

StsStatus
sts_meter_init (StsMeter         *meter,
                const StsKeyInfo *info,
                const StsKey     *dk)
{
  StsStatus status;

  if (meter == NULL || info == NULL || dk == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  memset (meter, 0, sizeof *meter);
  status = sts_key_info_check (info);
  if (status != STS_OK)
    return status;
  status = sts_cipher_init (&meter->cipher, info->ea, dk);
  if (status != STS_OK)
    return status;
  meter->info = *info;
  return STS_OK;
}

void
sts_meter_clear (StsMeter *meter)
{
  if (meter == NULL)
    return;
  sts_cipher_clear (&meter->cipher);
  OPENSSL_cleanse (meter, sizeof *meter);
}

/* The manufacturer code is the first 2 (IIN 600727) or 4 (IIN 0000)
 * digits of the DRN. */
static unsigned int
meter_mfr_code (const StsMeter *meter)
{
  unsigned int digits = meter->info.pan.iin_len == 6 ? 2 : 4;
  unsigned int code = 0;

  for (unsigned int i = 0; i < digits; i++)
    code = code * 10 + (unsigned int) (meter->info.pan.digits[meter->info.pan.iin_len + i] - '0');
  return code;
}

/* SPEC 1.12: present -> USED; older than the oldest remembered (with the
 * memory full) -> OLD. */
static StsStatus
check_tid (const StsMeter *meter,
           uint32_t        tid)
{
  for (size_t i = 0; i < meter->n_tids; i++)
    if (meter->tids[i] == tid)
      return STS_ERR_TOKEN_USED;
  if (meter->n_tids == STS_METER_TID_MEMORY && tid < meter->tids[0])
    return STS_ERR_TOKEN_OLD;
  return STS_OK;
}

static void
remember_tid (StsMeter *meter,
              uint32_t  tid)
{
  size_t pos;

  if (meter->n_tids == STS_METER_TID_MEMORY)
    {
      /* Forget the oldest. */
      memmove (meter->tids, meter->tids + 1, (STS_METER_TID_MEMORY - 1) * sizeof meter->tids[0]);
      meter->n_tids--;
    }
  pos = meter->n_tids;
  while (pos > 0 && meter->tids[pos - 1] > tid)
    {
      meter->tids[pos] = meter->tids[pos - 1];
      pos--;
    }
  meter->tids[pos] = tid;
  meter->n_tids++;
}

static int
kct_index (unsigned int subclass)
{
  switch (subclass)
    {
    case STS_SUB_KCT1: return 0;
    case STS_SUB_KCT2: return 1;
    case STS_SUB_KCT3: return 2;
    case STS_SUB_KCT4: return 3;
    default: return -1;
    }
}

/* Holds one part of a key change set and applies the set once every part
 * has arrived (SPEC 1.11): 2 parts for a 64-bit key, 4 for a 128-bit one. */
static StsStatus
enter_key_change (StsMeter           *meter,
                  StsMeterEvent      *event,
                  const StsTokenData *td)
{
  size_t key_len = sts_ea_key_length (meter->info.ea);
  uint8_t needed = key_len == 16 ? 0x0F : 0x03;
  int index = kct_index (td->subclass);
  StsKey new_dk;
  StsCipher new_cipher;
  StsKeyInfo new_info;
  StsStatus status;
  bool rollover;

  if (((1u << index) & needed) == 0)
    return STS_ERR_UNSUPPORTED;  /* KCT3/KCT4 for a 64-bit key */

  meter->kct[index] = *td;
  meter->kct_held |= (uint8_t) (1u << index);
  event->kind = STS_METER_KEY_CHANGE_PART;
  if ((meter->kct_held & needed) != needed)
    return STS_OK;

  rollover = meter->kct[0].rollover;
  memset (&new_dk, 0, sizeof new_dk);
  new_dk.len = (uint8_t) key_len;
  if (key_len == 8)
    {
      sts_store_be64 (new_dk.bytes, (uint64_t) meter->kct[0].key_part << 32 | meter->kct[1].key_part);
    }
  else
    {
      sts_store_be64 (new_dk.bytes, (uint64_t) meter->kct[0].key_part << 32 | meter->kct[2].key_part);
      sts_store_be64 (new_dk.bytes + 8, (uint64_t) meter->kct[3].key_part << 32 | meter->kct[1].key_part);
    }

  new_info = meter->info;
  new_info.krn = meter->kct[0].krn;
  new_info.kt = meter->kct[0].kt;
  new_info.ken = (uint8_t) (meter->kct[0].ken_half << 4 | meter->kct[1].ken_half);
  new_info.ti = meter->kct[1].ti;
  if (key_len == 16)
    new_info.sgc = (uint32_t) meter->kct[3].sgc_half << 12 | meter->kct[2].sgc_half;
  if (rollover)
    {
      /* Rollover moves the meter to the next base date. */
      if (new_info.base == STS_BASE_1993)
        new_info.base = STS_BASE_2014;
      else if (new_info.base == STS_BASE_2014)
        new_info.base = STS_BASE_2035;
      else
        {
          sts_key_wipe (&new_dk);
          return STS_ERR_UNSUPPORTED;
        }
    }

  status = sts_key_info_check (&new_info);
  if (status == STS_OK)
    status = sts_cipher_init (&new_cipher, new_info.ea, &new_dk);
  sts_key_wipe (&new_dk);
  if (status != STS_OK)
    return STS_ERR_UNSUPPORTED;

  sts_cipher_clear (&meter->cipher);
  meter->cipher = new_cipher;
  OPENSSL_cleanse (&new_cipher, sizeof new_cipher);
  meter->info = new_info;
  OPENSSL_cleanse (meter->kct, sizeof meter->kct);
  meter->kct_held = 0;
  if (rollover)
    meter->n_tids = 0;  /* TIDs of the old base date mean nothing now */
  event->kind = STS_METER_KEY_CHANGED;
  return STS_OK;
}

static StsStatus
apply_management (StsMeter           *meter,
                  StsMeterEvent      *event,
                  const StsTokenData *td)
{
  switch (td->subclass)
    {
    case STS_SUB_SET_MPL:
      meter->mpl = sts_amount_decode (td->value);
      event->kind = STS_METER_MPL_SET;
      event->amount = meter->mpl;
      return STS_OK;
    case STS_SUB_SET_MPPUL:
      meter->mppul = sts_amount_decode (td->value);
      event->kind = STS_METER_MPPUL_SET;
      event->amount = meter->mppul;
      return STS_OK;
    case STS_SUB_CLEAR_CREDIT:
      if (td->value == STS_REGISTER_ALL)
        memset (meter->registers, 0, sizeof meter->registers);
      else if (td->value < STS_METER_REGISTERS)
        meter->registers[td->value] = 0;
      else
        return STS_ERR_UNSUPPORTED;
      event->kind = STS_METER_CREDIT_CLEARED;
      return STS_OK;
    case STS_SUB_SET_TARIFF_RATE:
      meter->tariff_rate = td->value;
      event->kind = STS_METER_TARIFF_RATE_SET;
      return STS_OK;
    case STS_SUB_CLEAR_TAMPER:
      meter->tamper = false;
      event->kind = STS_METER_TAMPER_CLEARED;
      return STS_OK;
    case STS_SUB_WATER_FACTOR:
      meter->water_factor = td->value;
      event->kind = STS_METER_WATER_FACTOR_SET;
      return STS_OK;
    default:
      return STS_ERR_UNSUPPORTED;
    }
}

static StsStatus
apply_credit (StsMeter           *meter,
              StsMeterEvent      *event,
              const StsTokenData *td)
{
  int64_t amount;
  int64_t *reg;

  if (td->subclass >= STS_METER_REGISTERS)
    return STS_ERR_UNSUPPORTED;
  reg = &meter->registers[td->subclass];
  if (sts_token_is_currency (td->token_class, td->subclass))
    {
      uint64_t units;
      bool negative;

      if (sts_currency_decode (&units, &negative, td->value, td->rnd) != STS_OK
          || units > (uint64_t) INT64_MAX)
        return STS_ERR_OVERFLOW;
      amount = negative ? -(int64_t) units : (int64_t) units;
    }
  else
    amount = sts_amount_decode (td->value);

  if ((amount > 0 && *reg > INT64_MAX - amount) || (amount < 0 && *reg < INT64_MIN - amount))
    return STS_ERR_OVERFLOW;
  *reg += amount;
  event->kind = STS_METER_CREDITED;
  event->amount = amount;
  return STS_OK;
}

StsStatus
sts_meter_enter (StsMeter      *meter,
                 StsMeterEvent *out_event,
                 const char    *token)
{
  StsMeterEvent event;
  unsigned int token_class;
  uint64_t block;
  bool crc_ok;
  StsStatus status;
  StsTokenData *td = &event.data;

  if (meter == NULL || out_event == NULL || token == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  memset (&event, 0, sizeof event);

  status = sts_token_parse (&token_class, &block, token);
  if (status != STS_OK)
    return status;
  if (token_class == STS_CLASS_RESERVED)
    return STS_ERR_UNSUPPORTED;
  if (token_class != STS_CLASS_TEST)
    {
      status = sts_cipher_decrypt (&meter->cipher, &block, block);
      if (status != STS_OK)
        return status;
    }
  sts_token_data_unpack (td, &crc_ok, token_class, block);
  if (!crc_ok)
    return STS_ERR_TOKEN_REJECTED;

  if (token_class == STS_CLASS_TEST)
    {
      if (td->subclass > 1)
        return STS_ERR_UNSUPPORTED;
      if (td->mfr != meter_mfr_code (meter))
        return STS_ERR_MFR_MISMATCH;
      event.kind = STS_METER_TEST;
      *out_event = event;
      return STS_OK;
    }

  if (sts_token_is_key_change (token_class, td->subclass))
    {
      status = enter_key_change (meter, &event, td);
      if (status == STS_OK)
        *out_event = event;
      return status;
    }

  /* Tokens that carry a TID: memory first, then key expiry (SPEC 1.12). */
  status = check_tid (meter, td->tid);
  if (status != STS_OK)
    return status;
  if (sts_tid_key_expired (td->tid, meter->info.ken))
    return STS_ERR_KEY_EXPIRED;

  if (token_class == STS_CLASS_TRANSFER)
    status = apply_credit (meter, &event, td);
  else
    status = apply_management (meter, &event, td);
  if (status != STS_OK)
    return status;

  remember_tid (meter, td->tid);
  *out_event = event;
  return STS_OK;
}
