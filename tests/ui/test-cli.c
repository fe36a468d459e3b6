/* test-cli.c: stsvend-cli as other programs use it: exit codes, standard
 * output and error, the batch contract on files and pipes */
#include <string.h>

#include <signal.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-test-util.h"

static void
test_help_and_version (void)
{
  g_auto(Result) r = { 0 };

  run_cli (&r, NULL, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "sts batch"));
  g_assert_nonnull (strstr (r.out, "sts token"));
  g_assert_nonnull (strstr (r.out, "sts decode"));
  result_clear (&r);

  run_cli (&r, NULL, "--version", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "stsvend-cli "));
  result_clear (&r);

  run_cli (&r, NULL, "sts", "token", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--amount"));
  g_assert_nonnull (strstr (r.out, "--vk-file"));
  g_assert_nonnull (strstr (r.out, "--new-krn"));
  result_clear (&r);

  run_cli (&r, NULL, "sts", "batch", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--in"));
  result_clear (&r);

  /* Every group lists its sub-commands, one a line, and succeeds; alone,
   * it is a usage error that lists them on standard error. */
  {
    static const struct { const char *group; const char *sub; } groups[] = {
      { "card", "recharge" }, { "receipt", "render" }, { "customer", "show" }, { "shift", "close" },
      { "report", "sales" }, { "engineering", "set-mppul" }, { "admin", "reconcile" }, { "debt", "add" },
      { "meter", "edit" }, { "simulator", "insert-card" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (groups); i++)
      {
        g_autofree char *line = g_strdup_printf ("\n  %s ", groups[i].sub);

        run_cli (&r, NULL, groups[i].group, "--help", NULL);
        g_assert_cmpint (r.status, ==, 0);
        g_assert_nonnull (strstr (r.out, line));
        g_assert_cmpstr (r.err, ==, "");
        result_clear (&r);
        run_cli (&r, NULL, groups[i].group, NULL);
        g_assert_cmpint (r.status, ==, 2);
        g_assert_nonnull (strstr (r.err, line));
        g_assert_cmpstr (r.out, ==, "");
        result_clear (&r);
      }
  }
  run_cli (&r, NULL, "admin", "add", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\n  tariff "));
  result_clear (&r);

  /* Each command shows, and takes, only its own options. */
  run_cli (&r, NULL, "reverse", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--reason"));
  g_assert_null (strstr (r.out, "--to"));
  g_assert_null (strstr (r.out, "--close"));
  g_assert_null (strstr (r.out, "--meter"));
  result_clear (&r);
  run_cli (&r, NULL, "reverse", "--to", "x.db", "--receipt", "1", NULL);
  g_assert_cmpint (r.status, ==, 2);
  result_clear (&r);
  run_cli (&r, NULL, "admin", "add", "point", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--ceiling"));
  g_assert_null (strstr (r.out, "--steps"));
  g_assert_null (strstr (r.out, "--role"));
  result_clear (&r);
  run_cli (&r, NULL, "report", "shift", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--shift"));
  g_assert_null (strstr (r.out, "--close"));
  result_clear (&r);
  run_cli (&r, NULL, "simulator", "flags", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--tamper"));
  g_assert_null (strstr (r.out, "--reader"));
  result_clear (&r);
  /* The simulator's old name still works, and says it is going. */
  run_cli (&r, NULL, "meter", "show", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "is now “simulator show”"));
  g_assert_nonnull (strstr (r.out, "--state"));
  result_clear (&r);

  /* Usage errors exit 2 with a message on standard error. */
  run_cli (&r, NULL, NULL, NULL);
  g_assert_cmpint (r.status, ==, 2);
  result_clear (&r);
  run_cli (&r, NULL, "frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "frobnicate"));
  g_assert_cmpstr (r.out, ==, "");
  result_clear (&r);
  run_cli (&r, NULL, "sts", "token", "--ti", "one", NULL);
  g_assert_cmpint (r.status, ==, 2);
  result_clear (&r);
  run_cli (&r, NULL, "sts", "batch", "--bogus", NULL);
  g_assert_cmpint (r.status, ==, 2);
}

static void
test_batch_vectors (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("STSVEND_SHARED_DIR"), "sts", "vectors-public.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) in_lines = NULL;
  g_auto(GStrv) out_lines = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Result) r = { 0 };
  int fd;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  fd = g_file_open_tmp ("stsvend-batch-XXXXXX.jsonl", &out_path, &error);
  g_assert_no_error (error);
  close (fd);

  /* Requests carry an extra "expect" member, which the contract ignores. */
  run_cli (&r, NULL, "sts", "batch", "--in", path, "--out", out_path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_file_get_contents (out_path, &output, NULL, &error));
  g_unlink (out_path);

  in_lines = g_strsplit (contents, "\n", -1);
  out_lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; in_lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) request = NULL;
      g_autoptr(JsonNode) response = NULL;
      JsonObject *expect;
      JsonObject *resp;

      if (*g_strstrip (in_lines[i]) == '\0')
        continue;
      g_assert_nonnull (out_lines[n]);
      request = json_from_string (in_lines[i], &error);
      g_assert_no_error (error);
      response = json_from_string (out_lines[n], &error);
      g_assert_no_error (error);
      n++;
      expect = json_object_get_object_member (json_node_get_object (request), "expect");
      resp = json_node_get_object (response);
      g_assert_true (json_node_equal (json_object_get_member (resp, "id"),
                                      json_object_get_member (json_node_get_object (request), "id")));
      if (json_object_has_member (expect, "token"))
        g_assert_cmpstr (json_object_get_string_member (resp, "token"), ==,
                         json_object_get_string_member (expect, "token"));
      else
        g_assert_true (json_node_equal (json_object_get_member (resp, "tokens"),
                                        json_object_get_member (expect, "tokens")));
    }
  g_assert_cmpuint (n, >=, 28);
  g_assert_cmpstr (out_lines[n], ==, "");
}

static void
test_batch_exit_codes (void)
{
  g_auto(Result) r = { 0 };
  g_auto(GStrv) lines = NULL;

  /* A bad line does not stop the batch; exit 1. */
  run_cli (&r, "{\"id\": 1, \"class\": 1, \"subclass\": 0, \"control\": 1, \"mfr\": 0}\n"
               "\n"
               "{oops\n"
               "{\"id\": 2, \"class\": 1, \"subclass\": 0, \"control\": 1, \"mfr\": 0}\n",
           "sts", "batch", NULL);
  g_assert_cmpint (r.status, ==, 1);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "{\"id\":1,\"token\""));
  g_assert_true (g_str_has_prefix (lines[1], "{\"error\":{\"code\":\"bad_request\""));
  g_assert_true (g_str_has_prefix (lines[2], "{\"id\":2,\"token\""));
  result_clear (&r);

  run_cli (&r, "", "sts", "batch", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  result_clear (&r);

  run_cli (&r, NULL, "sts", "batch", "--in", "/nonexistent/requests.jsonl", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "/nonexistent/requests.jsonl"));
  result_clear (&r);

  run_cli (&r, NULL, "sts", "batch", "--out", "/nonexistent/dir/out.jsonl", NULL);
  g_assert_cmpint (r.status, ==, 2);
}

static void
test_token_and_decode (void)
{
  g_auto(Result) r = { 0 };
  g_autofree char *vk_path = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("stsvend-vk-XXXXXX", &vk_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (fd, "abababababababab\n", 17), ==, 17);
  close (fd);

  run_cli (&r, NULL, "sts", "token", "--pan", "600727000000000009", "--sgc", "123456", "--ti", "1",
           "--krn", "1", "--kt", "2", "--base", "1993", "--ea", "7", "--dkga", "2", "--vk-file", vk_path,
           "--issued", "2004-03-01T13:55", "--rnd", "5", "--amount", "0.1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "2371 6100 5011 8319 4197\n");
  result_clear (&r);

  /* The key change set, numbered in order of entry. */
  run_cli (&r, NULL, "sts", "token", "--pan", "600727000000000009", "--sgc", "123456", "--ti", "1",
           "--krn", "1", "--kt", "2", "--base", "1993", "--ea", "7", "--dkga", "2", "--vk-file", vk_path,
           "--new-sgc", "123456", "--new-ti", "2", "--new-krn", "1", "--new-kt", "2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "1 of 2: 5163 8423 0600 4273 4509\n2 of 2: 1536 1891 7621 1350 2242\n");
  result_clear (&r);

  /* A refused request: exit 1, the reason on standard error. */
  run_cli (&r, NULL, "sts", "token", "--pan", "600727000000000008", "--sgc", "123456", "--ti", "1",
           "--krn", "1", "--kt", "2", "--base", "1993", "--ea", "7", "--dkga", "2", "--vk-file", vk_path,
           "--amount", "1", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "bad_pan_check_digit"));
  /* The key never shows. */
  g_assert_null (strstr (r.err, "abababababababab"));
  result_clear (&r);

  run_cli (&r, NULL, "sts", "decode", "2371", "6100", "5011", "8319", "4197", "--pan", "600727000000000009",
           "--sgc", "123456", "--ti", "1", "--krn", "1", "--kt", "2", "--base", "1993", "--ea", "7",
           "--dkga", "2", "--vk-file", vk_path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "amount         0.1"));
  g_assert_nonnull (strstr (r.out, "issued         2004-03-01T13:55"));
  g_assert_nonnull (strstr (r.out, "crc_ok         yes"));
  result_clear (&r);

  run_cli (&r, NULL, "sts", "decode", "56493153725450313471", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "{\"decoded\":{\"class\":1"));
  result_clear (&r);

  run_cli (&r, NULL, "sts", "decode", NULL);
  g_assert_cmpint (r.status, ==, 2);
  result_clear (&r);

  run_cli (&r, NULL, "sts", "token", "--vk-file", "/nonexistent/vk.hex", "--amount", "1", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--vk-file"));

  g_unlink (vk_path);
}

/* The vending core from the shell, as a script would drive it. */
static void
test_vending_flow (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("stsvend-cli-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "stsvend.db", NULL);
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *sale;

  g_assert_no_error (error);
  g_setenv ("STSVEND_PASSPHRASE", "stsvend demo passphrase", TRUE);
  run_cli (&r, NULL, "--db", db, "demo", "--customers", "50", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  /* A second demo on the same file is refused: it is initialised. */
  run_cli (&r, NULL, "--db", db, "demo", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "initialised already"));
  result_clear (&r);

  g_setenv ("STSVEND_USER", "cashier", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-cashier", TRUE);
  run_cli (&r, NULL, "--db", db, "--json", "customer", "find", "ACC-000007", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"account\":\"ACC-000007\""));
  result_clear (&r);

  /* No shift yet: refused, exit 1. */
  run_cli (&r, NULL, "--db", db, "vend", "--meter", "600727040000000773", "--amount", "100", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "shift"));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "shift", "open", "--point", "Main office", "--float", "200.00", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);

  run_cli (&r, NULL, "--db", db, "--json", "vend", "--meter", "600727040000000773", "--amount", "100", NULL);
  g_assert_cmpint (r.status, ==, 0);
  node = json_from_string (r.out, &error);
  g_assert_no_error (error);
  sale = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (sale, "receipt"), ==, 1);
  g_assert_cmpuint (strlen (json_object_get_string_member (sale, "token")), ==, 20);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (sale, "quote"), "kwh_tenths"), ==, 620);
  result_clear (&r);

  run_cli (&r, NULL, "--db", db, "reprint", "--receipt", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "COPY"));
  result_clear (&r);
  /* A cashier may not reverse (exit 1); a supervisor may. */
  run_cli (&r, NULL, "--db", db, "reverse", "--receipt", "1", "--reason", "test", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "supervisor"));
  result_clear (&r);
  g_setenv ("STSVEND_USER", "supervisor", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-supervisor", TRUE);
  run_cli (&r, NULL, "--db", db, "audit", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "intact"));
  result_clear (&r);
  g_setenv ("STSVEND_USER", "cashier", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-cashier", TRUE);

  /* Usage errors are 2; a bad amount is a usage error. */
  run_cli (&r, NULL, "--db", db, "vend", "--meter", "600727040000000773", "--amount", "12.345", NULL);
  g_assert_cmpint (r.status, ==, 2);
  result_clear (&r);
  /* The wrong passphrase: refused. */
  g_setenv ("STSVEND_PASSPHRASE", "not it", TRUE);
  run_cli (&r, NULL, "--db", db, "vend", "--meter", "600727040000000773", "--amount", "100", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "passphrase"));
  result_clear (&r);

  g_setenv ("STSVEND_PASSPHRASE", "stsvend demo passphrase", TRUE);

  /* An amount past the cap is a usage error, never a wrapped quote. */
  run_cli (&r, NULL, "--db", db, "quote", "--meter", "600727040000000773", "--amount", "23058430092136955.52", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "too large"));
  g_assert_cmpstr (r.out, ==, "");
  result_clear (&r);
  /* Secret files are read a few KB at most: /dev/zero is refused at once. */
  run_cli (&r, NULL, "--db", db, "--password-file", "/dev/zero", "vend", "--meter", "600727040000000773",
           "--amount", "100", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "larger than 4096 bytes"));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "--passphrase-file", "/dev/zero", "vend", "--meter", "600727040000000773",
           "--amount", "100", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "larger than 4096 bytes"));
  result_clear (&r);

  run_cli (&r, NULL, "--db", db, "shift", "close", "--counted", "300.00", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "expected 300.00, difference 0.00"));

  g_unsetenv ("STSVEND_USER");
  g_unsetenv ("STSVEND_PASSWORD");
  g_unsetenv ("STSVEND_PASSPHRASE");
  remove_db (db);
  g_rmdir (dir);
}

static void
test_admin_and_engineering (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("stsvend-cli-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "stsvend.db", NULL);
  g_autofree char *key = g_build_filename (dir, "vk.hex", NULL);
  g_auto(Result) r = { 0 };

  g_setenv ("STSVEND_PASSPHRASE", "stsvend demo passphrase", TRUE);
  run_cli (&r, NULL, "--db", db, "demo", "--customers", "5", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_setenv ("STSVEND_USER", "admin", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-admin", TRUE);

  g_assert_true (g_file_set_contents (key, "0123456789abcdef\n", -1, NULL));
  run_cli (&r, NULL, "--db", db, "admin", "add", "key", "--name", "k2", "--dkga", "2", "--key-file", key, NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* The key is never printed. */
  g_assert_null (strstr (r.out, "0123456789abcdef"));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "admin", "add", "group", "--name", "g2", "--sgc", "123456", "--krn", "2",
           "--key", "k2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "admin", "add", "tariff", "--name", "Township", "--steps", "50:0.90,0:1.80",
           "--vat", "15", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "admin", "add", "tariff", "--name", "Bad", "--steps", "0:1,50:2", NULL);
  g_assert_cmpint (r.status, ==, 1);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "shift", "open", "--point", "Main office", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "--json", "engineering", "set-mpl", "--meter", "600727040000000104",
           "--value", "3000", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"tokens\":[\""));
  result_clear (&r);
  /* The meter moves to the new key: 2 tokens, in order. */
  run_cli (&r, NULL, "--db", db, "key-change", "--meter", "600727040000000104", "--sgc", "123456", "--krn", "2",
           "--ti", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "1 of 2: "));
  g_assert_nonnull (strstr (r.out, "2 of 2: "));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "engineering", "teleport", NULL);
  g_assert_cmpint (r.status, ==, 2);

  g_unsetenv ("STSVEND_USER");
  g_unsetenv ("STSVEND_PASSWORD");
  g_unsetenv ("STSVEND_PASSPHRASE");
  g_unlink (key);
  remove_db (db);
  g_rmdir (dir);
}

static void
test_accounts (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("stsvend-cli-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "stsvend.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *tokens = g_build_filename (dir, "migration.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Result) r = { 0 };
  const char *pan = "600727040000000104";

  g_setenv ("STSVEND_PASSPHRASE", "stsvend demo passphrase", TRUE);
  run_cli (&r, NULL, "--db", db, "demo", "--customers", "5", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_setenv ("STSVEND_USER", "supervisor", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-supervisor", TRUE);

  run_cli (&r, NULL, "--db", db, "customer", "edit", "--account", "ACC-000001", "--phone", "0830000001", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "customer", "edit", "--account", "ACC-000001", NULL);
  g_assert_cmpint (r.status, ==, 2);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "debt", "add", "--account", "ACC-000001", "--amount", "40", "--recovery", "25",
           NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "debt", "add", "--account", "ACC-000001", "--amount", "40", "--recovery", "250",
           NULL);
  g_assert_cmpint (r.status, ==, 2);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "shift", "open", "--point", "Main office", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "vend", "--meter", pan, "--amount", "100", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "customer", "show", "--account", "ACC-000001", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "0830000001"));
  g_assert_nonnull (strstr (r.out, "debt     15.00"));   /* 40.00 less 25% of 100.00 */
  g_assert_nonnull (strstr (r.out, "last purchase  receipt 1"));
  g_assert_nonnull (strstr (r.out, "TOKEN "));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "--json", "customer", "list", "--limit", "2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autoptr(JsonNode) node = json_from_string (r.out, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "customers")),
                      ==, 2);
  }
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "meter", "edit", "--pan", pan, "--status", "blocked", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "vend", "--meter", pan, "--amount", "100", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "blocked"));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "meter", "edit", "--pan", pan, "--status", "active", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "free-issue", "--meter", pan, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no free basic electricity"));
  result_clear (&r);

  /* Free basic electricity once a month, on the demo's Lifeline tariff. */
  run_cli (&r, NULL, "--db", db, "meter", "edit", "--pan", pan, "--tariff", "Lifeline", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "free-issue", "--meter", pan, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "50.0 kWh"));
  g_assert_nonnull (strstr (r.out, "TOKEN "));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "free-issue", "--meter", pan, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "already"));
  result_clear (&r);

  /* Administration: lists never show a key; users change; limits apply. */
  g_setenv ("STSVEND_USER", "admin", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-admin", TRUE);
  run_cli (&r, NULL, "--db", db, "--json", "admin", "list", "keys", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "abab"));
  g_assert_nonnull (strstr (r.out, "\"dkga\":2"));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "admin", "list", "tariffs", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Lifeline"));
  g_assert_nonnull (strstr (r.out, "free 50.0 kWh"));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "admin", "user", "--name", "admin", "--disable", NULL);
  g_assert_cmpint (r.status, ==, 1);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "admin", "user", "--name", "cashier", "--disable", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "admin", "utility", "--max-vend", "50", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "to 50.00"));
  result_clear (&r);
  g_setenv ("STSVEND_USER", "cashier", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-cashier", TRUE);
  run_cli (&r, NULL, "--db", db, "customer", "find", "ACC-000001", NULL);
  g_assert_cmpint (r.status, ==, 1);   /* disabled */
  result_clear (&r);
  g_setenv ("STSVEND_USER", "supervisor", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-supervisor", TRUE);
  run_cli (&r, NULL, "--db", db, "vend", "--meter", pan, "--amount", "60", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "outside"));
  result_clear (&r);
  g_setenv ("STSVEND_NEW_PASSWORD", "supervisor-2", TRUE);
  run_cli (&r, NULL, "--db", db, "password", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_setenv ("STSVEND_PASSWORD", "supervisor-2", TRUE);
  g_unsetenv ("STSVEND_NEW_PASSWORD");

  /* A backup, then the whole supply group to KRN 2, then the backup back. */
  g_setenv ("STSVEND_USER", "admin", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-admin", TRUE);
  run_cli (&r, NULL, "--db", db, "backup", "--to", backup, NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "admin", "reconcile", "--name", "Main office", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "100.00 counted in"));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "admin", "add", "group", "--name", "g2", "--sgc", "123456", "--krn", "2",
           "--key", "demo (STS test key)", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_setenv ("STSVEND_USER", "supervisor", TRUE);
  g_setenv ("STSVEND_PASSWORD", "supervisor-2", TRUE);   /* changed above */
  run_cli (&r, NULL, "--db", db, "migrate", "--from-sgc", "123456", "--from-krn", "1", "--to-sgc", "123456",
           "--to-krn", "2", "--out", tokens, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "5 meters moved"));
  result_clear (&r);
  g_assert_true (g_file_get_contents (tokens, &contents, NULL, &error));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (lines[i], &error);
      JsonObject *o;

      g_assert_no_error (error);
      o = json_node_get_object (node);
      g_assert_cmpuint (strlen (json_object_get_string_member (o, "meter")), ==, 18);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "tokens")), ==, 2);
    }
  run_cli (&r, NULL, "--db", db, "restore", "--from", backup, NULL);
  g_assert_cmpint (r.status, ==, 1);   /* supervisors may not */
  result_clear (&r);
  g_setenv ("STSVEND_USER", "admin", TRUE);
  g_setenv ("STSVEND_PASSWORD", "demo-admin", TRUE);
  run_cli (&r, NULL, "--db", db, "restore", "--from", backup, NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  /* Before the migration again: the meter still has KRN 1. */
  run_cli (&r, NULL, "--db", db, "--json", "customer", "show", "--account", "ACC-000001", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"krn\":1"));
  result_clear (&r);
  run_cli (&r, NULL, "--db", db, "restore", "--from", tokens, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, tokens));

  g_unsetenv ("STSVEND_USER");
  g_unsetenv ("STSVEND_PASSWORD");
  g_unsetenv ("STSVEND_PASSPHRASE");
  g_unlink (tokens);
  remove_db (db);
  remove_db (backup);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Writing to a child that has exited must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/pos/ui/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/pos/ui/cli/batch-vectors", test_batch_vectors);
  g_test_add_func ("/pos/ui/cli/batch-exit-codes", test_batch_exit_codes);
  g_test_add_func ("/pos/ui/cli/token-and-decode", test_token_and_decode);
  g_test_add_func ("/pos/ui/cli/vending-flow", test_vending_flow);
  g_test_add_func ("/pos/ui/cli/admin-and-engineering", test_admin_and_engineering);
  g_test_add_func ("/pos/ui/cli/accounts", test_accounts);

  return g_test_run ();
}
