/* sts-tid.c: TID arithmetic (SPEC 1.5) */
#include <stddef.h>

#include "sts-tid.h"

bool
sts_base_date_is_valid (int year)
{
  return year == STS_BASE_1993 || year == STS_BASE_2014 || year == STS_BASE_2035;
}

static bool
is_leap (int64_t year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar
 * (the well-known era/day-of-era method, with March as the first month). */
static int64_t
days_from_civil (int64_t year,
                 int     month,
                 int     day)
{
  int64_t y = month <= 2 ? year - 1 : year;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

StsStatus
sts_civil_to_unix (int64_t *out_seconds,
                   int      year,
                   int      month,
                   int      day,
                   int      hour,
                   int      minute,
                   int      second)
{
  static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int last_day;

  if (out_seconds == NULL || year < 1 || year > 9999 || month < 1 || month > 12)
    return STS_ERR_INVALID_ARGUMENT;
  last_day = month_days[month - 1] + (month == 2 && is_leap (year) ? 1 : 0);
  if (day < 1 || day > last_day || hour < 0 || hour > 23
      || minute < 0 || minute > 59 || second < 0 || second > 59)
    return STS_ERR_INVALID_ARGUMENT;

  *out_seconds = days_from_civil (year, month, day) * 86400
                 + hour * 3600 + minute * 60 + second;
  return STS_OK;
}

void
sts_unix_to_civil (int64_t  seconds,
                   int     *out_year,
                   int     *out_month,
                   int     *out_day,
                   int     *out_hour,
                   int     *out_minute,
                   int     *out_second)
{
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  int64_t z, era, doe, yoe, doy, mp, y;

  if (rem < 0)
    {
      rem += 86400;
      days--;
    }
  z = days + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;

  *out_day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *out_month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *out_year = (int) (*out_month <= 2 ? y + 1 : y);
  *out_hour = (int) (rem / 3600);
  *out_minute = (int) (rem / 60 % 60);
  *out_second = (int) (rem % 60);
}

int64_t
sts_base_date_to_unix (StsBaseDate base)
{
  return days_from_civil ((int64_t) base, 1, 1) * 86400;
}

StsStatus
sts_tid_from_unix (uint32_t   *out_tid,
                   StsBaseDate base,
                   int64_t     issued)
{
  int64_t start;
  int64_t minutes;

  if (out_tid == NULL)
    return STS_ERR_INVALID_ARGUMENT;
  if (!sts_base_date_is_valid ((int) base))
    return STS_ERR_BAD_BASE_DATE;

  start = sts_base_date_to_unix (base);
  if (issued < start)
    return STS_ERR_TID_OUT_OF_RANGE;
  minutes = (issued - start) / 60;

  /* Reserved TID (REQ 6.3.5.2 as cited in SPEC 1.5): 00:01 is not used;
   * a token issued in that minute takes the next one.  Base dates start at
   * midnight, so minute-of-day is the TID modulo 1440. */
  if (minutes % 1440 == 1)
    minutes++;
  if (minutes > (int64_t) STS_TID_MAX)
    return STS_ERR_TID_OUT_OF_RANGE;

  *out_tid = (uint32_t) minutes;
  return STS_OK;
}

int64_t
sts_tid_to_unix (StsBaseDate base,
                 uint32_t    tid)
{
  return sts_base_date_to_unix (base) + (int64_t) tid * 60;
}

bool
sts_tid_key_expired (uint32_t tid,
                     uint8_t  ken)
{
  return (tid >> 16) > ken;
}
