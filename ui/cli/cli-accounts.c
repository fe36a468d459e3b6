/* cli-accounts.c: stsvend-cli commands that look after accounts rather than
 * sell: customer edit|show|list, meter edit, debt add, free-issue, the
 * supply group migration and restore.  Each a thin shell over app/. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli-private.h"

#define MINOR_DIGITS 2

/* Shifts argv past "COMMAND SUBCOMMAND" so that option parsing sees
 * "stsvend-cli COMMAND SUBCOMMAND" as the program name. */
static void
sub_command (int    *argc,
             char ***argv,
             char   *name)
{
  (*argv)[1] = name;
  (*argc)--;
  (*argv)++;
}

static int
customer_edit (PosContext       *context,
               const CliGlobals *g,
               int               argc,
               char            **argv)
{
  g_autofree char *account = NULL, *name = NULL, *address = NULL, *phone = NULL;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, "The customer's account number", "TEXT" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "New full name", "TEXT" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "New address", "TEXT" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, "New phone number", "TEXT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  PosCustomerSpec spec;
  int status;

  if (!cli_parse_options ("customer edit", "- change a customer's details",
                          "Changes the name, address or phone number; the options not given keep their value.",
                          entries, &argc, &argv))
    return EXIT_USAGE;
  if (account == NULL || (name == NULL && address == NULL && phone == NULL))
    {
      usage_error ("customer edit: --account and at least one of --name, --address, --phone");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  spec = (PosCustomerSpec) { NULL, name, address, phone };
  if (!pos_customer_update (context, account, &spec, &error))
    return refused (error);
  g_print ("Customer %s changed.\n", account);
  return EXIT_OK;
}

static void
print_customer (JsonObject *c)
{
  JsonArray *meters = json_object_get_array_member (c, "meters");
  g_autofree char *debt = pos_money_format (json_object_get_int_member (c, "debt"), MINOR_DIGITS);

  g_print ("%s  %s\n", json_object_get_string_member (c, "account"), json_object_get_string_member (c, "name"));
  g_print ("  address  %s\n", json_object_get_string_member (c, "address"));
  g_print ("  phone    %s\n", json_object_get_string_member (c, "phone"));
  g_print ("  debt     %s\n", debt);
  for (guint i = 0; i < json_array_get_length (meters); i++)
    {
      JsonObject *m = json_array_get_object_element (meters, i);

      g_print ("  meter    %s  %s  tariff %s  SGC %s KRN %" G_GINT64_FORMAT " TI %" G_GINT64_FORMAT "%s%s\n",
               json_object_get_string_member (m, "pan"), json_object_get_string_member (m, "status"),
               json_object_get_string_member (m, "tariff"), json_object_get_string_member (m, "sgc"),
               json_object_get_int_member (m, "krn"), json_object_get_int_member (m, "ti"),
               json_object_has_member (m, "card") ? "  card " : "",
               json_object_has_member (m, "card") ? json_object_get_string_member (m, "card") : "");
    }
  if (json_object_has_member (c, "last_purchase"))
    {
      JsonObject *last = json_object_get_object_member (c, "last_purchase");
      g_autofree char *amount = pos_money_format (json_object_get_int_member (last, "amount"), MINOR_DIGITS);
      g_autofree char *kwh = pos_kwh_format (json_object_get_int_member (last, "kwh"));

      g_print ("  last purchase  receipt %" G_GINT64_FORMAT "  %s  %s  %s kWh\n",
               json_object_get_int_member (last, "receipt"), json_object_get_string_member (last, "at"), amount, kwh);
    }
}

static int
customer_show_or_list (PosContext       *context,
                       const CliGlobals *g,
                       gboolean          show,
                       int               argc,
                       char            **argv)
{
  g_autofree char *account = NULL;
  int offset = 0, limit = 50;
  GOptionEntry show_entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, "The customer's account number", "TEXT" },
    { NULL }
  };
  GOptionEntry list_entries[] = {
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, "Skip the first N (default 0)", "N" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most N (default 50)", "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  if (!cli_parse_options (show ? "customer show" : "customer list",
                          show ? "- one customer, their meters, debt and sales" : "- customers by name",
                          show ? "Shows a customer: meters, debt, last purchase and the latest sales."
                               : "Lists customers in order of name, a page at a time.",
                          show ? show_entries : list_entries, &argc, &argv))
    return EXIT_USAGE;
  if ((show && account == NULL) || offset < 0 || limit <= 0)
    {
      usage_error (show ? "customer show: --account is required" : "customer list: --offset >= 0, --limit > 0");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  if (show)
    {
      g_autoptr(JsonObject) c = pos_customer_get (context, account, &error);
      g_autoptr(JsonArray) sales = c != NULL ? pos_sale_history_for_customer (context, account, 10, &error) : NULL;

      if (sales == NULL)
        return refused (error);
      if (g->json)
        {
          json_object_set_array_member (c, "sales", json_array_ref (sales));
          print_json (c);
          return EXIT_OK;
        }
      print_customer (c);
      for (guint i = 0; i < json_array_get_length (sales); i++)
        cli_print_sale (json_array_get_object_element (sales, i));
      return EXIT_OK;
    }
  else
    {
      g_autoptr(JsonArray) found = pos_customer_list (context, (guint) offset, (guint) limit, &error);

      if (found == NULL)
        return refused (error);
      if (g->json)
        {
          g_autoptr(JsonObject) out = json_object_new ();
          json_object_set_array_member (out, "customers", json_array_ref (found));
          print_json (out);
        }
      else
        cli_print_customers (found);
      return EXIT_OK;
    }
}

static int
meter_edit (PosContext       *context,
            const CliGlobals *g,
            int               argc,
            char            **argv)
{
  g_autofree char *pan = NULL, *tariff = NULL, *state = NULL;
  GOptionEntry entries[] = {
    { "pan", 0, 0, G_OPTION_ARG_STRING, &pan, "Meter number", "DIGITS" },
    { "tariff", 0, 0, G_OPTION_ARG_STRING, &tariff, "New tariff (by name)", "NAME" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &state, "active, blocked or removed", "STATUS" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  if (!cli_parse_options ("meter edit", "- change a meter's tariff or status (supervisor)",
                          "A blocked or removed meter is sold nothing.  Supply group and tariff index change "
                          "only with key change tokens (stsvend-cli key-change).", entries, &argc, &argv))
    return EXIT_USAGE;
  if (pan == NULL || (tariff == NULL && state == NULL))
    {
      usage_error ("meter edit: --pan and --tariff or --status");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  if (!pos_meter_update (context, pan, tariff, state, &error))
    return refused (error);
  g_print ("Meter %s changed.\n", pan);
  return EXIT_OK;
}

static int
debt_add (PosContext       *context,
          const CliGlobals *g,
          int               argc,
          char            **argv)
{
  g_autofree char *account = NULL, *amount = NULL, *rate = NULL, *minimum = NULL, *description = NULL;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, "The customer's account number", "TEXT" },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, "The debt, e.g. 350.00", "AMOUNT" },
    { "recovery", 0, 0, G_OPTION_ARG_STRING, &rate, "Percent of each purchase recovered, e.g. 25", "PERCENT" },
    { "minimum", 0, 0, G_OPTION_ARG_STRING, &minimum, "At least this much per purchase (default 0)", "AMOUNT" },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, "What the debt is for", "TEXT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 money = 0, bp = 0, min_minor = 0, id;
  int status;

  if (!cli_parse_options ("debt add", "- record a debt to recover from purchases (supervisor)",
                          "Each purchase then pays a share of the debt until it is cleared.", entries, &argc, &argv))
    return EXIT_USAGE;
  if (account == NULL || rate == NULL)
    {
      usage_error ("debt add: --account, --amount and --recovery are required");
      return EXIT_USAGE;
    }
  if (!cli_money_option ("--amount", amount, &money)
      || (minimum != NULL && !cli_money_option ("--minimum", minimum, &min_minor)))
    return EXIT_USAGE;
  if (!pos_money_parse (rate, 2, &bp, &error) || bp > 10000)
    {
      usage_error ("--recovery: a percentage from 0 to 100, not “%s”", rate);
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  id = pos_debt_add (context, account, money, (int) bp, min_minor, description, &error);
  if (id == 0)
    return refused (error);
  {
    g_autofree char *text = pos_money_format (money, MINOR_DIGITS);
    g_print ("Debt of %s recorded for %s.\n", text, account);
  }
  return EXIT_OK;
}

static int
free_issue (PosContext       *context,
            const CliGlobals *g,
            int               argc,
            char            **argv)
{
  g_autofree char *pan = NULL;
  GOptionEntry entries[] = {
    { "meter", 0, 0, G_OPTION_ARG_STRING, &pan, "Meter number", "DIGITS" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  PosVendResult r;
  int status;

  argv[0] = (char *) "stsvend-cli free-issue";
  if (!cli_parse_options ("free-issue", "- this month's free basic electricity",
                          "Issues the tariff's free units for this month as a zero-cost token (once a month).",
                          entries, &argc, &argv))
    return EXIT_USAGE;
  if (pan == NULL)
    {
      usage_error ("free-issue: --meter is required");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, TRUE);
  if (status != EXIT_OK)
    return status;
  if (!pos_vend_free_issue (context, pan, &r, &error))
    return refused (error);
  if (g->json)
    {
      g_autoptr(JsonObject) o = json_object_new ();

      json_object_set_int_member (o, "receipt", r.receipt_no);
      json_object_set_string_member (o, "token", r.token);
      json_object_set_int_member (o, "tid", r.tid);
      json_object_set_int_member (o, "kwh_tenths", r.quote.kwh);
      print_json (o);
    }
  else
    {
      g_autofree char *kwh = pos_kwh_format (r.quote.kwh);
      const char *t = r.token;

      g_print ("Free basic electricity  %s kWh\n", kwh);
      g_print ("Receipt         %12" G_GINT64_FORMAT "\n", r.receipt_no);
      g_print ("TOKEN  %.4s %.4s %.4s %.4s %.4s\n", t, t + 4, t + 8, t + 12, t + 16);
    }
  return EXIT_OK;
}

typedef struct
{
  FILE     *out;
  gboolean  progress;   /* on a terminal */
} MigrationOutput;

/* One JSON line per meter moved: its number and its key change tokens in
 * order of entry. */
static void
meter_migrated_cb (const char         *pan,
                   const PosTokenSet  *set,
                   guint               done,
                   guint               total,
                   gpointer            user_data)
{
  MigrationOutput *o = user_data;
  g_autoptr(JsonObject) line = json_object_new ();
  JsonArray *tokens = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (line, "meter", pan);
  json_object_set_int_member (line, "receipt", set->receipt_no);
  for (guint i = 0; i < set->n_tokens; i++)
    json_array_add_string_element (tokens, set->tokens[i]);
  json_object_set_array_member (line, "tokens", tokens);
  node = json_node_init_object (json_node_alloc (), line);
  text = json_to_string (node, FALSE);
  fprintf (o->out, "%s\n", text);
  fflush (o->out);
  if (o->progress && (done == total || done % 50 == 0))
    g_printerr ("\r%u of %u meters", done, total);
}

static int
migrate (PosContext       *context,
         const CliGlobals *g,
         int               argc,
         char            **argv)
{
  g_autofree char *from_sgc = NULL, *to_sgc = NULL, *out_path = NULL;
  int from_krn = 0, to_krn = 0;
  GOptionEntry entries[] = {
    { "from-sgc", 0, 0, G_OPTION_ARG_STRING, &from_sgc, "The supply group the meters leave", "DIGITS" },
    { "from-krn", 0, 0, G_OPTION_ARG_INT, &from_krn, "Its key revision number", "N" },
    { "to-sgc", 0, 0, G_OPTION_ARG_STRING, &to_sgc, "The supply group they join", "DIGITS" },
    { "to-krn", 0, 0, G_OPTION_ARG_INT, &to_krn, "Its key revision number", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Write the tokens to FILE (default: standard output)",
      "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  MigrationOutput output = { stdout, FALSE };
  guint moved = 0;
  gboolean ok;
  int status;

  argv[0] = (char *) "stsvend-cli migrate";
  if (!cli_parse_options ("migrate", "- move a whole supply group to a new key (supervisor)",
                          "Makes the key change tokens for every active meter of one supply group, moving each "
                          "to the other (a new key revision, or a new base date).  One JSON line per meter: "
                          "{\"meter\", \"receipt\", \"tokens\"} in order of entry.  Interrupted, it can be run "
                          "again: meters already moved are not in the old group any more.", entries, &argc, &argv))
    return EXIT_USAGE;
  if (from_sgc == NULL || to_sgc == NULL || from_krn <= 0 || to_krn <= 0)
    {
      usage_error ("migrate: --from-sgc, --from-krn, --to-sgc and --to-krn are required");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, TRUE);
  if (status != EXIT_OK)
    return status;
  if (out_path != NULL)
    {
      output.out = fopen (out_path, "a");
      if (output.out == NULL)
        {
          usage_error ("migrate: cannot write %s", out_path);
          return EXIT_USAGE;
        }
    }
  output.progress = isatty (STDERR_FILENO);
  ok = pos_key_change_group (context, from_sgc, from_krn, to_sgc, to_krn, meter_migrated_cb, &output, &moved, &error);
  if (output.progress)
    g_printerr ("\n");
  if (output.out != stdout && fclose (output.out) != 0)
    g_printerr ("migrate: writing %s failed; the tokens are recorded with their sales\n", out_path);
  if (!ok)
    return refused (error);
  g_printerr ("%u meters moved to supply group %s KRN %d.\n", moved, to_sgc, to_krn);
  return EXIT_OK;
}

static int
restore (PosContext       *context,
         const CliGlobals *g,
         int               argc,
         char            **argv)
{
  g_autofree char *file = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &file, "The backup file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  argv[0] = (char *) "stsvend-cli restore";
  if (!cli_parse_options ("restore", "- replace the database with a backup (admin)",
                          "Checks the backup (an undamaged stsvend database) and replaces the whole database "
                          "with it.  Take a backup first: what was recorded since that backup is gone.",
                          entries, &argc, &argv))
    return EXIT_USAGE;
  if (file == NULL)
    {
      usage_error ("restore: --from FILE is required");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  if (!pos_restore (context, file, &error))
    return refused (error);
  g_print ("Restored from %s.\n", file);
  return EXIT_OK;
}

static int
admin_reconcile (PosContext       *context,
                 const CliGlobals *g,
                 int               argc,
                 char            **argv)
{
  g_autofree char *name = NULL, *ceiling = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The vending point", "NAME" },
    { "ceiling", 0, 0, G_OPTION_ARG_STRING, &ceiling, "A new credit ceiling (0: none)", "AMOUNT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 ceiling_minor = -1, reconciled = 0;
  int status;

  if (!cli_parse_options ("admin reconcile", "- the takings of a vending point are in (admin)",
                          "Starts the point's credit used again from zero, so that it may sell up to its "
                          "ceiling once more.", entries, &argc, &argv))
    return EXIT_USAGE;
  if (name == NULL)
    {
      usage_error ("admin reconcile: --name is required");
      return EXIT_USAGE;
    }
  if (ceiling != NULL && !cli_money_option ("--ceiling", ceiling, &ceiling_minor))
    return EXIT_USAGE;
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  if (!pos_admin_reconcile_point (context, name, ceiling_minor, &reconciled, &error))
    return refused (error);
  {
    g_autofree char *text = pos_money_format (reconciled, MINOR_DIGITS);
    g_print ("%s reconciled: %s counted in.\n", name, text);
  }
  return EXIT_OK;
}

static void
print_list_row (PosAdminList  what,
                JsonObject   *o)
{
  switch (what)
    {
    case POS_ADMIN_USERS:
      g_print ("%-16s %-10s %-8s %s\n", json_object_get_string_member (o, "name"),
               json_object_get_string_member (o, "role"),
               !json_object_get_boolean_member (o, "active") ? "disabled"
               : json_object_get_boolean_member (o, "locked") ? "locked" : "active",
               json_object_get_string_member (o, "full_name"));
      break;
    case POS_ADMIN_VENDING_KEYS:
      g_print ("%-24s DKGA%02" G_GINT64_FORMAT "\n", json_object_get_string_member (o, "name"),
               json_object_get_int_member (o, "dkga"));
      break;
    case POS_ADMIN_SUPPLY_GROUPS:
      g_print ("%s KRN %" G_GINT64_FORMAT "  KT %" G_GINT64_FORMAT "  KEN %" G_GINT64_FORMAT "  base %" G_GINT64_FORMAT
               "  EA%02" G_GINT64_FORMAT "  key %s  %s\n",
               json_object_get_string_member (o, "sgc"), json_object_get_int_member (o, "krn"),
               json_object_get_int_member (o, "kt"), json_object_get_int_member (o, "ken"),
               json_object_get_int_member (o, "base"), json_object_get_int_member (o, "ea"),
               json_object_get_string_member (o, "vending_key"), json_object_get_string_member (o, "name"));
      break;
    case POS_ADMIN_TARIFFS:
      {
        JsonArray *blocks = json_object_get_array_member (o, "blocks");
        g_autofree char *vat = pos_money_format (json_object_get_int_member (o, "vat_rate_bp"), 2);
        g_autofree char *fixed = pos_money_format (json_object_get_int_member (o, "fixed_monthly"), MINOR_DIGITS);
        g_autofree char *free_units = pos_kwh_format (json_object_get_int_member (o, "free_units"));
        GString *steps = g_string_new (NULL);

        for (guint i = 0; i < json_array_get_length (blocks); i++)
          {
            JsonObject *b = json_array_get_object_element (blocks, i);
            g_autofree char *up_to = pos_kwh_format (json_object_get_int_member (b, "up_to"));
            g_autofree char *price = pos_money_format (json_object_get_int_member (b, "price"), MINOR_DIGITS + 3);

            g_string_append_printf (steps, "%s%s:%s", i > 0 ? "," : "",
                                    json_object_get_int_member (b, "up_to") > 0 ? up_to : "0", price);
          }
        g_print ("%-24s VAT %s%% %s  fixed %s  free %s kWh  steps %s\n", json_object_get_string_member (o, "name"),
                 vat, json_object_get_boolean_member (o, "vat_inclusive") ? "incl." : "excl.", fixed, free_units,
                 steps->str);
        g_string_free (steps, TRUE);
        break;
      }
    case POS_ADMIN_VENDING_POINTS:
    default:
      {
        g_autofree char *ceiling = pos_money_format (json_object_get_int_member (o, "credit_ceiling"), MINOR_DIGITS);
        g_autofree char *used = pos_money_format (json_object_get_int_member (o, "credit_used"), MINOR_DIGITS);

        g_print ("%-24s credit used %s of %s\n", json_object_get_string_member (o, "name"), used,
                 json_object_get_int_member (o, "credit_ceiling") > 0 ? ceiling : "no ceiling");
        break;
      }
    }
}

static int
admin_list (PosContext       *context,
            const CliGlobals *g,
            int               argc,
            char            **argv)
{
  static const struct { const char *name; PosAdminList what; } lists[] = {
    { "users", POS_ADMIN_USERS },
    { "keys", POS_ADMIN_VENDING_KEYS },
    { "groups", POS_ADMIN_SUPPLY_GROUPS },
    { "tariffs", POS_ADMIN_TARIFFS },
    { "points", POS_ADMIN_VENDING_POINTS },
  };
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  int status;
  gsize k;

  if (!cli_parse_options ("admin list", "WHAT - users, keys, groups, tariffs or points",
                          "Lists users and vending keys (admin), supply groups, tariffs or vending points.  "
                          "A vending key is listed by name: the key itself is never shown.", entries, &argc, &argv))
    return EXIT_USAGE;
  for (k = 0; argc >= 2 && k < G_N_ELEMENTS (lists); k++)
    if (g_str_equal (argv[1], lists[k].name))
      break;
  if (argc < 2 || k == G_N_ELEMENTS (lists))
    {
      usage_error ("admin list: users, keys, groups, tariffs or points?");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  rows = pos_admin_list (context, lists[k].what, &error);
  if (rows == NULL)
    return refused (error);
  if (g->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      json_object_set_array_member (out, lists[k].name, json_array_ref (rows));
      print_json (out);
      return EXIT_OK;
    }
  for (guint i = 0; i < json_array_get_length (rows); i++)
    print_list_row (lists[k].what, json_array_get_object_element (rows, i));
  return EXIT_OK;
}

static int
admin_user (PosContext       *context,
            const CliGlobals *g,
            int               argc,
            char            **argv)
{
  g_autofree char *name = NULL, *role = NULL, *password_file = NULL;
  gboolean enable = FALSE, disable = FALSE, reset = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The user", "NAME" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "New role: cashier, supervisor or admin", "ROLE" },
    { "enable", 0, 0, G_OPTION_ARG_NONE, &enable, "May log in again (also lifts a lock-out)", NULL },
    { "disable", 0, 0, G_OPTION_ARG_NONE, &disable, "May no longer log in", NULL },
    { "reset-password", 0, 0, G_OPTION_ARG_NONE, &reset, "Set a new password ($STSVEND_NEW_PASSWORD or "
      "--new-password-file)", NULL },
    { "new-password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, "The new password's file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  PosRole new_role = POS_ROLE_NONE;
  gboolean ok;
  int status;

  if (!cli_parse_options ("admin user", "- change a user (admin)",
                          "Changes a user's role, enables or disables them, or resets their password.",
                          entries, &argc, &argv))
    return EXIT_USAGE;
  if (role != NULL && (new_role = pos_role_from_string (role)) == POS_ROLE_NONE)
    {
      usage_error ("admin user: --role is cashier, supervisor or admin");
      return EXIT_USAGE;
    }
  if (name == NULL || (enable && disable) || (role == NULL && !enable && !disable && !reset && password_file == NULL))
    {
      usage_error ("admin user: --name, and --role, --enable, --disable or --reset-password");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  if (reset || password_file != NULL)
    {
      password = cli_read_secret (password_file, "STSVEND_NEW_PASSWORD", "new password", &error);
      if (password == NULL)
        return refused (error);
    }
  ok = pos_admin_update_user (context, name, new_role, enable ? 1 : disable ? 0 : -1, password, &error);
  if (password != NULL)
    memset (password, 0, strlen (password));
  if (!ok)
    return refused (error);
  g_print ("User %s changed.\n", name);
  return EXIT_OK;
}

static int
admin_utility (PosContext       *context,
               const CliGlobals *g,
               int               argc,
               char            **argv)
{
  g_autofree char *name = NULL, *address = NULL, *tax = NULL, *min_text = NULL, *max_text = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The utility's name (on every receipt)", "TEXT" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "Its address", "TEXT" },
    { "tax-number", 0, 0, G_OPTION_ARG_STRING, &tax, "Its tax number", "TEXT" },
    { "min-vend", 0, 0, G_OPTION_ARG_STRING, &min_text, "The smallest vend", "AMOUNT" },
    { "max-vend", 0, 0, G_OPTION_ARG_STRING, &max_text, "The largest vend (0: no limit)", "AMOUNT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 min_vend = -1, max_vend = -1;
  int status;

  if (!cli_parse_options ("admin utility", "- the utility's details and vend limits (admin)",
                          "Without options, shows them (any user); with options, changes them (admin).",
                          entries, &argc, &argv))
    return EXIT_USAGE;
  if ((min_text != NULL && !cli_money_option ("--min-vend", min_text, &min_vend))
      || (max_text != NULL && !cli_money_option ("--max-vend", max_text, &max_vend)))
    return EXIT_USAGE;
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  if ((name != NULL || address != NULL || tax != NULL || min_vend >= 0 || max_vend >= 0)
      && !pos_admin_set_utility (context, name, address, tax, min_vend, max_vend, &error))
    return refused (error);
  {
    g_autoptr(JsonObject) u = pos_utility_get (context, &error);
    g_autofree char *min_v = NULL, *max_v = NULL;

    if (u == NULL)
      return refused (error);
    if (g->json)
      {
        print_json (u);
        return EXIT_OK;
      }
    min_v = pos_money_format (json_object_get_int_member (u, "min_vend"), MINOR_DIGITS);
    max_v = pos_money_format (json_object_get_int_member (u, "max_vend"), MINOR_DIGITS);
    g_print ("%s\n  %s\n  tax number %s\n  currency %s\n  vends from %s to %s\n",
             json_object_get_string_member (u, "name"), json_object_get_string_member (u, "address"),
             json_object_get_string_member (u, "tax_number"), json_object_get_string_member (u, "currency"), min_v,
             json_object_get_int_member (u, "max_vend") > 0 ? max_v : "no limit");
  }
  return EXIT_OK;
}

static int
change_password (PosContext       *context,
                 const CliGlobals *g,
                 int               argc,
                 char            **argv)
{
  g_autofree char *new_file = NULL;
  GOptionEntry entries[] = {
    { "new-password-file", 0, 0, G_OPTION_ARG_FILENAME, &new_file,
      "The new password (default: $STSVEND_NEW_PASSWORD)", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *old_password = NULL, *new_password = NULL;
  gboolean ok;
  int status;

  argv[0] = (char *) "stsvend-cli password";
  if (!cli_parse_options ("password", "- change your own password",
                          "The old password is the one you log in with (--password-file or $STSVEND_PASSWORD).",
                          entries, &argc, &argv))
    return EXIT_USAGE;
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;
  old_password = cli_read_secret (g->password_file, "STSVEND_PASSWORD", "password", &error);
  new_password = old_password != NULL ? cli_read_secret (new_file, "STSVEND_NEW_PASSWORD", "new password", &error)
                                      : NULL;
  if (new_password == NULL)
    return refused (error);
  ok = pos_user_change_password (context, old_password, new_password, &error);
  memset (old_password, 0, strlen (old_password));
  memset (new_password, 0, strlen (new_password));
  if (!ok)
    return refused (error);
  g_print ("Password changed.\n");
  return EXIT_OK;
}

int
cli_run_accounts (PosContext       *context,
                  const CliGlobals *g,
                  const char       *command,
                  int               argc,
                  char            **argv)
{
  const char *sub = argc >= 2 ? argv[1] : "";

  if (g_str_equal (command, "customer") && g_str_equal (sub, "edit"))
    {
      sub_command (&argc, &argv, (char *) "stsvend-cli customer edit");
      return customer_edit (context, g, argc, argv);
    }
  if (g_str_equal (command, "customer") && (g_str_equal (sub, "show") || g_str_equal (sub, "list")))
    {
      gboolean show = g_str_equal (sub, "show");

      sub_command (&argc, &argv, (char *) (show ? "stsvend-cli customer show" : "stsvend-cli customer list"));
      return customer_show_or_list (context, g, show, argc, argv);
    }
  if (g_str_equal (command, "meter") && g_str_equal (sub, "edit"))
    {
      sub_command (&argc, &argv, (char *) "stsvend-cli meter edit");
      return meter_edit (context, g, argc, argv);
    }
  if (g_str_equal (command, "debt"))
    {
      if (!g_str_equal (sub, "add"))
        {
          usage_error ("debt: add? (stsvend-cli debt add --help)");
          return EXIT_USAGE;
        }
      sub_command (&argc, &argv, (char *) "stsvend-cli debt add");
      return debt_add (context, g, argc, argv);
    }
  if (g_str_equal (command, "admin") && g_str_equal (sub, "reconcile"))
    {
      sub_command (&argc, &argv, (char *) "stsvend-cli admin reconcile");
      return admin_reconcile (context, g, argc, argv);
    }
  if (g_str_equal (command, "admin")
      && (g_str_equal (sub, "list") || g_str_equal (sub, "user") || g_str_equal (sub, "utility")))
    {
      g_autofree char *name = g_strdup_printf ("stsvend-cli admin %s", sub);
      const char *which = sub;

      sub_command (&argc, &argv, name);
      if (g_str_equal (which, "list"))
        return admin_list (context, g, argc, argv);
      if (g_str_equal (which, "user"))
        return admin_user (context, g, argc, argv);
      return admin_utility (context, g, argc, argv);
    }
  if (g_str_equal (command, "password"))
    return change_password (context, g, argc, argv);
  if (g_str_equal (command, "free-issue"))
    return free_issue (context, g, argc, argv);
  if (g_str_equal (command, "migrate"))
    return migrate (context, g, argc, argv);
  if (g_str_equal (command, "restore"))
    return restore (context, g, argc, argv);
  return -1;
}
