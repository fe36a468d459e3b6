/* cli-vending.c: the vending-core commands of stsvend-cli, each a thin
 * shell over one use case of app/ */
#include "config.h"

#include <string.h>

#include "cli-private.h"

#define MINOR_DIGITS 2

gboolean
cli_parse_options (const char    *name,
               const char    *parameter,
               const char    *summary,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (options, summary);
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, argc, argv, &error))
    {
      usage_error ("%s: %s", name, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cli_parse_options_only (const char          *name,
                        const char          *parameter,
                        const char          *summary,
                        const GOptionEntry  *entries,
                        const char          *keep,
                        int                 *argc,
                        char              ***argv)
{
  g_auto(GStrv) names = g_strsplit (keep, " ", -1);
  g_autoptr(GArray) chosen = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));

  for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
    if (g_strv_contains ((const char *const *) names, e->long_name))
      g_array_append_val (chosen, *e);
  return cli_parse_options (name, parameter, summary, (GOptionEntry *) (void *) chosen->data, argc, argv);
}

static int
open_database (PosContext       *context,
               const CliGlobals *g)
{
  g_autoptr(GError) error = NULL;

  if (!pos_context_open_database (context, g->db, &error))
    return refused (error);
  return EXIT_OK;
}

int
cli_open_session (PosContext       *context,
              const CliGlobals *g,
              gboolean          need_keys)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  int status = open_database (context, g);

  if (status != EXIT_OK)
    return status;
  if (g->user == NULL)
    {
      usage_error ("who is this? give --user NAME or $STSVEND_USER");
      return EXIT_USAGE;
    }
  password = cli_read_secret (g->password_file, "STSVEND_PASSWORD", "password", &error);
  if (password == NULL)
    {
      usage_error ("%s", error->message);
      return EXIT_USAGE;
    }
  if (!pos_context_login (context, g->user, password, &error))
    {
      memset (password, 0, strlen (password));
      return refused (error);
    }
  memset (password, 0, strlen (password));
  if (need_keys)
    {
      g_autofree char *passphrase = cli_read_secret (g->passphrase_file, "STSVEND_PASSPHRASE",
                                                     "key passphrase", &error);
      gboolean ok;

      if (passphrase == NULL)
        {
          usage_error ("%s", error->message);
          return EXIT_USAGE;
        }
      ok = pos_context_unlock_keys (context, passphrase, &error);
      memset (passphrase, 0, strlen (passphrase));
      if (!ok)
        return refused (error);
    }
  return EXIT_OK;
}

/* -- init, demo ------------------------------------------------------------ */

static int
run_init (PosContext       *context,
          const CliGlobals *g,
          int               argc,
          char            **argv)
{
  g_autofree char *utility = NULL, *address = NULL, *tax = NULL, *currency = NULL, *admin = NULL;
  GOptionEntry entries[] = {
    { "utility", 0, 0, G_OPTION_ARG_STRING, &utility, "The utility's name (on every receipt)", "NAME" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "The utility's address", "TEXT" },
    { "tax-number", 0, 0, G_OPTION_ARG_STRING, &tax, "The utility's tax number", "TEXT" },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, "Currency code (default ZAR)", "CODE" },
    { "admin", 0, 0, G_OPTION_ARG_STRING, &admin, "The first administrator's user name", "NAME" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *passphrase = NULL;
  PosSetup setup = { 0 };
  int status;

  if (!cli_parse_options ("init", "- create a database",
                      "The administrator's password comes from --password-file or $STSVEND_PASSWORD,\n"
                      "the passphrase protecting the vending keys from --passphrase-file or\n"
                      "$STSVEND_PASSPHRASE (at least 12 characters; it cannot be recovered).",
                      entries, &argc, &argv))
    return EXIT_USAGE;
  if (utility == NULL || admin == NULL)
    {
      usage_error ("init: --utility and --admin are required");
      return EXIT_USAGE;
    }
  password = cli_read_secret (g->password_file, "STSVEND_PASSWORD", "administrator's password", &error);
  if (password != NULL)
    passphrase = cli_read_secret (g->passphrase_file, "STSVEND_PASSPHRASE", "key passphrase", &error);
  if (passphrase == NULL)
    {
      usage_error ("init: %s", error->message);
      return EXIT_USAGE;
    }
  status = open_database (context, g);
  if (status != EXIT_OK)
    return status;

  setup.utility_name = utility;
  setup.address = address != NULL ? address : "";
  setup.tax_number = tax != NULL ? tax : "";
  setup.currency = currency;
  setup.admin_username = admin;
  setup.admin_password = password;
  setup.passphrase = passphrase;
  status = pos_admin_init (context, &setup, &error) ? EXIT_OK : refused (error);
  memset (password, 0, strlen (password));
  memset (passphrase, 0, strlen (passphrase));
  if (status == EXIT_OK)
    g_print ("Initialised %s for %s; administrator %s.\n", pos_context_get_database_path (context), utility, admin);
  return status;
}

static int
run_demo (PosContext       *context,
          const CliGlobals *g,
          int               argc,
          char            **argv)
{
  int customers = 2000;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "How many customers (default 2000)", "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  if (!cli_parse_options ("demo", "- create a demonstration database",
                      "Creates a database with demonstration data: users admin, supervisor and\n"
                      "cashier (passwords demo-admin, demo-supervisor, demo-cashier), the key\n"
                      "passphrase \"" POS_DEMO_PASSPHRASE "\", the public STS test vending key,\n"
                      "two tariffs, the vending point \"Main office\", and customers with meters.",
                      entries, &argc, &argv))
    return EXIT_USAGE;
  if (customers < 0 || customers > 1000000)
    {
      usage_error ("demo: --customers is 0 to 1000000");
      return EXIT_USAGE;
    }
  status = open_database (context, g);
  if (status != EXIT_OK)
    return status;
  if (!pos_admin_demo (context, (guint) customers, &error))
    return refused (error);
  g_print ("Demonstration database %s: %d customers; log in as cashier / " POS_DEMO_CASHIER_PASSWORD ".\n",
           pos_context_get_database_path (context), customers);
  return EXIT_OK;
}

/* -- customers and meters --------------------------------------------------- */

static int
run_customer (PosContext       *context,
              const CliGlobals *g,
              int               argc,
              char            **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (argc < 2 || (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "find")))
    {
      usage_error ("customer: add, edit, find, show or list? (stsvend-cli customer add --help)");
      return EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "add"))
    {
      g_autofree char *name = NULL, *account = NULL, *address = NULL, *phone = NULL;
      GOptionEntry entries[] = {
        { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Full name", "TEXT" },
        { "account", 0, 0, G_OPTION_ARG_STRING, &account, "Account number (default: the next free one)", "TEXT" },
        { "address", 0, 0, G_OPTION_ARG_STRING, &address, "Address", "TEXT" },
        { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, "Phone number", "TEXT" },
        { NULL }
      };
      PosCustomerSpec spec;
      gint64 id;

      argv[1] = (char *) "stsvend-cli customer add";
      if (!cli_parse_options ("customer add", "- register a customer", "Registers a customer.", entries,
                          &(int) { argc - 1 }, &(char **) { argv + 1 }))
        return EXIT_USAGE;
      status = cli_open_session (context, g, FALSE);
      if (status != EXIT_OK)
        return status;
      spec = (PosCustomerSpec) { account, name, address != NULL ? address : "", phone != NULL ? phone : "" };
      id = pos_customer_add (context, &spec, &error);
      if (id == 0)
        return refused (error);
      g_print ("Customer %" G_GINT64_FORMAT " added.\n", id);
      return EXIT_OK;
    }
  else
    {
      g_autoptr(JsonArray) found = NULL;
      g_autofree char *text = NULL;
      int sub_argc = argc - 1;
      char **sub_argv = argv + 1;
      GOptionEntry entries[] = { { NULL } };

      argv[1] = (char *) "stsvend-cli customer find";
      if (!cli_parse_options ("customer find", "TEXT - find customers",
                          "Finds customers by account, meter or phone number, or part of the name.",
                          entries, &sub_argc, &sub_argv))
        return EXIT_USAGE;
      if (sub_argc < 2)
        {
          usage_error ("customer find: what? (an account, meter or phone number, or a name)");
          return EXIT_USAGE;
        }
      text = g_strjoinv (" ", sub_argv + 1);
      status = cli_open_session (context, g, FALSE);
      if (status != EXIT_OK)
        return status;
      found = pos_customer_find (context, text, 50, &error);
      if (found == NULL)
        return refused (error);
      if (g->json)
        {
          g_autoptr(JsonObject) out = json_object_new ();
          json_object_set_array_member (out, "customers", json_array_ref (found));
          print_json (out);
          return EXIT_OK;
        }
      cli_print_customers (found);
      if (json_array_get_length (found) == 0)
        g_printerr ("No customer matches “%s”.\n", text);
      return EXIT_OK;
    }
}

static int
run_meter (PosContext       *context,
           const CliGlobals *g,
           int               argc,
           char            **argv)
{
  g_autofree char *account = NULL, *pan = NULL, *sgc = NULL, *tariff = NULL, *card = NULL;
  int krn = 1, ti = 1;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, "The customer's account number", "TEXT" },
    { "pan", 0, 0, G_OPTION_ARG_STRING, &pan, "Meter number, 18 digits", "DIGITS" },
    { "sgc", 0, 0, G_OPTION_ARG_STRING, &sgc, "Supply group code", "DIGITS" },
    { "krn", 0, 0, G_OPTION_ARG_INT, &krn, "Key revision number (default 1)", "N" },
    { "ti", 0, 0, G_OPTION_ARG_INT, &ti, "Tariff index (default 1)", "N" },
    { "tariff", 0, 0, G_OPTION_ARG_STRING, &tariff, "Tariff name", "NAME" },
    { "card", 0, 0, G_OPTION_ARG_STRING, &card, "Card serial, for a card meter", "TEXT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  PosMeterSpec spec;
  int status;
  int sub_argc = argc - 1;
  char **sub_argv = argv + 1;

  if (argc < 2 || !g_str_equal (argv[1], "add"))
    {
      usage_error ("meter: add or edit? (stsvend-cli meter add --help)");
      return EXIT_USAGE;
    }
  argv[1] = (char *) "stsvend-cli meter add";
  if (!cli_parse_options ("meter add", "- register a meter", "Registers a meter to a customer (supervisor).",
                      entries, &sub_argc, &sub_argv))
    return EXIT_USAGE;
  if (account == NULL || pan == NULL || sgc == NULL || tariff == NULL)
    {
      usage_error ("meter add: --account, --pan, --sgc and --tariff are required");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  spec = (PosMeterSpec) { pan, sgc, krn, ti, tariff, card };
  if (pos_meter_add (context, account, &spec, &error) == 0)
    return refused (error);
  g_print ("Meter %s added to %s.\n", pan, account);
  return EXIT_OK;
}

/* -- shifts, quote, vend --------------------------------------------------- */

gboolean
cli_money_option (const char *name,
              const char *text,
              gint64     *out)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      usage_error ("%s is required", name);
      return FALSE;
    }
  if (!pos_money_parse (text, MINOR_DIGITS, out, &error))
    {
      usage_error ("%s: %s", name, error->message);
      return FALSE;
    }
  return TRUE;
}

static int
run_shift (PosContext       *context,
           const CliGlobals *g,
           int               argc,
           char            **argv)
{
  g_autofree char *point = NULL, *amount = NULL;
  GOptionEntry open_entries[] = {
    { "point", 0, 0, G_OPTION_ARG_STRING, &point, "The vending point", "NAME" },
    { "float", 0, 0, G_OPTION_ARG_STRING, &amount, "Cash float (default 0)", "AMOUNT" },
    { NULL }
  };
  GOptionEntry close_entries[] = {
    { "counted", 0, 0, G_OPTION_ARG_STRING, &amount, "Cash counted in the drawer", "AMOUNT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gboolean opening;
  gint64 money = 0, expected = 0, difference = 0;
  int status;
  int sub_argc = argc - 1;
  char **sub_argv = argv + 1;

  if (argc < 2 || (!g_str_equal (argv[1], "open") && !g_str_equal (argv[1], "close")))
    {
      usage_error ("shift: open or close?");
      return EXIT_USAGE;
    }
  opening = g_str_equal (argv[1], "open");
  argv[1] = (char *) (opening ? "stsvend-cli shift open" : "stsvend-cli shift close");
  if (!cli_parse_options (opening ? "shift open" : "shift close", "", opening ? "Opens your shift." : "Closes your shift.",
                      opening ? open_entries : close_entries, &sub_argc, &sub_argv))
    return EXIT_USAGE;
  if (opening && point == NULL)
    {
      usage_error ("shift open: --point is required");
      return EXIT_USAGE;
    }
  if ((opening && amount != NULL && !cli_money_option ("--float", amount, &money))
      || (!opening && !cli_money_option ("--counted", amount, &money)))
    return EXIT_USAGE;
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  if (opening)
    {
      if (pos_shift_open (context, point, money, &error) == 0)
        return refused (error);
      g_print ("Shift open at %s.\n", point);
      return EXIT_OK;
    }
  if (!pos_shift_close (context, money, &expected, &difference, &error))
    return refused (error);
  {
    g_autofree char *e = pos_money_format (expected, MINOR_DIGITS);
    g_autofree char *d = pos_money_format (difference, MINOR_DIGITS);
    g_print ("Shift closed: expected %s, difference %s.\n", e, d);
  }
  return EXIT_OK;
}

static JsonObject *
quote_to_json (const PosVendQuote *q)
{
  JsonObject *o = json_object_new ();
  JsonArray *lines = json_array_new ();

  json_object_set_int_member (o, "tendered", q->tendered);
  json_object_set_int_member (o, "debt_recovered", q->debt_recovered);
  json_object_set_int_member (o, "debt_balance", q->debt_balance);
  json_object_set_int_member (o, "fixed_charge", q->fixed_charge);
  json_object_set_int_member (o, "vat", q->vat);
  json_object_set_int_member (o, "energy_value", q->energy_value);
  json_object_set_int_member (o, "kwh_tenths", q->kwh);
  for (guint i = 0; i < q->n_lines; i++)
    {
      JsonObject *l = json_object_new ();

      json_object_set_int_member (l, "kwh_tenths", q->lines[i].kwh);
      json_object_set_int_member (l, "price", q->lines[i].price);
      json_object_set_int_member (l, "value", q->lines[i].value);
      json_array_add_object_element (lines, l);
    }
  json_object_set_array_member (o, "lines", lines);
  return o;
}

static void
print_quote (const PosVendQuote *q)
{
  g_autofree char *tendered = pos_money_format (q->tendered, MINOR_DIGITS);
  g_autofree char *debt = pos_money_format (q->debt_recovered, MINOR_DIGITS);
  g_autofree char *fixed = pos_money_format (q->fixed_charge, MINOR_DIGITS);
  g_autofree char *vat = pos_money_format (q->vat, MINOR_DIGITS);
  g_autofree char *energy = pos_money_format (q->energy_value, MINOR_DIGITS);
  g_autofree char *kwh = pos_kwh_format (q->kwh);

  g_print ("Tendered        %12s\n", tendered);
  if (q->debt_recovered > 0)
    g_print ("Debt recovered  %12s\n", debt);
  if (q->fixed_charge > 0)
    g_print ("Fixed charge    %12s\n", fixed);
  g_print ("VAT             %12s\n", vat);
  g_print ("Energy          %12s\n", energy);
  for (guint i = 0; i < q->n_lines; i++)
    {
      g_autofree char *lk = pos_kwh_format (q->lines[i].kwh);
      g_autofree char *lv = pos_money_format (q->lines[i].value, MINOR_DIGITS);
      g_autofree char *price = pos_money_format (q->lines[i].price, MINOR_DIGITS + 3);

      g_print ("  %8s kWh at %s/kWh  %s\n", lk, price, lv);
    }
  g_print ("kWh             %12s\n", kwh);
}

static int
run_quote_or_vend (PosContext       *context,
                   const CliGlobals *g,
                   gboolean          vend,
                   int               argc,
                   char            **argv)
{
  g_autofree char *pan = NULL, *amount = NULL;
  GOptionEntry entries[] = {
    { "meter", 0, 0, G_OPTION_ARG_STRING, &pan, "Meter number", "DIGITS" },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, "Money tendered, e.g. 100.00", "AMOUNT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 money;
  int status;

  argv[0] = (char *) (vend ? "stsvend-cli vend" : "stsvend-cli quote");
  if (!cli_parse_options (vend ? "vend" : "quote", "- sell credit",
                      vend ? "Sells credit: prints the token (in groups of four) after the sale is recorded."
                           : "Shows what a vend would give; records nothing.",
                      entries, &argc, &argv))
    return EXIT_USAGE;
  if (pan == NULL)
    {
      usage_error ("--meter is required");
      return EXIT_USAGE;
    }
  if (!cli_money_option ("--amount", amount, &money))
    return EXIT_USAGE;
  status = cli_open_session (context, g, vend);
  if (status != EXIT_OK)
    return status;

  if (!vend)
    {
      PosVendQuote q;

      if (!pos_vend_quote (context, pan, money, &q, &error))
        return refused (error);
      if (g->json)
        {
          g_autoptr(JsonObject) o = quote_to_json (&q);
          print_json (o);
        }
      else
        print_quote (&q);
      return EXIT_OK;
    }
  else
    {
      PosVendResult r;
      GString *grouped = g_string_new (NULL);

      if (!pos_vend (context, pan, money, &r, &error))
        {
          g_string_free (grouped, TRUE);
          return refused (error);
        }
      for (int i = 0; r.token[i] != '\0'; i++)
        {
          if (i > 0 && i % 4 == 0)
            g_string_append_c (grouped, ' ');
          g_string_append_c (grouped, r.token[i]);
        }
      if (g->json)
        {
          g_autoptr(JsonObject) o = json_object_new ();

          json_object_set_int_member (o, "receipt", r.receipt_no);
          json_object_set_string_member (o, "token", r.token);
          json_object_set_int_member (o, "tid", r.tid);
          json_object_set_string_member (o, "created_at", r.created_at);
          json_object_set_object_member (o, "quote", quote_to_json (&r.quote));
          print_json (o);
        }
      else
        {
          print_quote (&r.quote);
          g_print ("Receipt         %12" G_GINT64_FORMAT "\n", r.receipt_no);
          g_print ("TOKEN  %s\n", grouped->str);
        }
      g_string_free (grouped, TRUE);
      return EXIT_OK;
    }
}

/* -- after the sale ------------------------------------------------------- */

void
cli_print_customers (JsonArray *customers)
{
  for (guint i = 0; i < json_array_get_length (customers); i++)
    {
      JsonObject *c = json_array_get_object_element (customers, i);
      JsonArray *meters = json_object_get_array_member (c, "meters");
      GString *line = g_string_new (NULL);

      g_string_append_printf (line, "%-12s %-30s %-12s", json_object_get_string_member (c, "account"),
                              json_object_get_string_member (c, "name"), json_object_get_string_member (c, "phone"));
      for (guint k = 0; k < json_array_get_length (meters); k++)
        g_string_append_printf (line, " %s",
                                json_object_get_string_member (json_array_get_object_element (meters, k), "pan"));
      g_print ("%s\n", line->str);
      g_string_free (line, TRUE);
    }
}

void
cli_print_sale (JsonObject *sale)
{
  JsonArray *tokens = json_object_get_array_member (sale, "tokens");
  g_autofree char *amount = pos_money_format (json_object_get_int_member (sale, "amount"), MINOR_DIGITS);
  g_autofree char *kwh = pos_kwh_format (json_object_get_int_member (sale, "kwh_tenths"));

  if (json_object_has_member (sale, "copy") && json_object_get_boolean_member (sale, "copy"))
    g_print ("*** COPY ***\n");
  g_print ("Receipt %" G_GINT64_FORMAT "  %s  %s  %s\n", json_object_get_int_member (sale, "receipt"),
           json_object_get_string_member (sale, "created_at"), json_object_get_string_member (sale, "kind"),
           json_object_get_string_member (sale, "status"));
  if (json_object_has_member (sale, "meter"))
    g_print ("  meter %s", json_object_get_string_member (sale, "meter"));
  if (json_object_has_member (sale, "customer"))
    g_print ("  %s (%s)", json_object_get_string_member (sale, "customer"),
             json_object_get_string_member (sale, "account"));
  g_print ("\n  amount %s  kWh %s\n", amount, kwh);
  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      const char *t = json_array_get_string_element (tokens, i);
      g_print ("  TOKEN %.4s %.4s %.4s %.4s %.4s\n", t, t + 4, t + 8, t + 12, t + 16);
    }
}

static int
output_object (const CliGlobals *g,
               JsonObject       *obj,
               void            (*human) (JsonObject *obj))
{
  if (g->json)
    print_json (obj);
  else
    human (obj);
  return EXIT_OK;
}

static void
print_z (JsonObject *z)
{
  static const char *const money[] = { "amount", "vat", "fixed_charges", "debt_recovered", "reversed_amount" };
  JsonArray *cashiers = json_object_get_array_member (z, "by_cashier");

  if (json_object_has_member (z, "copy"))
    g_print ("*** COPY ***\n");
  g_print ("Z report %" G_GINT64_FORMAT "  %s  %s (closed %s by %s)\n", json_object_get_int_member (z, "number"),
           json_object_get_string_member (z, "vending_point"), json_object_get_string_member (z, "day"),
           json_object_get_string_member (z, "closed_at"), json_object_get_string_member (z, "closed_by"));
  g_print ("  sales %" G_GINT64_FORMAT ", tokens %" G_GINT64_FORMAT ", reversals %" G_GINT64_FORMAT "\n",
           json_object_get_int_member (z, "sales"), json_object_get_int_member (z, "tokens"),
           json_object_get_int_member (z, "reversals"));
  for (gsize i = 0; i < G_N_ELEMENTS (money); i++)
    {
      g_autofree char *v = pos_money_format (json_object_get_int_member (z, money[i]), MINOR_DIGITS);
      g_print ("  %-16s %12s\n", money[i], v);
    }
  {
    g_autofree char *kwh = pos_kwh_format (json_object_get_int_member (z, "kwh_tenths"));
    g_print ("  %-16s %12s\n", "kWh", kwh);
  }
  for (guint i = 0; i < json_array_get_length (cashiers); i++)
    {
      JsonObject *c = json_array_get_object_element (cashiers, i);
      g_autofree char *v = pos_money_format (json_object_get_int_member (c, "amount"), MINOR_DIGITS);
      g_print ("  cashier %-12s %4" G_GINT64_FORMAT " sales %12s\n", json_object_get_string_member (c, "name"),
               json_object_get_int_member (c, "sales"), v);
    }
}

static int
run_after_sale (PosContext       *context,
                const CliGlobals *g,
                const char       *command,
                int               argc,
                char            **argv)
{
  g_autofree char *point = NULL, *pan = NULL, *reason = NULL, *day = NULL, *file = NULL, *account = NULL;
  gint64 receipt = 0, number = 0;
  gboolean close_day = FALSE;
  GOptionEntry entries[] = {
    { "point", 0, 0, G_OPTION_ARG_STRING, &point, "Vending point (default: that of your open shift)", "NAME" },
    { "receipt", 0, 0, G_OPTION_ARG_INT64, &receipt, "Receipt number", "N" },
    { "meter", 0, 0, G_OPTION_ARG_STRING, &pan, "Meter number", "DIGITS" },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, "Account number (history of all the customer's meters)",
      "TEXT" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (reversal)", "TEXT" },
    { "close", 0, 0, G_OPTION_ARG_STRING, &day, "Close this day (YYYY-MM-DD, UTC)", "DAY" },
    { "number", 0, 0, G_OPTION_ARG_INT64, &number, "Show report N again", "N" },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &file, "Backup file", "FILE" },
    { NULL }
  };
  /* Each command's own options, and what it does. */
  static const struct { const char *command; const char *options; const char *summary; } commands[] = {
    { "reprint", "point receipt", "Prints a sale's receipt again, marked COPY." },
    { "reissue", "meter", "Shows the meter's last token again (never new credit)." },
    { "reverse", "point receipt reason", "Cancels one of today's sales, with a reason (supervisor)." },
    { "history", "meter account", "A meter's or a customer's sales, newest first." },
    { "z-report", "point close number", "Closes a day's sales (supervisor), or shows a Z report again." },
    { "audit", "", "Verifies the audit log's hash chain (supervisor)." },
    { "backup", "to", "Copies the live database to a file (admin)." },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("stsvend-cli %s", command);
  gsize c;
  int status;

  for (c = 0; c < G_N_ELEMENTS (commands) - 1; c++)
    if (g_str_equal (command, commands[c].command))
      break;
  argv[0] = name;
  if (!cli_parse_options_only (command, "", commands[c].summary, entries, commands[c].options, &argc, &argv))
    return EXIT_USAGE;
  close_day = day != NULL;
  if ((g_str_equal (command, "reprint") || g_str_equal (command, "reverse")) && receipt <= 0)
    {
      usage_error ("%s: --receipt is required", command);
      return EXIT_USAGE;
    }
  if (g_str_equal (command, "reissue") && pan == NULL)
    {
      usage_error ("reissue: --meter is required");
      return EXIT_USAGE;
    }
  if (g_str_equal (command, "history") && (pan == NULL) == (account == NULL))
    {
      usage_error ("history: --meter or --account");
      return EXIT_USAGE;
    }
  if (g_str_equal (command, "z-report") && !close_day && number <= 0)
    {
      usage_error ("z-report: --close DAY or --number N");
      return EXIT_USAGE;
    }
  if (g_str_equal (command, "backup") && file == NULL)
    {
      usage_error ("backup: --to FILE is required");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;

  if (g_str_equal (command, "reprint") || g_str_equal (command, "reissue"))
    {
      g_autoptr(JsonObject) sale = g_str_equal (command, "reprint") ? pos_sale_reprint (context, point, receipt, &error)
                                                                    : pos_sale_reissue (context, pan, &error);
      return sale != NULL ? output_object (g, sale, cli_print_sale) : refused (error);
    }
  if (g_str_equal (command, "reverse"))
    {
      gint64 reversal = pos_sale_reverse (context, point, receipt, reason, &error);

      if (reversal == 0)
        return refused (error);
      g_print ("Receipt %" G_GINT64_FORMAT " reversed by receipt %" G_GINT64_FORMAT ".\n", receipt, reversal);
      return EXIT_OK;
    }
  if (g_str_equal (command, "history"))
    {
      g_autoptr(JsonArray) sales = pan != NULL ? pos_sale_history (context, pan, 50, &error)
                                               : pos_sale_history_for_customer (context, account, 50, &error);

      if (sales == NULL)
        return refused (error);
      if (g->json)
        {
          g_autoptr(JsonObject) out = json_object_new ();
          json_object_set_array_member (out, "sales", json_array_ref (sales));
          print_json (out);
          return EXIT_OK;
        }
      for (guint i = 0; i < json_array_get_length (sales); i++)
        cli_print_sale (json_array_get_object_element (sales, i));
      return EXIT_OK;
    }
  if (g_str_equal (command, "z-report"))
    {
      g_autoptr(JsonObject) z = close_day ? pos_z_report_close (context, point, day, &error)
                                          : pos_z_report_get (context, point, number, &error);
      return z != NULL ? output_object (g, z, print_z) : refused (error);
    }
  if (g_str_equal (command, "audit"))
    {
      gint64 rows = 0;

      if (!pos_audit_verify (context, &rows, &error))
        return refused (error);
      g_print ("Audit log intact: %" G_GINT64_FORMAT " entries.\n", rows);
      return EXIT_OK;
    }
  if (!pos_backup (context, file, &error))
    return refused (error);
  g_print ("Backed up to %s.\n", file);
  return EXIT_OK;
}

/* -- engineering and key change -------------------------------------------- */

void
cli_print_token_set (const PosTokenSet *set)
{
  g_print ("Receipt %" G_GINT64_FORMAT "\n", set->receipt_no);
  for (guint i = 0; i < set->n_tokens; i++)
    {
      const char *t = set->tokens[i];

      if (set->n_tokens > 1)
        g_print ("%u of %u: ", i + 1, set->n_tokens);
      g_print ("%.4s %.4s %.4s %.4s %.4s\n", t, t + 4, t + 8, t + 12, t + 16);
    }
}

static int
output_token_set (const CliGlobals  *g,
                  const PosTokenSet *set)
{
  if (g->json)
    {
      g_autoptr(JsonObject) o = json_object_new ();
      JsonArray *tokens = json_array_new ();

      json_object_set_int_member (o, "receipt", set->receipt_no);
      for (guint i = 0; i < set->n_tokens; i++)
        json_array_add_string_element (tokens, set->tokens[i]);
      json_object_set_array_member (o, "tokens", tokens);
      if (set->tid >= 0)
        json_object_set_int_member (o, "tid", set->tid);
      print_json (o);
    }
  else
    cli_print_token_set (set);
  return EXIT_OK;
}

static int
run_engineering (PosContext       *context,
                 const CliGlobals *g,
                 int               argc,
                 char            **argv)
{
  static const struct { const char *name; PosEngineeringKind kind; gboolean needs_value; } kinds[] = {
    { "clear-tamper", POS_ENGINEERING_CLEAR_TAMPER, FALSE },
    { "clear-credit", POS_ENGINEERING_CLEAR_CREDIT, FALSE },
    { "set-mpl", POS_ENGINEERING_SET_MPL, TRUE },
    { "set-mppul", POS_ENGINEERING_SET_MPPUL, TRUE },
    { "test", POS_ENGINEERING_TEST, TRUE },
  };
  g_autofree char *pan = NULL;
  gint64 value = -1;
  GOptionEntry entries[] = {
    { "meter", 0, 0, G_OPTION_ARG_STRING, &pan, "Meter number", "DIGITS" },
    { "value", 0, 0, G_OPTION_ARG_INT64, &value,
      "Watts (set-mpl, set-mppul), register (clear-credit; default all) or control (test)", "N" },
    { NULL }
  };
  g_autofree char *title = NULL, *program = NULL;
  g_autoptr(GError) error = NULL;
  PosTokenSet set;
  int status;
  gsize k;

  for (k = 0; argc >= 2 && k < G_N_ELEMENTS (kinds); k++)
    if (g_str_equal (argv[1], kinds[k].name))
      break;
  if (argc < 2 || k == G_N_ELEMENTS (kinds))
    {
      usage_error ("engineering: clear-tamper, clear-credit, set-mpl, set-mppul or test?");
      return EXIT_USAGE;
    }
  title = g_strdup_printf ("engineering %s", kinds[k].name);
  program = g_strdup_printf ("stsvend-cli %s", title);
  argv[1] = program;
  argc--;
  argv++;
  if (!cli_parse_options_only (title, "- an engineering token (supervisor)", "Issues one engineering token.",
                               entries, k == 0 ? "meter" : "meter value", &argc, &argv))
    return EXIT_USAGE;
  if (pan == NULL || (kinds[k].needs_value && value < 0))
    {
      usage_error ("engineering %s: --meter%s required", kinds[k].name, kinds[k].needs_value ? " and --value are" : " is");
      return EXIT_USAGE;
    }
  if (kinds[k].kind == POS_ENGINEERING_CLEAR_CREDIT && value < 0)
    value = 0xFFFF;
  status = cli_open_session (context, g, kinds[k].kind != POS_ENGINEERING_TEST);
  if (status != EXIT_OK)
    return status;
  if (!pos_engineering_token (context, pan, kinds[k].kind, MAX (value, 0), &set, &error))
    return refused (error);
  return output_token_set (g, &set);
}

static int
run_key_change (PosContext       *context,
                const CliGlobals *g,
                int               argc,
                char            **argv)
{
  g_autofree char *pan = NULL, *sgc = NULL;
  int krn = 0, ti = -1;
  GOptionEntry entries[] = {
    { "meter", 0, 0, G_OPTION_ARG_STRING, &pan, "Meter number", "DIGITS" },
    { "sgc", 0, 0, G_OPTION_ARG_STRING, &sgc, "The new supply group code", "DIGITS" },
    { "krn", 0, 0, G_OPTION_ARG_INT, &krn, "The new key revision number", "N" },
    { "ti", 0, 0, G_OPTION_ARG_INT, &ti, "The new tariff index", "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  PosTokenSet set;
  int status;

  argv[0] = (char *) "stsvend-cli key-change";
  if (!cli_parse_options ("key-change", "- move a meter to a new key (supervisor)",
                      "Prints the key change tokens, in the order they must be entered.", entries, &argc, &argv))
    return EXIT_USAGE;
  if (pan == NULL || sgc == NULL || krn == 0 || ti < 0)
    {
      usage_error ("key-change: --meter, --sgc, --krn and --ti are required");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, TRUE);
  if (status != EXIT_OK)
    return status;
  if (!pos_key_change (context, pan, sgc, krn, ti, &set, &error))
    return refused (error);
  return output_token_set (g, &set);
}

/* -- administration ------------------------------------------------------- */

/* "50:1.50,350:2.10,0:2.80": steps of monthly kWh limit (0 = none) and
 * price per kWh. */
static gboolean
parse_steps (const char  *text,
             GArray      *steps,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (parts[i], ":", 2);
      PosTariffStep step;
      gint64 kwh_tenths, price;

      if (g_strv_length (pair) != 2
          || !pos_money_parse (g_strstrip (pair[0]), 1, &kwh_tenths, NULL)
          || !pos_money_parse (g_strstrip (pair[1]), MINOR_DIGITS + 3, &price, NULL))
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "a step is KWH:PRICE (e.g. 50:1.50; KWH 0 for the last, open step), not “%s”", parts[i]);
          return FALSE;
        }
      step.up_to = kwh_tenths;
      step.price = price;
      g_array_append_val (steps, step);
    }
  return TRUE;
}

static int
run_admin (PosContext       *context,
           const CliGlobals *g,
           int               argc,
           char            **argv)
{
  g_autofree char *name = NULL, *full_name = NULL, *role = NULL, *new_password_file = NULL, *key_file = NULL;
  g_autofree char *sgc = NULL, *key = NULL, *steps = NULL, *vat = NULL, *fixed = NULL, *ceiling = NULL;
  g_autofree char *free_units = NULL;
  int dkga = 0, krn = 1, kt = 2, ken = 255, base = 2014, ea = 7;
  gboolean vat_exclusive = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Name (user, key, group, tariff or vending point)", "TEXT" },
    { "full-name", 0, 0, G_OPTION_ARG_STRING, &full_name, "user: full name", "TEXT" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "user: cashier, supervisor or admin", "ROLE" },
    { "new-password-file", 0, 0, G_OPTION_ARG_FILENAME, &new_password_file, "user: the new user's password", "FILE" },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &key_file, "key: the vending key in hex", "FILE" },
    { "dkga", 0, 0, G_OPTION_ARG_INT, &dkga, "key: 2 or 4", "N" },
    { "sgc", 0, 0, G_OPTION_ARG_STRING, &sgc, "group: supply group code", "DIGITS" },
    { "krn", 0, 0, G_OPTION_ARG_INT, &krn, "group: key revision number (default 1)", "N" },
    { "kt", 0, 0, G_OPTION_ARG_INT, &kt, "group: key type (default 2)", "N" },
    { "ken", 0, 0, G_OPTION_ARG_INT, &ken, "group: key expiry number (default 255)", "N" },
    { "base", 0, 0, G_OPTION_ARG_INT, &base, "group: base date (default 2014)", "YEAR" },
    { "ea", 0, 0, G_OPTION_ARG_INT, &ea, "group: encryption algorithm (default 7)", "N" },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, "group: the vending key's name", "NAME" },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &steps, "tariff: KWH:PRICE,... (last KWH 0)", "LIST" },
    { "vat", 0, 0, G_OPTION_ARG_STRING, &vat, "tariff: VAT rate in percent (default 0)", "PERCENT" },
    { "vat-exclusive", 0, 0, G_OPTION_ARG_NONE, &vat_exclusive, "tariff: prices exclude VAT", NULL },
    { "fixed", 0, 0, G_OPTION_ARG_STRING, &fixed, "tariff: fixed monthly charge", "AMOUNT" },
    { "free-units", 0, 0, G_OPTION_ARG_STRING, &free_units, "tariff: free basic electricity, kWh a month", "KWH" },
    { "ceiling", 0, 0, G_OPTION_ARG_STRING, &ceiling, "point: credit ceiling (default none)", "AMOUNT" },
    { NULL }
  };
  static const struct { const char *name; const char *options; const char *summary; } what[] = {
    { "user", "name full-name role new-password-file",
      "Adds a user (password from --new-password-file or $STSVEND_NEW_PASSWORD)." },
    { "key", "name key-file dkga", "Imports a vending key (from --key-file or $STSVEND_NEW_KEY)." },
    { "group", "name sgc krn kt ken base ea key", "Adds a supply group under a vending key." },
    { "tariff", "name steps vat vat-exclusive fixed free-units", "Adds a tariff." },
    { "point", "name ceiling", "Adds a vending point." },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL, *program = NULL;
  const char *object;
  gint64 id = 0;
  int status;
  gsize w;

  for (w = 0; argc >= 3 && w < G_N_ELEMENTS (what); w++)
    if (g_str_equal (argv[1], "add") && g_str_equal (argv[2], what[w].name))
      break;
  if (argc >= 3 && g_str_equal (argv[1], "add") && (g_str_equal (argv[2], "--help") || g_str_equal (argv[2], "-h")))
    {
      g_print ("Usage: stsvend-cli admin add WHAT [OPTION...]\n\nWhat (admin):\n");
      for (gsize i = 0; i < G_N_ELEMENTS (what); i++)
        g_print ("  %-8s %s\n", what[i].name, what[i].summary);
      g_print ("\nRun “stsvend-cli admin add WHAT --help” for its options.\n");
      return EXIT_OK;
    }
  if (argc < 3 || w == G_N_ELEMENTS (what))
    {
      usage_error ("admin add: user, key, group, tariff or point? (see stsvend-cli admin add --help)");
      return EXIT_USAGE;
    }
  object = what[w].name;
  title = g_strdup_printf ("admin add %s", object);
  program = g_strdup_printf ("stsvend-cli %s", title);
  argv[2] = program;
  argc -= 2;
  argv += 2;
  if (!cli_parse_options_only (title, "- administration (admin)", what[w].summary, entries, what[w].options,
                               &argc, &argv))
    return EXIT_USAGE;
  if (name == NULL)
    {
      usage_error ("admin add %s: --name is required", object);
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, g_str_equal (object, "key"));
  if (status != EXIT_OK)
    return status;

  if (g_str_equal (object, "user"))
    {
      g_autofree char *password = cli_read_secret (new_password_file, "STSVEND_NEW_PASSWORD", "new user's password",
                                                   &error);
      if (password == NULL)
        return refused (error);
      id = pos_admin_add_user (context, name, full_name, pos_role_from_string (role), password, &error);
      memset (password, 0, strlen (password));
    }
  else if (g_str_equal (object, "key"))
    {
      g_autofree char *hex = cli_read_secret (key_file, "STSVEND_NEW_KEY", "vending key", &error);
      if (hex == NULL)
        return refused (error);
      id = pos_admin_import_vending_key (context, name, dkga, hex, &error);
      memset (hex, 0, strlen (hex));
    }
  else if (g_str_equal (object, "group"))
    {
      PosSupplyGroupSpec spec = { name, sgc, krn, kt, ken, base, ea, key };
      id = pos_admin_add_supply_group (context, &spec, &error);
    }
  else if (g_str_equal (object, "tariff"))
    {
      g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (PosTariffStep));
      gint64 vat_bp = 0, fixed_minor = 0, free_tenths = 0;
      PosTariffSpec spec;

      if (steps == NULL || !parse_steps (steps, list, &error)
          || (vat != NULL && !pos_money_parse (vat, 2, &vat_bp, &error))
          || (fixed != NULL && !pos_money_parse (fixed, MINOR_DIGITS, &fixed_minor, &error))
          || (free_units != NULL && !pos_money_parse (free_units, 1, &free_tenths, &error)))
        {
          if (error == NULL)
            usage_error ("admin add tariff: --steps is required");
          else
            usage_error ("admin add tariff: %s", error->message);
          return EXIT_USAGE;
        }
      spec = (PosTariffSpec) { name, (int) vat_bp, !vat_exclusive, fixed_minor, free_tenths,
                               (const PosTariffStep *) (gpointer) list->data, list->len };
      id = pos_admin_add_tariff (context, &spec, &error);
    }
  else
    {
      gint64 ceiling_minor = 0;

      if (ceiling != NULL && !cli_money_option ("--ceiling", ceiling, &ceiling_minor))
        return EXIT_USAGE;
      id = pos_admin_add_vending_point (context, name, ceiling_minor, &error);
    }
  if (id == 0)
    return refused (error);
  g_print ("Added %s %s.\n", object, name);
  return EXIT_OK;
}

int
cli_run_vending (PosContext       *context,
                 const CliGlobals *globals,
                 const char       *command,
                 int               argc,
                 char            **argv)
{
  int status = cli_run_cards (context, globals, command, argc, argv);

  if (status < 0)
    status = cli_run_accounts (context, globals, command, argc, argv);
  if (status < 0)
    status = cli_run_printing (context, globals, command, argc, argv);
  if (status >= 0)
    return status;
  if (g_str_equal (command, "init"))
    return run_init (context, globals, argc, argv);
  if (g_str_equal (command, "demo"))
    return run_demo (context, globals, argc, argv);
  if (g_str_equal (command, "customer"))
    return run_customer (context, globals, argc, argv);
  if (g_str_equal (command, "meter"))
    return run_meter (context, globals, argc, argv);
  if (g_str_equal (command, "shift"))
    return run_shift (context, globals, argc, argv);
  if (g_str_equal (command, "quote"))
    return run_quote_or_vend (context, globals, FALSE, argc, argv);
  if (g_str_equal (command, "vend"))
    return run_quote_or_vend (context, globals, TRUE, argc, argv);
  if (g_str_equal (command, "reprint") || g_str_equal (command, "reissue") || g_str_equal (command, "reverse")
      || g_str_equal (command, "history") || g_str_equal (command, "z-report") || g_str_equal (command, "audit")
      || g_str_equal (command, "backup"))
    return run_after_sale (context, globals, command, argc, argv);
  if (g_str_equal (command, "engineering"))
    return run_engineering (context, globals, argc, argv);
  if (g_str_equal (command, "key-change"))
    return run_key_change (context, globals, argc, argv);
  if (g_str_equal (command, "admin"))
    return run_admin (context, globals, argc, argv);
  return -1;
}
