/* pos-vend.h: quote (trial vend) and vend: money in, a token out, and the
 * sale recorded in the same transaction as the token */
#pragma once

#include <glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

#define POS_VEND_MAX_LINES 8

/* One tariff step of a quote. */
typedef struct
{
  gint64 kwh;      /* tenths of kWh bought in this step */
  gint64 price;    /* thousandths of a minor unit per kWh */
  gint64 value;    /* minor units */
} PosVendLine;

/* How the money tendered is split.  Money in minor units, energy in tenths
 * of a kWh. */
typedef struct
{
  gint64      tendered;
  gint64      debt_recovered;
  gint64      debt_balance;     /* what remains of the debt afterwards */
  gint64      fixed_charge;
  gint64      vat;
  gint64      energy_value;     /* energy money without VAT */
  gint64      kwh;              /* the energy the token carries */
  guint       n_lines;
  PosVendLine lines[POS_VEND_MAX_LINES];
} PosVendQuote;

/* A completed vend. */
typedef struct
{
  PosVendQuote quote;
  gint64       sale_id;
  gint64       receipt_no;
  guint32      tid;
  char         token[21];
  char         created_at[32];
} PosVendResult;

/* What a vend of @tendered for meter @pan would give, changing nothing. */
gboolean pos_vend_quote (PosContext    *context,
                         const char    *pan,
                         gint64         tendered,
                         PosVendQuote  *out_quote,
                         GError       **error);

/* Sells @tendered of credit to meter @pan: checks the role, the open shift,
 * the meter, the vend limits and the vending point's ceiling; steps the TID
 * past the last one the meter was issued; generates the token and records
 * sale, token, TID, debt recovery and audit entry in one transaction.  On
 * any failure nothing is recorded and no token is returned. */
gboolean pos_vend       (PosContext     *context,
                         const char     *pan,
                         gint64          tendered,
                         PosVendResult  *out_result,
                         GError        **error);

/* Issues meter @pan this month's free basic electricity (its tariff's
 * free units) as a zero-cost credit token, recorded as a sale of kind
 * "free"; once per meter and calendar month (UTC), else
 * POS_APP_ERROR_DUPLICATE.  Same rules as a vend otherwise. */
gboolean pos_vend_free_issue (PosContext     *context,
                              const char     *pan,
                              PosVendResult  *out_result,
                              GError        **error);

/* Shifts: a cashier sells inside an open shift at a vending point. */
gint64   pos_shift_open  (PosContext  *context,
                          const char  *vending_point,
                          gint64       opening_float,
                          GError     **error);

/* Closes the user's shift with the cash counted; *@out_difference is
 * counted minus expected. */
gboolean pos_shift_close (PosContext  *context,
                          gint64       counted_cash,
                          gint64      *out_expected,
                          gint64      *out_difference,
                          GError     **error);

G_END_DECLS
