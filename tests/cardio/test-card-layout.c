/* test-card-layout.c: the card's records as bytes: round trips, the
 * documented offsets, and a table of every refusal */
#include <string.h>

#include "card-test-mac.h"

static const guint8 serial_a[] = { 0xDE, 0xAD, 0xBE, 0xEF };
static const guint8 serial_b[] = { 0xDE, 0xAD, 0xBE, 0xEE };

static void
identity_fill (PosCardIdentity *id)
{
  memset (id, 0, sizeof *id);
  id->kind = POS_CARD_KIND_CUSTOMER;
  memcpy (id->serial, serial_a, sizeof serial_a);
  id->serial_len = sizeof serial_a;
  g_strlcpy (id->pan, "600727040000000104", sizeof id->pan);
  g_strlcpy (id->account, "ACC-000042", sizeof id->account);
}

static void
test_identity_round_trip (void)
{
  PosCardMac mac;
  PosCardIdentity id, back;
  guint8 bytes[POS_CARD_IDENTITY_BYTES];
  g_autoptr(GError) error = NULL;

  card_test_mac_init (&mac, 0x01020304, "utility secret");
  identity_fill (&id);
  g_assert_true (pos_card_identity_encode (bytes, &id, &mac, &error));
  g_assert_no_error (error);

  /* The documented offsets (cardio/README.md). */
  g_assert_cmpmem (bytes, 4, "SV\x01I", 4);
  g_assert_cmpmem (bytes + 4, 4, "\x01\x02\x03\x04", 4);
  g_assert_cmpint (bytes[8], ==, POS_CARD_KIND_CUSTOMER);
  g_assert_cmpint (bytes[9], ==, 4);
  g_assert_cmpmem (bytes + 10, 4, serial_a, 4);
  g_assert_cmpmem (bytes + 26, 18, "600727040000000104", 18);
  g_assert_cmpint (bytes[44], ==, 10);
  g_assert_cmpmem (bytes + 45, 10, "ACC-000042", 10);

  g_assert_true (pos_card_identity_decode (&back, bytes, serial_a, sizeof serial_a, &mac, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (back.pan, ==, id.pan);
  g_assert_cmpstr (back.account, ==, id.account);
  g_assert_cmpint (back.kind, ==, id.kind);
  g_assert_cmpint (back.utility_id, ==, 0x01020304);
  g_assert_cmpint (back.version, ==, POS_CARD_LAYOUT_VERSION);
  g_assert_cmpmem (back.serial, back.serial_len, serial_a, sizeof serial_a);
}

typedef struct
{
  const char *name;
  void      (*alter) (guint8 *bytes, gsize len);
  gboolean    other_serial;     /* decode as if on another card */
  const char *other_secret;     /* decode with another utility secret */
  guint32     other_utility;    /* decode as another utility */
  int         code;
} Refusal;

static void alter_none (guint8 *b, gsize n) { }
static void alter_zero (guint8 *b, gsize n) { memset (b, 0, n); }
static void alter_ff (guint8 *b, gsize n) { memset (b, 0xFF, n); }
static void alter_version (guint8 *b, gsize n) { b[2] = 2; }
static void alter_type (guint8 *b, gsize n) { b[3] = 'X'; }
static void alter_utility (guint8 *b, gsize n) { b[7] ^= 1; }
static void alter_body (guint8 *b, gsize n) { b[30] ^= 0x01; }
static void alter_mac (guint8 *b, gsize n) { b[n - 1] ^= 0x80; }
static void alter_magic (guint8 *b, gsize n) { b[0] = 'X'; }

static const Refusal refusals[] = {
  { "blank (zeros)", alter_zero, FALSE, NULL, 0, POS_CARD_ERROR_BLANK },
  { "blank (FF)", alter_ff, FALSE, NULL, 0, POS_CARD_ERROR_BLANK },
  { "not ours", alter_magic, FALSE, NULL, 0, POS_CARD_ERROR_BLANK },
  { "unknown version", alter_version, FALSE, NULL, 0, POS_CARD_ERROR_UNKNOWN_VERSION },
  { "wrong record type", alter_type, FALSE, NULL, 0, POS_CARD_ERROR_CORRUPT },
  { "utility id altered", alter_utility, FALSE, NULL, 0, POS_CARD_ERROR_FOREIGN_UTILITY },
  { "another utility reads it", alter_none, FALSE, NULL, 99, POS_CARD_ERROR_FOREIGN_UTILITY },
  { "a byte altered", alter_body, FALSE, NULL, 0, POS_CARD_ERROR_BAD_MAC },
  { "the MAC altered", alter_mac, FALSE, NULL, 0, POS_CARD_ERROR_BAD_MAC },
  { "forged with another secret", alter_none, FALSE, "forger's guess", 0, POS_CARD_ERROR_BAD_MAC },
  { "copied onto another card", alter_none, TRUE, NULL, 0, POS_CARD_ERROR_BAD_MAC },
};

typedef gboolean (*DecodeFunc) (const guint8 *bytes, const guint8 *serial, gsize serial_len,
                                const PosCardMac *mac, GError **error);

static gboolean
decode_identity (const guint8 *bytes, const guint8 *serial, gsize serial_len, const PosCardMac *mac, GError **error)
{
  PosCardIdentity out;

  return pos_card_identity_decode (&out, bytes, serial, serial_len, mac, error);
}

static gboolean
decode_purchase (const guint8 *bytes, const guint8 *serial, gsize serial_len, const PosCardMac *mac, GError **error)
{
  PosCardPurchase out;

  return pos_card_purchase_decode (&out, bytes, serial, serial_len, mac, error);
}

static gboolean
decode_return (const guint8 *bytes, const guint8 *serial, gsize serial_len, const PosCardMac *mac, GError **error)
{
  PosCardReturn out;

  return pos_card_return_decode (&out, bytes, serial, serial_len, mac, error);
}

static void
check_refusals (const guint8 *good,
                gsize         len,
                DecodeFunc    decode)
{
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      const Refusal *r = &refusals[i];
      guint8 bytes[POS_CARD_IDENTITY_BYTES];
      PosCardMac mac;
      g_autoptr(GError) error = NULL;
      const guint8 *serial = r->other_serial ? serial_b : serial_a;

      g_test_message ("refusal: %s", r->name);
      memcpy (bytes, good, len);
      r->alter (bytes, len);
      card_test_mac_init (&mac, r->other_utility != 0 ? r->other_utility : 7,
                          r->other_secret != NULL ? r->other_secret : "utility secret");
      g_assert_false (decode (bytes, serial, 4, &mac, &error));
      g_assert_error (error, POS_CARD_ERROR, r->code);
    }
}

static void
test_identity_refusals (void)
{
  PosCardMac mac;
  PosCardIdentity id;
  guint8 bytes[POS_CARD_IDENTITY_BYTES];

  card_test_mac_init (&mac, 7, "utility secret");
  identity_fill (&id);
  g_assert_true (pos_card_identity_encode (bytes, &id, &mac, NULL));
  check_refusals (bytes, sizeof bytes, decode_identity);
}

static void
test_identity_encode_refusals (void)
{
  static const struct
  {
    const char *pan;
    const char *account;
    guint8      serial_len;
    int         kind;
  } bad[] = {
    { "60072704000000010", "ACC-1", 4, 1 },
    { "60072704000000010x", "ACC-1", 4, 1 },
    { "600727040000000104", "", 4, 1 },
    { "600727040000000104", "ACC-1", 0, 1 },
    { "600727040000000104", "ACC-1", 17, 1 },
    { "600727040000000104", "ACC-1", 4, 9 },
  };
  PosCardMac mac;

  card_test_mac_init (&mac, 7, "utility secret");
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      PosCardIdentity id;
      guint8 bytes[POS_CARD_IDENTITY_BYTES];
      g_autoptr(GError) error = NULL;

      identity_fill (&id);
      g_strlcpy (id.pan, bad[i].pan, sizeof id.pan);
      g_strlcpy (id.account, bad[i].account, sizeof id.account);
      id.serial_len = bad[i].serial_len;
      id.kind = (PosCardKind) bad[i].kind;
      g_assert_false (pos_card_identity_encode (bytes, &id, &mac, &error));
      g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST);
    }
}

static void
test_purchase_round_trip (void)
{
  static const char *tokens[] = {
    "56437246325349183461", "12345678901234567890", "00000000000000000000", "73786976294838206463",
  };
  PosCardMac mac;

  card_test_mac_init (&mac, 7, "utility secret");
  for (guint n = 0; n <= POS_CARD_MAX_TOKENS; n++)
    {
      PosCardPurchase p, back;
      guint8 bytes[POS_CARD_PURCHASE_BYTES];
      g_autoptr(GError) error = NULL;

      memset (&p, 0, sizeof p);
      p.seq = 1000 + n;
      p.issued_at = G_GINT64_CONSTANT (1795000000) + n;
      p.n_tokens = n;
      for (guint i = 0; i < n; i++)
        g_strlcpy (p.tokens[i], tokens[i], sizeof p.tokens[i]);
      g_assert_true (pos_card_purchase_encode (bytes, &p, serial_a, 4, &mac, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (bytes, 4, "SV\x01P", 4);
      g_assert_cmpint (bytes[20], ==, n);
      if (n > 0)
        g_assert_cmpint (bytes[21], ==, 0x56);   /* packed BCD */
      g_assert_true (pos_card_purchase_decode (&back, bytes, serial_a, 4, &mac, &error));
      g_assert_no_error (error);
      g_assert_true (pos_card_purchase_equal (&p, &back));
      g_assert_cmpint (back.issued_at, ==, p.issued_at);
      if (n == 2)
        check_refusals (bytes, sizeof bytes, decode_purchase);
    }
}

static void
test_purchase_encode_refusals (void)
{
  PosCardMac mac;
  PosCardPurchase p;
  guint8 bytes[POS_CARD_PURCHASE_BYTES];
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  card_test_mac_init (&mac, 7, "utility secret");
  memset (&p, 0, sizeof p);
  p.n_tokens = 5;
  g_assert_false (pos_card_purchase_encode (bytes, &p, serial_a, 4, &mac, &error));
  g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST);
  p.n_tokens = 1;
  g_strlcpy (p.tokens[0], "1234567890123456789", sizeof p.tokens[0]);
  g_assert_false (pos_card_purchase_encode (bytes, &p, serial_a, 4, &mac, &error2));
  g_assert_error (error2, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST);
}

static void
test_return_round_trip (void)
{
  PosCardMac mac;
  PosCardReturn r = { 3, 17, -25, G_GINT64_CONSTANT (123456789), POS_CARD_FLAG_TAMPER | POS_CARD_FLAG_LOW_BATTERY,
                      G_GINT64_CONSTANT (1795000123) };
  PosCardReturn back;
  guint8 bytes[POS_CARD_RETURN_BYTES];
  g_autoptr(GError) error = NULL;

  card_test_mac_init (&mac, 7, "utility secret");
  g_assert_true (pos_card_return_encode (bytes, &r, serial_a, 4, &mac, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (bytes, 4, "SV\x01R", 4);
  g_assert_true (pos_card_return_decode (&back, bytes, serial_a, 4, &mac, &error));
  g_assert_no_error (error);
  g_assert_cmpint (back.generation, ==, 3);
  g_assert_cmpint (back.last_seq, ==, 17);
  g_assert_cmpint (back.credit, ==, -25);
  g_assert_cmpint (back.cumulative, ==, 123456789);
  g_assert_cmpint (back.flags, ==, 3);
  g_assert_cmpint (back.written_at, ==, 1795000123);
  check_refusals (bytes, sizeof bytes, decode_return);
}

static void
test_pointer (void)
{
  PosCardMac mac, other;
  PosCardPointer p = { 1, 42 }, back;
  guint8 bytes[POS_CARD_POINTER_BYTES];
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;

  card_test_mac_init (&mac, 7, "utility secret");
  card_test_mac_init (&other, 7, "forger's guess");
  g_assert_true (pos_card_pointer_encode (bytes, 'p', &p, serial_a, 4, &mac, NULL));
  g_assert_true (pos_card_pointer_decode (&back, bytes, 'p', serial_a, 4, &mac, NULL));
  g_assert_cmpint (back.slot, ==, 1);
  g_assert_cmpint (back.seq, ==, 42);
  g_assert_false (pos_card_pointer_decode (&back, bytes, 'r', serial_a, 4, &mac, &e1));
  g_assert_error (e1, POS_CARD_ERROR, POS_CARD_ERROR_CORRUPT);
  g_assert_false (pos_card_pointer_decode (&back, bytes, 'p', serial_a, 4, &other, &e2));
  g_assert_error (e2, POS_CARD_ERROR, POS_CARD_ERROR_BAD_MAC);
  bytes[1] = 9;
  g_assert_false (pos_card_pointer_decode (&back, bytes, 'p', serial_a, 4, &mac, &e3));
  g_assert_error (e3, POS_CARD_ERROR, POS_CARD_ERROR_UNKNOWN_VERSION);
  memset (bytes, 0, sizeof bytes);
  g_assert_false (pos_card_pointer_decode (&back, bytes, 'p', serial_a, 4, &mac, &e4));
  g_assert_error (e4, POS_CARD_ERROR, POS_CARD_ERROR_BLANK);
}

/* Whatever is on a card, the decoders refuse it cleanly or return a
 * record that encodes back to the same bytes. */
static void
test_decode_anything (void)
{
  PosCardMac mac;
  GRand *rand = g_rand_new_with_seed (4242);
  PosCardIdentity id;
  guint8 good[POS_CARD_IDENTITY_BYTES];

  card_test_mac_init (&mac, 7, "utility secret");
  identity_fill (&id);
  g_assert_true (pos_card_identity_encode (good, &id, &mac, NULL));
  for (guint round = 0; round < 20000; round++)
    {
      guint8 bytes[POS_CARD_IDENTITY_BYTES];
      guint8 again[POS_CARD_IDENTITY_BYTES];
      PosCardIdentity i;
      PosCardPurchase p;
      PosCardReturn r;
      PosCardPointer ptr;
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      g_autoptr(GError) e3 = NULL;
      g_autoptr(GError) e4 = NULL;

      /* Random bytes half the time, else a good record with a few bytes
       * changed (which gets past the header checks). */
      if (round % 2 == 0)
        for (gsize k = 0; k < sizeof bytes; k++)
          bytes[k] = (guint8) g_rand_int_range (rand, 0, 256);
      else
        {
          memcpy (bytes, good, sizeof bytes);
          for (guint k = 0; k < 1 + round % 4; k++)
            bytes[g_rand_int_range (rand, 8, sizeof bytes)] = (guint8) g_rand_int_range (rand, 0, 256);
        }
      if (pos_card_identity_decode (&i, bytes, serial_a, 4, &mac, &e1))
        {
          g_assert_true (pos_card_identity_encode (again, &i, &mac, NULL));
          g_assert_cmpmem (again, sizeof again, bytes, sizeof bytes);
        }
      else
        g_assert_true (e1->domain == POS_CARD_ERROR);
      if (!pos_card_purchase_decode (&p, bytes, serial_a, 4, &mac, &e2))
        g_assert_true (e2->domain == POS_CARD_ERROR);
      if (!pos_card_return_decode (&r, bytes, serial_a, 4, &mac, &e3))
        g_assert_true (e3->domain == POS_CARD_ERROR);
      if (!pos_card_pointer_decode (&ptr, bytes, 'p', serial_a, 4, &mac, &e4))
        g_assert_true (e4->domain == POS_CARD_ERROR);
    }
  g_rand_free (rand);
}

static void
test_error_names (void)
{
  g_assert_cmpstr (pos_card_error_to_string (POS_CARD_ERROR_BAD_MAC), ==, "bad_mac");
  g_assert_cmpstr (pos_card_error_to_string (POS_CARD_ERROR_TORN_WRITE), ==, "torn_write");
  g_assert_cmpstr (pos_card_error_to_string (POS_CARD_ERROR_FOREIGN_UTILITY), ==, "foreign_utility");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pos/cardio/layout/identity-round-trip", test_identity_round_trip);
  g_test_add_func ("/pos/cardio/layout/identity-refusals", test_identity_refusals);
  g_test_add_func ("/pos/cardio/layout/identity-encode-refusals", test_identity_encode_refusals);
  g_test_add_func ("/pos/cardio/layout/purchase-round-trip", test_purchase_round_trip);
  g_test_add_func ("/pos/cardio/layout/purchase-encode-refusals", test_purchase_encode_refusals);
  g_test_add_func ("/pos/cardio/layout/return-round-trip", test_return_round_trip);
  g_test_add_func ("/pos/cardio/layout/pointer", test_pointer);
  g_test_add_func ("/pos/cardio/layout/decode-anything", test_decode_anything);
  g_test_add_func ("/pos/cardio/layout/error-names", test_error_names);
  return g_test_run ();
}
