/* pos-db-records.h: the rows of the stsvend database as C structs, and the
 * queries that read and write them
 *
 * Every string member is owned by its struct; each struct has a _free
 * function and g_autoptr support.  Money is in integer minor units, energy
 * in tenths of a kWh, times are UTC ISO 8601 strings.  Lookups that find
 * nothing return NULL with POS_DB_ERROR_NOT_FOUND.
 */
#pragma once

#include <glib-object.h>

#include "pos-db.h"

G_BEGIN_DECLS

/* -- utility ----------------------------------------------------------- */

typedef struct
{
  char   *name;
  char   *address;
  char   *tax_number;
  char   *currency;
  int     minor_digits;
  gint64  min_vend;
  gint64  max_vend;      /* 0 = no maximum */
  GBytes *kek_salt;      /* NULL until a passphrase is set */
  GBytes *kek_check;
} PosDbUtility;

void          pos_db_utility_free    (PosDbUtility *utility);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbUtility, pos_db_utility_free)

PosDbUtility *pos_db_utility_get    (PosDb               *self,
                                      GError             **error);
gboolean      pos_db_utility_set    (PosDb               *self,
                                      const PosDbUtility  *utility,
                                      GError             **error);

/* -- users --------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  char   *username;
  char   *full_name;
  char   *role;            /* "admin", "supervisor", "cashier" */
  char   *password_hash;
  int     failed_logins;
  char   *locked_until;    /* NULL = not locked */
  gboolean active;
} PosDbUser;

void       pos_db_user_free              (PosDbUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbUser, pos_db_user_free)

/* Sets user->id. */
gboolean   pos_db_user_insert            (PosDb       *self,
                                          PosDbUser   *user,
                                          const char  *now,
                                          GError     **error);
PosDbUser *pos_db_user_get_by_name       (PosDb       *self,
                                          const char  *username,
                                          GError     **error);
PosDbUser *pos_db_user_get               (PosDb       *self,
                                          gint64       id,
                                          GError     **error);
/* Records the outcome of a login attempt. */
gboolean   pos_db_user_set_login_state   (PosDb       *self,
                                          gint64       id,
                                          int          failed_logins,
                                          const char  *locked_until,
                                          GError     **error);
gboolean   pos_db_user_set_password      (PosDb       *self,
                                          gint64       id,
                                          const char  *password_hash,
                                          GError     **error);
gint64     pos_db_user_count             (PosDb       *self,
                                          GError     **error);

/* Sets the user's role and whether they may log in; making a user active
 * again also clears their failed logins and lock-out. */
gboolean   pos_db_user_update            (PosDb       *self,
                                          gint64       id,
                                          const char  *role,
                                          gboolean     active,
                                          GError     **error);

/* -- vending keys ------------------------------------------------------ */

typedef struct
{
  gint64  id;
  char   *name;
  int     dkga;
  GBytes *wrapped;        /* AES-256-GCM, never the key in clear */
} PosDbVendingKey;

void             pos_db_vending_key_free   (PosDbVendingKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbVendingKey, pos_db_vending_key_free)

gboolean         pos_db_vending_key_insert (PosDb            *self,
                                            PosDbVendingKey  *key,
                                            const char       *now,
                                            GError          **error);
PosDbVendingKey *pos_db_vending_key_get    (PosDb            *self,
                                            gint64            id,
                                            GError          **error);
PosDbVendingKey *pos_db_vending_key_get_by_name (PosDb       *self,
                                                 const char  *name,
                                                 GError     **error);

/* -- supply groups ------------------------------------------------------ */

typedef struct
{
  gint64  id;
  char   *name;
  char   *sgc;             /* 6 digits */
  int     krn;
  int     kt;
  int     ken;
  int     base;
  int     ea;
  gint64  vending_key_id;
} PosDbSupplyGroup;

void              pos_db_supply_group_free   (PosDbSupplyGroup *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbSupplyGroup, pos_db_supply_group_free)

gboolean          pos_db_supply_group_insert (PosDb             *self,
                                              PosDbSupplyGroup  *group,
                                              GError           **error);
PosDbSupplyGroup *pos_db_supply_group_get    (PosDb             *self,
                                              gint64             id,
                                              GError           **error);
PosDbSupplyGroup *pos_db_supply_group_find   (PosDb             *self,
                                              const char        *sgc,
                                              int                krn,
                                              GError           **error);

/* -- tariffs ------------------------------------------------------------- */

typedef struct
{
  gint64 up_to;            /* cumulative tenths of kWh in the month; 0 = no limit */
  gint64 price;            /* thousandths of a minor unit per kWh */
} PosDbTariffBlock;

typedef struct
{
  gint64   id;
  char    *name;
  int      vat_rate_bp;
  gboolean vat_inclusive;
  gint64   fixed_monthly;
  gint64   free_units;     /* tenths of kWh a month */
  gboolean active;
  GArray  *blocks;         /* PosDbTariffBlock, in order */
} PosDbTariff;

void         pos_db_tariff_free        (PosDbTariff *tariff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbTariff, pos_db_tariff_free)

PosDbTariff *pos_db_tariff_new         (void);
gboolean     pos_db_tariff_insert      (PosDb        *self,
                                        PosDbTariff  *tariff,
                                        GError      **error);
PosDbTariff *pos_db_tariff_get         (PosDb        *self,
                                        gint64        id,
                                        GError      **error);
PosDbTariff *pos_db_tariff_get_by_name (PosDb        *self,
                                        const char   *name,
                                        GError      **error);

/* -- customers and meters ----------------------------------------------- */

typedef struct
{
  gint64  id;
  char   *account_no;
  char   *name;
  char   *address;
  char   *phone;
  char   *created_at;
} PosDbCustomer;

void           pos_db_customer_free   (PosDbCustomer *customer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbCustomer, pos_db_customer_free)

gboolean       pos_db_customer_insert (PosDb          *self,
                                       PosDbCustomer  *customer,
                                       GError        **error);
gboolean       pos_db_customer_update (PosDb                *self,
                                       const PosDbCustomer  *customer,
                                       GError              **error);
/* One more than the highest customer id (for a new account number). */
gint64         pos_db_customer_next_id (PosDb         *self,
                                        GError       **error);
PosDbCustomer *pos_db_customer_get    (PosDb          *self,
                                       gint64          id,
                                       GError        **error);

/* Customers in order of name, @limit from @offset: PosDbCustomer*. */
GPtrArray     *pos_db_customer_list   (PosDb          *self,
                                       guint           offset,
                                       guint           limit,
                                       GError        **error);
/* Customers matching @text: an exact account number, meter number or
 * phone number, or words of the name (full-text, prefix matching).  At
 * most @limit, best matches first.  An array of PosDbCustomer*. */
GPtrArray     *pos_db_customer_find   (PosDb          *self,
                                       const char     *text,
                                       guint           limit,
                                       GError        **error);

typedef struct
{
  gint64  id;
  char   *pan;
  gint64  customer_id;
  gint64  supply_group_id;
  int     ti;
  gint64  tariff_id;
  char   *status;          /* "active", "blocked", "removed" */
  char   *card_serial;     /* NULL: a keypad meter */
  gint64  last_tid;        /* -1: no token yet */
} PosDbMeter;

void        pos_db_meter_free         (PosDbMeter *meter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbMeter, pos_db_meter_free)

gboolean    pos_db_meter_insert       (PosDb        *self,
                                       PosDbMeter   *meter,
                                       const char   *now,
                                       GError      **error);
PosDbMeter *pos_db_meter_get          (PosDb        *self,
                                       gint64        id,
                                       GError      **error);
PosDbMeter *pos_db_meter_get_by_pan   (PosDb        *self,
                                       const char   *pan,
                                       GError      **error);
/* The customer's meters, an array of PosDbMeter*. */
GPtrArray  *pos_db_meter_list_for_customer (PosDb   *self,
                                            gint64   customer_id,
                                            GError **error);
/* Moves the meter to another supply group and tariff index (a key
 * change); with @reset_tids its TIDs start again (a new base date). */
gboolean    pos_db_meter_move         (PosDb        *self,
                                       gint64        id,
                                       gint64        supply_group_id,
                                       int           ti,
                                       gboolean      reset_tids,
                                       GError      **error);
/* The active meters of a supply group, by id: an array of PosDbMeter*. */
GPtrArray  *pos_db_meter_list_in_group (PosDb       *self,
                                        gint64       supply_group_id,
                                        GError     **error);
/* Sets the meter's tariff and status ("active", "blocked", "removed"). */
gboolean    pos_db_meter_update       (PosDb        *self,
                                       gint64        id,
                                       gint64        tariff_id,
                                       const char   *status,
                                       GError      **error);
gboolean    pos_db_meter_set_last_tid (PosDb        *self,
                                       gint64        id,
                                       gint64        last_tid,
                                       GError      **error);

/* -- vending points ------------------------------------------------------ */

typedef struct
{
  gint64  id;
  char   *name;
  gint64  credit_ceiling;   /* 0 = none */
  gint64  credit_used;
} PosDbVendingPoint;

void               pos_db_vending_point_free   (PosDbVendingPoint *point);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbVendingPoint, pos_db_vending_point_free)

gboolean           pos_db_vending_point_insert (PosDb              *self,
                                                PosDbVendingPoint  *point,
                                                GError            **error);
PosDbVendingPoint *pos_db_vending_point_get    (PosDb              *self,
                                                gint64              id,
                                                GError            **error);
PosDbVendingPoint *pos_db_vending_point_get_by_name (PosDb         *self,
                                                     const char    *name,
                                                     GError       **error);
/* Takes the next receipt number (gap-free: call inside the sale's
 * transaction) and adds @amount to the credit used. */
gboolean           pos_db_vending_point_take_receipt (PosDb    *self,
                                                      gint64    id,
                                                      gint64    amount,
                                                      gint64   *out_receipt_no,
                                                      GError  **error);
/* Sets the credit used back to zero (the administrator has reconciled
 * the point's takings) and, when @ceiling >= 0, a new credit ceiling. */
gboolean           pos_db_vending_point_reconcile    (PosDb    *self,
                                                      gint64    id,
                                                      gint64    ceiling,
                                                      GError  **error);

/* -- listing ------------------------------------------------------------ */

/* The administration tables that are listed whole (they are small). */
typedef enum
{
  POS_DB_TABLE_USERS,
  POS_DB_TABLE_VENDING_KEYS,
  POS_DB_TABLE_SUPPLY_GROUPS,
  POS_DB_TABLE_TARIFFS,
  POS_DB_TABLE_VENDING_POINTS,
} PosDbTable;

/* The ids of @table's rows in order of name: a GArray of gint64, for
 * the _get function of each. */
GArray            *pos_db_list_ids                   (PosDb       *self,
                                                      PosDbTable   table,
                                                      GError     **error);

G_END_DECLS
