/* sts-crc.c: CRC-16 as STS uses it (SPEC 1.3) */
#include "sts-crc.h"
#include "sts-private.h"

uint16_t
sts_crc16 (const uint8_t *data,
           size_t         len)
{
  const uint16_t *table = sts_tables ()->crc;
  uint16_t crc = 0xFFFF;

  for (size_t i = 0; i < len; i++)
    crc = (uint16_t) ((crc >> 8) ^ table[(crc ^ data[i]) & 0xFF]);
  return crc;
}

uint16_t
sts_crc_field (unsigned int token_class,
               uint64_t     block,
               int          currency)
{
  uint64_t value = (uint64_t) (token_class & 3) << 48 | block >> 16;
  uint8_t bytes[8];
  uint16_t crc;

  for (int i = 0; i < 7; i++)
    bytes[i] = (uint8_t) (value >> (8 * (6 - i)));
  bytes[7] = 0x01;  /* CRC_C only */
  crc = sts_crc16 (bytes, currency ? 8 : 7);
  return (uint16_t) ((crc & 0xFF) << 8 | crc >> 8);
}
