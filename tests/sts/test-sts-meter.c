/* test-sts-meter.c: the meter side (SPEC 1.11, 1.12): credit, TID memory,
 * refusals with distinct outcomes, and key changes applied only whole */
#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "sts.h"

#define VK02 "abababababababab"
#define VK04 "abababababababab949494949494949401234567"

typedef struct
{
  StsKeyInfo info;     /* the meter's identity and key parameters */
  StsKey     vk;
  StsKey     dk;
  StsCipher  vend;     /* the vending side's copy of the key */
  StsMeter   meter;
} Fixture;

static StsKeyInfo
make_info (StsDkga     dkga,
           StsEa       ea,
           StsBaseDate base,
           guint32     sgc)
{
  StsKeyInfo info;

  memset (&info, 0, sizeof info);
  g_assert_cmpint (sts_pan_parse (&info.pan, "600727000000000009"), ==, STS_OK);
  info.sgc = sgc;
  info.ti = 1;
  info.krn = 1;
  info.kt = 2;
  info.ken = 255;
  info.base = base;
  info.ea = ea;
  info.dkga = dkga;
  return info;
}

static void
fixture_start (Fixture          *f,
               const StsKeyInfo *info,
               const char       *vk_hex)
{
  f->info = *info;
  g_assert_cmpint (sts_key_from_hex (&f->vk, vk_hex), ==, STS_OK);
  g_assert_cmpint (sts_key_derive (&f->dk, &f->vk, &f->info), ==, STS_OK);
  g_assert_cmpint (sts_cipher_init (&f->vend, f->info.ea, &f->dk), ==, STS_OK);
  g_assert_cmpint (sts_meter_init (&f->meter, &f->info, &f->dk), ==, STS_OK);
}

static void
setup_sta (Fixture       *f,
           gconstpointer  data)
{
  StsKeyInfo info = make_info (STS_DKGA_02, STS_EA_STA, STS_BASE_1993, 123456);
  fixture_start (f, &info, VK02);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  sts_cipher_clear (&f->vend);
  sts_meter_clear (&f->meter);
  sts_key_wipe (&f->dk);
  sts_key_wipe (&f->vk);
}

/* A token from the vending side's current key. */
static void
vend (Fixture     *f,
      char         out[STS_TOKEN_DIGITS + 1],
      guint        token_class,
      guint        subclass,
      guint32      tid,
      guint16      value)
{
  StsTokenData td;

  memset (&td, 0, sizeof td);
  td.token_class = (guint8) token_class;
  td.subclass = (guint8) subclass;
  /* Currency tokens carry sign and exponent where RND would be. */
  td.rnd = sts_token_is_currency (token_class, subclass) ? 0 : (guint8) (tid & 15);
  td.tid = tid;
  td.value = value;
  g_assert_cmpint (sts_token_generate (out, &f->vend, &td), ==, STS_OK);
}

static StsStatus
enter (Fixture       *f,
       const char    *token,
       StsMeterEvent *event)
{
  StsMeterEvent local;

  return sts_meter_enter (&f->meter, event != NULL ? event : &local, token);
}

static void
test_credit (Fixture       *f,
             gconstpointer  data)
{
  char token[STS_TOKEN_DIGITS + 1];
  StsMeterEvent event;

  vend (f, token, 0, STS_SUB_ELECTRICITY, 5871715, 0x0100);
  g_assert_cmpint (enter (f, token, &event), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_CREDITED);
  g_assert_cmpint (event.amount, ==, 256);
  g_assert_cmpint (f->meter.registers[0], ==, 256);

  vend (f, token, 0, STS_SUB_WATER, 5871716, 10);
  g_assert_cmpint (enter (f, token, &event), ==, STS_OK);
  g_assert_cmpint (f->meter.registers[1], ==, 10);
  g_assert_cmpint (f->meter.registers[0], ==, 256);

  /* Currency: +1 (100004 base units after rounding up), then -1 (99994). */
  vend (f, token, 0, 4, 5871717, 0x60AA);
  g_assert_cmpint (enter (f, token, &event), ==, STS_OK);
  g_assert_cmpint (event.amount, ==, 100004);
  {
    StsTokenData td;
    memset (&td, 0, sizeof td);
    td.subclass = 4;
    td.tid = 5871718;
    g_assert_cmpint (sts_currency_encode (&td.value, &td.rnd, TRUE, 100000), ==, STS_OK);
    g_assert_cmpint (sts_token_generate (token, &f->vend, &td), ==, STS_OK);
  }
  g_assert_cmpint (enter (f, token, &event), ==, STS_OK);
  g_assert_cmpint (event.amount, ==, -99994);
  g_assert_cmpint (f->meter.registers[4], ==, 10);
}

static void
test_used (Fixture       *f,
           gconstpointer  data)
{
  char token[STS_TOKEN_DIGITS + 1];

  vend (f, token, 0, 0, 5871715, 1);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_ERR_TOKEN_USED);
  g_assert_cmpint (f->meter.registers[0], ==, 1);

  /* The same TID in a different token is refused too. */
  vend (f, token, 0, 0, 5871715, 50);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_ERR_TOKEN_USED);
  g_assert_cmpint (f->meter.registers[0], ==, 1);
}

static void
test_old (Fixture       *f,
          gconstpointer  data)
{
  char token[STS_TOKEN_DIGITS + 1];
  char early[STS_TOKEN_DIGITS + 1];

  /* A token made early but entered late, after the memory is full. */
  vend (f, early, 0, 0, 1000, 1);
  for (guint32 i = 0; i < STS_METER_TID_MEMORY; i++)
    {
      vend (f, token, 0, 0, 2000 + i, 1);
      g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
    }
  g_assert_cmpint (enter (f, early, NULL), ==, STS_ERR_TOKEN_OLD);
  g_assert_cmpint (f->meter.registers[0], ==, STS_METER_TID_MEMORY);

  /* Out of order but newer than the oldest remembered: accepted. */
  vend (f, token, 0, 0, 2000 + STS_METER_TID_MEMORY + 5, 1);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
  vend (f, token, 0, 0, 2000 + STS_METER_TID_MEMORY + 2, 1);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
  /* TID 2000 fell out of the memory and is now older than the oldest. */
  vend (f, token, 0, 0, 2000, 1);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_ERR_TOKEN_OLD);
}

static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  char token[STS_TOKEN_DIGITS + 1];
  StsKeyInfo other = f->info;
  StsKey dk;
  StsCipher cipher;
  StsTokenData td;

  /* Another meter's key. */
  g_assert_cmpint (sts_pan_parse (&other.pan, "600727111111111153"), ==, STS_OK);
  g_assert_cmpint (sts_key_derive (&dk, &f->vk, &other), ==, STS_OK);
  g_assert_cmpint (sts_cipher_init (&cipher, STS_EA_STA, &dk), ==, STS_OK);
  memset (&td, 0, sizeof td);
  td.tid = 5871715;
  td.value = 100;
  g_assert_cmpint (sts_token_generate (token, &cipher, &td), ==, STS_OK);
  sts_cipher_clear (&cipher);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_ERR_TOKEN_REJECTED);

  /* A typing error in any digit. */
  vend (f, token, 0, 0, 5871715, 100);
  for (int i = 0; i < STS_TOKEN_DIGITS; i++)
    {
      char typo[STS_TOKEN_DIGITS + 1];
      StsStatus status;

      memcpy (typo, token, sizeof typo);
      typo[i] = typo[i] == '9' ? '0' : (char) (typo[i] + 1);
      status = enter (f, typo, NULL);
      g_assert_true (status == STS_ERR_TOKEN_REJECTED || status == STS_ERR_BAD_TOKEN
                     || status == STS_ERR_MFR_MISMATCH || status == STS_ERR_UNSUPPORTED);
    }
  g_assert_cmpint (enter (f, "123", NULL), ==, STS_ERR_BAD_TOKEN);
  g_assert_cmpint (f->meter.registers[0], ==, 0);
  g_assert_cmpuint (f->meter.n_tids, ==, 0);
  /* The real token still works afterwards. */
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
}

static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  char token[STS_TOKEN_DIGITS + 1];

  /* TID 0x599863: TID >> 16 = 0x59. */
  f->meter.info.ken = 0x58;
  vend (f, token, 0, 0, 0x599863, 1);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_ERR_KEY_EXPIRED);
  g_assert_cmpint (f->meter.registers[0], ==, 0);
  f->meter.info.ken = 0x59;
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
}

static void
test_management (Fixture       *f,
                 gconstpointer  data)
{
  char token[STS_TOKEN_DIGITS + 1];
  StsMeterEvent event;
  guint16 field;

  g_assert_cmpint (sts_amount_encode (&field, 1000), ==, STS_OK);
  vend (f, token, 2, STS_SUB_SET_MPL, 100, field);
  g_assert_cmpint (enter (f, token, &event), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_MPL_SET);
  g_assert_cmpuint (f->meter.mpl, ==, 1000);

  vend (f, token, 0, 0, 101, 500);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
  vend (f, token, 0, 1, 102, 500);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
  vend (f, token, 2, STS_SUB_CLEAR_CREDIT, 103, 0);
  g_assert_cmpint (enter (f, token, &event), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_CREDIT_CLEARED);
  g_assert_cmpint (f->meter.registers[0], ==, 0);
  g_assert_cmpint (f->meter.registers[1], ==, 500);
  vend (f, token, 2, STS_SUB_CLEAR_CREDIT, 104, STS_REGISTER_ALL);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
  g_assert_cmpint (f->meter.registers[1], ==, 0);
  vend (f, token, 2, STS_SUB_CLEAR_CREDIT, 105, 42);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_ERR_UNSUPPORTED);

  f->meter.tamper = TRUE;
  vend (f, token, 2, STS_SUB_CLEAR_TAMPER, 106, 0);
  g_assert_cmpint (enter (f, token, &event), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_TAMPER_CLEARED);
  g_assert_false (f->meter.tamper);

  g_assert_cmpint (sts_amount_encode (&field, 20000), ==, STS_OK);
  vend (f, token, 2, STS_SUB_SET_MPPUL, 107, field);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
  g_assert_cmpuint (f->meter.mppul, ==, 20004);
}

static void
test_class1 (Fixture       *f,
             gconstpointer  data)
{
  StsMeterEvent event;

  /* Manufacturer 00 matches this meter's DRN; no key is involved. */
  g_assert_cmpint (enter (f, "56493153725450313471", &event), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_TEST);
  {
    StsTokenData td;
    char token[STS_TOKEN_DIGITS + 1];

    memset (&td, 0, sizeof td);
    td.token_class = STS_CLASS_TEST;
    td.control = 1;
    td.mfr = 7;
    g_assert_cmpint (sts_token_generate (token, NULL, &td), ==, STS_OK);
    g_assert_cmpint (enter (f, token, NULL), ==, STS_ERR_MFR_MISMATCH);
  }
}

/* Key change from the current key to @new_info, checked part by part. */
static void
check_key_change (Fixture          *f,
                  const StsKeyInfo *new_info,
                  const char       *new_vk_hex,
                  gboolean          reverse_order)
{
  StsKey new_vk, new_dk;
  StsCipher new_vend;
  StsKeyChange change;
  char kct[STS_KEY_CHANGE_MAX][STS_TOKEN_DIGITS + 1];
  size_t n;
  char new_token[STS_TOKEN_DIGITS + 1];
  char old_token[STS_TOKEN_DIGITS + 1];
  StsMeterEvent event;
  StsTokenData td;
  guint32 new_tid;
  gboolean rollover = new_info->base != f->info.base;

  g_assert_cmpint (sts_key_from_hex (&new_vk, new_vk_hex), ==, STS_OK);
  g_assert_cmpint (sts_key_derive (&new_dk, &new_vk, new_info), ==, STS_OK);
  g_assert_cmpint (sts_cipher_init (&new_vend, new_info->ea, &new_dk), ==, STS_OK);

  memset (&change, 0, sizeof change);
  change.new_dk = new_dk;
  change.ken = new_info->ken;
  change.krn = new_info->krn;
  change.kt = new_info->kt;
  change.ti = new_info->ti;
  change.sgc = new_info->sgc;
  change.rollover = rollover;
  g_assert_cmpint (sts_key_change_generate (kct, &n, &f->vend, &change), ==, STS_OK);

  /* A credit token under the new key, and one under the old. */
  new_tid = rollover ? 480 : 6000000;
  memset (&td, 0, sizeof td);
  td.tid = new_tid;
  td.value = 77;
  g_assert_cmpint (sts_token_generate (new_token, &new_vend, &td), ==, STS_OK);
  vend (f, old_token, 0, 0, 5000000, 3);

  /* Every part but the last: still the old key. */
  for (size_t k = 0; k + 1 < n; k++)
    {
      size_t i = reverse_order ? n - 1 - k : k;

      g_assert_cmpint (enter (f, kct[i], &event), ==, STS_OK);
      g_assert_cmpint (event.kind, ==, STS_METER_KEY_CHANGE_PART);
      g_assert_cmpint (enter (f, new_token, NULL), ==, STS_ERR_TOKEN_REJECTED);
    }
  g_assert_cmpuint (f->meter.info.krn, ==, f->info.krn);
  g_assert_cmpint (enter (f, old_token, NULL), ==, STS_OK);

  /* The last part completes the set. */
  g_assert_cmpint (enter (f, kct[reverse_order ? 0 : n - 1], &event), ==, STS_OK);
  g_assert_cmpint (event.kind, ==, STS_METER_KEY_CHANGED);
  g_assert_cmpuint (f->meter.info.krn, ==, new_info->krn);
  g_assert_cmpuint (f->meter.info.ti, ==, new_info->ti);
  g_assert_cmpuint (f->meter.info.kt, ==, new_info->kt);
  g_assert_cmpuint (f->meter.info.ken, ==, new_info->ken);
  g_assert_cmpint (f->meter.info.base, ==, new_info->base);
  if (new_dk.len == 16)
    g_assert_cmpuint (f->meter.info.sgc, ==, new_info->sgc);
  if (rollover)
    g_assert_cmpuint (f->meter.n_tids, ==, 0);

  g_assert_cmpint (enter (f, new_token, &event), ==, STS_OK);
  g_assert_cmpint (event.amount, ==, 77);
  /* Old-key tokens are now refused. */
  vend (f, old_token, 0, 0, 5000001, 3);
  g_assert_cmpint (enter (f, old_token, NULL), ==, STS_ERR_TOKEN_REJECTED);

  sts_cipher_clear (&new_vend);
  sts_key_wipe (&new_dk);
  sts_key_wipe (&new_vk);
}

static void
test_key_change_64 (Fixture       *f,
                    gconstpointer  data)
{
  StsKeyInfo next = f->info;

  next.ti = 2;
  next.krn = 2;
  next.ken = 200;
  check_key_change (f, &next, VK02, GPOINTER_TO_INT (data));
}

static void
setup_misty (Fixture       *f,
             gconstpointer  data)
{
  StsKeyInfo info = make_info (STS_DKGA_04, STS_EA_MISTY1, STS_BASE_2014, 201457);
  fixture_start (f, &info, VK04);
}

static void
test_key_change_128 (Fixture       *f,
                     gconstpointer  data)
{
  StsKeyInfo next = f->info;
  char token[STS_TOKEN_DIGITS + 1];

  /* Some TIDs before the change stay remembered (no rollover). */
  vend (f, token, 0, 0, 1000, 1);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
  next.ti = 2;
  next.sgc = 654321;
  next.krn = 3;
  check_key_change (f, &next, VK04, FALSE);
  g_assert_cmpuint (f->meter.n_tids, >=, 2);
}

static void
setup_sta_2014 (Fixture       *f,
                gconstpointer  data)
{
  StsKeyInfo info = make_info (STS_DKGA_04, STS_EA_STA, STS_BASE_2014, 201457);
  fixture_start (f, &info, VK04);
}

static void
test_key_change_rollover (Fixture       *f,
                          gconstpointer  data)
{
  StsKeyInfo next = f->info;
  char token[STS_TOKEN_DIGITS + 1];

  vend (f, token, 0, 0, 480, 1);
  g_assert_cmpint (enter (f, token, NULL), ==, STS_OK);
  /* CTSA05 step 2: BD 2014 -> 2035, SGC 203557, KRN 6, TI 2, RO = 1. */
  next.base = STS_BASE_2035;
  next.sgc = 203557;
  next.krn = 6;
  next.ti = 2;
  /* TID 480 was used under 2014; after the rollover it is new again. */
  check_key_change (f, &next, VK04, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func, data) \
  g_test_add ("/pos/sts/meter/" path, Fixture, data, setup, func, teardown)
  ADD ("credit", setup_sta, test_credit, NULL);
  ADD ("used", setup_sta, test_used, NULL);
  ADD ("old", setup_sta, test_old, NULL);
  ADD ("rejected", setup_sta, test_rejected, NULL);
  ADD ("expired", setup_sta, test_expired, NULL);
  ADD ("management", setup_sta, test_management, NULL);
  ADD ("class1", setup_sta, test_class1, NULL);
  ADD ("key-change-64", setup_sta, test_key_change_64, GINT_TO_POINTER (FALSE));
  ADD ("key-change-64-reversed", setup_sta, test_key_change_64, GINT_TO_POINTER (TRUE));
  ADD ("key-change-128", setup_misty, test_key_change_128, NULL);
  ADD ("key-change-rollover", setup_sta_2014, test_key_change_rollover, NULL);
#undef ADD

  return g_test_run ();
}
