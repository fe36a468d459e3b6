/* sts-token.h: token data blocks, the 66-bit transposition and the
 * 20-digit form; token generation, decoding and key change sets
 * (SPEC 1.2, 1.6, 1.11) */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sts-cipher.h"
#include "sts-key.h"
#include "sts-status.h"

#define STS_TOKEN_DIGITS   20
#define STS_KEY_CHANGE_MAX  4

typedef enum
{
  STS_CLASS_TRANSFER   = 0,  /* credit: electricity, water, gas, time, currency */
  STS_CLASS_TEST       = 1,  /* non-meter-specific test/display, not encrypted */
  STS_CLASS_MANAGEMENT = 2,  /* meter-specific engineering and key change */
  STS_CLASS_RESERVED   = 3,
} StsTokenClass;

/* Class 0 subclasses. */
enum
{
  STS_SUB_ELECTRICITY = 0,  /* 0.1 kWh */
  STS_SUB_WATER       = 1,  /* 0.1 m3 */
  STS_SUB_GAS         = 2,  /* 0.1 m3 */
  STS_SUB_TIME        = 3,  /* 0.1 minute */
  STS_SUB_CURRENCY    = 4,  /* 4..7: currency, 10^-5 units */
};

/* Class 2 subclasses. */
enum
{
  STS_SUB_SET_MPL          = 0,
  STS_SUB_CLEAR_CREDIT     = 1,
  STS_SUB_SET_TARIFF_RATE  = 2,
  STS_SUB_KCT1             = 3,
  STS_SUB_KCT2             = 4,
  STS_SUB_CLEAR_TAMPER     = 5,
  STS_SUB_SET_MPPUL        = 6,
  STS_SUB_WATER_FACTOR     = 7,
  STS_SUB_KCT3             = 8,
  STS_SUB_KCT4             = 9,
};

#define STS_REGISTER_ALL 0xFFFFu

/* The fields of one token.  Which members count depends on the class and
 * subclass (SPEC 1.2); the others are ignored when packing and zero after
 * unpacking. */
typedef struct
{
  uint8_t  token_class;
  uint8_t  subclass;

  /* Class 0 and class 2 subclasses 0..2, 5..7 (and unknown ones). */
  uint8_t  rnd;        /* 4 bits; for currency tokens the S&E nibble */
  uint32_t tid;        /* 24 bits */
  uint16_t value;      /* amount field, register, or raw 16-bit value */

  /* Class 1. */
  uint64_t control;    /* 36 bits (subclass 0) or 28 bits (subclass 1) */
  uint16_t mfr;        /* 8 bits (subclass 0) or 16 bits (subclass 1) */

  /* Class 2 key change tokens. */
  uint8_t  ken_half;   /* KCT1: KEN bits 7..4; KCT2: KEN bits 3..0 */
  uint8_t  krn;        /* KCT1 */
  uint8_t  kt;         /* KCT1 */
  bool     rollover;   /* KCT1 */
  uint8_t  ti;         /* KCT2, binary */
  uint16_t sgc_half;   /* KCT3: SGC bits 11..0; KCT4: SGC bits 23..12 */
  uint32_t key_part;   /* KCT1 NKHO, KCT2 NKLO, KCT3 NKMO2, KCT4 NKMO1 */

  uint16_t crc;        /* the stored CRC field (set by pack and unpack) */
} StsTokenData;

/* True for class 0 subclasses 4..7, whose CRC is CRC_C and whose RND
 * nibble is the sign and exponent. */
bool      sts_token_is_currency (unsigned int token_class,
                                 unsigned int subclass);

/* True for the class 2 key change subclasses 3, 4, 8, 9. */
bool      sts_token_is_key_change (unsigned int token_class,
                                   unsigned int subclass);

/* Builds the 64-bit plaintext block of @td, CRC included, and stores the
 * CRC field in @td->crc.  STS_ERR_BAD_CLASS for class 3 and class 1
 * subclasses other than 0 and 1; STS_ERR_BAD_FIELD when a field does not
 * fit its bits. */
StsStatus sts_token_data_pack   (uint64_t     *out_block,
                                 StsTokenData *td);

/* Splits a plaintext block of class @token_class into @out_td and checks
 * its CRC (CRC_C for currency tokens). */
void      sts_token_data_unpack (StsTokenData *out_td,
                                 bool         *out_crc_ok,
                                 unsigned int  token_class,
                                 uint64_t      block);

/* The 20-digit token (and a NUL) for a class and encrypted block, after
 * the 66-bit transposition (SPEC 1.6). */
void      sts_token_format      (char         out[STS_TOKEN_DIGITS + 1],
                                 unsigned int token_class,
                                 uint64_t     block);

/* The inverse of sts_token_format(): @digits must be exactly 20 ASCII
 * digits, at most 2^66 - 1 (STS_ERR_BAD_TOKEN otherwise). */
StsStatus sts_token_parse       (unsigned int *out_class,
                                 uint64_t     *out_block,
                                 const char   *digits);

/* Packs, encrypts (class 1 is never encrypted; @cipher may then be NULL)
 * and formats one token.  Allocates nothing. */
StsStatus sts_token_generate    (char             out[STS_TOKEN_DIGITS + 1],
                                 const StsCipher *cipher,
                                 StsTokenData    *td);

/* Parses, decrypts (unless class 1) and unpacks a token.  A wrong key is
 * not an error here: it shows as *@out_crc_ok == false.  @cipher may be
 * NULL only for class 1 tokens (STS_ERR_INVALID_ARGUMENT otherwise). */
StsStatus sts_token_decode      (StsTokenData    *out_td,
                                 bool            *out_crc_ok,
                                 const StsCipher *cipher,
                                 const char      *token);

/* The new key and the meter parameters a key change carries. */
typedef struct
{
  StsKey   new_dk;     /* 8 bytes: 2 tokens; 16 bytes: 4 tokens */
  uint8_t  ken;
  uint8_t  krn;        /* 1..9 */
  uint8_t  kt;         /* 0..3 */
  uint8_t  ti;         /* 0..99 */
  uint32_t sgc;        /* 0..999999, sent in KCT3/KCT4 only */
  bool     rollover;   /* the base date changes: the meter clears its TIDs */
} StsKeyChange;

/* Generates the key change set (SPEC 1.11), every token encrypted with
 * the meter's current key @current, in the order of entry: KCT1, KCT2 and,
 * for a 128-bit new key, KCT3, KCT4.  *@out_n is 2 or 4. */
StsStatus sts_key_change_generate (char               out[STS_KEY_CHANGE_MAX][STS_TOKEN_DIGITS + 1],
                                   size_t            *out_n,
                                   const StsCipher   *current,
                                   const StsKeyChange *change);
