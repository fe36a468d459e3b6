/* pos-db-sales.h: sales, their tokens, shifts, debts and the audit log */
#pragma once

#include <glib-object.h>

#include "pos-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  vending_point_id;
  gint64  receipt_no;
  char   *kind;             /* credit, free, engineering, key_change, reversal */
  gint64  meter_id;         /* 0 = none */
  gint64  customer_id;      /* 0 = none */
  gint64  user_id;
  gint64  shift_id;         /* 0 = none */
  char   *created_at;
  char   *payment_method;
  gint64  tendered;
  gint64  amount;           /* money taken (tendered less change) */
  gint64  vat;
  gint64  fixed_charge;
  gint64  debt_recovered;
  gint64  energy_value;
  gint64  kwh;              /* tenths */
  gint64  tariff_id;        /* 0 = none: the tariff sold at */
  char   *status;           /* ok, reversed */
  gint64  reversal_of;      /* 0 = none */
  char   *reason;
  char   *detail;           /* JSON */
  gint64  generation;       /* the restore generation it was sold in (0: before any) */
} PosDbSale;

typedef struct
{
  gint64 id;
  gint64 sale_id;
  gint64 meter_id;
  int    seq;
  char   token[21];
  gint64 tid;               /* -1: none (key change tokens) */
  int    base;              /* the TID's base date */
  int    token_class;
  int    subclass;
} PosDbToken;

void       pos_db_sale_free             (PosDbSale *sale);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbSale, pos_db_sale_free)

/* Sets sale->id. */
gboolean   pos_db_sale_insert           (PosDb       *self,
                                         PosDbSale   *sale,
                                         GError     **error);
gboolean   pos_db_token_insert          (PosDb       *self,
                                         PosDbToken  *token,
                                         GError     **error);
PosDbSale *pos_db_sale_get              (PosDb       *self,
                                         gint64       id,
                                         GError     **error);
PosDbSale *pos_db_sale_get_by_receipt   (PosDb       *self,
                                         gint64       vending_point_id,
                                         gint64       receipt_no,
                                         GError     **error);
/* The sale's tokens in order of entry: a GArray of PosDbToken. */
GArray    *pos_db_token_list_for_sale   (PosDb       *self,
                                         gint64       sale_id,
                                         GError     **error);
/* How many receipts of sale @id were printed; -1 on error. */
gint64     pos_db_sale_prints           (PosDb       *self,
                                         gint64       id,
                                         GError     **error);
/* Counts one more printed receipt of sale @id; *@out_prints is the count
 * with this one (1: the original, more: copies). */
gboolean   pos_db_sale_count_print      (PosDb       *self,
                                         gint64       id,
                                         gint64      *out_prints,
                                         GError     **error);
/* Marks an "ok" sale reversed; NOT_FOUND if it is not (or no longer) ok. */
gboolean   pos_db_sale_set_reversed     (PosDb       *self,
                                         gint64       id,
                                         GError     **error);
/* Sales of a meter, newest first: PosDbSale*. */
GPtrArray *pos_db_sale_list_for_meter   (PosDb       *self,
                                         gint64       meter_id,
                                         guint        limit,
                                         GError     **error);
/* Sales of a customer (all their meters), newest first: PosDbSale*. */
GPtrArray *pos_db_sale_list_for_customer (PosDb     *self,
                                          gint64     customer_id,
                                          guint      limit,
                                          GError   **error);
/* How many sales of @kind (not reversed) @meter_id had in [@from, @to). */
gint64     pos_db_meter_sales_between   (PosDb       *self,
                                         gint64       meter_id,
                                         const char  *kind,
                                         const char  *from,
                                         const char  *to,
                                         GError     **error);
/* Tenths of kWh sold to @meter_id (credit and free, not reversed) with
 * created_at in [@from, @to). */
gint64     pos_db_meter_kwh_between     (PosDb       *self,
                                         gint64       meter_id,
                                         const char  *from,
                                         const char  *to,
                                         GError     **error);
/* Fixed charges collected from @customer_id in [@from, @to). */
gint64     pos_db_customer_fixed_between (PosDb      *self,
                                          gint64      customer_id,
                                          const char *from,
                                          const char *to,
                                          GError    **error);

/* -- shifts ------------------------------------------------------------ */

typedef struct
{
  gint64  id;
  gint64  user_id;
  gint64  vending_point_id;
  char   *opened_at;
  gint64  opening_float;
  char   *closed_at;        /* NULL while open */
  gint64  counted_cash;
  gint64  expected_cash;
} PosDbShift;

void        pos_db_shift_free        (PosDbShift *shift);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbShift, pos_db_shift_free)

gboolean    pos_db_shift_open        (PosDb       *self,
                                      PosDbShift  *shift,
                                      GError     **error);
/* The user's open shift; NOT_FOUND if none. */
PosDbShift *pos_db_shift_get_open    (PosDb       *self,
                                      gint64       user_id,
                                      GError     **error);
/* Cash the shift should hold: the float plus cash sales less reversals. */
/* Any shift by id, or a user's latest (open or closed); NOT_FOUND. */
PosDbShift *pos_db_shift_get          (PosDb       *self,
                                       gint64       id,
                                       GError     **error);
PosDbShift *pos_db_shift_get_latest   (PosDb       *self,
                                       gint64       user_id,
                                       GError     **error);
/* Opening float plus the shift's cash takings: any sign. */
gboolean    pos_db_shift_expected_cash (PosDb     *self,
                                        gint64     shift_id,
                                        gint64    *out_cash,
                                        GError   **error);
gboolean    pos_db_shift_close       (PosDb       *self,
                                      gint64       shift_id,
                                      const char  *closed_at,
                                      gint64       counted_cash,
                                      gint64       expected_cash,
                                      GError     **error);

/* -- debts ------------------------------------------------------------- */

typedef struct
{
  gint64 id;
  gint64 customer_id;
  gint64 balance;
  int    recovery_bp;
  gint64 min_per_vend;
} PosDbDebt;

gboolean    pos_db_debt_insert       (PosDb       *self,
                                      PosDbDebt   *debt,
                                      const char  *description,
                                      const char  *now,
                                      GError     **error);
/* The customer's oldest debt with a balance; FALSE with NOT_FOUND if none. */
gboolean    pos_db_debt_get_open     (PosDb       *self,
                                      gint64       customer_id,
                                      PosDbDebt   *out,
                                      GError     **error);
/* balance += @delta (negative to recover); refuses to go below zero. */
gboolean    pos_db_debt_adjust       (PosDb       *self,
                                      gint64       id,
                                      gint64       delta,
                                      GError     **error);

/* -- audit log ----------------------------------------------------------- */

/* Appends a row chained to the previous one: hash = SHA-256 over the
 * previous hash and the row's fields. */
gboolean    pos_db_audit_append      (PosDb       *self,
                                      const char  *at,
                                      gint64       user_id,
                                      const char  *action,
                                      const char  *detail,
                                      GError     **error);
/* Recomputes the chain; FALSE with a message naming the first row that
 * was edited, inserted or deleted.  *@out_rows: rows checked. */
gboolean    pos_db_audit_verify      (PosDb       *self,
                                      gint64      *out_rows,
                                      GError     **error);

G_END_DECLS

G_BEGIN_DECLS

/* The newest sale of @kind for @meter_id; NOT_FOUND if none. */
PosDbSale *pos_db_sale_last_for_meter (PosDb       *self,
                                       gint64       meter_id,
                                       const char  *kind,
                                       GError     **error);

/* -- Z reports ------------------------------------------------------------ */

/* Which sales a total covers. */
typedef enum
{
  POS_DB_SCOPE_POINT,       /* one vending point's (id), in [from, to) */
  POS_DB_SCOPE_ALL,         /* every vending point's, in [from, to) (id unused) */
  POS_DB_SCOPE_SHIFT,       /* one shift's (id), in [from, to) */
} PosDbScope;

/* Totals of the sales in a scope with created_at in [@from, @to). */
typedef struct
{
  gint64  n_sales;          /* credit and free sales, reversed ones included */
  gint64  amount;           /* money taken, less reversals */
  gint64  vat;
  gint64  fixed_charge;
  gint64  debt_recovered;
  gint64  kwh;
  gint64  n_tokens;
  gint64  n_reversals;
  gint64  reversed_amount;  /* positive */
  gint64  hourly[24];       /* money by hour of day (UTC) */
  GPtrArray *by_cashier;    /* PosDbCashierTotal* */
  GPtrArray *by_payment;    /* PosDbCashierTotal*, name = payment method */
  GPtrArray *by_tariff;     /* PosDbCashierTotal*, name = the tariff sold at (credit and free) */
  GPtrArray *by_token;      /* PosDbCashierTotal*, name = "class/subclass", amount = kWh tenths */
} PosDbDayTotals;

typedef struct
{
  char  *name;
  gint64 n_sales;
  gint64 amount;
} PosDbCashierTotal;

void     pos_db_day_totals_clear  (PosDbDayTotals *totals);
gboolean pos_db_totals            (PosDb           *self,
                                   PosDbScope       scope,
                                   gint64           id,
                                   const char      *from,
                                   const char      *to,
                                   PosDbDayTotals  *out,
                                   GError         **error);

/* One sale as a report lists it. */
typedef struct
{
  gint64      receipt_no;
  const char *vending_point;
  const char *created_at;
  const char *kind;
  const char *status;
  const char *cashier;
  const char *account;      /* "" for none */
  const char *meter;        /* "" for none */
  const char *tariff;       /* "" for none */
  gint64      amount;
  gint64      vat;
  gint64      fixed_charge;
  gint64      debt_recovered;
  gint64      kwh;
} PosDbSaleRow;

/* Calls @each for every sale of the scope, oldest first, without holding
 * them all in memory; @each returns FALSE to stop.  *@out_count, when
 * given, is the number of sales that @each was called for. */
typedef gboolean (*PosDbSaleRowFunc) (const PosDbSaleRow *row,
                                      gpointer            user_data);
gboolean pos_db_sales_each        (PosDb             *self,
                                   PosDbScope         scope,
                                   gint64             id,
                                   const char        *from,
                                   const char        *to,
                                   PosDbSaleRowFunc   each,
                                   gpointer           user_data,
                                   GError           **error);
/* How many sales the scope has (for progress). */
gint64   pos_db_sales_count       (PosDb             *self,
                                   PosDbScope         scope,
                                   gint64             id,
                                   const char        *from,
                                   const char        *to,
                                   GError           **error);

/* Stores a closed Z report under the vending point's next number
 * (*@out_number).  CONSTRAINT if that day is closed already. */
gboolean pos_db_z_report_insert   (PosDb       *self,
                                   gint64       vending_point_id,
                                   const char  *day,
                                   const char  *closed_at,
                                   gint64       closed_by,
                                   const char  *body,
                                   gint64      *out_number,
                                   GError     **error);
/* TRUE if @day is closed at the vending point (FALSE on error too, with
 * @error set). */
gboolean pos_db_z_report_exists   (PosDb       *self,
                                   gint64       vending_point_id,
                                   const char  *day,
                                   GError     **error);
/* The body of report @number; NOT_FOUND if none. */
char    *pos_db_z_report_get      (PosDb       *self,
                                   gint64       vending_point_id,
                                   gint64       number,
                                   GError     **error);

G_END_DECLS
