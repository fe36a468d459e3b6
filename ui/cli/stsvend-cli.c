/* stsvend-cli.c: the command-line front end of stsvend
 *
 * A thin shell over app/: every command turns its options into the same
 * request the use cases take, runs it, and prints the result.  Exit status
 * (../shared/CONTRACTS.md section 2): 0 success, 1 a refused operation,
 * 2 a usage error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "cli-private.h"

static const char top_usage[] =
  "Usage: stsvend-cli [OPTION...] COMMAND ...\n"
  "\n"
  "Point-of-sale for prepaid electricity: STS tokens (IEC 62055-41).\n"
  "\n"
  "Vending (on the database):\n"
  "  init         create a database: utility, passphrase, first administrator\n"
  "  demo         create a demonstration database\n"
  "  customer     add | edit | find | show | list\n"
  "  meter        add | edit (tariff, status)\n"
  "  card         list-readers | read | issue | recharge | retry | replace: customer IC cards\n"
  "  simulator    create | enter TOKEN | insert-card | consume KWH | flags | show: a simulated\n"
  "               meter (once “meter create” etc., which still work for now)\n"
  "  debt         add: a debt recovered from purchases (supervisor)\n"
  "  shift        open | close\n"
  "  quote        what a vend would give (nothing is recorded)\n"
  "  vend         sell credit: the token, recorded with the sale\n"
  "  reprint      --receipt N: a receipt again, marked COPY\n"
  "  reissue      --meter PAN: the meter's last token again (never new credit)\n"
  "  reverse      --receipt N --reason TEXT: cancel today's sale (supervisor)\n"
  "  free-issue   --meter PAN: this month's free basic electricity\n"
  "  history      --meter PAN | --account A: sales, newest first\n"
  "  z-report     --close DAY | --number N: end of day (supervisor)\n"
  "  audit        verify the audit log's hash chain (supervisor)\n"
  "  backup       --to FILE: copy the live database (admin)\n"
  "  restore      --from FILE: replace the database with a backup (admin)\n"
  "  receipt      print | render RECEIPT: a sale's receipt (ESC/POS, PDF, PNG)\n"
  "  report       z | shift | sales: on screen, to PDF or CSV (--out), or --print\n"
  "  printers     the print queues; --receipt/--report QUEUE chooses them\n"
  "  engineering  clear-tamper | clear-credit | set-mpl | set-mppul | test (supervisor)\n"
  "  key-change   --meter PAN --sgc S --krn N --ti N: key change tokens (supervisor)\n"
  "  migrate      a whole supply group to a new key revision or base date (supervisor)\n"
  "  admin add    user | key | group | tariff | point (admin)\n"
  "  admin reconcile --name POINT: a vending point's takings are in (admin)\n"
  "  admin list   users | keys | groups | tariffs | points\n"
  "  admin user   --name N: role, enable/disable, reset password (admin)\n"
  "  admin utility  the utility's details and vend limits\n"
  "  password     change your own password\n"
  "\n"
  "Tokens (no database):\n"
  "  sts batch    generate and decode tokens from JSON Lines\n"
  "  sts token    make one token, or a key change set, and print it\n"
  "  sts decode   decode a token with a meter's key\n"
  "\n"
  "Options (before the command):\n"
  "  --db PATH              the database (default: $STSVEND_DB, else the per-user file)\n"
  "  --config FILE          this machine's settings, e.g. printers (default: $STSVEND_CONFIG,\n"
  "                         else ~/.config/stsvend/settings.ini)\n"
  "  --user NAME            log in as NAME (default: $STSVEND_USER)\n"
  "  --password-file FILE   the password (default: $STSVEND_PASSWORD)\n"
  "  --passphrase-file FILE the key passphrase (default: $STSVEND_PASSPHRASE)\n"
  "  --json                 print results as JSON\n"
  "  --help, --version\n"
  "\n"
  "Run “stsvend-cli COMMAND --help” for the options of each command, or its\n"
  "sub-commands.\n"
  "\n"
  "Exit status: 0 success, 1 a refused operation (explained on standard\n"
  "error), 2 a usage error.\n";

static const char sts_usage[] =
  "Usage: stsvend-cli sts COMMAND [OPTION...]\n"
  "\n"
  "Commands:\n"
  "  batch [--in FILE] [--out FILE]\n"
  "         One JSON request per input line, one JSON response per line, in\n"
  "         order.  Exit 0 when every line succeeded, 1 when any produced an\n"
  "         error object, 2 when the command could not run.\n"
  "  token [OPTION...]\n"
  "         Make a token from options named like the batch request members.\n"
  "  decode TOKEN [OPTION...]\n"
  "         Show what a token holds, checking its CRC with the meter's key.\n";

/* The commands that take a sub-command, and theirs: "stsvend-cli card"
 * alone is a usage error that lists them, "card --help" lists them and
 * succeeds.  One line per sub-command: its name, a tab, what it does. */
static const struct
{
  const char *group;
  const char *subs;
} command_groups[] = {
  { "customer", "add\tregister a customer\n"
                "find\tsearch by account, name, phone or meter number\n"
                "show\tone customer: meters, debt, last purchase, latest sales\n"
                "list\tcustomers by name\n"
                "edit\tchange a customer's name, address or phone\n" },
  { "meter", "add\tregister a meter to a customer\n"
             "edit\tchange a meter's tariff or status (supervisor)\n" },
  { "debt", "add\trecord a debt to recover from purchases (supervisor)\n" },
  { "shift", "open\topen your shift at a vending point, with a float\n"
             "close\tclose it with the cash counted\n" },
  { "card", "list-readers\tthe card readers\n"
            "read\twhose card it is and what the meter wrote back\n"
            "issue\tissue the card in the reader to a meter (supervisor)\n"
            "recharge\tsell credit and write the token to the card\n"
            "retry\twrite a purchase that was sold but did not reach the card\n"
            "replace\treplace a meter's lost card; the old one is blocked (supervisor)\n" },
  { "receipt", "print\tprint a sale's receipt (the first print is the original)\n"
               "render\twrite it as ESC/POS, PDF or PNG without printing\n" },
  { "report", "z\tthe end-of-day report\n"
              "shift\ta shift's totals\n"
              "sales\tany period's totals\n" },
  { "engineering", "clear-tamper\tclear the meter's tamper flag (supervisor)\n"
                   "clear-credit\tclear a credit register, or all (supervisor)\n"
                   "set-mpl\tset the maximum power limit, watts (supervisor)\n"
                   "set-mppul\tset the maximum phase power unbalance limit (supervisor)\n"
                   "test\ta test or display token (supervisor)\n" },
  { "admin", "add\tadd a user, vending key, supply group, tariff or vending point\n"
             "list\tlist users, keys, groups, tariffs or points\n"
             "user\tchange a user's role, enable or disable them, reset a password\n"
             "utility\tthe utility's details and vend limits\n"
             "reconcile\ta vending point's takings are in\n" },
  { "simulator", "create\ta simulated meter for a registered one, in a state file\n"
                 "enter\tenter a token, as on the meter's keypad\n"
                 "insert-card\tinsert the card in a reader into the meter\n"
                 "consume\tuse up some kWh\n"
                 "flags\tset or clear tamper and low battery\n"
                 "show\tcredit, use and what the meter remembers\n" },
};

/* For a group command without a sub-command, or asking for help: the
 * list, and the exit status; -1 to run the command as usual. */
static int
group_usage (int    argc,
             char **argv)
{
  const char *help = argc >= 2 ? argv[1] : NULL;
  gboolean asked;

  for (gsize i = 0; i < G_N_ELEMENTS (command_groups); i++)
    {
      g_autoptr(GString) text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_str_equal (argv[0], command_groups[i].group))
        continue;
      asked = help != NULL && (g_str_equal (help, "--help") || g_str_equal (help, "-h") || g_str_equal (help, "help"));
      if (help != NULL && !asked)
        return -1;
      text = g_string_new (NULL);
      g_string_append_printf (text, "Usage: stsvend-cli %s SUB-COMMAND [OPTION...]\n\nSub-commands:\n",
                              command_groups[i].group);
      lines = g_strsplit (command_groups[i].subs, "\n", -1);
      for (char **line = lines; *line != NULL && **line != '\0'; line++)
        {
          g_auto(GStrv) parts = g_strsplit (*line, "\t", 2);

          g_string_append_printf (text, "  %-14s%s\n", parts[0], parts[1]);
        }
      g_string_append_printf (text, "\nRun “stsvend-cli %s SUB-COMMAND --help” for its options.\n",
                              command_groups[i].group);
      if (asked)
        {
          g_print ("%s", text->str);
          return EXIT_OK;
        }
      usage_error ("%s: which sub-command?", command_groups[i].group);
      g_printerr ("%s", text->str);
      return EXIT_USAGE;
    }
  return -1;
}

void
usage_error (const char *format,
             ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("stsvend-cli: %s\n", message);
}

/* ---------------------------------------------------------------------
 * sts batch
 * ------------------------------------------------------------------- */

static int
run_sts_batch (PosContext *context,
               int         argc,
               char      **argv)
{
  g_autofree char *in_path = NULL;
  g_autofree char *out_path = NULL;
  GOptionEntry entries[] = {
    { "in", 'i', 0, G_OPTION_ARG_FILENAME, &in_path, "Read requests from FILE (default: standard input)", "FILE" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Write responses to FILE (default: standard output)", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- JSON Lines token requests");
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  PosStsBatchResult result = { 0, 0 };

  g_option_context_set_summary (options,
    "Reads one JSON object per line and writes exactly one JSON object per\n"
    "non-blank line, in order, flushing each (the contract in CONTRACTS.md §1).\n"
    "Request members: id, op (generate|decode), pan, sgc, ti, krn, kt, ken,\n"
    "base, ea, dkga, vk, dk, issued, class, subclass, rnd, amount, watts,\n"
    "register, value, control, mfr, key_change, token.");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      usage_error ("sts batch: %s", error->message);
      return EXIT_USAGE;
    }
  if (argc > 1)
    {
      usage_error ("sts batch: unexpected argument “%s”", argv[1]);
      return EXIT_USAGE;
    }

  if (in_path != NULL && g_strcmp0 (in_path, "-") != 0)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (in_path);

      input = G_INPUT_STREAM (g_file_read (file, NULL, &error));
      if (input == NULL)
        {
          usage_error ("sts batch: cannot read %s: %s", in_path, error->message);
          return EXIT_USAGE;
        }
    }
  else
    input = g_unix_input_stream_new (0, FALSE);

  if (out_path != NULL && g_strcmp0 (out_path, "-") != 0)
    {
      /* Written in place (not through a temporary file) so that a reader
       * following the file sees each response as it is flushed. */
      int fd = g_open (out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

      if (fd < 0)
        {
          int saved_errno = errno;

          usage_error ("sts batch: cannot write %s: %s", out_path, g_strerror (saved_errno));
          return EXIT_USAGE;
        }
      output = g_unix_output_stream_new (fd, TRUE);
    }
  else
    output = g_unix_output_stream_new (1, FALSE);

  if (!pos_sts_batch_run (context, input, output, &result, NULL, &error)
      || !g_output_stream_close (output, NULL, &error))
    {
      usage_error ("sts batch: %s", error->message);
      return EXIT_USAGE;
    }
  return result.n_errors == 0 ? EXIT_OK : EXIT_REFUSED;
}

/* ---------------------------------------------------------------------
 * Options shared by sts token and sts decode
 * ------------------------------------------------------------------- */

/* Every option is read as text and turned into a request member of the
 * right JSON type, so the checks are the use case's, not ours. */
typedef struct
{
  const char *long_name;
  const char *member;       /* request member, or "key_change.MEMBER" */
  gboolean    is_integer;
  const char *description;
  const char *arg;
  char       *value;
} TextOption;

static TextOption key_options[] = {
  { "pan", "pan", FALSE, "Meter number, 18 digits", "DIGITS" },
  { "sgc", "sgc", FALSE, "Supply group code, 6 digits", "DIGITS" },
  { "ti", "ti", TRUE, "Tariff index, 0..99", "N" },
  { "krn", "krn", TRUE, "Key revision number, 1..9", "N" },
  { "kt", "kt", TRUE, "Key type, 0..3", "N" },
  { "ken", "ken", TRUE, "Key expiry number, 0..255 (default 255, never)", "N" },
  { "base", "base", TRUE, "Base date: 1993, 2014 or 2035", "YEAR" },
  { "ea", "ea", TRUE, "Encryption algorithm: 7 (STA), 9 (DEA) or 11 (MISTY1)", "N" },
  { "dkga", "dkga", TRUE, "Decoder key generation algorithm: 2 or 4", "N" },
  { "dk", "dk", FALSE, "Decoder key in hexadecimal, instead of deriving it", "HEX" },
  { NULL }
};

static TextOption token_options[] = {
  { "class", "class", TRUE, "Token class (default 0)", "N" },
  { "subclass", "subclass", TRUE, "Token subclass (default 0)", "N" },
  { "amount", "amount", FALSE, "Amount: 0.1 units (subclasses 0..3) or currency (4..7)", "DECIMAL" },
  { "watts", "watts", TRUE, "Power limit in watts (class 2 subclasses 0 and 6)", "W" },
  { "register", "register", TRUE, "Register to clear (class 2 subclass 1; 65535 = all)", "N" },
  { "value", "value", TRUE, "Raw 16-bit value (class 2 subclasses 2 and 7)", "N" },
  { "control", "control", TRUE, "Control field (class 1)", "N" },
  { "mfr", "mfr", TRUE, "Manufacturer code (class 1)", "N" },
  { "rnd", "rnd", TRUE, "Random field 0..15 (default: from the CSPRNG)", "N" },
  { "issued", "issued", FALSE, "Time of issue, UTC, YYYY-MM-DDTHH:MM (default: now)", "TIME" },
  { "new-sgc", "key_change.sgc", FALSE, "Key change: the new supply group code", "DIGITS" },
  { "new-ti", "key_change.ti", TRUE, "Key change: the new tariff index", "N" },
  { "new-krn", "key_change.krn", TRUE, "Key change: the new key revision number", "N" },
  { "new-kt", "key_change.kt", TRUE, "Key change: the new key type", "N" },
  { "new-ken", "key_change.ken", TRUE, "Key change: the new key expiry number", "N" },
  { "new-base", "key_change.base", TRUE, "Key change: the new base date", "YEAR" },
  { "new-dkga", "key_change.dkga", TRUE, "Key change: the new key generation algorithm", "N" },
  { NULL }
};

static void
add_text_options (GOptionGroup *group,
                  TextOption   *options)
{
  for (TextOption *o = options; o->long_name != NULL; o++)
    {
      GOptionEntry entry[2] = {
        { o->long_name, 0, 0, G_OPTION_ARG_STRING, &o->value, o->description, o->arg },
        { NULL }
      };
      g_option_group_add_entries (group, entry);
    }
}

static void
free_text_options (TextOption *options)
{
  for (TextOption *o = options; o->long_name != NULL; o++)
    g_clear_pointer (&o->value, g_free);
}

/* The most a password, passphrase or key file holds: one line. */
#define SECRET_FILE_MAX 4096

/* Reads a key, password or passphrase from a file (one line), so that it
 * never appears on a command line, where other users can see it.  At
 * most SECRET_FILE_MAX bytes are read: /dev/zero given by mistake once
 * grew the program to 24 GB. */
static char *
read_key_file (const char  *path,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  char buffer[SECRET_FILE_MAX + 1];
  gsize length = 0;
  char *text;

  if (in == NULL)
    return NULL;
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), buffer, sizeof buffer, &length, NULL, error))
    return NULL;
  if (length > SECRET_FILE_MAX)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "%s is larger than %d bytes: it should hold one line", path, SECRET_FILE_MAX);
      return NULL;
    }
  if (memchr (buffer, '\0', length) != NULL)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s holds a NUL byte: it should hold one line of text",
                   path);
      return NULL;
    }
  text = g_strndup (buffer, length);
  explicit_bzero (buffer, sizeof buffer);
  return g_strstrip (text);
}

/* With --vk-file (or --new-vk-file) given, replaces *@key by the file's
 * key.  FALSE, with a usage message, when the file cannot be read. */
static gboolean
key_from_file (const char  *command,
               const char  *option,
               const char  *path,
               char       **key)
{
  g_autoptr(GError) error = NULL;
  char *text;

  if (path == NULL)
    return TRUE;
  text = read_key_file (path, &error);
  if (text == NULL)
    {
      usage_error ("%s: %s: %s", command, option, error->message);
      return FALSE;
    }
  g_free (*key);
  *key = text;
  return TRUE;
}

/* Fills @request from the options; FALSE with a usage message otherwise. */
static gboolean
options_to_request (TextOption *options,
                    JsonObject *request)
{
  for (TextOption *o = options; o->long_name != NULL; o++)
    {
      JsonObject *target = request;
      const char *name = o->member;

      if (o->value == NULL)
        continue;
      if (g_str_has_prefix (name, "key_change."))
        {
          name += strlen ("key_change.");
          if (!json_object_has_member (request, "key_change"))
            json_object_set_object_member (request, "key_change", json_object_new ());
          target = json_object_get_object_member (request, "key_change");
        }
      if (o->is_integer)
        {
          gint64 number;
          g_autoptr(GError) error = NULL;

          if (!g_ascii_string_to_signed (o->value, 10, G_MININT64, G_MAXINT64, &number, &error))
            {
              usage_error ("--%s: “%s” is not an integer", o->long_name, o->value);
              return FALSE;
            }
          json_object_set_int_member (target, name, number);
        }
      else
        json_object_set_string_member (target, name, o->value);
    }
  return TRUE;
}

/* Prints a token as five groups of four digits, as receipts show it. */
static void
print_grouped (const char *prefix,
               const char *token)
{
  GString *line = g_string_new (prefix);

  for (gsize i = 0; token[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (line, ' ');
      g_string_append_c (line, token[i]);
    }
  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

void
print_json (JsonObject *obj)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (root, obj);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Runs @request; prints the JSON response or hands it to @print_human. */
static int
run_request (PosContext  *context,
             JsonObject  *request,
             gboolean     as_json,
             void       (*print_human) (JsonObject *response))
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) response = NULL;
  gboolean ok;

  json_node_set_object (node, request);
  response = pos_sts_request_run (context, node, &ok);
  if (as_json)
    print_json (response);
  if (!ok)
    {
      JsonObject *err = json_object_get_object_member (response, "error");

      g_printerr ("stsvend-cli: %s (%s)\n",
                  json_object_get_string_member (err, "message"),
                  json_object_get_string_member (err, "code"));
      return EXIT_REFUSED;
    }
  if (!as_json)
    print_human (response);
  return EXIT_OK;
}

static void
print_token_response (JsonObject *response)
{
  if (json_object_has_member (response, "tokens"))
    {
      JsonArray *tokens = json_object_get_array_member (response, "tokens");
      guint n = json_array_get_length (tokens);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *prefix = g_strdup_printf ("%u of %u: ", i + 1, n);
          print_grouped (prefix, json_array_get_string_element (tokens, i));
        }
      return;
    }
  print_grouped ("", json_object_get_string_member (response, "token"));
}

static void
print_decoded_response (JsonObject *response)
{
  JsonObject *decoded = json_object_get_object_member (response, "decoded");
  g_autoptr(GList) names = json_object_get_members (decoded);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (decoded, l->data);
      g_autofree char *text = NULL;

      if (json_node_get_value_type (value) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (value));
      else if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (value) ? "yes" : "no");
      else
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      g_print ("%-14s %s\n", (const char *) l->data, text);
    }
}

/* The options both commands share, parsed into @request. */
static int
parse_key_command (const char    *name,
                   const char    *parameter,
                   const char    *summary,
                   gboolean       with_token_options,
                   int           *argc,
                   char        ***argv,
                   JsonObject    *request,
                   gboolean      *as_json)
{
  g_autofree char *vk_file = NULL;
  g_autofree char *new_vk_file = NULL;
  g_autofree char *vk = NULL;
  g_autofree char *new_vk = NULL;
  gboolean rollover = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, as_json, "Print the response as JSON", NULL },
    { "vk", 0, 0, G_OPTION_ARG_STRING, &vk, "Vending key in hexadecimal (prefer --vk-file: a command line is visible to other users)", "HEX" },
    { "vk-file", 0, 0, G_OPTION_ARG_FILENAME, &vk_file, "Read the vending key from FILE", "FILE" },
    { NULL }
  };
  GOptionEntry change_entries[] = {
    { "new-vk", 0, 0, G_OPTION_ARG_STRING, &new_vk, "Key change: the new vending key (default: the same)", "HEX" },
    { "new-vk-file", 0, 0, G_OPTION_ARG_FILENAME, &new_vk_file, "Key change: read the new vending key from FILE", "FILE" },
    { "rollover", 0, 0, G_OPTION_ARG_NONE, &rollover, "Key change: move the meter to the next base date", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (parameter);
  GOptionGroup *main_group;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  /* Everything in the main group: --help shows every option. */
  g_option_context_set_summary (options, summary);
  g_option_context_add_main_entries (options, entries, NULL);
  main_group = g_option_context_get_main_group (options);
  add_text_options (main_group, key_options);
  if (with_token_options)
    {
      add_text_options (main_group, token_options);
      g_option_group_add_entries (main_group, change_entries);
    }

  if (!g_option_context_parse (options, argc, argv, &error))
    {
      usage_error ("%s: %s", name, error->message);
      return EXIT_USAGE;
    }

  if (!options_to_request (key_options, request)
      || (with_token_options && !options_to_request (token_options, request)))
    return EXIT_USAGE;

  if (!key_from_file (name, "--vk-file", vk_file, &vk)
      || !key_from_file (name, "--new-vk-file", new_vk_file, &new_vk))
    return EXIT_USAGE;
  if (vk != NULL)
    json_object_set_string_member (request, "vk", vk);
  if (new_vk != NULL || rollover)
    {
      if (!json_object_has_member (request, "key_change"))
        json_object_set_object_member (request, "key_change", json_object_new ());
      if (new_vk != NULL)
        json_object_set_string_member (json_object_get_object_member (request, "key_change"), "vk", new_vk);
      if (rollover)
        json_object_set_boolean_member (json_object_get_object_member (request, "key_change"), "rollover", TRUE);
    }
  if (vk != NULL)
    memset (vk, 0, strlen (vk));
  if (new_vk != NULL)
    memset (new_vk, 0, strlen (new_vk));
  return status;
}

static int
run_sts_token (PosContext *context,
               int         argc,
               char      **argv)
{
  g_autoptr(JsonObject) request = json_object_new ();
  gboolean as_json = FALSE;
  int status;

  status = parse_key_command ("sts token", "- make one token",
    "Makes one token, or with any --new-* option the key change set, and prints\n"
    "it in groups of four digits.  Without --class/--subclass: an electricity\n"
    "credit token (class 0, subclass 0).\n"
    "\n"
    "Example:\n"
    "  stsvend-cli sts token --pan 600727000000000009 --sgc 123456 --ti 1 \\\n"
    "    --krn 1 --kt 2 --base 2014 --ea 7 --dkga 2 --vk-file vk.hex --amount 25.6",
    TRUE, &argc, &argv, request, &as_json);
  free_text_options (key_options);
  free_text_options (token_options);
  if (status != EXIT_OK)
    return status;
  if (argc > 1)
    {
      usage_error ("sts token: unexpected argument “%s”", argv[1]);
      return EXIT_USAGE;
    }
  if (!json_object_has_member (request, "class"))
    json_object_set_int_member (request, "class", 0);
  if (!json_object_has_member (request, "subclass"))
    json_object_set_int_member (request, "subclass", 0);
  return run_request (context, request, as_json, print_token_response);
}

static int
run_sts_decode (PosContext *context,
                int         argc,
                char      **argv)
{
  g_autoptr(JsonObject) request = json_object_new ();
  gboolean as_json = FALSE;
  g_autofree char *token = NULL;
  int status;

  status = parse_key_command ("sts decode", "TOKEN - decode a token",
    "Shows what a token holds.  Class 1 (test) tokens need no key; others need\n"
    "the meter's key, given as --dk with --ea, or derived from the vending key.\n"
    "A token made with another key decodes with crc_ok = no.",
    FALSE, &argc, &argv, request, &as_json);
  free_text_options (key_options);
  free_text_options (token_options);
  if (status != EXIT_OK)
    return status;
  if (argc < 2)
    {
      usage_error ("sts decode: which token? (stsvend-cli sts decode TOKEN ...)");
      return EXIT_USAGE;
    }
  /* The token may be typed in groups: "2371 6100 5011 8319 4197". */
  token = g_strjoinv ("", argv + 1);
  json_object_set_string_member (request, "op", "decode");
  json_object_set_string_member (request, "token", token);
  return run_request (context, request, as_json, print_decoded_response);
}

static int
run_sts (PosContext *context,
         int         argc,
         char      **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      if (argc < 2)
        {
          g_printerr ("%s", sts_usage);
          return EXIT_USAGE;
        }
      g_print ("%s", sts_usage);
      return EXIT_OK;
    }
  /* The subcommand's own argv starts with its full name, for --help. */
  if (g_str_equal (argv[1], "batch"))
    {
      argv[1] = (char *) "stsvend-cli sts batch";
      return run_sts_batch (context, argc - 1, argv + 1);
    }
  if (g_str_equal (argv[1], "token"))
    {
      argv[1] = (char *) "stsvend-cli sts token";
      return run_sts_token (context, argc - 1, argv + 1);
    }
  if (g_str_equal (argv[1], "decode"))
    {
      argv[1] = (char *) "stsvend-cli sts decode";
      return run_sts_decode (context, argc - 1, argv + 1);
    }
  usage_error ("unknown command “sts %s” (see stsvend-cli sts --help)", argv[1]);
  return EXIT_USAGE;
}

int
refused (const GError *error)
{
  g_printerr ("stsvend-cli: %s\n", error->message);
  return EXIT_REFUSED;
}

char *
cli_read_secret (const char  *path,
                 const char  *env_name,
                 const char  *what,
                 GError     **error)
{
  const char *env;

  if (path != NULL)
    return read_key_file (path, error);
  env = g_getenv (env_name);
  if (env != NULL)
    return g_strdup (env);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "give the %s with a file option or $%s", what, env_name);
  return NULL;
}

static void
globals_clear (CliGlobals *g)
{
  g_free (g->db);
  g_free (g->user);
  g_free (g->password_file);
  g_free (g->passphrase_file);
  g_free (g->config);
}

/* Reads the options before the command; returns the index of the command,
 * or -1 after a usage message. */
static int
parse_globals (int         argc,
               char      **argv,
               CliGlobals *g)
{
  int i = 1;

  g->db = g_strdup (g_getenv ("STSVEND_DB"));
  g->user = g_strdup (g_getenv ("STSVEND_USER"));
  g->config = g_strdup (g_getenv ("STSVEND_CONFIG"));
  while (i < argc && g_str_has_prefix (argv[i], "--"))
    {
      const char *arg = argv[i];
      char **slot = NULL;

      if (g_str_equal (arg, "--json"))
        {
          g->json = TRUE;
          i++;
          continue;
        }
      if (g_str_equal (arg, "--help") || g_str_equal (arg, "--version"))
        return i;
      if (g_str_equal (arg, "--db"))
        slot = &g->db;
      else if (g_str_equal (arg, "--user"))
        slot = &g->user;
      else if (g_str_equal (arg, "--password-file"))
        slot = &g->password_file;
      else if (g_str_equal (arg, "--passphrase-file"))
        slot = &g->passphrase_file;
      else if (g_str_equal (arg, "--config"))
        slot = &g->config;
      if (slot == NULL || i + 1 >= argc)
        {
          usage_error (slot == NULL ? "unknown option “%s” (see stsvend-cli --help)" : "%s needs a value", arg);
          return -1;
        }
      g_free (*slot);
      *slot = g_strdup (argv[i + 1]);
      i += 2;
    }
  return i;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(PosContext) context = NULL;
  CliGlobals globals = { 0 };
  int first, status;

  setlocale (LC_ALL, "");

  first = parse_globals (argc, argv, &globals);
  if (first < 0)
    {
      globals_clear (&globals);
      return EXIT_USAGE;
    }
  if (first >= argc)
    {
      g_printerr ("%s", top_usage);
      globals_clear (&globals);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h") || g_str_equal (argv[first], "help"))
    {
      g_print ("%s", top_usage);
      globals_clear (&globals);
      return EXIT_OK;
    }
  if (g_str_equal (argv[first], "--version"))
    {
      g_print ("stsvend-cli %s\n", PACKAGE_VERSION);
      globals_clear (&globals);
      return EXIT_OK;
    }

  context = pos_context_new ();
  if (globals.config != NULL)
    pos_context_set_settings_path (context, globals.config);
  if (g_str_equal (argv[first], "sts"))
    status = run_sts (context, argc - first, argv + first);
  else if ((status = group_usage (argc - first, argv + first)) >= 0)
    ;
  else
    {
      status = cli_run_vending (context, &globals, argv[first], argc - first, argv + first);
      if (status < 0)
        {
          usage_error ("unknown command “%s” (see stsvend-cli --help)", argv[first]);
          status = EXIT_USAGE;
        }
    }
  g_clear_object (&context);
  pos_app_release_caches ();
  globals_clear (&globals);
  return status;
}
