/* sts-amount.c: transfer amount encodings (SPEC 1.4; IEC 62055-41 6.3.6) */
#include <stddef.h>

#include "sts-amount.h"

#define MANTISSA_MAX 16383u

static const uint32_t amount_offset[4] = { 0, 16384, 180224, 1818624 };
static const uint32_t amount_scale[4] = { 1, 10, 100, 1000 };

StsStatus
sts_amount_encode (uint16_t *out_field,
                   uint32_t  value)
{
  if (out_field == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (value > STS_AMOUNT_MAX)
    return STS_ERR_AMOUNT_OUT_OF_RANGE;

  for (unsigned int e = 0; e < 4; e++)
    {
      uint32_t m = 0;

      /* Round up (clause 6.3.6.2); a value in the gap below offset_e is
       * carried up to offset_e itself (m = 0). */
      if (value > amount_offset[e])
        m = (value - amount_offset[e] + amount_scale[e] - 1) / amount_scale[e];
      if (m <= MANTISSA_MAX)
        {
          *out_field = (uint16_t) (e << 14 | m);
          return STS_OK;
        }
    }
  return STS_ERR_AMOUNT_OUT_OF_RANGE;  /* not reached: STS_AMOUNT_MAX fits */
}

uint32_t
sts_amount_decode (uint16_t field)
{
  unsigned int e = field >> 14;

  return (field & MANTISSA_MAX) * amount_scale[e] + amount_offset[e];
}

StsStatus
sts_currency_encode (uint16_t *out_field,
                     uint8_t  *out_se,
                     bool      negative,
                     uint64_t  base_units)
{
  uint64_t scale = 1;   /* 10^e */
  uint64_t offset = 0;  /* sum over n < e of 2^14 * 10^n */

  if (out_field == NULL || out_se == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (base_units > STS_CURRENCY_MAX)
    return STS_ERR_AMOUNT_OUT_OF_RANGE;

  /* With base_units <= 10^19 a fitting e <= 15 is always found, before
   * scale or offset could overflow. */
  for (unsigned int e = 0; e < 32; e++)
    {
      uint64_t m = 0;

      if (base_units > offset)
        {
          uint64_t rest = base_units - offset;

          /* Positive amounts round up; negative ones round the magnitude
           * down, again in the customer's favour. */
          m = rest / scale;
          if (!negative && rest % scale != 0)
            m++;
        }
      if (m <= MANTISSA_MAX)
        {
          *out_field = (uint16_t) ((e & 3) << 14 | m);
          *out_se = (uint8_t) ((negative ? 8 : 0) | e >> 2);
          return STS_OK;
        }
      if (scale > UINT64_MAX / 10 / (MANTISSA_MAX + 1))
        break;
      offset += (uint64_t) (MANTISSA_MAX + 1) * scale;
      scale *= 10;
    }
  return STS_ERR_AMOUNT_OUT_OF_RANGE;
}

StsStatus
sts_currency_decode (uint64_t *out_base_units,
                     bool     *out_negative,
                     uint16_t  field,
                     uint8_t   se)
{
  unsigned int e = (unsigned int) (se & 7) << 2 | field >> 14;
  uint64_t m = field & MANTISSA_MAX;
  uint64_t scale = 1;
  uint64_t offset = 0;

  if (out_base_units == NULL || out_negative == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (e > 19)
    return STS_ERR_AMOUNT_OUT_OF_RANGE;

  for (unsigned int n = 0; n < e; n++)
    {
      uint64_t step;

      if (scale > UINT64_MAX / (MANTISSA_MAX + 1))
        return STS_ERR_AMOUNT_OUT_OF_RANGE;
      step = (uint64_t) (MANTISSA_MAX + 1) * scale;
      if (offset > UINT64_MAX - step)
        return STS_ERR_AMOUNT_OUT_OF_RANGE;
      offset += step;
      scale *= 10;
    }
  if (m != 0 && scale > (UINT64_MAX - offset) / m)
    return STS_ERR_AMOUNT_OUT_OF_RANGE;

  *out_base_units = m * scale + offset;
  *out_negative = (se & 8) != 0;
  return STS_OK;
}
