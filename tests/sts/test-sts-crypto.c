/* test-sts-crypto.c: EA07, EA09, DKGA02, DKGA04 and the worked examples of
 * SPEC section 3, every intermediate value checked */
#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "sts.h"

static guint64
hex64 (const char *hex)
{
  return g_ascii_strtoull (hex, NULL, 16);
}

static StsKey
key_from_hex (const char *hex)
{
  StsKey key;

  g_assert_cmpint (sts_key_from_hex (&key, hex), ==, STS_OK);
  return key;
}

static char *
key_hex (const StsKey *key)
{
  char out[2 * STS_KEY_MAX + 1];

  g_assert_cmpint (sts_key_to_hex (out, sizeof out, key), ==, STS_OK);
  return g_strdup (out);
}

static void
test_sta_real_tables (void)
{
  StsStaKey ks;

  /* Nectar's TransferElectricityCreditTokenGeneratorTest (SPEC 3). */
  sts_sta_key_init (&ks, hex64 ("0ABC12DEF3456789"));
  g_assert_cmphex (sts_sta_encrypt (&ks, hex64 ("0B19EB230100C207")), ==, hex64 ("9335C6C96B7352DC"));
  g_assert_cmphex (sts_sta_decrypt (&ks, hex64 ("9335C6C96B7352DC")), ==, hex64 ("0B19EB230100C207"));
  /* The IEC sample tables give C45ED1619406DF95: they must not be in use. */
  g_assert_cmphex (sts_sta_encrypt (&ks, hex64 ("0B19EB230100C207")), !=, hex64 ("C45ED1619406DF95"));
}

static void
test_sta_roundtrip (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (int i = 0; i < 20000; i++)
    {
      StsStaKey ks;
      guint64 key = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);
      guint64 block = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);
      guint64 c;

      sts_sta_key_init (&ks, key);
      c = sts_sta_encrypt (&ks, block);
      g_assert_cmphex (sts_sta_decrypt (&ks, c), ==, block);
    }
  g_rand_free (rand);
}

static void
test_sta_simulator_tokens (void)
{
  /* kf_sts_token.py's "STSSimulator" cases (SPEC 3). */
  StsKey dk = key_from_hex ("E7B21AA9EC929C96");
  StsCipher cipher;
  StsTokenData td;
  char token[STS_TOKEN_DIGITS + 1];

  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_STA, &dk), ==, STS_OK);
  memset (&td, 0, sizeof td);
  td.subclass = STS_SUB_WATER;
  td.rnd = 5;
  td.tid = 6675056;
  td.value = 10;
  g_assert_cmpint (sts_token_generate (token, &cipher, &td), ==, STS_OK);
  g_assert_cmpstr (token, ==, "63525115892327740484");
  td.subclass = STS_SUB_ELECTRICITY;
  td.value = 100;
  g_assert_cmpint (sts_token_generate (token, &cipher, &td), ==, STS_OK);
  g_assert_cmpstr (token, ==, "35500312443047940328");
  sts_cipher_clear (&cipher);
}

static void
test_sta_decode_examples (void)
{
  StsKey dk = key_from_hex ("4530EDB79B5F083D");
  StsCipher cipher;
  StsTokenData td;
  bool crc_ok;
  guint64 units;
  bool negative;

  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_STA, &dk), ==, STS_OK);

  /* Currency, CRC_C valid (and plain CRC not). */
  g_assert_cmpint (sts_token_decode (&td, &crc_ok, &cipher, "07420412750539184100"), ==, STS_OK);
  g_assert_true (crc_ok);
  g_assert_cmpuint (td.token_class, ==, 0);
  g_assert_cmpuint (td.subclass, ==, 4);
  g_assert_cmpuint (td.rnd, ==, 0);
  g_assert_cmpuint (td.tid, ==, 6680788);
  g_assert_cmphex (td.value, ==, 0xDFF6);
  g_assert_cmpint (sts_currency_decode (&units, &negative, td.value, td.rnd), ==, STS_OK);
  g_assert_cmpuint (units, ==, 10000624);

  /* Clear credit, register 1. */
  g_assert_cmpint (sts_token_decode (&td, &crc_ok, &cipher, "64780804373480967093"), ==, STS_OK);
  g_assert_true (crc_ok);
  g_assert_cmpuint (td.token_class, ==, 2);
  g_assert_cmpuint (td.subclass, ==, STS_SUB_CLEAR_CREDIT);
  g_assert_cmpuint (td.rnd, ==, 5);
  g_assert_cmpuint (td.tid, ==, 6680788);
  g_assert_cmpuint (td.value, ==, 1);

  /* Clear tamper. */
  g_assert_cmpint (sts_token_decode (&td, &crc_ok, &cipher, "12707367341805666529"), ==, STS_OK);
  g_assert_true (crc_ok);
  g_assert_cmpuint (td.token_class, ==, 2);
  g_assert_cmpuint (td.subclass, ==, STS_SUB_CLEAR_TAMPER);
  g_assert_cmpuint (td.value, ==, 0);

  /* The wrong key: decodes, but the CRC fails. */
  sts_cipher_clear (&cipher);
  dk = key_from_hex ("4530EDB79B5F083E");
  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_STA, &dk), ==, STS_OK);
  g_assert_cmpint (sts_token_decode (&td, &crc_ok, &cipher, "07420412750539184100"), ==, STS_OK);
  g_assert_false (crc_ok);
  sts_cipher_clear (&cipher);
}

static void
test_des (void)
{
  /* FIPS 46 classic: key 0123456789abcdef, "Now is t". */
  StsKey key = key_from_hex ("0123456789abcdef");
  StsCipher cipher;
  guint64 out;

  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_DEA, &key), ==, STS_OK);
  g_assert_cmpint (sts_cipher_encrypt (&cipher, &out, hex64 ("4e6f772069732074")), ==, STS_OK);
  g_assert_cmphex (out, ==, hex64 ("3fa40e8a984d4815"));
  g_assert_cmpint (sts_cipher_decrypt (&cipher, &out, out), ==, STS_OK);
  g_assert_cmphex (out, ==, hex64 ("4e6f772069732074"));
  sts_cipher_clear (&cipher);

  /* SPEC 3.A: DES_VK(PAN ^ CB) with VK abab...ab. */
  key = key_from_hex ("abababababababab");
  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_DEA, &key), ==, STS_OK);
  g_assert_cmpint (sts_cipher_encrypt (&cipher, &out, hex64 ("2151356011ffffff")), ==, STS_OK);
  g_assert_cmphex (out, ==, hex64 ("6ca9aad4270fa73b"));
  sts_cipher_clear (&cipher);

  /* Wrong key lengths are refused. */
  key = key_from_hex ("0123456789abcdef0123456789abcdef");
  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_DEA, &key), ==, STS_ERR_BAD_KEY);
  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_STA, &key), ==, STS_ERR_BAD_KEY);
  key = key_from_hex ("0123456789abcdef");
  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_MISTY1, &key), ==, STS_ERR_BAD_KEY);
  g_assert_cmpint (sts_cipher_init (&cipher, (StsEa) 8, &key), ==, STS_ERR_BAD_EA);
  sts_cipher_clear (&cipher);
}

static void
test_keys (void)
{
  StsKey a, b;

  g_assert_cmpint (sts_key_from_hex (&a, "ABab01"), ==, STS_OK);
  g_assert_cmpuint (a.len, ==, 3);
  g_assert_cmphex (a.bytes[0], ==, 0xAB);
  g_assert_cmpint (sts_key_from_hex (&a, ""), ==, STS_ERR_BAD_KEY);
  g_assert_cmpint (sts_key_from_hex (&a, "abc"), ==, STS_ERR_BAD_KEY);
  g_assert_cmpint (sts_key_from_hex (&a, "zz"), ==, STS_ERR_BAD_KEY);
  g_assert_cmpint (sts_key_from_hex (&a, "00112233445566778899aabbccddeeff0011223344"), ==, STS_ERR_BAD_KEY);

  a = key_from_hex ("0011223344556677");
  b = key_from_hex ("0011223344556677");
  g_assert_true (sts_key_equal (&a, &b));
  b.bytes[7] ^= 1;
  g_assert_false (sts_key_equal (&a, &b));
  b = key_from_hex ("00112233445566");
  g_assert_false (sts_key_equal (&a, &b));
  sts_key_wipe (&a);
  g_assert_cmpuint (a.len, ==, 0);
  for (gsize i = 0; i < sizeof a.bytes; i++)
    g_assert_cmpuint (a.bytes[i], ==, 0);
}

/* One worked example of SPEC section 3. */
typedef struct
{
  const char *name;
  const char *vk;
  StsDkga dkga;
  StsEa ea;
  const char *pan;
  guint32 sgc;
  guint8 ti, krn, kt;
  StsBaseDate base;
  const char *dk;
  guint32 tid;
  const char *plaintext;
  const char *ciphertext;
  const char *token;
} Example;

static const Example examples[] = {
  { "A", "abababababababab", STS_DKGA_02, STS_EA_STA, "600727000000000009", 123456, 1, 1, 2, STS_BASE_1993,
    "e653341f9d5bf36f", 5871715, "05599863000119e6", "492083c0ae7ce455", "23716100501183194197" },
  { "B", "abababababababab", STS_DKGA_02, STS_EA_STA, "000001000000000082", 123456, 1, 1, 2, STS_BASE_1993,
    "e94023262e9993c2", 5871720, "0559986800016824", "a4ac0ee51a85a744", "67206107716095682372" },
  { "C", "abababababababab949494949494949401234567", STS_DKGA_04, STS_EA_MISTY1, "600727000000000009", 123457, 1, 1, 2,
    STS_BASE_1993, "f94b6ed353c3bfdb113e2d3a7ea3c41d", 5871660, "0559982c00012831", "38269a8e59319817",
    "59386323472137426967" },
  { "D", "abababababababab949494949494949401234567", STS_DKGA_04, STS_EA_STA, "600727000000000009", 123457, 1, 1, 2,
    STS_BASE_1993, "aa4baa8749c10d27", 8415840, "05806a600001c68d", "d9d81f87a079e8c5", "15697331168573253829" },
  { "E", "abababababababab949494949494949401234567", STS_DKGA_04, STS_EA_STA, "600727000000000009", 201457, 1, 1, 2,
    STS_BASE_2014, "87f3ecbb2e46b48f", 85740, "05014eec00013188", "d431f4b09e0e9f62", "70630503470028726114" },
  { "F", "abababababababab949494949494949401234567", STS_DKGA_04, STS_EA_STA, "600727000000000009", 203557, 1, 6, 2,
    STS_BASE_2035, "8fbfa995248bf7f8", 480, "050001e00001da9f", "ab074003b0a0df31", "49217377437065731889" },
  { "G", "abababababababab949494949494949401234567", STS_DKGA_04, STS_EA_MISTY1, "600727000000000009", 201457, 1, 1, 2,
    STS_BASE_2014, "929bd3a415c9420a05ec5ee9f3ce91c3", 85740, "05014eec00013188", "2d98a5617b45be2e",
    "58625789986991357486" },
};

static StsKeyInfo
example_info (const Example *ex)
{
  StsKeyInfo info;

  memset (&info, 0, sizeof info);
  g_assert_cmpint (sts_pan_parse (&info.pan, ex->pan), ==, STS_OK);
  info.sgc = ex->sgc;
  info.ti = ex->ti;
  info.krn = ex->krn;
  info.kt = ex->kt;
  info.ken = 255;
  info.base = ex->base;
  info.ea = ex->ea;
  info.dkga = ex->dkga;
  return info;
}

static void
test_worked_example (gconstpointer data)
{
  const Example *ex = data;
  StsKeyInfo info = example_info (ex);
  StsKey vk = key_from_hex (ex->vk);
  StsKey dk;
  g_autofree char *dk_hex = NULL;
  StsCipher cipher;
  StsTokenData td, back;
  guint64 block, cipher_block;
  char token[STS_TOKEN_DIGITS + 1];
  bool crc_ok;

  g_assert_cmpint (sts_key_derive (&dk, &vk, &info), ==, STS_OK);
  dk_hex = key_hex (&dk);
  g_assert_cmpstr (dk_hex, ==, ex->dk);

  memset (&td, 0, sizeof td);
  td.subclass = 0;
  td.rnd = 5;
  td.tid = ex->tid;
  td.value = 1;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_OK);
  g_assert_cmphex (block, ==, hex64 (ex->plaintext));

  g_assert_cmpint (sts_cipher_init (&cipher, ex->ea, &dk), ==, STS_OK);
  g_assert_cmpint (sts_cipher_encrypt (&cipher, &cipher_block, block), ==, STS_OK);
  g_assert_cmphex (cipher_block, ==, hex64 (ex->ciphertext));
  g_assert_cmpint (sts_token_generate (token, &cipher, &td), ==, STS_OK);
  g_assert_cmpstr (token, ==, ex->token);

  g_assert_cmpint (sts_token_decode (&back, &crc_ok, &cipher, token), ==, STS_OK);
  g_assert_true (crc_ok);
  g_assert_cmpuint (back.tid, ==, ex->tid);
  g_assert_cmpuint (back.value, ==, 1);
  g_assert_cmpuint (back.rnd, ==, 5);
  sts_cipher_clear (&cipher);
}

static void
test_dkga02_intermediates (void)
{
  /* SPEC 3.H: TI 02 gives DES_VK(X) 8cf118884fce73a5 and DK 060b8643c59a27f1. */
  StsKeyInfo info = example_info (&examples[0]);
  StsKey vk = key_from_hex ("abababababababab");
  StsKey dk;
  g_autofree char *hex = NULL;

  info.ti = 2;
  g_assert_cmpint (sts_key_derive (&dk, &vk, &info), ==, STS_OK);
  hex = key_hex (&dk);
  g_assert_cmpstr (hex, ==, "060b8643c59a27f1");

  /* TI is BCD in the control block: TI 10 and TI 0x10 = 16 must differ. */
  {
    StsKey dk10, dk16;
    info.ti = 10;
    g_assert_cmpint (sts_key_derive (&dk10, &vk, &info), ==, STS_OK);
    info.ti = 16;
    g_assert_cmpint (sts_key_derive (&dk16, &vk, &info), ==, STS_OK);
    g_assert_false (sts_key_equal (&dk10, &dk16));
  }

  /* A common key (KT 3) does not depend on the DRN. */
  {
    StsKey k1, k2;
    info.ti = 1;
    info.kt = 3;
    g_assert_cmpint (sts_key_derive (&k1, &vk, &info), ==, STS_OK);
    g_assert_cmpint (sts_pan_parse (&info.pan, "600727111111111153"), ==, STS_OK);
    g_assert_cmpint (sts_key_derive (&k2, &vk, &info), ==, STS_OK);
    g_assert_true (sts_key_equal (&k1, &k2));
    info.kt = 2;
    g_assert_cmpint (sts_key_derive (&k2, &vk, &info), ==, STS_OK);
    g_assert_false (sts_key_equal (&k1, &k2));
  }
}

/* A generator prepared once derives, again and again, exactly what the
 * one-shot derivation gives (the HMAC and DES contexts are reused). */
static void
test_generator_reuse (void)
{
  for (gsize e = 0; e < G_N_ELEMENTS (examples); e++)
    {
      StsKey vk = key_from_hex (examples[e].vk);
      StsKeyGenerator gen;

      g_assert_cmpint (sts_key_generator_init (&gen, examples[e].dkga, &vk), ==, STS_OK);
      for (guint ti = 0; ti < 100; ti += 7)
        for (int pass = 0; pass < 2; pass++)
          {
            StsKeyInfo info = example_info (&examples[e]);
            StsKey from_gen, one_shot;

            info.ti = (guint8) ti;
            g_assert_cmpint (sts_key_generator_derive (&gen, &from_gen, &info), ==, STS_OK);
            g_assert_cmpint (sts_key_derive (&one_shot, &vk, &info), ==, STS_OK);
            g_assert_true (sts_key_equal (&from_gen, &one_shot));
          }
      /* The example's own key, after all that reuse. */
      {
        StsKeyInfo info = example_info (&examples[e]);
        StsKey dk;
        g_autofree char *hex = NULL;

        g_assert_cmpint (sts_key_generator_derive (&gen, &dk, &info), ==, STS_OK);
        hex = key_hex (&dk);
        g_assert_cmpstr (hex, ==, examples[e].dk);
        info.dkga = examples[e].dkga == STS_DKGA_02 ? STS_DKGA_04 : STS_DKGA_02;
        info.ea = STS_EA_STA;
        g_assert_cmpint (sts_key_generator_derive (&gen, &dk, &info), ==, STS_ERR_BAD_DKGA);
      }
      sts_key_generator_clear (&gen);
      sts_key_generator_clear (&gen);  /* twice is harmless */
    }
}

static void
test_derive_errors (void)
{
  StsKeyInfo info = example_info (&examples[0]);
  StsKey vk8 = key_from_hex ("abababababababab");
  StsKey vk20 = key_from_hex ("abababababababab949494949494949401234567");
  StsKey dk;

  g_assert_cmpint (sts_key_derive (&dk, &vk20, &info), ==, STS_ERR_BAD_KEY);
  info.dkga = STS_DKGA_04;
  g_assert_cmpint (sts_key_derive (&dk, &vk8, &info), ==, STS_ERR_BAD_KEY);
  info.dkga = STS_DKGA_02;
  info.ea = STS_EA_MISTY1;
  g_assert_cmpint (sts_key_derive (&dk, &vk8, &info), ==, STS_ERR_BAD_DKGA);
  info = example_info (&examples[0]);
  info.krn = 0;
  g_assert_cmpint (sts_key_derive (&dk, &vk8, &info), ==, STS_ERR_BAD_KRN);
  info = example_info (&examples[0]);
  info.ti = 100;
  g_assert_cmpint (sts_key_derive (&dk, &vk8, &info), ==, STS_ERR_BAD_TI);
  info = example_info (&examples[0]);
  info.sgc = 1000000;
  g_assert_cmpint (sts_key_derive (&dk, &vk8, &info), ==, STS_ERR_BAD_SGC);
  info = example_info (&examples[0]);
  info.kt = 4;
  g_assert_cmpint (sts_key_derive (&dk, &vk8, &info), ==, STS_ERR_BAD_KT);
  info = example_info (&examples[0]);
  info.base = (StsBaseDate) 2000;
  g_assert_cmpint (sts_key_derive (&dk, &vk8, &info), ==, STS_ERR_BAD_BASE_DATE);
  info = example_info (&examples[0]);
  info.dkga = (StsDkga) 3;
  g_assert_cmpint (sts_key_derive (&dk, &vk8, &info), ==, STS_ERR_BAD_DKGA);
}

/* SPEC 3.H, 3.I, 3.J: key change sets. */
typedef struct
{
  const char *name;
  const Example *current;
  const char *new_dk;
  guint8 ti, krn, kt;
  guint32 sgc;
  gboolean rollover;
  StsBaseDate new_base;
  const char *plaintexts[4];
  const char *tokens[4];
} KeyChangeExample;

static const KeyChangeExample key_changes[] = {
  { "H", &examples[0], "060b8643c59a27f1", 2, 1, 2, 123456, FALSE, STS_BASE_1993,
    { "3f12060b8643d717", "4f02c59a27f189a8" },
    { "51638423060042734509", "15361891762113502242" } },
  { "I", &examples[4], "bdc28dcf6005434d", 2, 6, 2, 203557, TRUE, STS_BASE_2035,
    { "3f6abdc28dcf8552", "4f026005434db03b" },
    { "65413070543688156280", "27469374567476953413" } },
  { "J", &examples[6], "b199270a77af96d3156c51b0964a8782", 2, 1, 2, 201457, FALSE, STS_BASE_2014,
    { "3f12b199270ae928", "4f02964a8782a0f0", "82f177af96d35e9f", "9031156c51b0a061" },
    { "03854447086453451911", "02791799436242461152", "67118070329353977190", "19019128690902932218" } },
};

static void
test_key_change (gconstpointer data)
{
  const KeyChangeExample *kc = data;
  StsKeyInfo info = example_info (kc->current);
  StsKeyInfo new_info = info;
  StsKey vk = key_from_hex (kc->current->vk);
  StsKey dk;
  StsCipher cipher;
  StsKeyChange change;
  char tokens[STS_KEY_CHANGE_MAX][STS_TOKEN_DIGITS + 1];
  size_t n = 0;
  g_autofree char *new_hex = NULL;

  /* The new key, derived as the meter's next key. */
  new_info.ti = kc->ti;
  new_info.krn = kc->krn;
  new_info.sgc = kc->sgc;
  new_info.base = kc->new_base;
  memset (&change, 0, sizeof change);
  g_assert_cmpint (sts_key_derive (&change.new_dk, &vk, &new_info), ==, STS_OK);
  new_hex = key_hex (&change.new_dk);
  g_assert_cmpstr (new_hex, ==, kc->new_dk);
  change.ken = 255;
  change.krn = kc->krn;
  change.kt = kc->kt;
  change.ti = kc->ti;
  change.sgc = kc->sgc;
  change.rollover = kc->rollover;

  g_assert_cmpint (sts_key_derive (&dk, &vk, &info), ==, STS_OK);
  g_assert_cmpint (sts_cipher_init (&cipher, info.ea, &dk), ==, STS_OK);
  g_assert_cmpint (sts_key_change_generate (tokens, &n, &cipher, &change), ==, STS_OK);
  g_assert_cmpuint (n, ==, change.new_dk.len == 8 ? 2 : 4);
  for (size_t i = 0; i < n; i++)
    {
      unsigned int cls;
      guint64 block, plain;

      g_assert_cmpstr (tokens[i], ==, kc->tokens[i]);
      g_assert_cmpint (sts_token_parse (&cls, &block, tokens[i]), ==, STS_OK);
      g_assert_cmpuint (cls, ==, 2);
      g_assert_cmpint (sts_cipher_decrypt (&cipher, &plain, block), ==, STS_OK);
      g_assert_cmphex (plain, ==, hex64 (kc->plaintexts[i]));
    }
  sts_cipher_clear (&cipher);
}

static void
test_class1 (void)
{
  static const struct { guint sub; guint64 control; guint16 mfr; const char *block; const char *token; } cases[] = {
    { 0, G_GUINT64_CONSTANT (0xfffffffff), 0, "0fffffffff005eff", "56493153725450313471" },
    { 1, 0xfffffff, 0, "1fffffff00001d9f", "02305843005052951967" },
    { 0, 1, 0, "0000000001000a50", "00000000000150997584" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StsTokenData td, back;
      guint64 block;
      char token[STS_TOKEN_DIGITS + 1];
      bool crc_ok;

      memset (&td, 0, sizeof td);
      td.token_class = STS_CLASS_TEST;
      td.subclass = (guint8) cases[i].sub;
      td.control = cases[i].control;
      td.mfr = cases[i].mfr;
      g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_OK);
      g_assert_cmphex (block, ==, hex64 (cases[i].block));
      g_assert_cmpint (sts_token_generate (token, NULL, &td), ==, STS_OK);
      g_assert_cmpstr (token, ==, cases[i].token);
      g_assert_cmpint (sts_token_decode (&back, &crc_ok, NULL, token), ==, STS_OK);
      g_assert_true (crc_ok);
      g_assert_cmpuint (back.control, ==, cases[i].control);
      g_assert_cmpuint (back.mfr, ==, cases[i].mfr);
    }
}

static void
test_pack_errors (void)
{
  StsTokenData td;
  guint64 block;

  memset (&td, 0, sizeof td);
  td.rnd = 16;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_ERR_BAD_FIELD);
  td.rnd = 0;
  td.tid = STS_TID_MAX + 1;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_ERR_BAD_FIELD);
  td.tid = 0;
  td.subclass = 8;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_ERR_BAD_CLASS);
  td.token_class = STS_CLASS_TEST;
  td.subclass = 0;
  td.control = G_GUINT64_CONSTANT (1) << 36;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_ERR_BAD_FIELD);
  td.subclass = 1;
  td.control = 1 << 28;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_ERR_BAD_FIELD);
  td.control = 0;
  td.subclass = 2;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_ERR_BAD_CLASS);
  td.token_class = STS_CLASS_RESERVED;
  td.subclass = 0;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_ERR_BAD_CLASS);
  td.token_class = STS_CLASS_MANAGEMENT;
  td.subclass = 11;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_ERR_BAD_CLASS);
  td.subclass = STS_SUB_KCT1;
  td.kt = 4;
  g_assert_cmpint (sts_token_data_pack (&block, &td), ==, STS_ERR_BAD_FIELD);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/sts/ea07/real-tables", test_sta_real_tables);
  g_test_add_func ("/pos/sts/ea07/roundtrip", test_sta_roundtrip);
  g_test_add_func ("/pos/sts/ea07/simulator-tokens", test_sta_simulator_tokens);
  g_test_add_func ("/pos/sts/ea07/decode-examples", test_sta_decode_examples);
  g_test_add_func ("/pos/sts/ea09/des", test_des);
  g_test_add_func ("/pos/sts/key/hex-and-compare", test_keys);
  g_test_add_func ("/pos/sts/key/dkga02-intermediates", test_dkga02_intermediates);
  g_test_add_func ("/pos/sts/key/derive-errors", test_derive_errors);
  g_test_add_func ("/pos/sts/key/generator-reuse", test_generator_reuse);
  for (gsize i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pos/sts/example/%s", examples[i].name);
      g_test_add_data_func (path, &examples[i], test_worked_example);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (key_changes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pos/sts/key-change/%s", key_changes[i].name);
      g_test_add_data_func (path, &key_changes[i], test_key_change);
    }
  g_test_add_func ("/pos/sts/token/class1", test_class1);
  g_test_add_func ("/pos/sts/token/pack-errors", test_pack_errors);

  return g_test_run ();
}
