/* sts-amount.h: the 16-bit transfer amount encodings (SPEC 1.4) */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "sts-status.h"

/* Largest value the class 0 subclass 0..3 / MPL / MPPUL encoding reaches:
 * 16383 * 10^3 + 1818624 (in 0.1 units, or W). */
#define STS_AMOUNT_MAX 18201624u

/* Encodes @value (0.1 kWh, 0.1 m3, 0.1 min, or W for MPL/MPPUL) as
 * e << 14 | m with the smallest exponent e whose mantissa, rounded up in the
 * customer's favour, fits in 14 bits.  Values in the gaps between exponents
 * round up to the next step.  STS_ERR_AMOUNT_OUT_OF_RANGE above
 * STS_AMOUNT_MAX. */
StsStatus sts_amount_encode   (uint16_t *out_field,
                               uint32_t  value);

/* The value a field stands for: m * 10^e + offset_e. */
uint32_t  sts_amount_decode   (uint16_t  field);

/* Largest currency magnitude the engine encodes, in base units of 10^-5
 * (i.e. 10^14 currency units; the 5-bit exponent itself reaches further). */
#define STS_CURRENCY_MAX 10000000000000000000u

/* Encodes a currency amount (class 0 subclasses 4..7) of @base_units
 * (10^-5 currency units) with sign @negative: e in 0..31 split between the
 * S&E nibble (sign, e4, e3, e2) and the field's top bits (e1, e0).  Positive
 * amounts round up; negative amounts round their magnitude down. */
StsStatus sts_currency_encode (uint16_t *out_field,
                               uint8_t  *out_se,
                               bool      negative,
                               uint64_t  base_units);

/* Decodes a currency field and S&E nibble.  STS_ERR_AMOUNT_OUT_OF_RANGE if
 * the value exceeds 64 bits (exponents the encoder never produces). */
StsStatus sts_currency_decode (uint64_t *out_base_units,
                               bool     *out_negative,
                               uint16_t  field,
                               uint8_t   se);
