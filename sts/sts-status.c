/* sts-status.c: descriptions of StsStatus codes */
#include "sts-status.h"

const char *
sts_status_to_string (StsStatus status)
{
  switch (status)
    {
    case STS_OK: return "success";
    case STS_ERR_INVALID_ARGUMENT: return "invalid argument";
    case STS_ERR_BAD_PAN: return "the meter number must be 18 digits starting with IIN 600727 or 0000";
    case STS_ERR_BAD_PAN_CHECK_DIGIT: return "the meter number's check digit is wrong";
    case STS_ERR_BAD_DRN_CHECK_DIGIT: return "the decoder reference number's check digit is wrong";
    case STS_ERR_BAD_SGC: return "the supply group code must be 6 digits";
    case STS_ERR_BAD_TI: return "the tariff index must be 0 to 99";
    case STS_ERR_BAD_KRN: return "the key revision number must be 1 to 9";
    case STS_ERR_BAD_KT: return "the key type must be 0 to 3";
    case STS_ERR_BAD_BASE_DATE: return "the base date must be 1993, 2014 or 2035";
    case STS_ERR_BAD_EA: return "the encryption algorithm must be 7, 9 or 11";
    case STS_ERR_BAD_DKGA: return "the key generation algorithm must be 2 or 4";
    case STS_ERR_BAD_KEY: return "the key has the wrong length for its algorithm";
    case STS_ERR_BAD_CLASS: return "unsupported token class or subclass";
    case STS_ERR_BAD_FIELD: return "a token field is out of range";
    case STS_ERR_AMOUNT_OUT_OF_RANGE: return "the amount cannot be encoded in a token";
    case STS_ERR_TID_OUT_OF_RANGE: return "the time of issue is outside the base date's range";
    case STS_ERR_KEY_EXPIRED: return "the decoder key has expired at this time of issue";
    case STS_ERR_BAD_TOKEN: return "a token is 20 digits, at most 73786976294838206463";
    case STS_ERR_CRYPTO: return "the cryptographic library failed";
    case STS_ERR_TOKEN_REJECTED: return "token rejected: wrong key or mistyped";
    case STS_ERR_TOKEN_USED: return "token already used";
    case STS_ERR_TOKEN_OLD: return "token too old";
    case STS_ERR_MFR_MISMATCH: return "token for another manufacturer";
    case STS_ERR_OVERFLOW: return "the register would overflow";
    case STS_ERR_UNSUPPORTED: return "token not supported by this meter";
    case STS_ERR_BAD_PASSWORD: return "wrong password";
    case STS_ERR_AUTH_FAILED: return "wrong passphrase, or the stored key was altered";
    case STS_ERR_BAD_ENCODING: return "malformed stored secret";
    default: return "unknown error";
    }
}
