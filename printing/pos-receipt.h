/* pos-receipt.h: what a receipt says (../shared/DOMAIN.md, "The receipt")
 *
 * A plain struct with public fields that the caller fills in; every string
 * is owned by the receipt (g_strdup it in, or use g_free/g_strdup to
 * replace it) and may be NULL, which leaves its line off.  Money is in
 * integer minor units of @currency with @decimals decimal places; energy
 * in integer tenths of a kWh.  The renderers (pos-escpos.h,
 * pos-receipt-pdf.h) never change a receipt.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  POS_RECEIPT_TOKEN_CREDIT,       /* a credit (or free basic electricity) token */
  POS_RECEIPT_TOKEN_KEY_CHANGE,   /* one of a key change set: printed first */
  POS_RECEIPT_TOKEN_ENGINEERING,  /* clear tamper, clear credit, set power limit, ... */
} PosReceiptTokenKind;

typedef struct
{
  PosReceiptTokenKind  kind;
  char                *label;       /* "Key change 1 of 2", "Credit"; NULL: made up when printed */
  char                 digits[21];  /* exactly 20 digits and a NUL */
} PosReceiptToken;

/* One line of the tariff: "Block 1 (0-50 kWh)", 50.0 kWh at "1.2500/kWh" = 62.50. */
typedef struct
{
  char   *description;
  gint64  kwh_tenths;
  char   *price;          /* already formatted by the caller */
  gint64  value;          /* minor units */
} PosReceiptLine;

typedef struct
{
  char      *kind;                /* title: "Credit", "Engineering: clear tamper", ...; NULL: none */

  char      *utility_name;
  char      *utility_address;
  char      *utility_tax_number;
  char      *vending_point;
  char      *cashier;
  char      *receipt_number;
  char      *date_time;           /* as the customer reads it, formatted by the caller */
  char      *date_time_iso;       /* ISO 8601, for machines (PDF metadata) */

  char      *customer_name;
  char      *customer_account;
  char      *customer_address;
  char      *meter_number;
  char      *sgc;                 /* supply group code, 6 digits */
  guint      krn;
  guint      ti;

  char      *tariff_name;
  GPtrArray *lines;               /* of PosReceiptLine, in order */

  char      *currency;            /* ISO 4217 code, e.g. "ZAR" */
  guint      decimals;            /* of the currency, 0 to 6 */
  gint64     amount_tendered;
  gint64     vat;
  gint64     fixed_charges;
  gint64     debt_recovered;
  gint64     debt_balance;
  gint64     energy_amount;
  gint64     kwh_tenths;
  gint64     change_due;
  gboolean   show_money;          /* FALSE for engineering receipts: no money lines at all */

  GPtrArray *tokens;              /* of PosReceiptToken, in the order they were added */

  gboolean   copy;                /* a reprint: prints COPY */
  gboolean   reversal;            /* a reversal slip: prints REVERSAL */
  char      *note;                /* free text at the foot (a reversal reason, ...); may be NULL */
} PosReceipt;

/* An empty receipt: no strings, zero amounts, show_money TRUE, 2 decimals. */
G_GNUC_WARN_UNUSED_RESULT
PosReceipt *pos_receipt_new        (void);

/* Frees @receipt and everything it holds; NULL is allowed. */
void        pos_receipt_free       (PosReceipt *receipt);

/* Appends a token.  @digits must be 20 ASCII digits (a longer string is
 * refused, not cut); @label may be NULL.  Returns FALSE, adding nothing,
 * when @digits is not 20 digits. */
gboolean    pos_receipt_add_token  (PosReceipt          *receipt,
                                    PosReceiptTokenKind  kind,
                                    const char          *label,
                                    const char          *digits);

/* Appends a tariff line. */
void        pos_receipt_add_line   (PosReceipt *receipt,
                                    const char *description,
                                    gint64      kwh_tenths,
                                    const char *price,
                                    gint64      value);

/* The tokens in the order they must be entered on the meter: key change
 * tokens first (in the order they were added), then the others.  Each is
 * a copy with its label filled in ("Key change 1 of 2", "Credit",
 * "Engineering"); free with g_ptr_array_unref. */
G_GNUC_WARN_UNUSED_RESULT
GPtrArray  *pos_receipt_dup_tokens_in_order (const PosReceipt *receipt);

/* "1 234.50" for 123450 with 2 decimals: groups of three digits split by a
 * space, '.' before the decimals, '-' in front when negative; no locale. */
G_GNUC_WARN_UNUSED_RESULT
char       *pos_print_format_money       (gint64 minor,
                                          guint  decimals);

/* "1234.50": the same without grouping, for CSV and machines. */
G_GNUC_WARN_UNUSED_RESULT
char       *pos_print_format_money_plain (gint64 minor,
                                          guint  decimals);

/* "62.0" for 620 tenths of a kWh (no grouping). */
G_GNUC_WARN_UNUSED_RESULT
char       *pos_print_format_kwh         (gint64 tenths);

/* "1234 5678 9012 3456 7890" from the first 20 characters of @digits,
 * which must be digits; NULL when they are not. */
G_GNUC_WARN_UNUSED_RESULT
char       *pos_print_format_token       (const char digits[20]);

void        pos_receipt_token_free       (PosReceiptToken *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosReceipt, pos_receipt_free)

G_END_DECLS
