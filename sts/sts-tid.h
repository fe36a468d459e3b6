/* sts-tid.h: token identifiers, base dates and key expiry (SPEC 1.5) */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "sts-status.h"

typedef enum
{
  STS_BASE_1993 = 1993,
  STS_BASE_2014 = 2014,
  STS_BASE_2035 = 2035,
} StsBaseDate;

#define STS_TID_MAX 0xFFFFFFu   /* 24 bits of minutes */

/* True for 1993, 2014 and 2035. */
bool      sts_base_date_is_valid   (int year);

/* Seconds since 1970-01-01 00:00 UTC of a proleptic Gregorian UTC time.
 * STS_ERR_INVALID_ARGUMENT unless month, day, hour, minute, second are in
 * range (day checked against the month, leap years included). */
StsStatus sts_civil_to_unix        (int64_t *out_seconds,
                                    int      year,
                                    int      month,
                                    int      day,
                                    int      hour,
                                    int      minute,
                                    int      second);

/* The inverse of sts_civil_to_unix() (seconds are floored to minutes by the
 * caller when it wants minutes). */
void      sts_unix_to_civil        (int64_t  seconds,
                                    int     *out_year,
                                    int     *out_month,
                                    int     *out_day,
                                    int     *out_hour,
                                    int     *out_minute,
                                    int     *out_second);

/* Seconds since the Unix epoch of the base date's 00:00 UTC. */
int64_t   sts_base_date_to_unix    (StsBaseDate base);

/* The TID of a token issued at @issued (Unix seconds; seconds within the
 * minute are ignored): minutes since the base date's 00:00.  The reserved
 * TID rule applies: an issue time at minute-of-day 1 (00:01) takes TID + 1.
 * STS_ERR_TID_OUT_OF_RANGE before the base date or past its range end
 * (for 1993: 2024-11-24 20:15 is the last minute). */
StsStatus sts_tid_from_unix        (uint32_t   *out_tid,
                                    StsBaseDate base,
                                    int64_t     issued);

/* The Unix time (seconds) of the start of minute @tid of @base. */
int64_t   sts_tid_to_unix          (StsBaseDate base,
                                    uint32_t    tid);

/* Key expiry (SPEC 1.5, after the STS Association): a token with TID @tid
 * is refused by a key whose KEN is @ken when (TID >> 16) > KEN. */
bool      sts_tid_key_expired      (uint32_t tid,
                                    uint8_t  ken);
