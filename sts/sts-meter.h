/* sts-meter.h: the decoder side of a meter (SPEC 1.12), the core of the
 * meter simulator: accepts a token, applies it, remembers TIDs, and
 * refuses used, old, expired and foreign tokens with distinct outcomes. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sts-cipher.h"
#include "sts-key.h"
#include "sts-status.h"
#include "sts-token.h"

/* How many TIDs the meter remembers.  The standard's depth is not public
 * (SPEC 1.12); a window of this size behaves as real meters are described. */
#define STS_METER_TID_MEMORY 64
#define STS_METER_REGISTERS   8   /* class 0 subclasses 0..7 */

typedef enum
{
  STS_METER_CREDITED,           /* class 0: a register was credited */
  STS_METER_TEST,               /* class 1: a test/display token was accepted */
  STS_METER_MPL_SET,
  STS_METER_CREDIT_CLEARED,
  STS_METER_TARIFF_RATE_SET,
  STS_METER_TAMPER_CLEARED,
  STS_METER_MPPUL_SET,
  STS_METER_WATER_FACTOR_SET,
  STS_METER_KEY_CHANGE_PART,    /* one token of a key change set, held */
  STS_METER_KEY_CHANGED,        /* the set is complete: the new key is in use */
} StsMeterEventKind;

/* What an accepted token did. */
typedef struct
{
  StsMeterEventKind kind;
  StsTokenData      data;      /* the decoded token */
  int64_t           amount;    /* CREDITED: 0.1 units (sub 0..3) or 10^-5 units (currency);
                                * MPL_SET/MPPUL_SET: watts */
} StsMeterEvent;

typedef struct
{
  StsKeyInfo info;                          /* identity and current key parameters */
  StsCipher  cipher;                        /* the current decoder key */
  int64_t    registers[STS_METER_REGISTERS];
  uint32_t   mpl;                           /* watts; 0 = no limit set */
  uint32_t   mppul;
  uint16_t   tariff_rate;
  uint16_t   water_factor;
  bool       tamper;
  uint32_t   tids[STS_METER_TID_MEMORY];    /* ascending */
  size_t     n_tids;
  StsTokenData kct[4];                      /* held parts of a key change: KCT1..KCT4 */
  uint8_t    kct_held;                      /* bit i set: kct[i] is held */
} StsMeter;

/* Sets up a meter with identity @info and its decoder key @dk (derived
 * by the caller).  The caller calls sts_meter_clear() on success. */
StsStatus sts_meter_init  (StsMeter         *meter,
                           const StsKeyInfo *info,
                           const StsKey     *dk);

/* Enters @token as on the meter's keypad.  On success @out_event says what
 * it did.  Refusals: STS_ERR_BAD_TOKEN (not a token), STS_ERR_TOKEN_REJECTED
 * (CRC fails after decryption: wrong key, wrong meter, mistyped),
 * STS_ERR_TOKEN_USED, STS_ERR_TOKEN_OLD, STS_ERR_KEY_EXPIRED,
 * STS_ERR_MFR_MISMATCH, STS_ERR_OVERFLOW, STS_ERR_UNSUPPORTED.  A refused
 * token changes nothing. */
StsStatus sts_meter_enter (StsMeter      *meter,
                           StsMeterEvent *out_event,
                           const char    *token);

/* Wipes the meter's keys and frees its cipher. */
void      sts_meter_clear (StsMeter *meter);
