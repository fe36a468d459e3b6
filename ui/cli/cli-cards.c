/* cli-cards.c: stsvend-cli card ... and the meter simulator (simulator create |
 * enter | insert-card | consume | flags | show) */
#include <string.h>

#include "cli-private.h"

/* The reader: --reader, else $STSVEND_CARD_READER, else every PC/SC reader. */
static const char *
reader_spec (const char *option)
{
  const char *env = g_getenv ("STSVEND_CARD_READER");

  if (option != NULL)
    return option;
  return env != NULL && *env != '\0' ? env : "pcsc";
}

/* The simulator's state file: --state, else $STSVEND_METER_STATE. */
static const char *
state_path (const char *option)
{
  return option != NULL ? option : g_getenv ("STSVEND_METER_STATE");
}

static void
shift_sub (int    *argc,
           char ***argv,
           char   *name)
{
  (*argv)[1] = name;
  (*argc)--;
  (*argv)++;
}

/* -- card --------------------------------------------------------------------- */

static void
print_card (JsonObject *o)
{
  JsonObject *p = json_object_get_object_member (o, "purchase");
  JsonObject *r = json_object_get_object_member (o, "meter_return");
  JsonArray *tokens = json_object_get_array_member (p, "tokens");

  g_print ("Card %s: meter %s, account %s (%s)\n", json_object_get_string_member (o, "serial"),
           json_object_get_string_member (o, "meter"), json_object_get_string_member (o, "account"),
           json_object_get_string_member (o, "customer"));
  g_print ("Purchase %" G_GINT64_FORMAT " of %s: %u token(s), %s\n", json_object_get_int_member (p, "seq"),
           json_object_get_string_member (p, "issued_at"), json_array_get_length (tokens),
           json_object_get_boolean_member (p, "applied") ? "in the meter" : "NOT YET IN THE METER");
  if (json_object_get_int_member (r, "generation") == 0)
    g_print ("The meter has not written to this card yet.\n");
  else
    g_print ("The meter wrote at %s: credit %.1f kWh, used %.1f kWh, last purchase %" G_GINT64_FORMAT "%s%s\n",
             json_object_has_member (r, "written_at") ? json_object_get_string_member (r, "written_at") : "?",
             json_object_get_int_member (r, "credit_kwh_tenths") / 10.0,
             json_object_get_int_member (r, "cumulative_kwh_tenths") / 10.0,
             json_object_get_int_member (r, "last_sequence"),
             json_object_get_boolean_member (r, "tamper") ? ", TAMPER" : "",
             json_object_get_boolean_member (r, "low_battery") ? ", LOW BATTERY" : "");
  if (json_object_get_boolean_member (o, "write_pending"))
    g_print ("A sold purchase still waits to be written to this card: stsvend-cli card retry\n");
}

static int
card_list_readers (const CliGlobals *g,
                   int               argc,
                   char            **argv)
{
  g_autofree char *reader = NULL;
  GOptionEntry entries[] = {
    { "reader", 0, 0, G_OPTION_ARG_STRING, &reader,
      "pcsc, pcsc:NAME or nfc:CONNSTRING (default: $STSVEND_CARD_READER, else pcsc)", "SPEC" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  if (!cli_parse_options ("card list-readers", "- the card readers", "Lists the card readers.", entries, &argc, &argv))
    return EXIT_USAGE;
  names = pos_cards_list_readers (reader_spec (reader), &error);
  if (names == NULL)
    return refused (error);
  if (g->json)
    {
      g_autoptr(JsonObject) o = json_object_new ();
      JsonArray *a = json_array_new ();

      for (guint i = 0; names[i] != NULL; i++)
        json_array_add_string_element (a, names[i]);
      json_object_set_array_member (o, "readers", a);
      print_json (o);
    }
  else
    for (guint i = 0; names[i] != NULL; i++)
      g_print ("%s\n", names[i]);
  return EXIT_OK;
}

static int
card_command (PosContext       *context,
              const CliGlobals *g,
              const char       *sub,
              int               argc,
              char            **argv)
{
  g_autofree char *reader = NULL, *pan = NULL, *amount = NULL, *reason = NULL;
  gboolean override = FALSE;
  GOptionEntry reader_entry = { "reader", 0, 0, G_OPTION_ARG_STRING, &reader,
                                "pcsc, pcsc:NAME or nfc:CONNSTRING (default: $STSVEND_CARD_READER, else pcsc)", "SPEC" };
  GOptionEntry meter_entry = { "meter", 0, 0, G_OPTION_ARG_STRING, &pan, "Meter number", "DIGITS" };
  GOptionEntry entries[5] = { reader_entry };
  g_autofree char *name = g_strconcat ("card ", sub, NULL);
  const char *summary;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  gint64 tendered = 0;
  int status;

  memset (entries + 1, 0, sizeof entries - sizeof entries[0]);
  if (g_str_equal (sub, "issue") || g_str_equal (sub, "replace"))
    entries[1] = meter_entry;
  if (g_str_equal (sub, "replace"))
    entries[2] = (GOptionEntry) { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (lost, broken...)", "TEXT" };
  if (g_str_equal (sub, "recharge"))
    {
      entries[1] = (GOptionEntry) { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, "Money tendered, e.g. 100.50",
                                    "MONEY" };
      entries[2] = (GOptionEntry) { "override", 0, 0, G_OPTION_ARG_NONE, &override,
                                    "Add a purchase although the last one is not in the meter yet (supervisor)", NULL };
    }
  summary = g_str_equal (sub, "read")
    ? "Reads the card: whose it is and what the meter wrote back (stored as a reading)."
    : g_str_equal (sub, "issue") ? "Issues the card in the reader to a meter (supervisor)."
    : g_str_equal (sub, "replace")
    ? "Replaces a meter's lost card with the one in the reader; the old one is blocked (supervisor)."
    : g_str_equal (sub, "recharge")
    ? "Sells credit to the card's meter and writes the token to the card."
    : "Writes a purchase that was sold but did not reach the card.";
  if (!cli_parse_options (name, "", summary, entries, &argc, &argv))
    return EXIT_USAGE;
  if ((g_str_equal (sub, "issue") || g_str_equal (sub, "replace")) && pan == NULL)
    {
      usage_error ("%s: --meter is required", name);
      return EXIT_USAGE;
    }
  if (g_str_equal (sub, "replace") && reason == NULL)
    {
      usage_error ("card replace: --reason is required");
      return EXIT_USAGE;
    }
  if (g_str_equal (sub, "recharge") && !cli_money_option ("--amount", amount, &tendered))
    return EXIT_USAGE;

  status = cli_open_session (context, g, TRUE);
  if (status != EXIT_OK)
    return status;
  if (g_str_equal (sub, "read"))
    result = pos_card_read_card (context, reader_spec (reader), &error);
  else if (g_str_equal (sub, "issue"))
    result = pos_card_issue_to_meter (context, reader_spec (reader), pan, &error);
  else if (g_str_equal (sub, "replace"))
    result = pos_card_replace (context, reader_spec (reader), pan, reason, &error);
  else if (g_str_equal (sub, "recharge"))
    result = pos_card_recharge (context, reader_spec (reader), tendered, override, &error);
  else
    result = pos_card_retry_write (context, reader_spec (reader), &error);
  if (result == NULL)
    return refused (error);

  if (g->json)
    print_json (result);
  else if (g_str_equal (sub, "read"))
    print_card (result);
  else if (g_str_equal (sub, "issue") || g_str_equal (sub, "replace"))
    {
      g_print ("Card %s issued to meter %s (account %s).\n", json_object_get_string_member (result, "serial"),
               json_object_get_string_member (result, "meter"), json_object_get_string_member (result, "account"));
      if (json_object_has_member (result, "blocked"))
        g_print ("Card %s is blocked.\n", json_object_get_string_member (result, "blocked"));
    }
  else if (g_str_equal (sub, "recharge"))
    g_print ("Receipt %" G_GINT64_FORMAT ": %.1f kWh, token %s, purchase %" G_GINT64_FORMAT "%s\n",
             json_object_get_int_member (result, "receipt"), json_object_get_int_member (result, "kwh_tenths") / 10.0,
             json_object_get_string_member (result, "token"), json_object_get_int_member (result, "seq"),
             json_object_get_boolean_member (result, "card_written") ? ", written to the card" : "");
  else if (json_object_has_member (result, "nothing_pending"))
    g_print ("Nothing waits to be written to this card.\n");
  else
    g_print ("Purchase %" G_GINT64_FORMAT " written to the card.\n", json_object_get_int_member (result, "seq"));

  if (json_object_has_member (result, "card_written") && !json_object_get_boolean_member (result, "card_written"))
    {
      g_printerr ("stsvend-cli: the sale is recorded, but the card was not written: %s; "
                  "insert the card and run: stsvend-cli card retry\n",
                  json_object_get_string_member (result, "card_error"));
      return EXIT_REFUSED;
    }
  return EXIT_OK;
}

static int
run_card (PosContext       *context,
          const CliGlobals *g,
          int               argc,
          char            **argv)
{
  static const char *const subs[] = { "read", "issue", "recharge", "retry", "replace", NULL };
  const char *sub = argc >= 2 ? argv[1] : NULL;

  if (sub != NULL && g_str_equal (sub, "list-readers"))
    {
      shift_sub (&argc, &argv, (char *) "stsvend-cli card list-readers");
      return card_list_readers (g, argc, argv);
    }
  if (sub == NULL || !g_strv_contains (subs, sub))
    {
      usage_error ("card: list-readers, read, issue, recharge, retry or replace? (stsvend-cli card read --help)");
      return EXIT_USAGE;
    }
  {
    g_autofree char *name = g_strconcat ("stsvend-cli card ", sub, NULL);
    g_autofree char *sub_copy = g_strdup (sub);

    shift_sub (&argc, &argv, name);
    return card_command (context, g, sub_copy, argc, argv);
  }
}

/* -- the meter simulator ---------------------------------------------------------------- */

static void
print_sim (JsonObject *o)
{
  g_print ("Meter %s: credit %.1f kWh, used %.1f kWh, last card purchase %" G_GINT64_FORMAT
           ", %" G_GINT64_FORMAT " TIDs remembered%s%s\n",
           json_object_get_string_member (o, "meter"), json_object_get_int_member (o, "credit_kwh_tenths") / 10.0,
           json_object_get_int_member (o, "cumulative_kwh_tenths") / 10.0, json_object_get_int_member (o, "last_sequence"),
           json_object_get_int_member (o, "tids"), json_object_get_boolean_member (o, "tamper") ? ", TAMPER" : "",
           json_object_get_int_member (o, "key_change_parts") > 0 ? ", key change in progress" : "");
}

static int
run_meter_sim (PosContext       *context,
               const CliGlobals *g,
               const char       *sub,
               int               argc,
               char            **argv)
{
  g_autofree char *state = NULL, *reader = NULL, *pan = NULL;
  gint64 now_option = 0;
  gboolean tamper = FALSE, low_battery = FALSE;
  GOptionEntry entries[] = {
    { "tamper", 0, 0, G_OPTION_ARG_NONE, &tamper, "flags: the meter has been tampered with", NULL },
    { "low-battery", 0, 0, G_OPTION_ARG_NONE, &low_battery, "flags: the meter's battery is low", NULL },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, "The simulator's state file (default: $STSVEND_METER_STATE)",
      "FILE" },
    { "reader", 0, 0, G_OPTION_ARG_STRING, &reader, "insert-card: the reader holding the card", "SPEC" },
    { "meter", 0, 0, G_OPTION_ARG_STRING, &pan, "create: the registered meter to simulate", "DIGITS" },
    { "now", 0, 0, G_OPTION_ARG_INT64, &now_option, "insert-card: the meter's clock, Unix time (default: now)",
      "SECONDS" },
    { NULL }
  };
  g_autofree char *name = g_strconcat ("simulator ", sub, NULL);
  const char *parameter = g_str_equal (sub, "enter") ? "TOKEN" : g_str_equal (sub, "consume") ? "KWH" : "";
  const char *own = g_str_equal (sub, "create") ? "state meter"
                    : g_str_equal (sub, "insert-card") ? "state reader now"
                    : g_str_equal (sub, "flags") ? "state tamper low-battery" : "state";
  g_autoptr(GError) error = NULL;
  g_autoptr(PosMeterSim) sim = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *passphrase = NULL;
  const char *path;

  if (!cli_parse_options_only (name, parameter, "The meter simulator: a prepaid meter kept in a state file.", entries,
                               own, &argc, &argv))
    return EXIT_USAGE;
  path = state_path (state);
  if (path == NULL)
    {
      usage_error ("%s: --state FILE (or $STSVEND_METER_STATE) is required", name);
      return EXIT_USAGE;
    }
  if ((g_str_equal (sub, "enter") || g_str_equal (sub, "consume")) && argc != 2)
    {
      usage_error ("%s: give one %s", name, parameter);
      return EXIT_USAGE;
    }

  if (g_str_equal (sub, "create"))
    {
      int status;

      if (pan == NULL)
        {
          usage_error ("simulator create: --meter is required");
          return EXIT_USAGE;
        }
      status = cli_open_session (context, g, TRUE);
      if (status != EXIT_OK)
        return status;
    }
  /* The simulator's keys are kept under the key passphrase. */
  passphrase = cli_read_secret (g->passphrase_file, "STSVEND_PASSPHRASE", "key passphrase", &error);
  if (passphrase == NULL)
    {
      usage_error ("%s", error->message);
      return EXIT_USAGE;
    }
  if (g_str_equal (sub, "create") && !pos_meter_sim_create (context, pan, path, passphrase, &error))
    {
      memset (passphrase, 0, strlen (passphrase));
      return refused (error);
    }
  sim = pos_meter_sim_load (path, passphrase, &error);
  memset (passphrase, 0, strlen (passphrase));
  if (sim == NULL)
    return refused (error);

  if (g_str_equal (sub, "enter"))
    {
      g_autofree char *digits = g_strdelimit (g_strdup (argv[1]), " -", ' ');
      g_autoptr(GString) clean = g_string_new (NULL);

      for (const char *p = digits; *p != '\0'; p++)
        if (*p != ' ')
          g_string_append_c (clean, *p);
      result = pos_meter_sim_enter (sim, clean->str, &error);
    }
  else if (g_str_equal (sub, "insert-card"))
    result = pos_meter_sim_insert_card (sim, reader_spec (reader),
                                        now_option > 0 ? now_option : g_get_real_time () / G_USEC_PER_SEC, &error);
  else if (g_str_equal (sub, "flags"))
    {
      if (!pos_meter_sim_set_flags (sim, tamper, low_battery, &error))
        return refused (error);
    }
  else if (g_str_equal (sub, "consume"))
    {
      char *end = NULL;
      gdouble kwh = g_ascii_strtod (argv[1], &end);

      if (end == argv[1] || *end != '\0' || !(kwh >= 0 && kwh <= 1e9))
        {
          usage_error ("simulator consume: KWH is a number of kWh, e.g. 2.5");
          return EXIT_USAGE;
        }
      if (!pos_meter_sim_consume (sim, (gint64) (kwh * 10 + 0.5), &error))
        return refused (error);
    }
  if ((g_str_equal (sub, "enter") || g_str_equal (sub, "insert-card")) && result == NULL)
    return refused (error);
  if (result == NULL)
    result = pos_meter_sim_to_json (sim);

  if (g->json)
    print_json (result);
  else if (g_str_equal (sub, "enter"))
    g_print ("Accepted: %s\n", json_object_get_string_member (result, "outcome"));
  else if (g_str_equal (sub, "insert-card"))
    {
      JsonArray *tokens = json_object_get_array_member (result, "tokens");

      for (guint i = 0; i < json_array_get_length (tokens); i++)
        {
          JsonObject *t = json_array_get_object_element (tokens, i);

          g_print ("Token %s: %s\n", json_object_get_string_member (t, "token"),
                   json_object_get_string_member (t, "outcome"));
        }
      g_print ("Credit %.1f kWh; written back to the card.\n",
               json_object_get_int_member (result, "credit_kwh_tenths") / 10.0);
    }
  else
    print_sim (result);
  return EXIT_OK;
}

int
cli_run_cards (PosContext       *context,
               const CliGlobals *globals,
               const char       *command,
               int               argc,
               char            **argv)
{
  static const char *const sim_subs[] = { "create", "enter", "insert-card", "consume", "flags", "show", NULL };

  if (g_str_equal (command, "card"))
    return run_card (context, globals, argc, argv);
  /* The simulator was "meter create|enter|..." once, beside the
   * customer's meter: the old spelling still works, and says so. */
  if (g_str_equal (command, "meter") && argc >= 2 && g_strv_contains (sim_subs, argv[1]))
    g_printerr ("stsvend-cli: “meter %s” is now “simulator %s”; the old name will be removed\n", argv[1], argv[1]);
  else if (!g_str_equal (command, "simulator"))
    return -1;
  if (argc < 2 || !g_strv_contains (sim_subs, argv[1]))
    {
      usage_error ("simulator: create, enter, insert-card, consume, flags or show? (see stsvend-cli simulator --help)");
      return EXIT_USAGE;
    }
  {
    g_autofree char *sub = g_strdup (argv[1]);
    g_autofree char *name = g_strconcat ("stsvend-cli simulator ", sub, NULL);

    shift_sub (&argc, &argv, name);
    return run_meter_sim (context, globals, sub, argc, argv);
  }
}
