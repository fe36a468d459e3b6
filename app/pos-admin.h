/* pos-admin.h: setting up an installation and what only administrators
 * may change: users, vending keys, supply groups, tariffs, vending points */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

/* What init needs to create a database. */
typedef struct
{
  const char *utility_name;
  const char *address;
  const char *tax_number;
  const char *currency;        /* NULL: ZAR */
  const char *admin_username;
  const char *admin_password;
  const char *passphrase;      /* protects the vending keys */
} PosSetup;

/* Initialises the open, empty database: the utility, the key-encryption
 * key (from @setup->passphrase), and the first administrator, who is then
 * logged in.  POS_APP_ERROR_DUPLICATE if it was initialised already. */
gboolean pos_admin_init               (PosContext      *context,
                                       const PosSetup  *setup,
                                       GError         **error);

gint64   pos_admin_add_user           (PosContext  *context,
                                       const char  *username,
                                       const char  *full_name,
                                       PosRole      role,
                                       const char  *password,
                                       GError     **error);

/* Imports a vending key from hex (16 digits for DKGA02, 40 for DKGA04),
 * stored only wrapped.  Needs the keys unlocked.  Returns its id. */
gint64   pos_admin_import_vending_key (PosContext  *context,
                                       const char  *name,
                                       int          dkga,
                                       const char  *hex,
                                       GError     **error);

typedef struct
{
  const char *name;
  const char *sgc;
  int         krn;
  int         kt;
  int         ken;           /* 255 = never expires */
  int         base;          /* 1993, 2014, 2035 */
  int         ea;            /* 7, 9, 11 */
  const char *vending_key;   /* the key's name */
} PosSupplyGroupSpec;

gint64   pos_admin_add_supply_group   (PosContext                *context,
                                       const PosSupplyGroupSpec  *spec,
                                       GError                   **error);

/* One step of a block tariff. */
typedef struct
{
  gint64 up_to;              /* monthly cumulative tenths of kWh; 0 = no limit (last step) */
  gint64 price;              /* thousandths of a minor unit per kWh */
} PosTariffStep;

typedef struct
{
  const char          *name;
  int                  vat_rate_bp;
  gboolean             vat_inclusive;
  gint64               fixed_monthly;
  gint64               free_units;
  const PosTariffStep *steps;
  guint                n_steps;
} PosTariffSpec;

gint64   pos_admin_add_tariff         (PosContext           *context,
                                       const PosTariffSpec  *spec,
                                       GError              **error);

gint64   pos_admin_add_vending_point  (PosContext  *context,
                                       const char  *name,
                                       gint64       credit_ceiling,
                                       GError     **error);

/* What pos_admin_list lists. */
typedef enum
{
  POS_ADMIN_USERS,             /* admin */
  POS_ADMIN_VENDING_KEYS,      /* admin; names and DKGA only, never a key */
  POS_ADMIN_SUPPLY_GROUPS,     /* any user */
  POS_ADMIN_TARIFFS,           /* any user */
  POS_ADMIN_VENDING_POINTS,    /* any user */
} PosAdminList;

/* The rows of @what as objects, in order of name. */
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_admin_list            (PosContext    *context,
                                       PosAdminList   what,
                                       GError       **error);

/* Changes user @username (admin): @role (POS_ROLE_NONE keeps it),
 * @active (-1 keeps it; 1 also lifts a lock-out), @new_password (NULL
 * keeps it).  An administrator cannot disable or demote themself, so the
 * installation always keeps one.  Audited, never with the password. */
gboolean    pos_admin_update_user     (PosContext  *context,
                                       const char  *username,
                                       PosRole      role,
                                       int          active,
                                       const char  *new_password,
                                       GError     **error);

/* The logged-in user changes their own password, giving the old one. */
gboolean    pos_user_change_password  (PosContext  *context,
                                       const char  *old_password,
                                       const char  *new_password,
                                       GError     **error);

/* The utility's details (name, address, tax number, currency, minor
 * digits, vend limits) for receipts and screens; any logged-in user. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_utility_get           (PosContext  *context,
                                       GError     **error);

/* Sets the utility's details (admin); NULL strings and negative limits
 * keep their value; @max_vend 0 means no maximum. */
gboolean    pos_admin_set_utility     (PosContext  *context,
                                       const char  *name,
                                       const char  *address,
                                       const char  *tax_number,
                                       gint64       min_vend,
                                       gint64       max_vend,
                                       GError     **error);

/* The administrator has counted in the takings of vending point @name:
 * its credit used starts again from zero, and with @ceiling >= 0 its
 * credit ceiling changes (0 = none).  Audited with the amount
 * reconciled; *@out_reconciled, when given, receives it. */
gboolean pos_admin_reconcile_point    (PosContext  *context,
                                       const char  *name,
                                       gint64       ceiling,
                                       gint64      *out_reconciled,
                                       GError     **error);

G_END_DECLS

G_BEGIN_DECLS

/* The demonstration installation's credentials (published on purpose:
 * a demo database holds no real keys or money). */
#define POS_DEMO_ADMIN_PASSWORD      "demo-admin"
#define POS_DEMO_SUPERVISOR_PASSWORD "demo-supervisor"
#define POS_DEMO_CASHIER_PASSWORD    "demo-cashier"
#define POS_DEMO_PASSPHRASE          "stsvend demo passphrase"

/* Fills the open, empty database with a demonstration installation: the
 * public STS test vending key, a supply group, two tariffs, a vending
 * point, users admin/supervisor/cashier and @n_customers customers with a
 * meter each.  Leaves the administrator logged in and the keys unlocked. */
gboolean pos_admin_demo (PosContext  *context,
                         guint        n_customers,
                         GError     **error);

G_END_DECLS
