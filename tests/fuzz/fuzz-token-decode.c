/* fuzz-token-decode.c: any bytes as a token, through parsing, decoding
 * under each algorithm, and a meter */
#include <stdint.h>
#include <string.h>

#include "sts.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const StsEa eas[] = { STS_EA_STA, STS_EA_DEA, STS_EA_MISTY1 };
  char text[64];
  StsKey dk;
  StsKeyInfo info;
  StsMeter meter;
  StsMeterEvent event;

  if (size >= sizeof text)
    return 0;
  memcpy (text, data, size);
  text[size] = '\0';

  dk.len = 16;
  for (int i = 0; i < 16; i++)
    dk.bytes[i] = (uint8_t) (0x11 * i);

  for (size_t e = 0; e < sizeof eas / sizeof eas[0]; e++)
    {
      StsCipher cipher;
      StsTokenData td;
      bool crc_ok;

      dk.len = (uint8_t) sts_ea_key_length (eas[e]);
      if (sts_cipher_init (&cipher, eas[e], &dk) != STS_OK)
        __builtin_trap ();
      if (sts_token_decode (&td, &crc_ok, &cipher, text) == STS_OK)
        {
          /* A parsed token formats back to the same digits. */
          unsigned int cls;
          uint64_t block;
          char again[STS_TOKEN_DIGITS + 1];

          if (sts_token_parse (&cls, &block, text) != STS_OK)
            __builtin_trap ();
          sts_token_format (again, cls, block);
          if (strcmp (again, text) != 0)
            __builtin_trap ();
        }
      sts_cipher_clear (&cipher);
    }

  memset (&info, 0, sizeof info);
  if (sts_pan_parse (&info.pan, "600727000000000009") != STS_OK)
    __builtin_trap ();
  info.sgc = 123456;
  info.ti = 1;
  info.krn = 1;
  info.kt = 2;
  info.ken = 255;
  info.base = STS_BASE_1993;
  info.ea = STS_EA_STA;
  info.dkga = STS_DKGA_02;
  dk.len = 8;
  if (sts_meter_init (&meter, &info, &dk) != STS_OK)
    __builtin_trap ();
  (void) sts_meter_enter (&meter, &event, text);
  (void) sts_meter_enter (&meter, &event, text);
  sts_meter_clear (&meter);
  return 0;
}
