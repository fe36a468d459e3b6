/* test-card-readers.c: the three reader back-ends against the real stacks:
 * a private pcscd with vpcd and the project's contact and MIFARE card
 * emulators, and libnfc's pn532_uart driver on an emulated PN532
 * (tests/harness/).  Each back-end: the card read and written through the
 * card protocol and persisted by the card, removal and insertion, events,
 * the card pulled at every step of a write, and the specific refusals. */
#include <string.h>

#include <glib/gstdio.h>

#include "card-harness.h"
#include "card-test-mac.h"

typedef struct
{
  CardEmuKind kind;
  const char *serial_hex;
  guint8      serial[8];
  gsize       serial_len;
} Param;

static const Param contact = { CARD_EMU_CONTACT, "5354530000000001", { 0x53, 0x54, 0x53, 0, 0, 0, 0, 1 }, 8 };
static const Param mifare = { CARD_EMU_MIFARE_PCSC, "04A1B2C3", { 0x04, 0xA1, 0xB2, 0xC3 }, 4 };
static const Param pn532 = { CARD_EMU_PN532, "04D5E6F7", { 0x04, 0xD5, 0xE6, 0xF7 }, 4 };

/* One pcscd for the whole program: pcsc-lite keeps the first socket
 * path it was given. */
static CardPcscd *pcscd;

typedef struct
{
  const Param   *param;
  char          *dir;
  CardEmu       *emu;
  PosCardMac     mac;
  PosCardReader *reader;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *card_dir = NULL;

  f->param = data;
  f->dir = g_dir_make_tmp ("stsvend-cards-XXXXXX", &error);
  g_assert_no_error (error);
  card_dir = g_build_filename (f->dir, "card", NULL);
  f->emu = card_emu_new (f->param->kind, card_dir, pcscd, f->param->kind == CARD_EMU_MIFARE_PCSC ? 1 : 0,
                         f->param->serial_hex);
  card_test_mac_init (&f->mac, 31337, "the utility's card secret");
  f->reader = pos_card_reader_open (card_emu_get_spec (f->emu), &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->reader);
  card_emu_free (f->emu);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
  g_free (f->dir);
}

static const char *
reader_name (Fixture *f)
{
  const char *spec = card_emu_get_spec (f->emu);

  return strchr (spec, ':') + 1;
}

static void
connect_card (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  pos_card_reader_connect (f->reader, reader_name (f), &error);
  g_assert_no_error (error);
}

static void
issue (Fixture *f)
{
  PosCardIdentity id;
  g_autoptr(GError) error = NULL;

  memset (&id, 0, sizeof id);
  id.kind = POS_CARD_KIND_CUSTOMER;
  g_strlcpy (id.pan, "600727040000000104", sizeof id.pan);
  g_strlcpy (id.account, "ACC-000001", sizeof id.account);
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
  p->n_tokens = 2;
  g_snprintf (p->tokens[0], sizeof p->tokens[0], "1111%016u", seq);
  g_snprintf (p->tokens[1], sizeof p->tokens[1], "2222%016u", seq);
}

static void
test_read_write (Fixture       *f,
                 gconstpointer  data)
{
  PosCardContents c;
  PosCardPurchase p;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_auto(GStrv) names = pos_card_reader_list_readers (f->reader, &e1);
  const guint8 *serial;
  gsize serial_len;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;

  g_assert_no_error (e1);
  g_assert_true (g_strv_contains ((const char * const *) names, reader_name (f)));

  /* No card yet. */
  g_assert_false (pos_card_reader_connect (f->reader, reader_name (f), &e2));
  g_assert_error (e2, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD);

  card_emu_insert (f->emu);
  connect_card (f);
  g_assert_cmpint (pos_card_reader_get_medium (f->reader), ==,
                   f->param->kind == CARD_EMU_CONTACT ? POS_CARD_MEDIUM_CONTACT_FILE : POS_CARD_MEDIUM_MIFARE_1K);
  serial = pos_card_reader_get_serial (f->reader, &serial_len);
  g_assert_cmpmem (serial, serial_len, f->param->serial, f->param->serial_len);

  g_assert_true (g_file_get_contents (card_emu_get_store (f->emu), &before, &before_len, NULL));
  issue (f);
  purchase_fill (&p, 1);
  g_assert_true (pos_card_write_purchase (f->reader, &f->mac, &p, NULL));
  g_assert_true (g_file_get_contents (card_emu_get_store (f->emu), &after, &after_len, NULL));
  /* The card's own file holds it. */
  g_assert_true (before_len != after_len || memcmp (before, after, before_len) != 0);

  /* Out and back in: the card kept it. */
  pos_card_reader_disconnect (f->reader);
  card_emu_remove (f->emu);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pos_card_reader_connect (f->reader, reader_name (f), &error));
    g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD);
  }
  card_emu_insert (f->emu);
  connect_card (f);
  g_assert_true (pos_card_read (f->reader, &f->mac, &c, NULL));
  g_assert_true (pos_card_purchase_equal (&c.purchase, &p));
  g_assert_cmpstr (c.identity.account, ==, "ACC-000001");
}

typedef struct
{
  CardEmu *emu;
  gboolean insert;
} Later;

static gpointer
later_cb (gpointer data)
{
  Later *l = data;

  g_usleep (300 * 1000);
  if (l->insert)
    card_emu_insert (l->emu);
  else
    card_emu_remove (l->emu);
  return NULL;
}

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  Later l = { f->emu, FALSE };
  GThread *thread;
  PosCardEvent event;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;

  card_emu_insert (f->emu);
  connect_card (f);
  pos_card_reader_disconnect (f->reader);

  thread = g_thread_new ("remove", later_cb, &l);
  g_assert_true (pos_card_reader_wait_event (f->reader, reader_name (f), 5000, &event, &e1));
  g_assert_no_error (e1);
  g_assert_cmpint (event, ==, POS_CARD_EVENT_REMOVED);
  g_thread_join (thread);

  if (f->param->kind == CARD_EMU_PN532)
    {
      /* The PN532 needs no process to start: insert from a thread too. */
      l.insert = TRUE;
      thread = g_thread_new ("insert", later_cb, &l);
      g_assert_true (pos_card_reader_wait_event (f->reader, reader_name (f), 5000, &event, &e2));
      g_thread_join (thread);
    }
  else
    {
      /* Inserting waits for pcscd to see the card: watch from a thread. */
      l.insert = TRUE;
      thread = g_thread_new ("insert", later_cb, &l);
      g_assert_true (pos_card_reader_wait_event (f->reader, reader_name (f), 8000, &event, &e2));
      g_thread_join (thread);
    }
  g_assert_no_error (e2);
  g_assert_cmpint (event, ==, POS_CARD_EVENT_INSERTED);

  g_assert_false (pos_card_reader_wait_event (f->reader, reader_name (f), 200, &event, &e3));
  g_assert_error (e3, POS_CARD_ERROR, POS_CARD_ERROR_TIMEOUT);
}

/* One write of purchase 2 over purchase 1, pulled after @n commands
 * (G_MAXUINT: never); checks old-or-new and that the retry ends new.
 * TRUE when the write went through. */
static gboolean
pulled_write (Fixture  *f,
              guint     n,
              gboolean  tear)
{
  PosCardPurchase p1, p2;
  PosCardContents c;
  g_autoptr(GError) error = NULL;

  purchase_fill (&p1, 1);
  purchase_fill (&p2, 2);
  connect_card (f);
  issue (f);
  g_assert_true (pos_card_write_purchase (f->reader, &f->mac, &p1, NULL));
  if (n != G_MAXUINT)
    card_emu_pull_after (f->emu, n, tear);
  if (pos_card_write_purchase (f->reader, &f->mac, &p2, &error))
    {
      g_assert_no_error (error);
      card_emu_pull_cancel (f->emu);
      return TRUE;
    }
  g_test_message ("pulled after %u: %s", n, error->message);
  g_assert_true (g_error_matches (error, POS_CARD_ERROR, POS_CARD_ERROR_CARD_REMOVED)
                 || g_error_matches (error, POS_CARD_ERROR, POS_CARD_ERROR_TORN_WRITE));
  g_assert_true (card_emu_was_pulled (f->emu));
  pos_card_reader_disconnect (f->reader);
  card_emu_insert (f->emu);
  connect_card (f);
  g_assert_true (pos_card_read (f->reader, &f->mac, &c, NULL));
  g_assert_true (pos_card_purchase_equal (&c.purchase, &p1) || pos_card_purchase_equal (&c.purchase, &p2));
  /* The retry ends in the new state. */
  g_assert_true (pos_card_write_purchase (f->reader, &f->mac, &p2, NULL));
  g_assert_true (pos_card_read (f->reader, &f->mac, &c, NULL));
  g_assert_true (pos_card_purchase_equal (&c.purchase, &p2));
  return FALSE;
}

static void
test_pulled_every_step (Fixture       *f,
                        gconstpointer  data)
{
  guint total;

  card_emu_insert (f->emu);
  /* How many commands a purchase write takes on this card. */
  connect_card (f);
  issue (f);
  {
    PosCardPurchase p1, p2;
    guint before;

    purchase_fill (&p1, 1);
    purchase_fill (&p2, 2);
    g_assert_true (pos_card_write_purchase (f->reader, &f->mac, &p1, NULL));
    before = card_emu_count_commands (f->emu);
    g_assert_true (pos_card_write_purchase (f->reader, &f->mac, &p2, NULL));
    total = card_emu_count_commands (f->emu) - before;
  }
  g_assert_cmpuint (total, >, 3);
  /* Pulled at every step, cleanly and mid-block. */
  for (int tear = 0; tear <= 1; tear++)
    {
      for (guint n = 0; n < total; n++)
        g_assert_false (pulled_write (f, n, tear));
      g_assert_true (pulled_write (f, total, tear));
    }
  g_test_message ("a purchase write takes %u commands; pulled at each", total);
}

static void
test_wrong_key (Fixture       *f,
                gconstpointer  data)
{
  static const guint8 key[6] = { 1, 2, 3, 4, 5, 6 };
  guint8 block[16];
  g_autoptr(GError) error = NULL;

  if (f->param->kind == CARD_EMU_PN532)
    pos_card_reader_nfc_set_mifare_key (POS_CARD_READER_NFC (f->reader), key);
  else
    pos_card_reader_pcsc_set_mifare_key (POS_CARD_READER_PCSC (f->reader), key);
  card_emu_insert (f->emu);
  connect_card (f);
  g_assert_false (pos_card_reader_read (f->reader, 0, 1, block, &error));
  g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_AUTH_FAILED);
}

static void
test_wrong_card (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A contact card without our data file. */
  g_assert_true (g_file_set_contents (card_emu_get_store (f->emu), "{\"5300\": \"0102030405060708\"}", -1, NULL));
  card_emu_insert (f->emu);
  g_assert_false (pos_card_reader_connect (f->reader, reader_name (f), &error));
  g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_WRONG_CARD);
}

static void
test_pcsc_refusals (void)
{
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;

  /* pcsc-lite remembers the socket it was first given: a subprocess. */
  if (g_test_subprocess ())
    {
      g_autoptr(GError) e1 = NULL;

      g_setenv ("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm", TRUE);
      g_assert_null (pos_card_reader_open ("pcsc", &e1));
      g_assert_error (e1, POS_CARD_ERROR, POS_CARD_ERROR_NO_SERVICE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_assert_null (pos_card_reader_open ("serial:/dev/ttyS0", &e2));
  g_assert_error (e2, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER);
  g_assert_null (pos_card_reader_open ("nfc:acr122_usb:001:002", &e3));
  g_assert_error (e3, POS_CARD_ERROR, POS_CARD_ERROR_BUSY);
}

static void
test_pcsc_no_reader (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PosCardReader) other = pos_card_reader_open ("pcsc:No such reader", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (other);
  g_assert_false (pos_card_reader_connect (other, NULL, &error));
  g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_READER);
}

static void
test_nfc_claimed_once (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (pos_card_reader_open (card_emu_get_spec (f->emu), &error));
  g_assert_error (error, POS_CARD_ERROR, POS_CARD_ERROR_BUSY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, param, func) \
  g_test_add ("/pos/cardio/readers/" path, Fixture, &param, setup, func, teardown)
  ADD ("pcsc-contact/read-write", contact, test_read_write);
  ADD ("pcsc-contact/events", contact, test_events);
  ADD ("pcsc-contact/pulled-every-step", contact, test_pulled_every_step);
  ADD ("pcsc-contact/wrong-card", contact, test_wrong_card);
  ADD ("pcsc-contact/no-reader", contact, test_pcsc_no_reader);
  ADD ("pcsc-mifare/read-write", mifare, test_read_write);
  ADD ("pcsc-mifare/events", mifare, test_events);
  ADD ("pcsc-mifare/pulled-every-step", mifare, test_pulled_every_step);
  ADD ("pcsc-mifare/wrong-key", mifare, test_wrong_key);
  ADD ("nfc-pn532/read-write", pn532, test_read_write);
  ADD ("nfc-pn532/events", pn532, test_events);
  ADD ("nfc-pn532/pulled-every-step", pn532, test_pulled_every_step);
  ADD ("nfc-pn532/wrong-key", pn532, test_wrong_key);
  ADD ("nfc-pn532/claimed-once", pn532, test_nfc_claimed_once);
#undef ADD
  g_test_add_func ("/pos/cardio/readers/refusals", test_pcsc_refusals);
  if (!g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("stsvend-pcscd-XXXXXX", &error);
      g_autofree char *cmd = NULL;
      int status;

      g_assert_no_error (error);
      pcscd = card_pcscd_start (dir);
      status = g_test_run ();
      card_pcscd_free (pcscd);
      cmd = g_strdup_printf ("rm -rf '%s'", dir);
      if (system (cmd) != 0)
        status = 1;
      return status;
    }
  return g_test_run ();
}
