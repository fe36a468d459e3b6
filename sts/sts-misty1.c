/* sts-misty1.c: the MISTY1 block cipher exactly as RFC 2994 describes it
 *
 * 64-bit block, 128-bit key, 8 rounds with the FL layer before every pair
 * of rounds and after the last one.  The functions below follow the
 * pseudo-code of RFC 2994 section 2 step for step and keep its names (FI,
 * FO, FL, FLINV, EK, D0/D1); the only departure is that the key schedule
 * also stores every subkey where the data randomizing part will read it,
 * so that a block costs no index arithmetic.  S7 and S9 are the tables of
 * the RFC, in decimal, eight entries per line with the index of the first.
 *
 * No allocation, no global mutable state, no GLib.
 */
#include "sts-misty1.h"

/* RFC 2994 section 2.3 (Data Randomizing Part): the S-boxes used by FI.
 * S7 maps 7 bits to 7 bits, S9 maps 9 bits to 9 bits; both are
 * permutations. */
static const uint8_t misty1_s7[128] =
{
  /*   0 */  27,  50,  51,  90,  59,  16,  23,  84,
  /*   8 */  91,  26, 114, 115, 107,  44, 102,  73,
  /*  16 */  31,  36,  19, 108,  55,  46,  63,  74,
  /*  24 */  93,  15,  64,  86,  37,  81,  28,   4,
  /*  32 */  11,  70,  32,  13, 123,  53,  68,  66,
  /*  40 */  43,  30,  65,  20,  75, 121,  21, 111,
  /*  48 */  14,  85,   9,  54, 116,  12, 103,  83,
  /*  56 */  40,  10, 126,  56,   2,   7,  96,  41,
  /*  64 */  25,  18, 101,  47,  48,  57,   8, 104,
  /*  72 */  95, 120,  42,  76, 100,  69, 117,  61,
  /*  80 */  89,  72,   3,  87, 124,  79,  98,  60,
  /*  88 */  29,  33,  94,  39, 106, 112,  77,  58,
  /*  96 */   1, 109, 110,  99,  24, 119,  35,   5,
  /* 104 */  38, 118,   0,  49,  45, 122, 127,  97,
  /* 112 */  80,  34,  17,   6,  71,  22,  82,  78,
  /* 120 */ 113,  62, 105,  67,  52,  92,  88, 125
};

static const uint16_t misty1_s9[512] =
{
  /*   0 */ 451, 203, 339, 415, 483, 233, 251,  53,
  /*   8 */ 385, 185, 279, 491, 307,   9,  45, 211,
  /*  16 */ 199, 330,  55, 126, 235, 356, 403, 472,
  /*  24 */ 163, 286,  85,  44,  29, 418, 355, 280,
  /*  32 */ 331, 338, 466,  15,  43,  48, 314, 229,
  /*  40 */ 273, 312, 398,  99, 227, 200, 500,  27,
  /*  48 */   1, 157, 248, 416, 365, 499,  28, 326,
  /*  56 */ 125, 209, 130, 490, 387, 301, 244, 414,
  /*  64 */ 467, 221, 482, 296, 480, 236,  89, 145,
  /*  72 */  17, 303,  38, 220, 176, 396, 271, 503,
  /*  80 */ 231, 364, 182, 249, 216, 337, 257, 332,
  /*  88 */ 259, 184, 340, 299, 430,  23, 113,  12,
  /*  96 */  71,  88, 127, 420, 308, 297, 132, 349,
  /* 104 */ 413, 434, 419,  72, 124,  81, 458,  35,
  /* 112 */ 317, 423, 357,  59,  66, 218, 402, 206,
  /* 120 */ 193, 107, 159, 497, 300, 388, 250, 406,
  /* 128 */ 481, 361, 381,  49, 384, 266, 148, 474,
  /* 136 */ 390, 318, 284,  96, 373, 463, 103, 281,
  /* 144 */ 101, 104, 153, 336,   8,   7, 380, 183,
  /* 152 */  36,  25, 222, 295, 219, 228, 425,  82,
  /* 160 */ 265, 144, 412, 449,  40, 435, 309, 362,
  /* 168 */ 374, 223, 485, 392, 197, 366, 478, 433,
  /* 176 */ 195, 479,  54, 238, 494, 240, 147,  73,
  /* 184 */ 154, 438, 105, 129, 293,  11,  94, 180,
  /* 192 */ 329, 455, 372,  62, 315, 439, 142, 454,
  /* 200 */ 174,  16, 149, 495,  78, 242, 509, 133,
  /* 208 */ 253, 246, 160, 367, 131, 138, 342, 155,
  /* 216 */ 316, 263, 359, 152, 464, 489,   3, 510,
  /* 224 */ 189, 290, 137, 210, 399,  18,  51, 106,
  /* 232 */ 322, 237, 368, 283, 226, 335, 344, 305,
  /* 240 */ 327,  93, 275, 461, 121, 353, 421, 377,
  /* 248 */ 158, 436, 204,  34, 306,  26, 232,   4,
  /* 256 */ 391, 493, 407,  57, 447, 471,  39, 395,
  /* 264 */ 198, 156, 208, 334, 108,  52, 498, 110,
  /* 272 */ 202,  37, 186, 401, 254,  19, 262,  47,
  /* 280 */ 429, 370, 475, 192, 267, 470, 245, 492,
  /* 288 */ 269, 118, 276, 427, 117, 268, 484, 345,
  /* 296 */  84, 287,  75, 196, 446, 247,  41, 164,
  /* 304 */  14, 496, 119,  77, 378, 134, 139, 179,
  /* 312 */ 369, 191, 270, 260, 151, 347, 352, 360,
  /* 320 */ 215, 187, 102, 462, 252, 146, 453, 111,
  /* 328 */  22,  74, 161, 313, 175, 241, 400,  10,
  /* 336 */ 426, 323, 379,  86, 397, 358, 212, 507,
  /* 344 */ 333, 404, 410, 135, 504, 291, 167, 440,
  /* 352 */ 321,  60, 505, 320,  42, 341, 282, 417,
  /* 360 */ 408, 213, 294, 431,  97, 302, 343, 476,
  /* 368 */ 114, 394, 170, 150, 277, 239,  69, 123,
  /* 376 */ 141, 325,  83,  95, 376, 178,  46,  32,
  /* 384 */ 469,  63, 457, 487, 428,  68,  56,  20,
  /* 392 */ 177, 363, 171, 181,  90, 386, 456, 468,
  /* 400 */  24, 375, 100, 207, 109, 256, 409, 304,
  /* 408 */ 346,   5, 288, 443, 445, 224,  79, 214,
  /* 416 */ 319, 452, 298,  21,   6, 255, 411, 166,
  /* 424 */  67, 136,  80, 351, 488, 289, 115, 382,
  /* 432 */ 188, 194, 201, 371, 393, 501, 116, 460,
  /* 440 */ 486, 424, 405,  31,  65,  13, 442,  50,
  /* 448 */  61, 465, 128, 168,  87, 441, 354, 328,
  /* 456 */ 217, 261,  98, 122,  33, 511, 274, 264,
  /* 464 */ 448, 169, 285, 432, 422, 205, 243,  92,
  /* 472 */ 258,  91, 473, 324, 502, 173, 165,  58,
  /* 480 */ 459, 310, 383,  70, 225,  30, 477, 230,
  /* 488 */ 311, 506, 389, 140, 143,  64, 437, 190,
  /* 496 */ 120,   0, 172, 272, 350, 292,   2, 444,
  /* 504 */ 162, 234, 112, 508, 278, 348,  76, 450
};

/* RFC 2994 section 2.3, function FI: a 16-bit keyed permutation built from
 * S9, S7 and S9 again, the 16-bit input split into a 9-bit left half (d9)
 * and a 7-bit right half (d7).  @fi_key holds KI as one 16-bit word: its 7
 * high bits mix into d7, its 9 low bits into d9 (RFC: EK[i+24] and
 * EK[i+16]).  Returns FI_OUT = d7 << 9 | d9. */
static inline uint16_t
misty1_fi (uint16_t fi_in,
           uint16_t fi_key)
{
  uint16_t d9 = (uint16_t) (fi_in >> 7);
  uint16_t d7 = (uint16_t) (fi_in & 0x7f);

  d9 = (uint16_t) (misty1_s9[d9] ^ d7);
  d7 = (uint16_t) ((misty1_s7[d7] ^ d9) & 0x7f);
  d7 = (uint16_t) (d7 ^ (fi_key >> 9));
  d9 = (uint16_t) (d9 ^ (fi_key & 0x1ff));
  d9 = (uint16_t) (misty1_s9[d9] ^ d7);
  return (uint16_t) (d7 << 9 | d9);
}

/* RFC 2994 section 2.3, function FO(FO_IN, k): the 32-bit round function
 * of round @k (0..7), three FI applications in a small Feistel ladder
 * keyed by KOk1..KOk4 and KIk1..KIk3.  Returns FO_OUT = t1 << 16 | t0. */
static inline uint32_t
misty1_fo (const StsMisty1Key *ks,
           uint32_t            fo_in,
           unsigned int        k)
{
  const uint16_t *ko = ks->ko[k];
  const uint16_t *ki = ks->ki[k];
  uint16_t t0 = (uint16_t) (fo_in >> 16);
  uint16_t t1 = (uint16_t) (fo_in & 0xffff);

  t0 = (uint16_t) (misty1_fi ((uint16_t) (t0 ^ ko[0]), ki[0]) ^ t1);
  t1 = (uint16_t) (misty1_fi ((uint16_t) (t1 ^ ko[1]), ki[1]) ^ t0);
  t0 = (uint16_t) (misty1_fi ((uint16_t) (t0 ^ ko[2]), ki[2]) ^ t1);
  t1 = (uint16_t) (t1 ^ ko[3]);
  return (uint32_t) t1 << 16 | t0;
}

/* RFC 2994 section 2.3, function FL(FL_IN, k): the keyed linear layer
 * number @k (0..9), d1 ^= d0 & KLk1 then d0 ^= d1 | KLk2.  Returns
 * FL_OUT = d0 << 16 | d1. */
static inline uint32_t
misty1_fl (const StsMisty1Key *ks,
           uint32_t            fl_in,
           unsigned int        k)
{
  uint16_t d0 = (uint16_t) (fl_in >> 16);
  uint16_t d1 = (uint16_t) (fl_in & 0xffff);

  d1 = (uint16_t) (d1 ^ (d0 & ks->kl[k][0]));
  d0 = (uint16_t) (d0 ^ (d1 | ks->kl[k][1]));
  return (uint32_t) d0 << 16 | d1;
}

/* RFC 2994 section 2.3, function FLINV(FL_IN, k): the inverse of FL with
 * the same @k, the two steps undone in reverse order.  Returns
 * FL_OUT = d0 << 16 | d1. */
static inline uint32_t
misty1_flinv (const StsMisty1Key *ks,
              uint32_t            fl_in,
              unsigned int        k)
{
  uint16_t d0 = (uint16_t) (fl_in >> 16);
  uint16_t d1 = (uint16_t) (fl_in & 0xffff);

  d0 = (uint16_t) (d0 ^ (d1 | ks->kl[k][1]));
  d1 = (uint16_t) (d1 ^ (d0 & ks->kl[k][0]));
  return (uint32_t) d0 << 16 | d1;
}

/* RFC 2994 section 2.2 (Key Scheduling Part): EK[0..7] from the key bytes,
 * EK[8..15] = FI(EK[i], EK[(i+1)%8]), EK[16..31] the two parts of EK[8..15]
 * that FI takes separately.  Then the subkeys of section 2.3 are copied out
 * of EK in the order FO, FL and FLINV read them:
 *   FO round i:  KOi1 = EK[i],          KOi2 = EK[(i+2)%8],
 *                KOi3 = EK[(i+7)%8],    KOi4 = EK[(i+4)%8],
 *                KIi1 = EK[(i+5)%8+8],  KIi2 = EK[(i+1)%8+8],
 *                KIi3 = EK[(i+3)%8+8];
 *   FL k even:   AND EK[k/2],              OR EK[(k/2+6)%8+8];
 *   FL k odd:    AND EK[((k-1)/2+2)%8+8],  OR EK[((k-1)/2+4)%8].
 * Writes every field of @ks.  Wipes nothing: the caller wipes @ks. */
void
sts_misty1_key_init (StsMisty1Key  *ks,
                     const uint8_t  key[16])
{
  uint16_t *ek = ks->ek;

  for (unsigned int i = 0; i < 8; i++)
    ek[i] = (uint16_t) (key[2 * i] << 8 | key[2 * i + 1]);
  for (unsigned int i = 0; i < 8; i++)
    {
      ek[i + 8] = misty1_fi (ek[i], ek[(i + 1) % 8]);
      ek[i + 16] = (uint16_t) (ek[i + 8] & 0x1ff);
      ek[i + 24] = (uint16_t) (ek[i + 8] >> 9);
    }

  for (unsigned int i = 0; i < 8; i++)
    {
      ks->ko[i][0] = ek[i];
      ks->ko[i][1] = ek[(i + 2) % 8];
      ks->ko[i][2] = ek[(i + 7) % 8];
      ks->ko[i][3] = ek[(i + 4) % 8];
      ks->ki[i][0] = ek[(i + 5) % 8 + 8];
      ks->ki[i][1] = ek[(i + 1) % 8 + 8];
      ks->ki[i][2] = ek[(i + 3) % 8 + 8];
    }

  for (unsigned int k = 0; k < 10; k++)
    {
      unsigned int h = k / 2;

      if (k % 2 == 0)
        {
          ks->kl[k][0] = ek[h];
          ks->kl[k][1] = ek[(h + 6) % 8 + 8];
        }
      else
        {
          ks->kl[k][0] = ek[(h + 2) % 8 + 8];
          ks->kl[k][1] = ek[(h + 4) % 8];
        }
    }
}

/* RFC 2994 section 2.3, encryption with 8 rounds: D0 is the high half of
 * the plaintext, D1 the low half; for each pair of rounds r, r+1 (r even)
 * D0 = FL(D0, r), D1 = FL(D1, r+1), D1 ^= FO(D0, r), D0 ^= FO(D1, r+1);
 * then D0 = FL(D0, 8), D1 = FL(D1, 9) and the ciphertext is D1 || D0.
 * Pure function of @ks and @block. */
uint64_t
sts_misty1_encrypt (const StsMisty1Key *ks,
                    uint64_t            block)
{
  uint32_t d0 = (uint32_t) (block >> 32);
  uint32_t d1 = (uint32_t) (block & 0xffffffffu);

  for (unsigned int r = 0; r < 8; r += 2)
    {
      d0 = misty1_fl (ks, d0, r);
      d1 = misty1_fl (ks, d1, r + 1);
      d1 ^= misty1_fo (ks, d0, r);
      d0 ^= misty1_fo (ks, d1, r + 1);
    }
  d0 = misty1_fl (ks, d0, 8);
  d1 = misty1_fl (ks, d1, 9);
  return (uint64_t) d1 << 32 | d0;
}

/* RFC 2994 section 2.3, decryption: the encryption run backwards.  D1 is
 * the high half of the ciphertext, D0 the low half; D0 = FLINV(D0, 8),
 * D1 = FLINV(D1, 9), then for each pair of rounds r+1, r (r = 6, 4, 2, 0)
 * D0 ^= FO(D1, r+1), D1 ^= FO(D0, r), D0 = FLINV(D0, r),
 * D1 = FLINV(D1, r+1); the plaintext is D0 || D1.
 * Pure function of @ks and @block. */
uint64_t
sts_misty1_decrypt (const StsMisty1Key *ks,
                    uint64_t            block)
{
  uint32_t d1 = (uint32_t) (block >> 32);
  uint32_t d0 = (uint32_t) (block & 0xffffffffu);

  d0 = misty1_flinv (ks, d0, 8);
  d1 = misty1_flinv (ks, d1, 9);
  for (unsigned int r = 8; r > 0; r -= 2)
    {
      d0 ^= misty1_fo (ks, d1, r - 1);
      d1 ^= misty1_fo (ks, d0, r - 2);
      d0 = misty1_flinv (ks, d0, r - 2);
      d1 = misty1_flinv (ks, d1, r - 1);
    }
  return (uint64_t) d0 << 32 | d1;
}
