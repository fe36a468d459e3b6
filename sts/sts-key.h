/* sts-key.h: vending keys, decoder keys and their derivation (SPEC 1.10)
 *
 * Key material lives in caller-owned structs; sts_key_wipe() and the
 * _clear() functions erase it.  Keys are held in natural (big-endian)
 * byte order: DK e653341f9d5bf36f is the bytes e6 53 34 ...
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sts-pan.h"
#include "sts-status.h"
#include "sts-tid.h"

typedef enum
{
  STS_EA_STA    = 7,   /* EA07, Standard Transfer Algorithm, 64-bit key */
  STS_EA_DEA    = 9,   /* EA09, DES, 64-bit key (deprecated) */
  STS_EA_MISTY1 = 11,  /* EA11, MISTY1, 128-bit key */
} StsEa;

typedef enum
{
  STS_DKGA_02 = 2,     /* single DES under a 64-bit vending key */
  STS_DKGA_04 = 4,     /* HMAC-SHA-256 under a 160-bit vending key */
} StsDkga;

#define STS_KEY_MAX         20   /* largest key, in bytes (a DKGA04 vending key) */
#define STS_KEY_TYPE_COMMON  3   /* KT 3, DCTK: the same key for a whole group */

/* A key: a vending key (8 bytes for DKGA02, 20 for DKGA04) or a decoder
 * key (8 bytes for EA07/EA09, 16 for EA11). */
typedef struct
{
  uint8_t bytes[STS_KEY_MAX];
  uint8_t len;
} StsKey;

/* What identifies a meter's decoder key (the parameters of SPEC 1.10). */
typedef struct
{
  StsPan      pan;
  uint32_t    sgc;    /* supply group code, 0..999999 */
  uint8_t     ti;     /* tariff index, 0..99 */
  uint8_t     krn;    /* key revision number, 1..9 */
  uint8_t     kt;     /* key type, 0..3 */
  uint8_t     ken;    /* key expiry number, 255 = never */
  StsBaseDate base;
  StsEa       ea;
  StsDkga     dkga;
} StsKeyInfo;

/* Checks every member of @info for range (the PAN is checked when parsed)
 * and that @info->dkga can make a key for @info->ea.  Returns the specific
 * STS_ERR_BAD_* code of the first problem. */
StsStatus sts_key_info_check      (const StsKeyInfo *info);

/* The decoder key length for @ea: 8 or 16 bytes; 0 for an unknown EA. */
size_t    sts_ea_key_length       (StsEa ea);

/* Parses @hex (upper or lower case, even length, at most STS_KEY_MAX bytes)
 * into @out_key.  STS_ERR_BAD_KEY if malformed. */
StsStatus sts_key_from_hex        (StsKey     *out_key,
                                   const char *hex);

/* Writes @key as lower-case hex into @out (2 * len + 1 bytes). */
StsStatus sts_key_to_hex          (char         *out,
                                   size_t        out_len,
                                   const StsKey *key);

/* Constant-time comparison of two keys (lengths compared too). */
bool      sts_key_equal           (const StsKey *a,
                                   const StsKey *b);

/* Erases @key. */
void      sts_key_wipe            (StsKey *key);

/* A decoder key generator: a vending key prepared once (its DES key
 * schedule or HMAC state), from which decoder keys are derived without
 * further allocation. */
typedef struct
{
  StsDkga dkga;
  StsKey  vk;
  void   *impl;   /* EVP_CIPHER_CTX (DKGA02) or EVP_MAC_CTX (DKGA04) */
} StsKeyGenerator;

/* Prepares @gen for @dkga with the vending key @vk (8 bytes for DKGA02,
 * 20 for DKGA04: STS_ERR_BAD_KEY otherwise).  On success the caller calls
 * sts_key_generator_clear(). */
StsStatus sts_key_generator_init   (StsKeyGenerator *gen,
                                    StsDkga          dkga,
                                    const StsKey    *vk);

/* Derives the decoder key of @info (SPEC 1.10): DKGA02 is
 * DES_VK(X) xor X xor VK with X = PANBlock xor CONTROLBlock; DKGA04 is the
 * first 8 or 16 bytes of HMAC-SHA-256(VK, M).  @info->dkga must match the
 * generator's. */
StsStatus sts_key_generator_derive (StsKeyGenerator  *gen,
                                    StsKey           *out_dk,
                                    const StsKeyInfo *info);

/* Frees and wipes @gen; safe on a zeroed or already cleared generator. */
void      sts_key_generator_clear  (StsKeyGenerator *gen);

/* One-shot: init, derive, clear. */
StsStatus sts_key_derive           (StsKey           *out_dk,
                                    const StsKey     *vk,
                                    const StsKeyInfo *info);
