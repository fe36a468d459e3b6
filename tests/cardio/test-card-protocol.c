/* test-card-protocol.c: the card read and written whole through the fake
 * reader: issue, purchases, the return area, the refusals, and a card
 * pulled at every single step of every write (old state or new, never a
 * mix, and the retry succeeds) */
#include <string.h>

#include "card-test-mac.h"

static const guint8 serial_a[] = { 0x04, 0xA1, 0xB2, 0xC3 };
static const guint8 serial_b[] = { 0x04, 0xA1, 0xB2, 0xC4 };

typedef struct
{
  PosCardMac     mac;
  PosCardReader *reader;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  card_test_mac_init (&f->mac, 4242, "utility card secret");
  f->reader = pos_card_reader_fake_new (serial_a, sizeof serial_a);
  g_assert_true (pos_card_reader_connect (f->reader, NULL, NULL));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->reader);
}

static void
identity_fill (PosCardIdentity *id)
{
  memset (id, 0, sizeof *id);
  id->kind = POS_CARD_KIND_CUSTOMER;
  g_strlcpy (id->pan, "600727040000000104", sizeof id->pan);
  g_strlcpy (id->account, "ACC-000007", sizeof id->account);
}

static void
issue (Fixture *f)
{
  PosCardIdentity id;
  g_autoptr(GError) error = NULL;

  identity_fill (&id);
  g_assert_true (pos_card_issue (f->reader, &f->mac, &id, 1795000000, &error));
  g_assert_no_error (error);
}

static void
purchase_fill (PosCardPurchase *p,
               guint32          seq)
{
  memset (p, 0, sizeof *p);
  p->seq = seq;
  p->issued_at = 1795000000 + seq;
  p->n_tokens = seq % 2 == 0 ? 3 : 1;
  for (guint i = 0; i < p->n_tokens; i++)
    g_snprintf (p->tokens[i], sizeof p->tokens[i], "%010u%010u", seq, i);
}

static void
test_issue_and_read (Fixture       *f,
                     gconstpointer  data)
{
  PosCardContents c;
  g_autoptr(GError) error = NULL;

  g_assert_false (pos_card_read (f->reader, &f->mac, &c, &error));
  g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BLANK);
  issue (f);
  g_assert_true (pos_card_read (f->reader, &f->mac, &c, NULL));
  g_assert_cmpstr (c.identity.pan, ==, "600727040000000104");
  g_assert_cmpstr (c.identity.account, ==, "ACC-000007");
  g_assert_cmpmem (c.identity.serial, c.identity.serial_len, serial_a, sizeof serial_a);
  g_assert_cmpint (c.identity.utility_id, ==, 4242);
  g_assert_cmpint (c.purchase.seq, ==, 0);
  g_assert_cmpint (c.purchase.n_tokens, ==, 0);
  g_assert_cmpint (c.purchase.issued_at, ==, 1795000000);
  g_assert_cmpint (c.ret.generation, ==, 0);
  g_assert_false (c.purchase_pending);
  g_assert_false (c.return_pending);
}

static void
test_purchases (Fixture       *f,
                gconstpointer  data)
{
  PosCardContents c;
  PosCardPurchase p;

  issue (f);
  for (guint32 seq = 1; seq <= 5; seq++)
    {
      g_autoptr(GError) error = NULL;

      purchase_fill (&p, seq);
      g_assert_true (pos_card_write_purchase (f->reader, &f->mac, &p, &error));
      g_assert_no_error (error);
      g_assert_true (pos_card_read (f->reader, &f->mac, &c, NULL));
      g_assert_true (pos_card_purchase_equal (&c.purchase, &p));
      g_assert_false (c.purchase_pending);
      /* The same purchase again is a success, and changes nothing. */
      g_assert_true (pos_card_write_purchase (f->reader, &f->mac, &p, NULL));
    }
  {
    g_autoptr(GError) error = NULL;

    purchase_fill (&p, 5);
    g_strlcpy (p.tokens[0], "99999999999999999999", sizeof p.tokens[0]);
    g_assert_false (pos_card_write_purchase (f->reader, &f->mac, &p, &error));
    g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST);
  }
  {
    g_autoptr(GError) error = NULL;

    purchase_fill (&p, 3);
    g_assert_false (pos_card_write_purchase (f->reader, &f->mac, &p, &error));
    g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST);
  }
}

static void
test_return_area (Fixture       *f,
                  gconstpointer  data)
{
  PosCardContents c;
  PosCardReturn r = { 1, 1, 250, 1000, POS_CARD_FLAG_LOW_BATTERY, 1795001000 };
  g_autoptr(GError) error = NULL;

  issue (f);
  g_assert_true (pos_card_write_return (f->reader, &f->mac, &r, &error));
  g_assert_no_error (error);
  g_assert_true (pos_card_read (f->reader, &f->mac, &c, NULL));
  g_assert_cmpint (c.ret.generation, ==, 1);
  g_assert_cmpint (c.ret.credit, ==, 250);
  g_assert_cmpint (c.ret.flags, ==, POS_CARD_FLAG_LOW_BATTERY);
  g_assert_true (pos_card_write_return (f->reader, &f->mac, &r, NULL));
  r.credit = 1;
  g_assert_false (pos_card_write_return (f->reader, &f->mac, &r, &error));
  g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_REQUEST);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  PosCardContents c;
  PosCardMac forger, other_utility;
  g_autoptr(PosCardReader) copy = pos_card_reader_fake_new (serial_b, sizeof serial_b);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;

  issue (f);
  card_test_mac_init (&forger, 4242, "a guess");
  card_test_mac_init (&other_utility, 77, "utility card secret");
  g_assert_false (pos_card_read (f->reader, &forger, &c, &e1));
  g_assert_error (e1, POS_CARD_ERROR, POS_CARD_ERROR_BAD_MAC);
  g_assert_false (pos_card_read (f->reader, &other_utility, &c, &e2));
  g_assert_error (e2, POS_CARD_ERROR, POS_CARD_ERROR_FOREIGN_UTILITY);

  /* Every byte copied onto a card with another serial. */
  memcpy (pos_card_reader_fake_get_memory (POS_CARD_READER_FAKE (copy)),
          pos_card_reader_fake_get_memory (POS_CARD_READER_FAKE (f->reader)),
          POS_CARD_LAYOUT_BLOCKS * POS_CARD_BLOCK_BYTES);
  g_assert_true (pos_card_reader_connect (copy, NULL, NULL));
  g_assert_false (pos_card_read (copy, &f->mac, &c, &e3));
  g_assert_error (e3, POS_CARD_ERROR, POS_CARD_ERROR_BAD_MAC);
  g_assert_nonnull (strstr (e3->message, "copied"));

  /* A purchase record altered on the card (more tokens, say). */
  pos_card_reader_fake_get_memory (POS_CARD_READER_FAKE (f->reader))
    [POS_CARD_PURCHASE_SLOT_BLOCK (0) * POS_CARD_BLOCK_BYTES + 20] = 1;
  g_assert_false (pos_card_read (f->reader, &f->mac, &c, &e4));
  g_assert_error (e4, POS_CARD_ERROR, POS_CARD_ERROR_BAD_MAC);
}

static void
test_no_card (Fixture       *f,
              gconstpointer  data)
{
  PosCardReaderFake *fake = POS_CARD_READER_FAKE (f->reader);
  PosCardContents c;
  PosCardEvent event;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  g_auto(GStrv) names = pos_card_reader_list_readers (f->reader, NULL);

  g_assert_cmpstr (names[0], ==, POS_CARD_READER_FAKE_NAME);
  issue (f);
  pos_card_reader_fake_set_present (fake, FALSE);
  g_assert_true (pos_card_reader_wait_event (f->reader, NULL, 10, &event, NULL));
  g_assert_cmpint (event, ==, POS_CARD_EVENT_REMOVED);
  g_assert_false (pos_card_read (f->reader, &f->mac, &c, &e1));
  g_assert_error (e1, POS_CARD_ERROR, POS_CARD_ERROR_CARD_REMOVED);
  g_assert_false (pos_card_reader_connect (f->reader, NULL, &e2));
  g_assert_error (e2, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD);
  g_assert_false (pos_card_read (f->reader, &f->mac, &c, &e3));
  g_assert_error (e3, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD);
  g_assert_false (pos_card_reader_connect (f->reader, "Another reader", &e4));
  g_assert_error (e4, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER);
  pos_card_reader_fake_set_present (fake, TRUE);
  g_assert_true (pos_card_reader_wait_event (f->reader, NULL, 10, &event, NULL));
  g_assert_cmpint (event, ==, POS_CARD_EVENT_INSERTED);
  g_assert_true (pos_card_reader_connect (f->reader, NULL, NULL));
  g_assert_true (pos_card_read (f->reader, &f->mac, &c, NULL));
}

/* -- pulled at every step ------------------------------------------------ */

typedef enum
{
  WRITE_PURCHASE,
  WRITE_RETURN,
  WRITE_ISSUE,
} WriteKind;

static gboolean
do_write (Fixture    *f,
          WriteKind   kind,
          GError    **error)
{
  PosCardPurchase p;
  PosCardReturn r = { 2, 1, 500, 4000, POS_CARD_FLAG_TAMPER, 1795002000 };
  PosCardIdentity id;

  switch (kind)
    {
    case WRITE_PURCHASE:
      purchase_fill (&p, 2);
      return pos_card_write_purchase (f->reader, &f->mac, &p, error);
    case WRITE_RETURN:
      return pos_card_write_return (f->reader, &f->mac, &r, error);
    case WRITE_ISSUE:
    default:
      identity_fill (&id);
      g_strlcpy (id.account, "ACC-000099", sizeof id.account);
      return pos_card_issue (f->reader, &f->mac, &id, 1795009999, error);
    }
}

/* Old or new, never anything else. */
static void
check_old_or_new (Fixture         *f,
                  WriteKind        kind,
                  gboolean        *out_is_new)
{
  PosCardContents c;
  PosCardPurchase old_p, new_p;
  g_autoptr(GError) error = NULL;

  purchase_fill (&old_p, 1);
  purchase_fill (&new_p, 2);
  if (!pos_card_read (f->reader, &f->mac, &c, &error))
    {
      /* Only an issue, which erases the card, may leave it unreadable:
       * blank, or its identity torn (refused, never accepted), to be
       * issued again. */
      g_assert_cmpint (kind, ==, WRITE_ISSUE);
      g_test_message ("torn issue reads as: %s", error->message);
      g_assert_true (g_error_matches (error, POS_CARD_ERROR, POS_CARD_ERROR_BLANK)
                     || g_error_matches (error, POS_CARD_ERROR, POS_CARD_ERROR_BAD_MAC)
                     || g_error_matches (error, POS_CARD_ERROR, POS_CARD_ERROR_CORRUPT));
      *out_is_new = FALSE;
      return;
    }
  switch (kind)
    {
    case WRITE_PURCHASE:
      g_assert_true (pos_card_purchase_equal (&c.purchase, &old_p) || pos_card_purchase_equal (&c.purchase, &new_p));
      g_assert_cmpint (c.ret.generation, ==, 1);
      *out_is_new = c.purchase.seq == 2;
      break;
    case WRITE_RETURN:
      g_assert_true (pos_card_purchase_equal (&c.purchase, &old_p));
      g_assert_true (c.ret.generation == 1 || c.ret.generation == 2);
      if (c.ret.generation == 1)
        g_assert_cmpint (c.ret.credit, ==, 100);
      else
        {
          g_assert_cmpint (c.ret.credit, ==, 500);
          g_assert_cmpint (c.ret.flags, ==, POS_CARD_FLAG_TAMPER);
        }
      *out_is_new = c.ret.generation == 2;
      break;
    case WRITE_ISSUE:
    default:
      if (g_strcmp0 (c.identity.account, "ACC-000099") == 0)
        {
          g_assert_cmpint (c.purchase.seq, ==, 0);
          g_assert_cmpint (c.ret.generation, ==, 0);
          *out_is_new = TRUE;
        }
      else
        {
          g_assert_cmpstr (c.identity.account, ==, "ACC-000007");
          g_assert_true (pos_card_purchase_equal (&c.purchase, &old_p));
          *out_is_new = FALSE;
        }
      break;
    }
}

static void
test_pulled_every_step (Fixture       *f,
                        gconstpointer  data)
{
  PosCardReaderFake *fake = POS_CARD_READER_FAKE (f->reader);

  for (WriteKind kind = WRITE_PURCHASE; kind <= WRITE_ISSUE; kind++)
    for (int tear = 0; tear <= 1; tear++)
      {
        guint steps = 0;

        for (guint n = 0;; n++)
          {
            PosCardPurchase p1;
            PosCardReturn r1 = { 1, 1, 100, 1000, 0, 1795001000 };
            g_autoptr(GError) error = NULL;
            gboolean is_new = FALSE, done;

            /* The old state: issued, purchase 1, return generation 1. */
            memset (pos_card_reader_fake_get_memory (fake), 0, POS_CARD_LAYOUT_BLOCKS * POS_CARD_BLOCK_BYTES);
            issue (f);
            purchase_fill (&p1, 1);
            g_assert_true (pos_card_write_purchase (f->reader, &f->mac, &p1, NULL));
            g_assert_true (pos_card_write_return (f->reader, &f->mac, &r1, NULL));

            pos_card_reader_fake_pull_after (fake, n, tear);
            done = do_write (f, kind, &error);
            pos_card_reader_fake_set_present (fake, TRUE);
            g_assert_true (pos_card_reader_connect (f->reader, NULL, NULL));
            if (done)
              {
                g_assert_no_error (error);
                check_old_or_new (f, kind, &is_new);
                g_assert_true (is_new);
                steps = n;
                break;
              }
            g_assert_true (g_error_matches (error, POS_CARD_ERROR, POS_CARD_ERROR_CARD_REMOVED)
                           || g_error_matches (error, POS_CARD_ERROR, POS_CARD_ERROR_TORN_WRITE));
            check_old_or_new (f, kind, &is_new);
            /* The retry, with the card back, always ends in the new state. */
            g_assert_true (do_write (f, kind, NULL));
            check_old_or_new (f, kind, &is_new);
            g_assert_true (is_new);
          }
        g_test_message ("write %d (tear %d): pulled at each of %u steps", kind, tear, steps);
        g_assert_cmpuint (steps, >, 4);
      }
}

static void
test_pending_detected (Fixture       *f,
                       gconstpointer  data)
{
  PosCardReaderFake *fake = POS_CARD_READER_FAKE (f->reader);
  PosCardPurchase p;
  PosCardContents c;

  issue (f);
  purchase_fill (&p, 1);
  /* Pulled right after the new slot was written and read back: the
   * commit block never went. read (1) + write 5 + read (1) = 7 steps. */
  pos_card_reader_fake_pull_after (fake, 7, FALSE);
  g_assert_false (pos_card_write_purchase (f->reader, &f->mac, &p, NULL));
  pos_card_reader_fake_set_present (fake, TRUE);
  g_assert_true (pos_card_reader_connect (f->reader, NULL, NULL));
  g_assert_true (pos_card_read (f->reader, &f->mac, &c, NULL));
  g_assert_cmpint (c.purchase.seq, ==, 0);
  g_assert_true (c.purchase_pending);
  g_assert_true (pos_card_write_purchase (f->reader, &f->mac, &p, NULL));
  g_assert_true (pos_card_read (f->reader, &f->mac, &c, NULL));
  g_assert_cmpint (c.purchase.seq, ==, 1);
  g_assert_false (c.purchase_pending);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add ("/pos/cardio/protocol/" path, Fixture, NULL, setup, func, teardown)
  ADD ("issue-and-read", test_issue_and_read);
  ADD ("purchases", test_purchases);
  ADD ("return-area", test_return_area);
  ADD ("refusals", test_refusals);
  ADD ("no-card", test_no_card);
  ADD ("pulled-every-step", test_pulled_every_step);
  ADD ("pending-detected", test_pending_detected);
#undef ADD
  return g_test_run ();
}
