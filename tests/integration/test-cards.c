/* test-cards.c: customer cards end to end, through each back-end on the
 * real stacks (a private pcscd with vpcd and the contact and MIFARE card
 * emulators; libnfc with an emulated PN532), driven through stsvend-cli
 * as a vending point and a meter would use it: issue, recharge, the meter
 * simulator takes the card and writes back, the reading is stored, the
 * next purchase; a replayed card refused by the meter; a forged and a
 * copied card refused by the vending point; the card pulled at the steps
 * of a recharge, detected and retried without a second sale. */
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "card-harness.h"

#define PAN "600727040000000104"

typedef struct
{
  CardEmuKind kind;
  const char *serial;
  const char *other_serial;
  guint       slot;
  guint       pull_stride;   /* pull at every Nth step of a recharge */
} Param;

static const Param contact = { CARD_EMU_CONTACT, "5354530000000011", "5354530000000012", 0, 1 };
static const Param mifare = { CARD_EMU_MIFARE_PCSC, "04A1B2C3", "04A1B2C4", 1, 3 };
static const Param pn532 = { CARD_EMU_PN532, "04D5E6F7", "04D5E6F8", 0, 2 };

static CardPcscd *pcscd;   /* one per program: pcsc-lite keeps its socket path */

typedef struct
{
  const Param *param;
  char        *dir;
  char        *db;
  CardEmu     *emu;
} Fixture;

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Runs stsvend-cli --json ARGS; asserts the exit status when @want >= 0
 * and gives it in *@out_status; returns the JSON printed, if any. */
static JsonObject *
cli_v (int          want,
       int         *out_status,
       const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *joined = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("STSVEND_CLI"));
  g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_exit_status (proc);
  joined = g_strjoinv (" ", (char **) args);
  g_test_message ("stsvend-cli %s -> %d %s", joined, status, err != NULL ? err : "");
  if (want >= 0 && status != want)
    g_error ("stsvend-cli %s: exit %d, wanted %d: %s%s", joined, status, want, out, err);
  if (out_status != NULL)
    *out_status = status;
  return out != NULL && out[0] == '{' ? parse (out) : NULL;
}

#define CLI(want, ...) cli_run (want, NULL, __VA_ARGS__, NULL)

static JsonObject *
cli_run (int          want,
         int         *out_status,
         const char  *first,
         ...)
{
  const char *args[16];
  guint n = 0;
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL && n < G_N_ELEMENTS (args) - 1; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  args[n] = NULL;
  return cli_v (want, out_status, args);
}

static gint64
db_count (Fixture    *f,
          const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
use_card (CardEmu *emu)
{
  g_setenv ("STSVEND_CARD_READER", card_emu_get_spec (emu), TRUE);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *card_dir = NULL;
  g_autofree char *state = NULL;

  f->param = data;
  f->dir = g_dir_make_tmp ("stsvend-cards-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "stsvend.db", NULL);
  state = g_build_filename (f->dir, "meter.ini", NULL);
  card_dir = g_build_filename (f->dir, "card", NULL);
  f->emu = card_emu_new (f->param->kind, card_dir, pcscd, f->param->slot, f->param->serial);
  card_emu_insert (f->emu);
  use_card (f->emu);
  g_setenv ("STSVEND_DB", f->db, TRUE);
  g_setenv ("STSVEND_METER_STATE", state, TRUE);
  g_setenv ("STSVEND_PASSPHRASE", "stsvend demo passphrase", TRUE);
  g_setenv ("STSVEND_USER", "supervisor", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-supervisor", TRUE);
  g_unsetenv ("STSVEND_CONFIG");

  g_clear_pointer (&error, g_error_free);
  json_object_unref (CLI (-1, "demo", "--customers", "3") ?: json_object_new ());
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM meters WHERE pan = '" PAN "'"), ==, 1);
  json_object_unref (CLI (-1, "shift", "open", "--point", "Main office", "--float", "100") ?: json_object_new ());
  json_object_unref (CLI (0, "card", "issue", "--meter", PAN) ?: json_object_new ());
  json_object_unref (CLI (0, "simulator", "create", "--meter", PAN) ?: json_object_new ());
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  card_emu_free (f->emu);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_free (f->db);
}

/* Sells @amount onto the card and checks it reached it; the token. */
static char *
recharge (const char *amount)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(JsonObject) r = CLI (0, "card", "recharge", "--amount", amount);

  /* The figure: a whole recharge (read, vend, write, verify), as a
   * process that opens the database and the reader. */
  g_test_message ("recharge on %s: %.3f s", g_getenv ("STSVEND_CARD_READER"),
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_true (json_object_get_boolean_member (r, "card_written"));
  return g_strdup (json_object_get_string_member (r, "token"));
}

/* The meter takes the card: the outcome of each token. */
static JsonObject *
insert (void)
{
  return CLI (0, "simulator", "insert-card", "--now", "1795000000");
}

static const char *
first_outcome (JsonObject *insertion)
{
  JsonArray *tokens = json_object_get_array_member (insertion, "tokens");

  g_assert_cmpuint (json_array_get_length (tokens), >=, 1);
  return json_object_get_string_member (json_array_get_object_element (tokens, 0), "outcome");
}

static void
test_flow (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;
  g_autoptr(JsonObject) in1 = NULL;
  g_autoptr(JsonObject) in2 = NULL;
  g_autoptr(JsonObject) read1 = NULL;
  g_autoptr(JsonObject) show = NULL;
  JsonObject *ret, *purchase;
  gint64 credit;

  /* The simulator keeps its keys wrapped under the passphrase: not in
   * hex in its state file, and useless without the passphrase. */
  {
    g_autofree char *path = g_build_filename (f->dir, "meter.ini", NULL);
    g_autoptr(GKeyFile) kf = g_key_file_new ();
    g_autofree char *dk = NULL;
    g_autofree char *secret = NULL;
    int status = 0;
    JsonObject *refused;

    g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL));
    dk = g_key_file_get_string (kf, "meter", "decoder-key", NULL);
    secret = g_key_file_get_string (kf, "card", "secret", NULL);
    g_assert_nonnull (dk);
    g_assert_nonnull (secret);
    g_assert_cmpuint (strlen (dk), >, 32);        /* wrapped, not a bare key */
    g_assert_cmpuint (strspn (dk, "0123456789abcdefABCDEF"), <, strlen (dk));
    g_setenv ("STSVEND_PASSPHRASE", "not the passphrase", TRUE);
    refused = cli_run (1, &status, "simulator", "show", NULL);
    g_clear_pointer (&refused, json_object_unref);
    g_setenv ("STSVEND_PASSPHRASE", "stsvend demo passphrase", TRUE);
  }

  /* Issued and read: nobody's purchase yet, the meter has not written. */
  read1 = CLI (0, "card", "read");
  g_assert_cmpstr (json_object_get_string_member (read1, "meter"), ==, PAN);
  g_assert_cmpstr (json_object_get_string_member (read1, "account"), ==, "ACC-000001");
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM meter_readings"), ==, 0);

  /* Recharge -> the meter takes the card -> credit, written back. */
  t1 = recharge ("50");
  in1 = insert ();
  g_assert_cmpstr (first_outcome (in1), ==, "credited");
  credit = json_object_get_int_member (in1, "credit_kwh_tenths");
  g_assert_cmpint (credit, >, 0);
  {
    g_autoptr(JsonObject) read2 = CLI (0, "card", "read");

    purchase = json_object_get_object_member (read2, "purchase");
    ret = json_object_get_object_member (read2, "meter_return");
    g_assert_true (json_object_get_boolean_member (purchase, "applied"));
    g_assert_cmpint (json_object_get_int_member (ret, "last_sequence"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (ret, "credit_kwh_tenths"), ==, credit);
    g_assert_cmpint (db_count (f, "SELECT count(*) FROM meter_readings WHERE last_sequence = 1"), ==, 1);
  }

  /* Use some; the next recharge stores the read-back and adds purchase 2. */
  json_object_unref (CLI (0, "simulator", "consume", "2.5"));
  {
    /* The card in the meter again: nothing new (its token is used), but
     * the meter writes what it used. */
    g_autoptr(JsonObject) again = insert ();

    g_assert_cmpstr (first_outcome (again), ==, "used");
  }
  t2 = recharge ("20");
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM meter_readings WHERE cumulative_kwh = 25"), ==, 1);
  in2 = insert ();
  g_assert_cmpstr (first_outcome (in2), ==, "credited");
  g_assert_cmpint (json_object_get_int_member (in2, "credit_kwh_tenths"), >, credit - 25);
  show = CLI (0, "simulator", "show");
  g_assert_cmpint (json_object_get_int_member (show, "last_sequence"), ==, 2);

  /* The meter's flags reach the vending point through the card. */
  json_object_unref (CLI (0, "simulator", "flags", "--tamper"));
  json_object_unref (insert ());
  {
    g_autoptr(JsonObject) read3 = CLI (0, "card", "read");

    ret = json_object_get_object_member (read3, "meter_return");
    g_assert_true (json_object_get_boolean_member (ret, "tamper"));
    g_assert_false (json_object_get_boolean_member (ret, "low_battery"));
    g_assert_cmpint (db_count (f, "SELECT count(*) FROM meter_readings WHERE flags = 1"), ==, 1);
  }
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM card_purchases WHERE written_at IS NOT NULL"), ==, 2);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM sales WHERE kind = 'credit'"), ==, 2);
  g_assert_cmpstr (t1, !=, t2);
}

static void
test_key_change (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) r1 = NULL;
  g_autoptr(JsonObject) in1 = NULL;
  g_autoptr(JsonObject) r2 = NULL;
  g_autoptr(JsonObject) in2 = NULL;
  JsonArray *tokens;
  int status = 0;

  /* The meter moves to key revision 2: its key change tokens go on the
   * card before the credit made with the new key, once. */
  g_setenv ("STSVEND_USER", "admin", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-admin", TRUE);
  g_assert_null (cli_run (0, &status, "admin", "add", "group", "--name", "KRN 2", "--sgc", "123456", "--krn", "2",
                          "--key", "demo (STS test key)", NULL));
  g_setenv ("STSVEND_USER", "supervisor", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-supervisor", TRUE);
  json_object_unref (CLI (0, "key-change", "--meter", PAN, "--sgc", "123456", "--krn", "2", "--ti", "1")
                     ?: json_object_new ());
  r1 = CLI (0, "card", "recharge", "--amount", "30");
  g_assert_cmpint (json_object_get_int_member (r1, "key_change_tokens"), ==, 2);
  in1 = insert ();
  tokens = json_object_get_array_member (in1, "tokens");
  g_assert_cmpuint (json_array_get_length (tokens), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tokens, 0), "outcome"), ==,
                   "key_change_part");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tokens, 1), "outcome"), ==,
                   "key_changed");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tokens, 2), "outcome"), ==,
                   "credited");
  r2 = CLI (0, "card", "recharge", "--amount", "10");
  g_assert_cmpint (json_object_get_int_member (r2, "key_change_tokens"), ==, 0);
  in2 = insert ();
  g_assert_cmpstr (first_outcome (in2), ==, "credited");
}

static void
test_unapplied (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *t1 = recharge ("30");
  g_autoptr(JsonObject) override = NULL;
  int status = 0;

  g_assert_cmpuint (strlen (t1), ==, 20);   /* the recharge made its token */

  /* The meter has not taken purchase 1: no second one, unless a
   * supervisor says so; a cashier may not. */
  g_assert_null (cli_run (1, &status, "card", "recharge", "--amount", "10", NULL));
  g_setenv ("STSVEND_USER", "cashier", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-cashier", TRUE);
  json_object_unref (CLI (-1, "shift", "open", "--point", "Main office", "--float", "0") ?: json_object_new ());
  g_assert_null (cli_run (1, &status, "card", "recharge", "--amount", "10", "--override", NULL));
  /* Issuing and replacing cards is a supervisor's; reading is anyone's. */
  g_assert_null (cli_run (1, &status, "card", "issue", "--meter", PAN, NULL));
  g_assert_null (cli_run (1, &status, "card", "replace", "--meter", PAN, "--reason", "lost", NULL));
  json_object_unref (CLI (0, "card", "read"));
  g_setenv ("STSVEND_USER", "supervisor", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-supervisor", TRUE);
  override = CLI (0, "card", "recharge", "--amount", "10", "--override");
  g_assert_cmpint (json_object_get_int_member (override, "seq"), ==, 2);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM sales WHERE kind = 'credit'"), ==, 2);
}

/* Copies the card's whole memory file. */
static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (g_file_set_contents (to, data, (gssize) len, NULL));
}

/* Copies the card's memory to @to, or back from @from: the PN532's tag is
 * read from its file at every command, a vpcd card's at power-on, so that
 * one is taken out meanwhile. */
static void
card_save (CardEmu    *emu,
           const char *to)
{
  gboolean pcsc = g_str_has_prefix (card_emu_get_spec (emu), "pcsc:");

  if (pcsc)
    card_emu_remove (emu);
  copy_file (card_emu_get_store (emu), to);
  if (pcsc)
    card_emu_insert (emu);
}

static void
card_restore (CardEmu    *emu,
              const char *from)
{
  gboolean pcsc = g_str_has_prefix (card_emu_get_spec (emu), "pcsc:");

  if (pcsc)
    card_emu_remove (emu);
  copy_file (from, card_emu_get_store (emu));
  if (pcsc)
    card_emu_insert (emu);
}

static void
test_replay (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *saved = g_build_filename (f->dir, "card-before", NULL);
  g_autofree char *t1 = recharge ("40");
  g_autoptr(JsonObject) in1 = NULL;
  g_autoptr(JsonObject) in2 = NULL;
  g_autoptr(JsonObject) show = NULL;

  g_assert_cmpuint (strlen (t1), ==, 20);   /* the recharge made its token */

  /* The card as it left the vending point, kept... */
  card_save (f->emu, saved);
  in1 = insert ();
  g_assert_cmpstr (first_outcome (in1), ==, "credited");

  /* ...and played back into the meter: the meter refuses its token. */
  card_restore (f->emu, saved);
  in2 = insert ();
  g_assert_cmpstr (first_outcome (in2), ==, "used");
  g_assert_cmpint (json_object_get_int_member (in2, "credit_kwh_tenths"), ==,
                   json_object_get_int_member (in1, "credit_kwh_tenths"));
  show = CLI (0, "simulator", "show");
  g_assert_cmpint (json_object_get_int_member (show, "credit_kwh_tenths"), ==,
                   json_object_get_int_member (in1, "credit_kwh_tenths"));
}

/* Flips one byte of the card's data at logical @offset. */
static void
forge (Fixture *f,
       guint    offset)
{
  const char *store = card_emu_get_store (f->emu);
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (store, &data, &len, NULL));
  if (f->param->kind == CARD_EMU_CONTACT)
    {
      /* JSON: "5301": "HEX..." */
      char *hex = strstr (data, "\"5301\": \"");

      g_assert_nonnull (hex);
      hex += 9 + 2 * offset;
      hex[0] = hex[0] == '0' ? '1' : '0';
    }
  else
    {
      guint block = offset / 16;
      guint physical = (1 + block / 3) * 4 + block % 3;

      data[physical * 16 + offset % 16] ^= 0x01;
    }
  g_assert_true (g_file_set_contents (store, data, (gssize) len, NULL));
}

static void
test_forged_and_copied (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *copy_dir = g_build_filename (f->dir, "copy", NULL);
  g_autofree char *saved = g_build_filename (f->dir, "card-good", NULL);
  CardEmu *copy;
  int status = 0;
  g_autofree char *t1 = recharge ("25");

  g_assert_cmpuint (strlen (t1), ==, 20);   /* the recharge made its token */

  /* A copy: every byte of the card on another card (another serial). */
  card_save (f->emu, saved);
  card_emu_remove (f->emu);
  copy = card_emu_new (f->param->kind, copy_dir, pcscd, 1 - f->param->slot, f->param->other_serial);
  if (f->param->kind == CARD_EMU_PN532)
    card_emu_insert (copy);   /* its file in place, to be edited */
  if (f->param->kind == CARD_EMU_CONTACT)
    {
      /* Same data file, its own serial file. */
      g_autofree char *text = NULL;
      g_autofree char *mine = NULL;
      g_autoptr(JsonObject) orig = NULL;
      g_autoptr(JsonObject) target = NULL;

      g_assert_true (g_file_get_contents (saved, &text, NULL, NULL));
      orig = parse (text);
      g_assert_true (g_file_get_contents (card_emu_get_store (copy), &mine, NULL, NULL));
      target = parse (mine);
      json_object_set_string_member (target, "5301", json_object_get_string_member (orig, "5301"));
      {
        g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
        g_autofree char *out = NULL;

        json_node_set_object (node, target);
        out = json_to_string (node, FALSE);
        g_assert_true (g_file_set_contents (card_emu_get_store (copy), out, -1, NULL));
      }
    }
  else
    {
      /* Every block but the manufacturer's block 0 (the UID). */
      g_autofree char *orig = NULL;
      g_autofree char *mine = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (saved, &orig, &len, NULL));
      g_assert_true (g_file_get_contents (card_emu_get_store (copy), &mine, NULL, NULL));
      memcpy (mine + 16, orig + 16, len - 16);
      g_assert_true (g_file_set_contents (card_emu_get_store (copy), mine, (gssize) len, NULL));
    }
  card_emu_insert (copy);
  use_card (copy);
  g_assert_null (cli_run (1, &status, "card", "read", NULL));
  g_assert_null (cli_run (1, &status, "card", "recharge", "--amount", "10", NULL));
  g_assert_null (cli_run (1, &status, "simulator", "insert-card", NULL));
  card_emu_free (copy);

  /* A forgery: the original card with one byte of its purchase changed. */
  use_card (f->emu);
  card_emu_insert (f->emu);
  if (f->param->kind != CARD_EMU_PN532)
    card_emu_remove (f->emu);
  forge (f, 6 * 16 + 21);   /* purchase slot 0 or 1: the first token's digits */
  forge (f, 11 * 16 + 21);
  card_emu_insert (f->emu);
  g_assert_null (cli_run (1, &status, "card", "read", NULL));
  g_assert_null (cli_run (1, &status, "simulator", "insert-card", NULL));
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM sales WHERE kind = 'credit'"), ==, 1);

  /* The genuine card again is fine. */
  card_restore (f->emu, saved);
  json_object_unref (CLI (0, "card", "read"));
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *new_dir = g_build_filename (f->dir, "new", NULL);
  g_autofree char *t1 = recharge ("25");
  g_autoptr(JsonObject) replaced = NULL;
  CardEmu *fresh;
  int status = 0;

  g_assert_cmpuint (strlen (t1), ==, 20);   /* the recharge made its token */

  fresh = card_emu_new (f->param->kind, new_dir, pcscd, 1 - f->param->slot, f->param->other_serial);
  card_emu_insert (fresh);
  use_card (fresh);
  /* A second card for the meter only as a replacement. */
  g_assert_null (cli_run (1, &status, "card", "issue", "--meter", PAN, NULL));
  replaced = CLI (0, "card", "replace", "--meter", PAN, "--reason", "lost");
  g_assert_cmpstr (json_object_get_string_member (replaced, "blocked"), ==, f->param->serial);
  json_object_unref (CLI (0, "card", "recharge", "--amount", "15", "--override"));
  json_object_unref (CLI (0, "simulator", "insert-card"));
  card_emu_free (fresh);

  /* The lost card, found: blocked at the vending point. */
  use_card (f->emu);
  g_assert_null (cli_run (1, &status, "card", "read", NULL));
  g_assert_null (cli_run (1, &status, "card", "issue", "--meter", PAN, NULL));
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM cards WHERE status = 'blocked'"), ==, 1);
}

static void
test_pulled (Fixture       *f,
             gconstpointer  data)
{
  guint n, pulls = 0;
  gint64 sales = 0;

  for (n = 0;; n += f->param->pull_stride)
    {
      g_autoptr(JsonObject) r = NULL;
      g_autoptr(JsonObject) read = NULL;
      int status = 0;
      gint64 before = db_count (f, "SELECT count(*) FROM sales WHERE kind = 'credit'");
      gboolean sold;

      card_emu_pull_after (f->emu, n, n % 2 == 1);
      r = cli_run (-1, &status, "card", "recharge", "--amount", "10", NULL);
      if (status == 0)
        {
          card_emu_pull_cancel (f->emu);
          g_assert_true (json_object_get_boolean_member (r, "card_written"));
          break;
        }
      pulls++;
      g_assert_cmpint (status, ==, 1);
      sold = r != NULL;   /* the sale was made, the card write was not */
      sales = db_count (f, "SELECT count(*) FROM sales WHERE kind = 'credit'");
      g_assert_cmpint (sales, ==, before + (sold ? 1 : 0));
      if (sold)
        g_assert_false (json_object_get_boolean_member (r, "card_written"));

      /* The card back: readable (old or new), and the write retried. */
      card_emu_insert (f->emu);
      read = CLI (0, "card", "read");
      if (json_object_get_boolean_member (read, "write_pending"))
        {
          int again = 0;

          g_assert_true (sold);
          /* No new sale on top of an unwritten one. */
          g_assert_null (cli_run (1, &again, "card", "recharge", "--amount", "10", NULL));
          json_object_unref (CLI (0, "card", "retry"));
        }
      g_assert_cmpint (db_count (f, "SELECT count(*) FROM card_purchases WHERE written_at IS NULL"), ==, 0);
      g_assert_cmpint (db_count (f, "SELECT count(*) FROM sales WHERE kind = 'credit'"), ==, sales);
      if (sold)
        json_object_unref (insert ());   /* the meter takes it: the next recharge may go */
    }
  g_test_message ("recharge pulled %u times (every %u steps) and retried", pulls, f->param->pull_stride);
  g_assert_cmpuint (pulls, >, 3);
  /* Every sale reached the card, once. */
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM card_purchases"), ==,
                   db_count (f, "SELECT count(*) FROM sales WHERE kind = 'credit'"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
#define ADD(path, param, func) g_test_add ("/pos/integration/cards/" path, Fixture, &param, setup, func, teardown)
  ADD ("pcsc-contact/flow", contact, test_flow);
  ADD ("pcsc-contact/unapplied", contact, test_unapplied);
  ADD ("pcsc-contact/key-change", contact, test_key_change);
  ADD ("pcsc-contact/replay", contact, test_replay);
  ADD ("pcsc-contact/forged-and-copied", contact, test_forged_and_copied);
  ADD ("pcsc-contact/replace", contact, test_replace);
  ADD ("pcsc-contact/pulled", contact, test_pulled);
  ADD ("pcsc-mifare/flow", mifare, test_flow);
  ADD ("pcsc-mifare/replay", mifare, test_replay);
  ADD ("pcsc-mifare/forged-and-copied", mifare, test_forged_and_copied);
  ADD ("pcsc-mifare/pulled", mifare, test_pulled);
  ADD ("nfc-pn532/flow", pn532, test_flow);
  ADD ("nfc-pn532/replay", pn532, test_replay);
  ADD ("nfc-pn532/key-change", pn532, test_key_change);
  ADD ("nfc-pn532/forged-and-copied", pn532, test_forged_and_copied);
  ADD ("nfc-pn532/replace", pn532, test_replace);
  ADD ("nfc-pn532/pulled", pn532, test_pulled);
#undef ADD
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("stsvend-pcscd-XXXXXX", &error);
    g_autofree char *cmd = NULL;

    g_assert_no_error (error);
    pcscd = card_pcscd_start (dir);
    status = g_test_run ();
    card_pcscd_free (pcscd);
    cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      status = 1;
  }
  return status;
}
