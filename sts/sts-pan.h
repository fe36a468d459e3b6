/* sts-pan.h: MeterPAN and its check digits (SPEC 1.1) */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sts-status.h"

#define STS_PAN_DIGITS 18

/* A MeterPAN = IIN || DRN || PAN check digit, validated. */
typedef struct
{
  char    digits[STS_PAN_DIGITS + 1];  /* 18 ASCII digits and a NUL */
  uint8_t iin_len;                     /* 6 (IIN 600727) or 4 (IIN 0000) */
} StsPan;

/* Luhn check digit over @len ASCII digits of @body (SPEC 1.1): doubling
 * starts at the rightmost body digit.  Returns 0..9, or -1 when @body holds
 * a non-digit. */
int        sts_luhn_check_digit (const char *body,
                                 size_t      len);

/* Parses and validates an 18-digit MeterPAN: IIN 600727 with an 11-digit
 * DRN, or IIN 0000 with a 13-digit DRN; the DRN check digit (Luhn over
 * MfrCode || DSN) and the PAN check digit (Luhn over IIN || DRN).
 * Errors: STS_ERR_BAD_PAN, STS_ERR_BAD_DRN_CHECK_DIGIT,
 * STS_ERR_BAD_PAN_CHECK_DIGIT.  The DRN is checked first. */
StsStatus  sts_pan_parse        (StsPan     *out_pan,
                                 const char *text);

/* The DKGA02 PANBlock: the rightmost 16 digits of IIN || DRN read as BCD. */
uint64_t   sts_pan_block        (const StsPan *pan);
