/* cli-printing.c: receipts, reports and printers from the shell:
 *   receipt print|render, report z|shift|sales, printers */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli-private.h"

#define MINOR_DIGITS 2

static int
receipt (PosContext       *context,
         const CliGlobals *g,
         int               argc,
         char            **argv)
{
  g_autofree char *point = NULL, *printer = NULL, *format_name = NULL, *out = NULL;
  GOptionEntry entries[] = {
    { "point", 0, 0, G_OPTION_ARG_STRING, &point, "Vending point (default: that of your open shift)", "NAME" },
    { "printer", 0, 0, G_OPTION_ARG_STRING, &printer, "print: the queue (default: the receipt printer set up)",
      "QUEUE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      "render: escpos-58, escpos-80 (escpos), pdf-a4 (pdf), pdf-a5, pdf-roll or png", "FORMAT" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "render: the file to write", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  const char *sub = argc >= 2 ? argv[1] : "";
  gboolean print = g_str_equal (sub, "print");
  gint64 receipt_no;
  char *end = NULL;
  int status;

  if (!print && !g_str_equal (sub, "render"))
    {
      usage_error ("receipt: print or render? (stsvend-cli receipt print --help)");
      return EXIT_USAGE;
    }
  argv[1] = (char *) (print ? "stsvend-cli receipt print" : "stsvend-cli receipt render");
  argc--;
  argv++;
  if (!cli_parse_options (print ? "receipt print" : "receipt render", "RECEIPT - a sale's receipt",
                          print ? "Prints the receipt of sale RECEIPT (its receipt number).  The first print is the "
                                  "original, every later one says COPY.  A failed print changes nothing: the sale "
                                  "is recorded; print it again."
                                : "Writes the receipt of sale RECEIPT to a file, e.g. to look at it or to send it "
                                  "on.  Nothing is counted as printed.", entries, &argc, &argv))
    return EXIT_USAGE;
  receipt_no = argc >= 2 ? g_ascii_strtoll (argv[1], &end, 10) : 0;
  if (argc != 2 || end == NULL || *end != '\0' || receipt_no <= 0)
    {
      usage_error ("receipt %s: which receipt number?", sub);
      return EXIT_USAGE;
    }
  if (!print)
    {
      PosReceiptFormat format;
      g_autoptr(GBytes) bytes = NULL;

      if (out == NULL || format_name == NULL || !pos_receipt_format_parse (format_name, &format))
        {
          usage_error ("receipt render: --format escpos-58|escpos-80|pdf-a4|pdf-a5|pdf-roll|png and --out FILE");
          return EXIT_USAGE;
        }
      status = cli_open_session (context, g, FALSE);
      if (status != EXIT_OK)
        return status;
      bytes = pos_receipt_render (context, point, receipt_no, format, &error);
      if (bytes == NULL)
        return refused (error);
      if (!g_file_set_contents (out, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error))
        return refused (error);
      g_print ("Receipt %" G_GINT64_FORMAT " written to %s (%s).\n", receipt_no, out, format_name);
      return EXIT_OK;
    }
  else
    {
      gboolean copy = FALSE;

      status = cli_open_session (context, g, FALSE);
      if (status != EXIT_OK)
        return status;
      if (!pos_receipt_print (context, point, receipt_no, printer, &copy, &error))
        return refused (error);
      g_print ("Receipt %" G_GINT64_FORMAT " printed%s.\n", receipt_no, copy ? " (COPY)" : "");
      return EXIT_OK;
    }
}

/* Progress on a terminal for long exports. */
static void
export_progress_cb (gsize    done,
                    gsize    total,
                    gpointer user_data)
{
  if (total > 0)
    g_printerr ("\r%s: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " rows (%u%%)", (const char *) user_data, done, total,
                (guint) (done * 100 / total));
  if (done >= total)
    g_printerr ("\n");
}

static void
print_report (JsonObject *report)
{
  static const char *const money[] = { "amount", "vat", "fixed_charges", "debt_recovered", "reversed_amount" };
  const char *kind = json_object_has_member (report, "report") ? json_object_get_string_member (report, "report")
                                                                : "z";

  if (json_object_has_member (report, "number"))
    g_print ("Z report %" G_GINT64_FORMAT "  %s  %s\n", json_object_get_int_member (report, "number"),
             json_object_get_string_member (report, "vending_point"), json_object_get_string_member (report, "day"));
  else
    g_print ("%s report  %s  %s to %s\n", g_str_equal (kind, "shift") ? "Shift" : "Sales",
             json_object_has_member (report, "vending_point")
               ? json_object_get_string_member (report, "vending_point") : "all vending points",
             json_object_get_string_member (report, "from"), json_object_get_string_member (report, "to"));
  g_print ("  sales %" G_GINT64_FORMAT ", tokens %" G_GINT64_FORMAT ", reversals %" G_GINT64_FORMAT "\n",
           json_object_get_int_member (report, "sales"), json_object_get_int_member (report, "tokens"),
           json_object_get_int_member (report, "reversals"));
  for (gsize i = 0; i < G_N_ELEMENTS (money); i++)
    {
      g_autofree char *v = pos_money_format (json_object_get_int_member (report, money[i]), MINOR_DIGITS);
      g_print ("  %-16s %12s\n", money[i], v);
    }
  {
    g_autofree char *kwh = pos_kwh_format (json_object_get_int_member (report, "kwh_tenths"));
    g_print ("  %-16s %12s\n", "kWh", kwh);
  }
}

static int
report (PosContext       *context,
        const CliGlobals *g,
        int               argc,
        char            **argv)
{
  g_autofree char *point = NULL, *day = NULL, *from = NULL, *to = NULL, *format_name = NULL, *out = NULL;
  g_autofree char *section = NULL, *printer = NULL;
  gint64 number = 0, shift = 0;
  gboolean print = FALSE;
  GOptionEntry entries[] = {
    { "point", 0, 0, G_OPTION_ARG_STRING, &point, "Vending point (z: default that of your shift; sales: default all)",
      "NAME" },
    { "number", 0, 0, G_OPTION_ARG_INT64, &number, "z: the closed report N", "N" },
    { "close", 0, 0, G_OPTION_ARG_STRING, &day, "z: close day DAY (YYYY-MM-DD) first", "DAY" },
    { "shift", 0, 0, G_OPTION_ARG_INT64, &shift, "shift: shift N (default: yours, open or last)", "N" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "sales: the first day (YYYY-MM-DD)", "DAY" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "sales: the last day (default: the first)", "DAY" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, "pdf or csv (with --out)", "FORMAT" },
    { "section", 0, 0, G_OPTION_ARG_STRING, &section,
      "csv: summary, cashiers, payments, tariffs, tokens, hourly or sales (every sale)", "NAME" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write the report to FILE", "FILE" },
    { "print", 0, 0, G_OPTION_ARG_NONE, &print, "Print it (on --printer, else the report printer set up)", NULL },
    { "printer", 0, 0, G_OPTION_ARG_STRING, &printer, "The queue to print on", "QUEUE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *sub = argc >= 2 ? argv[1] : "";
  g_autofree char *name = g_strdup_printf ("stsvend-cli report %s", sub);
  PosReportFormat format = POS_REPORT_PDF;
  int status;

  if (!g_str_equal (sub, "z") && !g_str_equal (sub, "shift") && !g_str_equal (sub, "sales"))
    {
      usage_error ("report: z, shift or sales? (stsvend-cli report z --help)");
      return EXIT_USAGE;
    }
  argv[1] = name;
  argc--;
  argv++;
  {
    static const char output[] = " format section out print printer";
    g_autofree char *title = g_strdup_printf ("report %s", sub);
    g_autofree char *own = g_strconcat (g_str_equal (sub, "z") ? "point number close"
                                        : g_str_equal (sub, "shift") ? "shift" : "point from to", output, NULL);
    const char *summary = g_str_equal (sub, "z") ? "The end-of-day report: --number N, or --close DAY first."
                          : g_str_equal (sub, "shift") ? "A shift's totals (yours, open or last, or --shift N)."
                          : "Any period's totals: --from DAY [--to DAY].";

    if (!cli_parse_options_only (title, "- a report on screen, to a file (PDF, CSV) or on paper", summary, entries,
                                 own, &argc, &argv))
      return EXIT_USAGE;
  }
  if (format_name != NULL)
    {
      if (g_str_equal (format_name, "csv"))
        format = POS_REPORT_CSV;
      else if (!g_str_equal (format_name, "pdf"))
        {
          usage_error ("report: --format is pdf or csv");
          return EXIT_USAGE;
        }
    }
  if ((format_name != NULL || section != NULL) && out == NULL)
    {
      usage_error ("report: --format and --section write a file: give --out FILE");
      return EXIT_USAGE;
    }
  if (out != NULL && format_name == NULL)
    format = g_str_has_suffix (out, ".csv") ? POS_REPORT_CSV : POS_REPORT_PDF;
  if (g_str_equal (sub, "z") && number <= 0 && day == NULL)
    {
      usage_error ("report z: --number N or --close DAY");
      return EXIT_USAGE;
    }
  if (g_str_equal (sub, "sales") && from == NULL)
    {
      usage_error ("report sales: --from DAY is required");
      return EXIT_USAGE;
    }
  status = cli_open_session (context, g, FALSE);
  if (status != EXIT_OK)
    return status;

  if (g_str_equal (sub, "z"))
    result = day != NULL ? pos_z_report_close (context, point, day, &error)
                         : pos_z_report_get (context, point, number, &error);
  else if (g_str_equal (sub, "shift"))
    result = pos_report_shift (context, shift, &error);
  else
    result = pos_report_sales (context, point, from, to != NULL ? to : from, &error);
  if (result == NULL)
    return refused (error);

  if (out != NULL)
    {
      gboolean tty = isatty (STDERR_FILENO);

      if (!pos_report_export (context, result, format, section, out, tty ? export_progress_cb : NULL, out, NULL,
                              &error))
        return refused (error);
      g_printerr ("Report written to %s.\n", out);
    }
  if (print)
    {
      if (!pos_report_print (context, result, printer, &error))
        return refused (error);
      g_printerr ("Report printed.\n");
    }
  if (out == NULL && !print)
    {
      if (g->json)
        print_json (result);
      else
        print_report (result);
    }
  return EXIT_OK;
}

static int
printers (PosContext       *context,
          const CliGlobals *g,
          int               argc,
          char            **argv)
{
  g_autofree char *receipt_printer = NULL, *report_printer = NULL, *format_name = NULL, *qr = NULL;
  GOptionEntry entries[] = {
    { "receipt", 0, 0, G_OPTION_ARG_STRING, &receipt_printer, "Use QUEUE for receipts (\"\" for none)", "QUEUE" },
    { "report", 0, 0, G_OPTION_ARG_STRING, &report_printer, "Use QUEUE for reports (\"\" for none)", "QUEUE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      "Receipts as escpos-58, escpos-80 (thermal printers), pdf-a4, pdf-a5 or pdf-roll", "FORMAT" },
    { "qr", 0, 0, G_OPTION_ARG_STRING, &qr, "Print the token as a QR code too: yes or no", "YES|NO" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autofree char *format_now = NULL;
  PosReceiptFormat format;
  PosPrinterChoice choice;

  argv[0] = (char *) "stsvend-cli printers";
  if (!cli_parse_options ("printers", "- the print queues, and which ones stsvend uses",
                          "Lists the print queues of this machine (through CUPS) and chooses the receipt and report "
                          "printers.  The choice belongs to this machine (see --config), not to the database.",
                          entries, &argc, &argv))
    return EXIT_USAGE;
  if ((format_name != NULL && (!pos_receipt_format_parse (format_name, &format) || format == POS_RECEIPT_PNG))
      || (qr != NULL && !g_str_equal (qr, "yes") && !g_str_equal (qr, "no")))
    {
      usage_error ("printers: --format escpos-58|escpos-80|pdf-a4|pdf-a5|pdf-roll, --qr yes|no");
      return EXIT_USAGE;
    }
  choice = (PosPrinterChoice) { receipt_printer, report_printer, format_name,
                                qr == NULL ? -1 : g_str_equal (qr, "yes") };
  if (!pos_printers_configure (context, &choice, &error))
    return refused (error);

  list = pos_printers_list (context, &error);
  if (list == NULL)
    return refused (error);
  if (g->json)
    {
      g_autoptr(JsonObject) o = json_object_new ();
      json_object_set_array_member (o, "printers", json_array_ref (list));
      print_json (o);
      return EXIT_OK;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *p = json_array_get_object_element (list, i);
      const char *message = json_object_get_string_member (p, "message");

      g_print ("%-20s %-10s%s%s%s%s%s\n", json_object_get_string_member (p, "name"),
               json_object_get_string_member (p, "state"),
               json_object_get_boolean_member (p, "default") ? "  default" : "",
               json_object_get_boolean_member (p, "receipt_printer") ? "  [receipts]" : "",
               json_object_get_boolean_member (p, "report_printer") ? "  [reports]" : "",
               *message != '\0' ? "  " : "", message);
    }
  if (json_array_get_length (list) == 0)
    g_printerr ("No print queues on this machine.\n");
  format_now = pos_context_get_setting (context, POS_SETTING_RECEIPT_FORMAT);
  g_print ("Receipts print as %s.\n", format_now != NULL ? format_now : "escpos-80");
  return EXIT_OK;
}

int
cli_run_printing (PosContext       *context,
                  const CliGlobals *g,
                  const char       *command,
                  int               argc,
                  char            **argv)
{
  if (g_str_equal (command, "receipt"))
    return receipt (context, g, argc, argv);
  if (g_str_equal (command, "report"))
    return report (context, g, argc, argv);
  if (g_str_equal (command, "printers"))
    return printers (context, g, argc, argv);
  return -1;
}
