/* pos-receipts.c: a sale's receipt, rendered and printed */
#include <string.h>

#include "pos-printing.h"
#include "pos-money.h"
#include "pos-receipts.h"
#include "pos-records-private.h"

static const struct
{
  const char       *name;
  PosReceiptFormat  format;
} formats[] = {
  { "escpos-58", POS_RECEIPT_ESCPOS_58 },
  { "escpos-80", POS_RECEIPT_ESCPOS_80 },
  { "pdf-a4", POS_RECEIPT_PDF_A4 },
  { "pdf-a5", POS_RECEIPT_PDF_A5 },
  { "pdf-roll", POS_RECEIPT_PDF_ROLL },
  { "png", POS_RECEIPT_PNG },
  /* Short names: the usual 80 mm roll and A4 page. */
  { "escpos", POS_RECEIPT_ESCPOS_80 },
  { "pdf", POS_RECEIPT_PDF_A4 },
};

gboolean
pos_receipt_format_parse (const char        *text,
                          PosReceiptFormat  *out)
{
  for (gsize i = 0; text != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (text, formats[i].name))
      {
        *out = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
pos_receipt_format_to_string (PosReceiptFormat format)
{
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return formats[i].name;
  return "escpos-80";
}

char *
pos_receipt_number_format (gint64 generation,
                           gint64 receipt_no)
{
  if (generation > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "-%06" G_GINT64_FORMAT, generation, receipt_no);
  return g_strdup_printf ("%06" G_GINT64_FORMAT, receipt_no);
}

static const char *
sale_title (const PosDbSale *sale,
            JsonObject      *detail)
{
  if (g_str_equal (sale->kind, "credit"))
    return "Electricity credit";
  if (g_str_equal (sale->kind, "free"))
    return "Free basic electricity";
  if (g_str_equal (sale->kind, "key_change"))
    return "Key change";
  if (g_str_equal (sale->kind, "reversal"))
    return "Reversal";
  if (detail != NULL && json_object_has_member (detail, "token"))
    {
      const char *token = json_object_get_string_member (detail, "token");

      if (g_strcmp0 (token, "clear-tamper") == 0)
        return "Engineering: clear tamper";
      if (g_strcmp0 (token, "clear-credit") == 0)
        return "Engineering: clear credit";
      if (g_strcmp0 (token, "set-mpl") == 0)
        return "Engineering: maximum power limit";
      if (g_strcmp0 (token, "set-mppul") == 0)
        return "Engineering: phase power unbalance limit";
      if (g_strcmp0 (token, "test") == 0)
        return "Engineering: test";
    }
  return "Engineering";
}

static PosReceiptTokenKind
token_kind (const PosDbToken *token)
{
  if (token->token_class == STS_CLASS_TRANSFER)
    return POS_RECEIPT_TOKEN_CREDIT;
  if (token->token_class == STS_CLASS_MANAGEMENT
      && (token->subclass == STS_SUB_KCT1 || token->subclass == STS_SUB_KCT2
          || token->subclass == STS_SUB_KCT3 || token->subclass == STS_SUB_KCT4))
    return POS_RECEIPT_TOKEN_KEY_CHANGE;
  return POS_RECEIPT_TOKEN_ENGINEERING;
}

/* "2026-11-24 12:15" in the machine's time zone, from the stored UTC. */
static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (iso);
}

/* Everything a receipt shows, from the records. */
static PosReceipt *
build_receipt (PosDb                    *db,
               const PosDbVendingPoint  *point,
               const PosDbSale          *sale,
               gboolean                  copy,
               GError                  **error)
{
  g_autoptr(PosReceipt) r = pos_receipt_new ();
  g_autoptr(PosDbUtility) utility = pos_db_utility_get (db, error);
  g_autoptr(PosDbUser) cashier = NULL;
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *detail = NULL;

  if (utility == NULL)
    return NULL;
  cashier = pos_db_user_get (db, sale->user_id, error);
  tokens = cashier != NULL ? pos_db_token_list_for_sale (db, sale->id, error) : NULL;
  if (tokens == NULL)
    return NULL;
  node = json_from_string (sale->detail != NULL ? sale->detail : "{}", NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    detail = json_node_get_object (node);

  r->kind = g_strdup (sale_title (sale, detail));
  r->utility_name = g_strdup (utility->name);
  r->utility_address = g_strdup (utility->address);
  r->utility_tax_number = g_strdup (utility->tax_number);
  r->vending_point = g_strdup (point->name);
  r->cashier = g_strdup (cashier->full_name != NULL && *cashier->full_name != '\0' ? cashier->full_name
                                                                                  : cashier->username);
  r->receipt_number = pos_receipt_number_format (sale->generation, sale->receipt_no);
  r->date_time = local_time (sale->created_at);
  r->date_time_iso = g_strdup (sale->created_at);
  r->currency = g_strdup (utility->currency);
  r->decimals = (guint) CLAMP (utility->minor_digits, 0, 6);
  r->copy = copy;

  if (sale->customer_id != 0)
    {
      g_autoptr(PosDbCustomer) customer = pos_db_customer_get (db, sale->customer_id, error);

      if (customer == NULL)
        return NULL;
      r->customer_name = g_strdup (customer->name);
      r->customer_account = g_strdup (customer->account_no);
      r->customer_address = g_strdup (customer->address);
    }
  if (sale->meter_id != 0)
    {
      g_autoptr(PosDbMeter) meter = pos_db_meter_get (db, sale->meter_id, error);
      g_autoptr(PosDbSupplyGroup) group = meter != NULL ? pos_db_supply_group_get (db, meter->supply_group_id, error)
                                                        : NULL;

      if (group == NULL)
        return NULL;
      r->meter_number = g_strdup (meter->pan);
      /* The key the tokens were made with, when the sale recorded it. */
      if (detail != NULL && json_object_has_member (detail, "sgc"))
        {
          r->sgc = g_strdup (json_object_get_string_member (detail, "sgc"));
          r->krn = (guint) json_object_get_int_member (detail, "krn");
          r->ti = (guint) json_object_get_int_member (detail, "ti");
        }
      else
        {
          r->sgc = g_strdup (group->sgc);
          r->krn = (guint) group->krn;
          r->ti = (guint) meter->ti;
        }
    }

  r->show_money = g_str_equal (sale->kind, "credit") || g_str_equal (sale->kind, "free")
                  || g_str_equal (sale->kind, "reversal");
  r->amount_tendered = sale->tendered;
  r->vat = sale->vat;
  r->fixed_charges = sale->fixed_charge;
  r->debt_recovered = sale->debt_recovered;
  r->energy_amount = sale->energy_value;
  r->kwh_tenths = sale->kwh;
  r->change_due = sale->tendered - sale->amount;
  if (detail != NULL)
    {
      if (json_object_has_member (detail, "debt_balance"))
        r->debt_balance = json_object_get_int_member (detail, "debt_balance");
      if (json_object_has_member (detail, "tariff"))
        r->tariff_name = g_strdup (json_object_get_string_member (detail, "tariff"));
      if (json_object_has_member (detail, "lines"))
        {
          JsonArray *lines = json_object_get_array_member (detail, "lines");

          for (guint i = 0; i < json_array_get_length (lines); i++)
            {
              JsonObject *l = json_array_get_object_element (lines, i);
              g_autofree char *description = g_strdup_printf ("Block %u", i + 1);
              g_autofree char *rate = pos_money_format (json_object_get_int_member (l, "price"), r->decimals + 3);
              g_autofree char *price = g_strdup_printf ("%s/kWh", rate);

              pos_receipt_add_line (r, description, json_object_get_int_member (l, "kwh_tenths"), price,
                                    json_object_get_int_member (l, "value"));
            }
        }
    }
  if (g_str_equal (sale->kind, "reversal"))
    {
      r->reversal = TRUE;
      if (sale->reversal_of != 0)
        {
          g_autoptr(PosDbSale) original = pos_db_sale_get (db, sale->reversal_of, error);

          if (original == NULL)
            return NULL;
          g_autofree char *number = pos_receipt_number_format (original->generation, original->receipt_no);

          r->note = g_strdup_printf ("Reverses receipt %s%s%s", number,
                                     sale->reason != NULL ? ": " : "", sale->reason != NULL ? sale->reason : "");
        }
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      const PosDbToken *t = &g_array_index (tokens, PosDbToken, i);

      if (!pos_receipt_add_token (r, token_kind (t), NULL, t->token))
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "receipt %" G_GINT64_FORMAT
                       " holds a malformed token", sale->receipt_no);
          return NULL;
        }
    }
  return g_steal_pointer (&r);
}

/* The receipt of @receipt_no at @point_name, marked COPY if printed
 * before; *@out_sale_id names the sale. */
static PosReceipt *
load_receipt (PosContext  *context,
              const char  *point_name,
              gint64       receipt_no,
              gint64      *out_sale_id,
              GError     **error)
{
  g_autoptr(PosDbVendingPoint) point = NULL;
  g_autoptr(PosDbSale) sale = NULL;
  gint64 prints;
  PosReceipt *receipt;
  PosDb *db;

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "printing receipts", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  point = pos_point_resolve (context, db, point_name, error);
  if (point == NULL)
    return NULL;
  sale = pos_db_sale_get_by_receipt (db, point->id, receipt_no, error);
  if (sale == NULL)
    {
      if (g_error_matches (*error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
        {
          g_clear_error (error);
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_FOUND, "no receipt %" G_GINT64_FORMAT " at %s",
                       receipt_no, point->name);
        }
      pos_app_error_from_db (error, "the receipt");
      return NULL;
    }
  prints = pos_db_sale_prints (db, sale->id, error);
  receipt = prints >= 0 ? build_receipt (db, point, sale, prints > 0, error) : NULL;
  if (receipt == NULL)
    {
      pos_app_error_from_db (error, "the receipt");
      return NULL;
    }
  *out_sale_id = sale->id;
  return receipt;
}

static GBytes *
render (const PosReceipt  *receipt,
        PosReceiptFormat   format,
        gboolean           qr,
        GError           **error)
{
  switch (format)
    {
    case POS_RECEIPT_ESCPOS_58:
      return pos_escpos_render_receipt (receipt, POS_ESCPOS_COLUMNS_58MM, qr, error);
    case POS_RECEIPT_ESCPOS_80:
      return pos_escpos_render_receipt (receipt, POS_ESCPOS_COLUMNS_80MM, qr, error);
    case POS_RECEIPT_PDF_A4:
      return pos_receipt_render_pdf (receipt, POS_PAPER_A4, error);
    case POS_RECEIPT_PDF_A5:
      return pos_receipt_render_pdf (receipt, POS_PAPER_A5, error);
    case POS_RECEIPT_PDF_ROLL:
      return pos_receipt_render_pdf (receipt, POS_PAPER_ROLL_80MM, error);
    case POS_RECEIPT_PNG:
    default:
      return pos_receipt_render_png (receipt, 576, error);
    }
}

GBytes *
pos_receipt_render (PosContext        *context,
                    const char        *point,
                    gint64             receipt_no,
                    PosReceiptFormat   format,
                    GError           **error)
{
  g_autoptr(PosReceipt) receipt = NULL;
  g_autofree char *qr = NULL;
  gint64 sale_id;
  GBytes *bytes;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  receipt = load_receipt (context, point, receipt_no, &sale_id, error);
  if (receipt == NULL)
    return NULL;
  qr = pos_context_get_setting (context, POS_SETTING_RECEIPT_QR);
  bytes = render (receipt, format, g_strcmp0 (qr, "true") == 0, error);
  if (bytes == NULL)
    pos_app_error_from_print (error, "rendering the receipt");
  return bytes;
}

typedef struct
{
  gint64      sale_id;
  gint64      receipt_no;
  const char *printer;
  gboolean    copy;
} PrintedData;

static gboolean
printed_body (PosContext  *context,
              PosDb       *db,
              gpointer     data,
              GError     **error)
{
  PrintedData *d = data;
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *detail = NULL;
  gint64 prints;

  if (!pos_db_sale_count_print (db, d->sale_id, &prints, error))
    return FALSE;
  json_object_set_int_member (info, "receipt", d->receipt_no);
  json_object_set_string_member (info, "printer", d->printer);
  json_object_set_boolean_member (info, "copy", prints > 1);
  detail = pos_json_to_string (info);
  return pos_context_audit (context, "receipt-print", detail, error);
}

gboolean
pos_receipt_print (PosContext   *context,
                   const char   *point,
                   gint64        receipt_no,
                   const char   *printer,
                   gboolean     *out_copy,
                   GError      **error)
{
  g_autoptr(PosReceipt) receipt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *configured = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *title = NULL;
  PosReceiptFormat format = POS_RECEIPT_ESCPOS_80;
  PrintedData printed;
  gint64 sale_id;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  if (printer == NULL)
    printer = configured = pos_context_get_setting (context, POS_SETTING_RECEIPT_PRINTER);
  if (printer == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_PRINTER,
                   "no receipt printer is set up; choose one (stsvend-cli printers --receipt NAME)");
      return FALSE;
    }
  format_name = pos_context_get_setting (context, POS_SETTING_RECEIPT_FORMAT);
  if (format_name != NULL && (!pos_receipt_format_parse (format_name, &format) || format == POS_RECEIPT_PNG))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_PRINTER, "the receipt format “%s” is not one a printer "
                   "takes (escpos-58, escpos-80, pdf-a4, pdf-a5, pdf-roll)", format_name);
      return FALSE;
    }
  receipt = load_receipt (context, point, receipt_no, &sale_id, error);
  if (receipt == NULL)
    return FALSE;
  qr = pos_context_get_setting (context, POS_SETTING_RECEIPT_QR);
  bytes = render (receipt, format, g_strcmp0 (qr, "true") == 0, error);
  title = g_strdup_printf ("Receipt %s", receipt->receipt_number);
  if (bytes == NULL
      || !pos_printer_print (printer, title, format <= POS_RECEIPT_ESCPOS_80 ? POS_PRINT_FORMAT_RAW : POS_PRINT_FORMAT_PDF,
                             bytes, POS_PRINTER_DEFAULT_TIMEOUT_MS, NULL, NULL, error))
    {
      pos_app_error_from_print (error, "the receipt was not printed (the sale is recorded; print it again)");
      return FALSE;
    }
  printed = (PrintedData) { sale_id, receipt_no, printer, receipt->copy };
  if (out_copy != NULL)
    *out_copy = receipt->copy;
  return pos_context_in_transaction (context, printed_body, &printed, "recording the print", error);
}

JsonArray *
pos_printers_list (PosContext  *context,
                   GError     **error)
{
  static const char *const states[] = { "idle", "processing", "stopped" };
  g_autoptr(GPtrArray) printers = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *report = NULL;
  JsonArray *result;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  printers = pos_printer_list (error);
  if (printers == NULL)
    {
      pos_app_error_from_print (error, "listing printers");
      return NULL;
    }
  receipt = pos_context_get_setting (context, POS_SETTING_RECEIPT_PRINTER);
  report = pos_context_get_setting (context, POS_SETTING_REPORT_PRINTER);
  result = json_array_new ();
  for (guint i = 0; i < printers->len; i++)
    {
      PosPrinterInfo *p = printers->pdata[i];
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "name", p->name);
      json_object_set_boolean_member (o, "default", p->is_default);
      json_object_set_string_member (o, "state", states[CLAMP ((int) p->state, 0, 2)]);
      json_object_set_string_member (o, "message", p->state_message != NULL ? p->state_message : "");
      json_object_set_boolean_member (o, "accepting", p->accepting);
      json_object_set_boolean_member (o, "receipt_printer", g_strcmp0 (p->name, receipt) == 0);
      json_object_set_boolean_member (o, "report_printer", g_strcmp0 (p->name, report) == 0);
      json_array_add_object_element (result, o);
    }
  return result;
}

static gboolean
check_queue (const char  *name,
             const char  *what,
             GError     **error)
{
  g_autoptr(PosPrinterInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  if (name == NULL || *name == '\0')
    return TRUE;
  info = pos_printer_get_info (name, &local_error);
  if (info != NULL)
    return TRUE;
  if (g_error_matches (local_error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_PRINTER))
    g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_PRINTER,
                 "there is no print queue “%s” on this machine for %s; nothing was changed "
                 "(“stsvend-cli printers” lists the queues)", name, what);
  else
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      pos_app_error_from_print (error, "checking the printer (nothing was changed)");
    }
  return FALSE;
}

gboolean
pos_printers_configure (PosContext             *context,
                        const PosPrinterChoice *choice,
                        GError                **error)
{
  PosReceiptFormat format;

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (choice != NULL, FALSE);
  if (choice->receipt_format != NULL
      && (!pos_receipt_format_parse (choice->receipt_format, &format) || format == POS_RECEIPT_PNG))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "the receipt format “%s” is not one a printer takes (escpos-58, escpos-80, pdf-a4, pdf-a5, "
                   "pdf-roll); nothing was changed", choice->receipt_format);
      return FALSE;
    }
  if (choice->qr < -1 || choice->qr > 1)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the QR choice must be yes or no");
      return FALSE;
    }
  if (!check_queue (choice->receipt_printer, "receipts", error)
      || !check_queue (choice->report_printer, "reports", error))
    return FALSE;

  if (choice->receipt_printer != NULL
      && !pos_context_set_setting (context, POS_SETTING_RECEIPT_PRINTER,
                                   *choice->receipt_printer != '\0' ? choice->receipt_printer : NULL, error))
    return FALSE;
  if (choice->report_printer != NULL
      && !pos_context_set_setting (context, POS_SETTING_REPORT_PRINTER,
                                   *choice->report_printer != '\0' ? choice->report_printer : NULL, error))
    return FALSE;
  if (choice->receipt_format != NULL
      && !pos_context_set_setting (context, POS_SETTING_RECEIPT_FORMAT, choice->receipt_format, error))
    return FALSE;
  if (choice->qr != -1
      && !pos_context_set_setting (context, POS_SETTING_RECEIPT_QR, choice->qr ? "true" : "false", error))
    return FALSE;
  return TRUE;
}
