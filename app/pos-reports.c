/* pos-reports.c: sales reports for a period or a shift, and exporting and
 * printing reports */
#include <string.h>

#include "pos-admin.h"
#include "pos-printing.h"
#include "pos-receipts.h"
#include "pos-records-private.h"
#include "pos-reports.h"

const char *const pos_report_sections[] = {
  "summary", "cashiers", "payments", "tariffs", "tokens", "hourly", "sales", NULL,
};

/* "YYYY-MM-DD" -> that day's midnight UTC; NULL if malformed. */
static GDateTime *
parse_day (const char *day)
{
  g_autofree char *iso = NULL;

  if (day == NULL || strlen (day) != 10)
    return NULL;
  iso = g_strdup_printf ("%sT00:00:00Z", day);
  return g_date_time_new_from_iso8601 (iso, NULL);
}

static char *
iso (GDateTime *t)
{
  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

JsonObject *
pos_report_sales (PosContext  *context,
                  const char  *point,
                  const char  *from_day,
                  const char  *to_day,
                  GError     **error)
{
  g_autoptr(GDateTime) from = parse_day (from_day);
  g_autoptr(GDateTime) to_start = parse_day (to_day);
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(PosDbVendingPoint) vp = NULL;
  g_autofree char *from_iso = NULL, *to_iso = NULL, *now = NULL;
  PosDbDayTotals totals;
  JsonObject *report;
  gboolean ok;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_SUPERVISOR, "sales reports", error))
    return NULL;
  if (from == NULL || to_start == NULL || g_date_time_compare (from, to_start) > 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "a sales report runs from one day to another, YYYY-MM-DD, the first not after the last");
      return NULL;
    }
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  if (point != NULL && (vp = pos_point_resolve (context, db, point, error)) == NULL)
    return NULL;
  to = g_date_time_add_days (to_start, 1);
  from_iso = iso (from);
  to_iso = iso (to);
  ok = pos_db_totals (db, vp != NULL ? POS_DB_SCOPE_POINT : POS_DB_SCOPE_ALL, vp != NULL ? vp->id : 0, from_iso,
                      to_iso, &totals, error);
  if (!ok)
    {
      pos_db_day_totals_clear (&totals);
      pos_app_error_from_db (error, "sales report");
      return NULL;
    }
  now = pos_context_now_iso (context);
  report = json_object_new ();
  json_object_set_string_member (report, "report", "sales");
  if (vp != NULL)
    json_object_set_string_member (report, "vending_point", vp->name);
  json_object_set_string_member (report, "from", from_iso);
  json_object_set_string_member (report, "to", to_iso);
  json_object_set_string_member (report, "generated_at", now);
  pos_totals_to_json (&totals, report);
  pos_db_day_totals_clear (&totals);
  return report;
}

JsonObject *
pos_report_shift (PosContext  *context,
                  gint64       shift_id,
                  GError     **error)
{
  g_autoptr(PosDbShift) shift = NULL;
  g_autoptr(PosDbVendingPoint) vp = NULL;
  g_autoptr(PosDbUser) cashier = NULL;
  g_autofree char *now = NULL;
  PosDbDayTotals totals;
  JsonObject *report;
  gboolean ok;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "shift reports", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  shift = shift_id > 0 ? pos_db_shift_get (db, shift_id, error)
                       : pos_db_shift_get_latest (db, pos_context_get_user_id (context), error);
  if (shift == NULL)
    {
      if (g_error_matches (*error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
        {
          g_clear_error (error);
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND,
                       shift_id > 0 ? "no such shift" : "you have had no shift yet");
        }
      pos_app_error_from_db (error, "shift report");
      return NULL;
    }
  if (shift->user_id != pos_context_get_user_id (context)
      && !pos_context_require_role (context, POS_ROLE_SUPERVISOR, "another cashier's shift report", error))
    return NULL;
  vp = pos_db_vending_point_get (db, shift->vending_point_id, error);
  cashier = vp != NULL ? pos_db_user_get (db, shift->user_id, error) : NULL;
  now = pos_context_now_iso (context);
  ok = cashier != NULL
       && pos_db_totals (db, POS_DB_SCOPE_SHIFT, shift->id, shift->opened_at, "9999", &totals, error);
  if (!ok)
    {
      if (cashier != NULL)
        pos_db_day_totals_clear (&totals);
      pos_app_error_from_db (error, "shift report");
      return NULL;
    }
  report = json_object_new ();
  json_object_set_string_member (report, "report", "shift");
  json_object_set_int_member (report, "shift", shift->id);
  json_object_set_string_member (report, "vending_point", vp->name);
  json_object_set_string_member (report, "cashier", cashier->username);
  json_object_set_string_member (report, "from", shift->opened_at);
  json_object_set_string_member (report, "to", shift->closed_at != NULL ? shift->closed_at : now);
  json_object_set_boolean_member (report, "open", shift->closed_at == NULL);
  json_object_set_int_member (report, "opening_float", shift->opening_float);
  if (shift->closed_at != NULL)
    {
      json_object_set_int_member (report, "expected_cash", shift->expected_cash);
      json_object_set_int_member (report, "counted_cash", shift->counted_cash);
    }
  json_object_set_string_member (report, "generated_at", now);
  pos_totals_to_json (&totals, report);
  pos_db_day_totals_clear (&totals);
  return report;
}

/* -- the report as printing/ draws it -------------------------------------- */

static gint64
member_int (JsonObject *o,
            const char *name)
{
  return o != NULL && json_object_has_member (o, name) ? json_object_get_int_member (o, name) : 0;
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  return o != NULL && json_object_has_member (o, name) ? json_object_get_string_member (o, name) : NULL;
}

/* A breakdown (by_cashier, ...) as a section: name, sales, amount (or
 * kWh), with a totals row. */
static void
add_breakdown (PosReport   *r,
               JsonObject  *report,
               const char  *member,
               const char  *title,
               const char  *name_header,
               gboolean     kwh)
{
  const char *headers[] = { name_header, kwh ? "Tokens" : "Sales", kwh ? "kWh" : "Amount", NULL };
  PosReportSection *section = pos_report_add_section (r, title, headers);
  JsonArray *rows = json_object_has_member (report, member) ? json_object_get_array_member (report, member) : NULL;
  gint64 n = 0, sum = 0;

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      gint64 value = member_int (o, kwh ? "kwh_tenths" : "amount");
      PosReportCell cells[3];

      cells[0] = POS_REPORT_TEXT (member_string (o, "name"));
      cells[1] = POS_REPORT_INTEGER (member_int (o, "sales"));
      cells[2] = kwh ? POS_REPORT_KWH (value) : POS_REPORT_MONEY (value);
      pos_report_section_add_row (section, cells, 3);
      n += member_int (o, "sales");
      sum += value;
    }
  {
    PosReportCell totals[3] = { POS_REPORT_TEXT ("Total"), POS_REPORT_INTEGER (n),
                                kwh ? POS_REPORT_KWH (sum) : POS_REPORT_MONEY (sum) };
    pos_report_section_set_totals (section, totals, 3);
  }
}

/* "Class 0/0: electricity credit", from the "0/0" the totals hold. */
static char *
token_name (const char *class_sub)
{
  static const struct { const char *key; const char *name; } names[] = {
    { "0/0", "electricity credit" }, { "0/4", "currency credit" }, { "1/0", "test" }, { "1/1", "test" },
    { "2/0", "maximum power limit" }, { "2/1", "clear credit" }, { "2/3", "key change 1" },
    { "2/4", "key change 2" }, { "2/5", "clear tamper" }, { "2/6", "phase unbalance limit" },
    { "2/8", "key change 3" }, { "2/9", "key change 4" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (class_sub, names[i].key) == 0)
      return g_strdup_printf ("%s %s", class_sub, names[i].name);
  return g_strdup (class_sub != NULL ? class_sub : "");
}

static PosReport *
build_report (PosContext  *context,
              JsonObject  *report,
              GError     **error)
{
  g_autoptr(JsonObject) utility = pos_utility_get (context, error);
  const char *kind = member_string (report, "report");
  const char *point = member_string (report, "vending_point");
  g_autoptr(GDateTime) now = pos_context_now (context);
  g_autoptr(GDateTime) local = g_date_time_to_local (now);
  PosReport *r;
  PosReportSection *section;

  if (utility == NULL)
    return NULL;
  if (kind == NULL)
    kind = json_object_has_member (report, "number") ? "z" : "sales";
  r = pos_report_new (g_str_equal (kind, "z") ? "End of day (Z) report"
                      : g_str_equal (kind, "shift") ? "Shift report" : "Sales report");
  r->utility_name = g_strdup (member_string (utility, "name"));
  r->currency = g_strdup (member_string (utility, "currency"));
  r->decimals = (guint) CLAMP (member_int (utility, "minor_digits"), 0, 6);
  r->generated_at = g_date_time_format (local, "%Y-%m-%d %H:%M");
  if (json_object_has_member (report, "number"))
    r->number = g_strdup_printf ("Z-%06" G_GINT64_FORMAT, member_int (report, "number"));
  if (g_str_equal (kind, "z"))
    r->subtitle = g_strdup_printf ("%s, %s (closed %s by %s)", point != NULL ? point : "",
                                   member_string (report, "day"), member_string (report, "closed_at"),
                                   member_string (report, "closed_by"));
  else if (g_str_equal (kind, "shift"))
    r->subtitle = g_strdup_printf ("%s, %s: %s to %s", point, member_string (report, "cashier"),
                                   member_string (report, "from"), member_string (report, "to"));
  else
    r->subtitle = g_strdup_printf ("%s: %s to %s", point != NULL ? point : "All vending points",
                                   member_string (report, "from"), member_string (report, "to"));

  {
    const char *headers[] = { "Item", "Value", NULL };
    PosReportCell row[2];

    section = pos_report_add_section (r, "Summary", headers);
#define ROW(label, cell) (row[0] = POS_REPORT_TEXT (label), row[1] = (cell), \
                          pos_report_section_add_row (section, row, 2))
    ROW ("Sales", POS_REPORT_INTEGER (member_int (report, "sales")));
    ROW ("Amount taken", POS_REPORT_MONEY (member_int (report, "amount")));
    ROW ("VAT", POS_REPORT_MONEY (member_int (report, "vat")));
    ROW ("Fixed charges", POS_REPORT_MONEY (member_int (report, "fixed_charges")));
    ROW ("Debt recovered", POS_REPORT_MONEY (member_int (report, "debt_recovered")));
    ROW ("kWh sold", POS_REPORT_KWH (member_int (report, "kwh_tenths")));
    ROW ("Tokens issued", POS_REPORT_INTEGER (member_int (report, "tokens")));
    ROW ("Reversals", POS_REPORT_INTEGER (member_int (report, "reversals")));
    ROW ("Amount reversed", POS_REPORT_MONEY (member_int (report, "reversed_amount")));
    if (json_object_has_member (report, "opening_float"))
      ROW ("Opening float", POS_REPORT_MONEY (member_int (report, "opening_float")));
    if (json_object_has_member (report, "expected_cash"))
      {
        ROW ("Cash expected", POS_REPORT_MONEY (member_int (report, "expected_cash")));
        ROW ("Cash counted", POS_REPORT_MONEY (member_int (report, "counted_cash")));
        ROW ("Difference", POS_REPORT_MONEY (member_int (report, "counted_cash") - member_int (report, "expected_cash")));
      }
#undef ROW
  }
  add_breakdown (r, report, "by_cashier", "By cashier", "Cashier", FALSE);
  add_breakdown (r, report, "by_payment", "By payment method", "Payment method", FALSE);
  add_breakdown (r, report, "by_tariff", "By tariff", "Tariff", FALSE);
  {
    /* Token names spelt out for people. */
    JsonArray *tokens = json_object_has_member (report, "by_token") ? json_object_get_array_member (report, "by_token")
                                                                     : NULL;
    const char *headers[] = { "Class/subclass", "Tokens", "kWh", NULL };
    gint64 n = 0, kwh = 0;

    section = pos_report_add_section (r, "Tokens by class", headers);
    for (guint i = 0; tokens != NULL && i < json_array_get_length (tokens); i++)
      {
        JsonObject *o = json_array_get_object_element (tokens, i);
        g_autofree char *name = token_name (member_string (o, "name"));
        PosReportCell cells[3] = { POS_REPORT_TEXT (name), POS_REPORT_INTEGER (member_int (o, "sales")),
                                   POS_REPORT_KWH (member_int (o, "kwh_tenths")) };

        pos_report_section_add_row (section, cells, 3);
        n += member_int (o, "sales");
        kwh += member_int (o, "kwh_tenths");
      }
    {
      PosReportCell totals[3] = { POS_REPORT_TEXT ("Total"), POS_REPORT_INTEGER (n), POS_REPORT_KWH (kwh) };
      pos_report_section_set_totals (section, totals, 3);
    }
  }
  {
    JsonArray *hourly = json_object_has_member (report, "hourly") ? json_object_get_array_member (report, "hourly")
                                                                   : NULL;
    const char *headers[] = { "Hour (UTC)", "Amount", NULL };
    gint64 sum = 0;

    section = pos_report_add_section (r, "Sales by hour", headers);
    for (guint h = 0; h < 24; h++)
      {
        gint64 v = hourly != NULL && h < json_array_get_length (hourly) ? json_array_get_int_element (hourly, h) : 0;
        g_autofree char *label = g_strdup_printf ("%02u:00", h);
        PosReportCell cells[2] = { POS_REPORT_TEXT (label), POS_REPORT_MONEY (v) };

        r->sales_by_hour[h] = v;
        sum += v;
        pos_report_section_add_row (section, cells, 2);
      }
    r->has_hourly = TRUE;
    {
      PosReportCell totals[2] = { POS_REPORT_TEXT ("Total"), POS_REPORT_MONEY (sum) };
      pos_report_section_set_totals (section, totals, 2);
    }
  }
  return r;
}


/* -- every sale of a report, streamed to CSV ------------------------------- */

typedef struct
{
  const PosReport *report;
  GOutputStream   *out;
  GString         *buffer;
  GCancellable    *cancellable;
  PosProgressFunc  progress;
  gpointer         user_data;
  gsize            done;
  gsize            total;
  GError          *error;
} SalesCsv;

static gboolean
write_sale_row_cb (const PosDbSaleRow *row,
                   gpointer            user_data)
{
  SalesCsv *c = user_data;
  PosReportCell cells[14] = {
    POS_REPORT_INTEGER (row->receipt_no), POS_REPORT_TEXT (row->vending_point), POS_REPORT_TEXT (row->created_at),
    POS_REPORT_TEXT (row->kind), POS_REPORT_TEXT (row->status), POS_REPORT_TEXT (row->cashier),
    POS_REPORT_TEXT (row->account), POS_REPORT_TEXT (row->meter), POS_REPORT_TEXT (row->tariff),
    POS_REPORT_MONEY (row->amount), POS_REPORT_MONEY (row->vat), POS_REPORT_MONEY (row->fixed_charge),
    POS_REPORT_MONEY (row->debt_recovered), POS_REPORT_KWH (row->kwh),
  };

  pos_report_csv_append_row (c->buffer, c->report, cells, G_N_ELEMENTS (cells));
  c->done++;
  if (c->buffer->len >= (1 << 16))
    {
      if (!g_output_stream_write_all (c->out, c->buffer->str, c->buffer->len, NULL, c->cancellable, &c->error))
        return FALSE;
      g_string_truncate (c->buffer, 0);
    }
  if (c->done % 4096 == 0)
    {
      if (g_cancellable_set_error_if_cancelled (c->cancellable, &c->error))
        return FALSE;
      if (c->progress != NULL)
        c->progress (c->done, c->total, c->user_data);
    }
  return TRUE;
}

/* The scope of @report's sales. */
static gboolean
report_scope (PosContext   *context,
              PosDb        *db,
              JsonObject   *report,
              PosDbScope   *out_scope,
              gint64       *out_id,
              char        **out_from,
              char        **out_to,
              GError      **error)
{
  const char *point = member_string (report, "vending_point");

  if (json_object_has_member (report, "shift"))
    {
      *out_scope = POS_DB_SCOPE_SHIFT;
      *out_id = member_int (report, "shift");
    }
  else if (point != NULL)
    {
      g_autoptr(PosDbVendingPoint) vp = pos_point_resolve (context, db, point, error);

      if (vp == NULL)
        return FALSE;
      *out_scope = POS_DB_SCOPE_POINT;
      *out_id = vp->id;
    }
  else
    {
      *out_scope = POS_DB_SCOPE_ALL;
      *out_id = 0;
    }
  if (member_string (report, "from") != NULL && member_string (report, "to") != NULL)
    {
      *out_from = g_strdup (member_string (report, "from"));
      *out_to = g_strdup (member_string (report, "to"));
      return TRUE;
    }
  if (member_string (report, "day") != NULL)
    {
      /* A Z report closed before reports recorded their period. */
      g_autoptr(GDateTime) day = parse_day (member_string (report, "day"));
      g_autoptr(GDateTime) next = day != NULL ? g_date_time_add_days (day, 1) : NULL;

      if (next != NULL)
        {
          *out_from = iso (day);
          *out_to = iso (next);
          return TRUE;
        }
    }
  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the report does not say which period it covers");
  return FALSE;
}

static gboolean
write_sales_csv (PosContext       *context,
                 JsonObject       *report,
                 const PosReport  *r,
                 GOutputStream    *out,
                 PosProgressFunc   progress,
                 gpointer          user_data,
                 GCancellable     *cancellable,
                 GError          **error)
{
  static const char *const headers[] = { "receipt", "vending_point", "time_utc", "kind", "status", "cashier",
                                         "account", "meter", "tariff", "amount", "vat", "fixed_charge",
                                         "debt_recovered", "kwh", NULL };
  g_autofree char *from = NULL, *to = NULL;
  g_autoptr(GString) buffer = g_string_sized_new (1 << 17);
  SalesCsv c = { r, out, buffer, cancellable, progress, user_data, 0, 0, NULL };
  PosDbScope scope;
  gint64 id, total;
  PosDb *db = pos_context_get_db (context, error);

  if (db == NULL || !report_scope (context, db, report, &scope, &id, &from, &to, error))
    return FALSE;
  total = pos_db_sales_count (db, scope, id, from, to, error);
  if (total < 0)
    {
      pos_app_error_from_db (error, "the sales");
      return FALSE;
    }
  c.total = (gsize) total;
  pos_report_csv_append_header (buffer, headers);
  if (!pos_db_sales_each (db, scope, id, from, to, write_sale_row_cb, &c, error))
    {
      g_clear_error (&c.error);
      pos_app_error_from_db (error, "the sales");
      return FALSE;
    }
  if (c.error != NULL)
    {
      g_propagate_error (error, c.error);
      return FALSE;
    }
  if (!g_output_stream_write_all (out, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (c.done, c.total, user_data);
  return TRUE;
}

gboolean
pos_report_export (PosContext       *context,
                   JsonObject       *report,
                   PosReportFormat   format,
                   const char       *section,
                   const char       *path,
                   PosProgressFunc   progress,
                   gpointer          user_data,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autoptr(PosReport) r = NULL;
  guint index = 0;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (report != NULL && path != NULL, FALSE);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "exporting reports", error))
    return FALSE;
  if (format == POS_REPORT_CSV && section != NULL)
    {
      for (index = 0; pos_report_sections[index] != NULL; index++)
        if (g_str_equal (section, pos_report_sections[index]))
          break;
      if (pos_report_sections[index] == NULL)
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "a report has no section “%s” (summary, cashiers, payments, tariffs, tokens, hourly, sales)",
                       section);
          return FALSE;
        }
    }
  r = build_report (context, report, error);
  if (r == NULL)
    return FALSE;
  if (format == POS_REPORT_PDF)
    {
      if (!pos_report_write_pdf (r, path, error))
        {
          pos_app_error_from_print (error, "the PDF");
          return FALSE;
        }
      return TRUE;
    }
  if (g_strcmp0 (pos_report_sections[index], "sales") == 0)
    {
      /* Written beside the target and moved over it at the end, so a
       * failed export never leaves half a file in its place. */
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                                         cancellable, error);
      gboolean ok = out != NULL
                    && write_sales_csv (context, report, r, G_OUTPUT_STREAM (out), progress, user_data, cancellable,
                                        error);

      if (out != NULL && !ok)
        {
          g_autoptr(GCancellable) abandon = g_cancellable_new ();

          g_cancellable_cancel (abandon);
          g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
        }
      else if (ok)
        ok = g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
      if (!ok && error != NULL && *error != NULL && (*error)->domain == G_IO_ERROR
          && (*error)->code != G_IO_ERROR_CANCELLED)
        {
          (*error)->domain = POS_APP_ERROR;
          (*error)->code = POS_APP_ERROR_EXPORT;
          g_prefix_error (error, "writing %s: ", path);
        }
      return ok;
    }
  if (!pos_report_write_csv_file (r, index, path, progress, user_data, cancellable, error))
    {
      pos_app_error_from_print (error, "the CSV file");
      return FALSE;
    }
  return TRUE;
}

gboolean
pos_report_print (PosContext  *context,
                  JsonObject  *report,
                  const char  *printer,
                  GError     **error)
{
  g_autoptr(PosReport) r = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *configured = NULL;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "printing reports", error))
    return FALSE;
  if (printer == NULL)
    printer = configured = pos_context_get_setting (context, POS_SETTING_REPORT_PRINTER);
  if (printer == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_PRINTER,
                   "no report printer is set up; choose one (stsvend-cli printers --report NAME)");
      return FALSE;
    }
  r = build_report (context, report, error);
  if (r == NULL)
    return FALSE;
  pdf = pos_report_render_pdf (r, error);
  if (pdf == NULL || !pos_printer_print (printer, r->title, POS_PRINT_FORMAT_PDF, pdf, POS_PRINTER_DEFAULT_TIMEOUT_MS,
                                         NULL, NULL, error))
    {
      pos_app_error_from_print (error, "the report was not printed");
      return FALSE;
    }
  return TRUE;
}
