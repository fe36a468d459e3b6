/* card-harness.c: see card-harness.h */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "card-harness.h"
#include "pos-cardio.h"

#define PYTHON "/usr/bin/python3"

struct _CardPcscd
{
  char  *dir;
  guint  port;
};

struct _CardEmu
{
  CardEmuKind  kind;
  char        *dir;
  char        *store;
  char        *control;
  char        *link;      /* PN532 pty */
  char        *spec;
  guint        port;
  GSubprocess *process;
};

static char *
harness_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "harness", name, NULL);
}

CardPcscd *
card_pcscd_start (const char *dir)
{
  g_autofree char *start = harness_path ("pcscd-start.sh");
  g_autofree char *owner = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { start, dir, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "STSVEND_PCSCD_OWNER", owner, TRUE);
  CardPcscd *p;
  int status = 0;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, 0, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pcscd-start.sh failed: %s", err);
  p = g_new0 (CardPcscd, 1);
  p->dir = g_strdup (dir);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "PCSCLITE_CSOCK_NAME="))
        g_setenv ("PCSCLITE_CSOCK_NAME", lines[i] + 20, TRUE);
      else if (g_str_has_prefix (lines[i], "VPCD_PORT="))
        p->port = (guint) g_ascii_strtoull (lines[i] + 10, NULL, 10);
    }
  g_assert_cmpuint (p->port, >, 0);
  return p;
}

guint
card_pcscd_get_port (CardPcscd *pcscd)
{
  return pcscd->port;
}

void
card_pcscd_free (CardPcscd *pcscd)
{
  g_autofree char *stop = harness_path ("pcscd-stop.sh");
  const char *argv[] = { stop, pcscd->dir, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &status, NULL));
  g_free (pcscd->dir);
  g_free (pcscd);
}

static void
run_python (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is missing (Debian package python3): the card emulators need it", PYTHON);
  g_ptr_array_add (argv, (gpointer) PYTHON);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", args[0], err);
}

static GSubprocess *
spawn_python (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *p;

  g_ptr_array_add (argv, (gpointer) PYTHON);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  return p;
}

CardEmu *
card_emu_new (CardEmuKind  kind,
              const char  *dir,
              CardPcscd   *pcscd,
              guint        slot,
              const char  *serial_hex)
{
  CardEmu *emu = g_new0 (CardEmu, 1);
  g_autofree char *script = NULL;

  emu->kind = kind;
  emu->dir = g_strdup (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  emu->control = g_build_filename (dir, "pull", NULL);
  switch (kind)
    {
    case CARD_EMU_CONTACT:
      script = harness_path ("card-contact.py");
      emu->store = g_build_filename (dir, "card.json", NULL);
      {
        const char *args[] = { script, "--create", emu->store, "--serial", serial_hex, NULL };
        run_python (args);
      }
      break;
    case CARD_EMU_MIFARE_PCSC:
    case CARD_EMU_PN532:
    default:
      script = harness_path ("card-mifare-pcsc.py");
      emu->store = g_build_filename (dir, "card.mfd", NULL);
      {
        const char *args[] = { script, "--create", emu->store, "--uid", serial_hex, NULL };
        run_python (args);
      }
      break;
    }
  if (kind == CARD_EMU_PN532)
    {
      g_autofree char *emu_script = harness_path ("pn532-emu.py");
      g_autofree char *owner = g_strdup_printf ("%d", (int) getpid ());
      g_autofree char *away = g_strconcat (emu->store, ".away", NULL);
      g_autofree char *log = g_build_filename (dir, "trace.log", NULL);

      emu->link = g_build_filename (dir, "pn532", NULL);
      g_assert_cmpint (g_rename (emu->store, away), ==, 0);
      {
        const char *args[] = { emu_script, "--link", emu->link, "--card", emu->store, "--control", emu->control,
                               "--log", log, "--owner", owner, NULL };
        emu->process = spawn_python (args);
      }
      for (guint i = 0; i < 250 && !g_file_test (emu->link, G_FILE_TEST_EXISTS); i++)
        g_usleep (20 * 1000);
      g_assert_true (g_file_test (emu->link, G_FILE_TEST_EXISTS));
      emu->spec = g_strconcat ("nfc:pn532_uart:", emu->link, NULL);
    }
  else
    {
      g_assert_nonnull (pcscd);
      emu->port = card_pcscd_get_port (pcscd) + slot;
      emu->spec = g_strdup_printf ("pcsc:stsvend test 00 %02u", slot);
    }
  return emu;
}

static void
stop_process (CardEmu *emu)
{
  if (emu->process == NULL)
    return;
  g_subprocess_send_signal (emu->process, SIGTERM);
  g_subprocess_wait (emu->process, NULL, NULL);
  g_clear_object (&emu->process);
}

void
card_emu_free (CardEmu *emu)
{
  if (emu->kind != CARD_EMU_PN532 && emu->process != NULL)
    card_emu_remove (emu);   /* and wait until pcscd sees it gone */
  stop_process (emu);
  g_free (emu->dir);
  g_free (emu->store);
  g_free (emu->control);
  g_free (emu->link);
  g_free (emu->spec);
  g_free (emu);
}

void
card_emu_insert (CardEmu *emu)
{
  g_autoptr(PosCardReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen = FALSE;
  gint64 start;

  g_unlink (emu->control);
  if (emu->kind == CARD_EMU_PN532)
    {
      g_autofree char *away = g_strconcat (emu->store, ".away", NULL);

      if (g_file_test (away, G_FILE_TEST_EXISTS))
        g_assert_cmpint (g_rename (away, emu->store), ==, 0);
      return;
    }
  stop_process (emu);
  start = g_get_monotonic_time ();
  {
    g_autofree char *script = harness_path (emu->kind == CARD_EMU_CONTACT ? "card-contact.py"
                                                                          : "card-mifare-pcsc.py");
    g_autofree char *port = g_strdup_printf ("%u", emu->port);
    g_autofree char *owner = g_strdup_printf ("%d", (int) getpid ());
    g_autofree char *log = g_build_filename (emu->dir, "apdu.log", NULL);
    const char *args[] = { script, "--port", port, emu->kind == CARD_EMU_CONTACT ? "--store" : "--card",
                           emu->store, "--control", emu->control, "--log", log, "--owner", owner, NULL };

    emu->process = spawn_python (args);
  }
  /* Until pcscd sees it (about half a second). */
  reader = pos_card_reader_open (emu->spec, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 400 && !seen; i++)
    {
      g_autoptr(GError) connect_error = NULL;

      /* Present, even if it is not a card we can use. */
      seen = pos_card_reader_connect (reader, emu->spec + 5, &connect_error)
        || !(g_error_matches (connect_error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD)
             || g_error_matches (connect_error, POS_CARD_ERROR, POS_CARD_ERROR_CARD_REMOVED));
      if (!seen)
        g_usleep (10 * 1000);
    }
  g_assert_true (seen);
  pos_card_reader_disconnect (reader);
  g_test_message ("card in after %.2f s", (g_get_monotonic_time () - start) / 1e6);
}

void
card_emu_remove (CardEmu *emu)
{
  if (emu->kind == CARD_EMU_PN532)
    {
      g_autofree char *away = g_strconcat (emu->store, ".away", NULL);

      if (g_file_test (emu->store, G_FILE_TEST_EXISTS))
        g_assert_cmpint (g_rename (emu->store, away), ==, 0);
      return;
    }
  stop_process (emu);
  /* Until pcscd sees the reader empty. */
  {
    g_autoptr(PosCardReader) reader = pos_card_reader_open (emu->spec, NULL);
    gboolean gone = FALSE;

    g_assert_nonnull (reader);
    for (guint i = 0; i < 200 && !gone; i++)
      {
        g_autoptr(GError) error = NULL;

        if (pos_card_reader_connect (reader, emu->spec + 5, &error))
          pos_card_reader_disconnect (reader);
        gone = g_error_matches (error, POS_CARD_ERROR, POS_CARD_ERROR_NO_CARD);
        if (!gone)
          g_usleep (25 * 1000);
      }
    g_assert_true (gone);
  }
}

void
card_emu_pull_after (CardEmu  *emu,
                     guint     n,
                     gboolean  tear)
{
  g_autofree char *text = g_strdup_printf ("%u%s\n", n, tear ? " tear" : "");

  g_assert_true (g_file_set_contents (emu->control, text, -1, NULL));
}

void
card_emu_pull_cancel (CardEmu *emu)
{
  g_assert_true (g_file_set_contents (emu->control, "off\n", -1, NULL));
}

guint
card_emu_count_commands (CardEmu *emu)
{
  g_autofree char *log = g_build_filename (emu->dir, emu->kind == CARD_EMU_PN532 ? "trace.log" : "apdu.log", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (log, &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (emu->kind == CARD_EMU_PN532 ? g_str_has_prefix (lines[i], "> d440") : g_str_has_prefix (lines[i], "> "))
      n++;
  return n;
}

gboolean
card_emu_was_pulled (CardEmu *emu)
{
  if (emu->kind == CARD_EMU_PN532)
    return !g_file_test (emu->store, G_FILE_TEST_EXISTS);
  if (emu->process == NULL)
    return TRUE;
  /* The emulator exits on its own once pulled. */
  for (guint i = 0; i < 100; i++)
    {
      if (g_subprocess_get_identifier (emu->process) == NULL)
        return TRUE;
      g_usleep (10 * 1000);
    }
  return FALSE;
}

const char *
card_emu_get_spec (CardEmu *emu)
{
  return emu->spec;
}

const char *
card_emu_get_store (CardEmu *emu)
{
  return emu->store;
}
