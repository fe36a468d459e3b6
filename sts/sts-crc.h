/* sts-crc.h: the token CRC and CRC_C (SPEC 1.3) */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Reflected CRC-16, polynomial 0x8005 (0xA001 shifted right), initial value
 * 0xFFFF, no final XOR, over @len bytes.  The raw register, not yet swapped. */
uint16_t sts_crc16        (const uint8_t *data,
                           size_t         len);

/* The 16-bit CRC field of a token: @token_class (2 bits) and bits 63..16 of
 * @block as 7 big-endian bytes, CRC'd, then byte-swapped (low byte first).
 * With @currency true this is CRC_C: one more byte 0x01 is appended. */
uint16_t sts_crc_field    (unsigned int   token_class,
                           uint64_t       block,
                           int            currency);
