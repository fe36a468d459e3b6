/* sts-status.h: result codes of the STS engine
 *
 * Every function of sts/ that can fail returns an StsStatus: 0 on success
 * and one of the specific negative codes below otherwise.  Outputs go first
 * in the argument list, into buffers the caller owns.
 */
#pragma once

typedef enum
{
  STS_OK                        =   0,

  /* Malformed or out-of-range input. */
  STS_ERR_INVALID_ARGUMENT      =  -1,  /* NULL pointer or a value no caller should pass */
  STS_ERR_BAD_PAN               =  -2,  /* not 18 digits, or an unknown IIN */
  STS_ERR_BAD_PAN_CHECK_DIGIT   =  -3,  /* the MeterPAN's last digit is wrong */
  STS_ERR_BAD_DRN_CHECK_DIGIT   =  -4,  /* the DRN's own check digit is wrong */
  STS_ERR_BAD_SGC               =  -5,
  STS_ERR_BAD_TI                =  -6,
  STS_ERR_BAD_KRN               =  -7,
  STS_ERR_BAD_KT                =  -8,
  STS_ERR_BAD_BASE_DATE         =  -9,
  STS_ERR_BAD_EA                = -10,  /* unknown encryption algorithm */
  STS_ERR_BAD_DKGA              = -11,  /* unknown or unsupported key generation algorithm */
  STS_ERR_BAD_KEY               = -12,  /* wrong length for the algorithm, or a weak key */
  STS_ERR_BAD_CLASS             = -13,  /* class/subclass the engine does not generate */
  STS_ERR_BAD_FIELD             = -14,  /* RND, register, control, mfr code... out of range */
  STS_ERR_AMOUNT_OUT_OF_RANGE   = -15,  /* negative where not allowed, or too large to encode */
  STS_ERR_TID_OUT_OF_RANGE      = -16,  /* the time is outside the base date's 24-bit range */
  STS_ERR_KEY_EXPIRED           = -17,  /* (TID >> 16) > KEN */
  STS_ERR_BAD_TOKEN             = -18,  /* not 20 digits, or above 2^66 - 1 */
  STS_ERR_CRYPTO                = -19,  /* libcrypto failed (out of memory, missing algorithm) */

  /* Outcomes of a meter refusing a token (sts-meter.h). */
  STS_ERR_TOKEN_REJECTED        = -20,  /* CRC fails: wrong key, wrong meter or a typing error */
  STS_ERR_TOKEN_USED            = -21,  /* the TID is in the meter's memory */
  STS_ERR_TOKEN_OLD             = -22,  /* the TID is older than everything the meter remembers */
  STS_ERR_MFR_MISMATCH          = -23,  /* class 1 token for another manufacturer */
  STS_ERR_OVERFLOW              = -24,  /* the register would overflow */
  STS_ERR_UNSUPPORTED           = -25,  /* a valid token the meter does not act on */

  /* Secrets (sts-secret.h). */
  STS_ERR_BAD_PASSWORD          = -26,  /* the password does not match the stored hash */
  STS_ERR_AUTH_FAILED           = -27,  /* a wrapped key fails authentication: wrong
                                         * key-encryption key, or the data was altered */
  STS_ERR_BAD_ENCODING          = -28,  /* a stored hash or wrapped key is malformed */
} StsStatus;

/* Returns a short English description of @status; never NULL. */
const char *sts_status_to_string (StsStatus status);
