/* sts-pan.c: MeterPAN parsing and Luhn check digits (SPEC 1.1) */
#include <string.h>

#include "sts-pan.h"

int
sts_luhn_check_digit (const char *body,
                      size_t      len)
{
  unsigned int sum = 0;

  for (size_t i = 0; i < len; i++)
    {
      char c = body[len - 1 - i];
      unsigned int d;

      if (c < '0' || c > '9')
        return -1;
      d = (unsigned int) (c - '0');
      /* The rightmost body digit is doubled, then every second one. */
      if (i % 2 == 0)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return (int) ((10 - sum % 10) % 10);
}

StsStatus
sts_pan_parse (StsPan     *out_pan,
               const char *text)
{
  size_t len;
  size_t iin_len;
  size_t drn_len;

  if (out_pan == NULL || text == NULL)
    return STS_ERR_INVALID_ARGUMENT;

  len = strlen (text);
  if (len != STS_PAN_DIGITS)
    return STS_ERR_BAD_PAN;
  for (size_t i = 0; i < len; i++)
    if (text[i] < '0' || text[i] > '9')
      return STS_ERR_BAD_PAN;

  if (memcmp (text, "600727", 6) == 0)
    iin_len = 6;
  else if (memcmp (text, "0000", 4) == 0)
    iin_len = 4;
  else
    return STS_ERR_BAD_PAN;
  drn_len = STS_PAN_DIGITS - 1 - iin_len;

  /* DRN = MfrCode || DSN || DRNcheck */
  if (sts_luhn_check_digit (text + iin_len, drn_len - 1) != text[iin_len + drn_len - 1] - '0')
    return STS_ERR_BAD_DRN_CHECK_DIGIT;
  if (sts_luhn_check_digit (text, STS_PAN_DIGITS - 1) != text[STS_PAN_DIGITS - 1] - '0')
    return STS_ERR_BAD_PAN_CHECK_DIGIT;

  memcpy (out_pan->digits, text, STS_PAN_DIGITS + 1);
  out_pan->iin_len = (uint8_t) iin_len;
  return STS_OK;
}

uint64_t
sts_pan_block (const StsPan *pan)
{
  uint64_t block = 0;

  /* IIN || DRN is 17 digits; its rightmost 16 start at digit 1. */
  for (size_t i = 1; i < STS_PAN_DIGITS - 1; i++)
    block = block << 4 | (uint64_t) (pan->digits[i] - '0');
  return block;
}
