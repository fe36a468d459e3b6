/* pos-async.h: the use cases a GUI needs, as _async/_finish pairs
 *
 * Each call copies its inputs, runs the synchronous use case in a worker
 * thread and reports back in the caller's thread-default main context.
 *
 * One PosContext has one SQLite connection with cached statements, a
 * logged-in user and a key-encryption key: two use cases must never run on
 * it at once.  So every context gets one queue: a thread of its own fed
 * through a GAsyncQueue, started on the first asynchronous call and stopped
 * (and joined) when the context is freed.  Jobs run one at a time in the
 * order they were made (FIFO), and a waiting job blocks no thread (a mutex
 * would park GTask's shared worker threads).
 * A front end that uses these functions must not call the synchronous use
 * cases on the same context meanwhile; the read-only getters
 * (pos_context_get_username...) are replaced by the PosSession that
 * pos_login_finish() returns.
 *
 * Cancellation: a cancelled job that has not started yet is skipped and
 * finishes with G_IO_ERROR_CANCELLED.  A vend, once started, always
 * reports its result (a recorded sale must never lose its token).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pos-admin.h"
#include "pos-context.h"
#include "pos-engineering.h"
#include "pos-receipts.h"
#include "pos-reports.h"
#include "pos-vend.h"

G_BEGIN_DECLS

/* The per-user database file that pos_context_open_database (ctx, NULL, ...)
 * opens. */
G_GNUC_WARN_UNUSED_RESULT
char       *pos_database_default_path         (void);

/* Who is logged in, as the front end shows it. */
typedef struct
{
  char     *username;
  char     *full_name;
  PosRole   role;
  gboolean  keys_unlocked;
  gboolean  shift_open;
  char     *shift_point;       /* NULL without an open shift */
  char     *shift_opened_at;   /* ISO 8601, UTC */
  gint64    shift_float;       /* minor units */
} PosSession;

void        pos_session_free                  (PosSession *session);
G_GNUC_WARN_UNUSED_RESULT
PosSession *pos_session_copy                  (const PosSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosSession, pos_session_free)

/* Opens @path (%NULL: the per-user default).  With @create_demo, fills the
 * new database with pos_admin_demo (@n_customers) and logs out again. */
void        pos_database_open_async           (PosContext          *context,
                                               const char          *path,
                                               gboolean             create_demo,
                                               guint                n_customers,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_database_open_finish          (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* Logs @username in and, when @passphrase is not %NULL, unlocks the
 * vending keys; a wrong passphrase logs out again, so either both happen
 * or neither.  Returns the session. */
void        pos_login_async                   (PosContext          *context,
                                               const char          *username,
                                               const char          *password,
                                               const char          *passphrase,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
PosSession *pos_login_finish                  (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

void        pos_logout_async                  (PosContext          *context,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_logout_finish                 (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* Unlocks the vending keys of the logged-in session. */
void        pos_unlock_keys_async             (PosContext          *context,
                                               const char          *passphrase,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_unlock_keys_finish            (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_customer_find(); each meter object also carries "tariff", the name
 * of its tariff. */
void        pos_customer_find_async           (PosContext          *context,
                                               const char          *text,
                                               guint                limit,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_customer_find_finish          (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_customer_list(): customers by name, @limit from @offset, each meter
 * with "tariff" as above. */
void        pos_customer_list_async           (PosContext          *context,
                                               guint                offset,
                                               guint                limit,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_customer_list_finish          (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_admin_list(): @what's rows, in order of name. */
void        pos_admin_list_async              (PosContext          *context,
                                               PosAdminList         what,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_admin_list_finish             (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

void        pos_vend_quote_async              (PosContext          *context,
                                               const char          *pan,
                                               gint64               tendered,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_vend_quote_finish             (PosContext     *context,
                                               GAsyncResult   *result,
                                               PosVendQuote   *out_quote,
                                               GError        **error);

void        pos_vend_async                    (PosContext          *context,
                                               const char          *pan,
                                               gint64               tendered,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_vend_finish                   (PosContext     *context,
                                               GAsyncResult   *result,
                                               PosVendResult  *out_result,
                                               GError        **error);

/* Returns the shift's id. */
void        pos_shift_open_async              (PosContext          *context,
                                               const char          *vending_point,
                                               gint64               opening_float,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gint64      pos_shift_open_finish             (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

void        pos_shift_close_async             (PosContext          *context,
                                               gint64               counted_cash,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_shift_close_finish            (PosContext    *context,
                                               GAsyncResult  *result,
                                               gint64        *out_expected,
                                               gint64        *out_difference,
                                               GError       **error);

/* The current session again (after a shift opened or closed). */
void        pos_session_query_async           (PosContext          *context,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
PosSession *pos_session_query_finish          (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* -- receipts ---------------------------------------------------------------- */

/* pos_receipt_print() of receipt @receipt_no at @point (NULL: the open
 * shift's).  With @reprint it is pos_sale_reprint()'s audited reprint
 * first.  With @only_if_configured and no receipt printer set up, nothing
 * is printed and the result is TRUE with *@out_printed FALSE. */
void        pos_receipt_print_async           (PosContext          *context,
                                               const char          *point,
                                               gint64               receipt_no,
                                               gboolean             reprint,
                                               gboolean             only_if_configured,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_receipt_print_finish          (PosContext    *context,
                                               GAsyncResult  *result,
                                               gboolean      *out_printed,
                                               gboolean      *out_copy,
                                               GError       **error);

/* pos_receipt_render(). */
void        pos_receipt_render_async          (PosContext          *context,
                                               const char          *point,
                                               gint64               receipt_no,
                                               PosReceiptFormat     format,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
GBytes     *pos_receipt_render_finish         (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* -- sales ------------------------------------------------------------------- */

/* Today's sales (UTC) at the vending point of the user's open shift, or
 * else of their last one, oldest first: objects with receipt, point, time,
 * kind, status, cashier, account, customer (name), meter, amount, kwh.
 * Any logged-in user. */
void        pos_sales_today_async             (PosContext          *context,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_sales_today_finish            (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_sale_reissue(). */
void        pos_sale_reissue_async            (PosContext          *context,
                                               const char          *pan,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_sale_reissue_finish           (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_sale_reverse(): the reversal's receipt number, 0 on error. */
void        pos_sale_reverse_async            (PosContext          *context,
                                               const char          *point,
                                               gint64               receipt_no,
                                               const char          *reason,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gint64      pos_sale_reverse_finish           (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_sale_history_for_customer(). */
void        pos_sale_history_async            (PosContext          *context,
                                               const char          *account_no,
                                               guint                limit,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonArray  *pos_sale_history_finish           (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* -- reports ----------------------------------------------------------------- */

typedef enum
{
  POS_REPORT_KIND_SHIFT,      /* pos_report_shift (0): the user's shift */
  POS_REPORT_KIND_SALES,      /* pos_report_sales (@point, @from, @to) */
  POS_REPORT_KIND_Z_CLOSE,    /* pos_z_report_close (@point, @from) */
  POS_REPORT_KIND_Z_GET,      /* pos_z_report_get (@point, @number) */
} PosReportKind;

void        pos_report_async                  (PosContext          *context,
                                               PosReportKind        kind,
                                               const char          *point,
                                               const char          *from_day,
                                               const char          *to_day,
                                               gint64               number,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_report_finish                 (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_report_export(); @progress is called in the caller's main context
 * with @user_data (the same as the callback's, so it lives as long). */
void        pos_report_export_async           (PosContext          *context,
                                               JsonObject          *report,
                                               PosReportFormat      format,
                                               const char          *section,
                                               const char          *path,
                                               PosProgressFunc      progress,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_report_export_finish          (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_report_print() on the configured report printer. */
void        pos_report_print_async            (PosContext          *context,
                                               JsonObject          *report,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_report_print_finish           (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* -- customers and meters ------------------------------------------------------ */

/* Checks a typed meter number: 18 digits, its DRN and PAN check digits
 * (pure and quick: for inline validation on the main thread).  The error
 * (POS_APP_ERROR_BAD_PAN_CHECK_DIGIT or BAD_REQUEST) is a plain sentence. */
gboolean    pos_meter_number_check            (const char  *text,
                                               GError     **error);

/* pos_customer_get(). */
void        pos_customer_get_async            (PosContext          *context,
                                               const char          *account_no,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_customer_get_finish           (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_customer_update() of @account_no, or with @account_no NULL
 * pos_customer_add() of a new customer.  Returns the account number. */
void        pos_customer_save_async           (PosContext          *context,
                                               const char          *account_no,
                                               const char          *name,
                                               const char          *address,
                                               const char          *phone,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
char       *pos_customer_save_finish          (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_meter_add() (keypad meter). */
void        pos_meter_add_async               (PosContext          *context,
                                               const char          *account_no,
                                               const char          *pan,
                                               const char          *sgc,
                                               int                  krn,
                                               int                  ti,
                                               const char          *tariff,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_meter_add_finish              (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_meter_update(). */
void        pos_meter_update_async            (PosContext          *context,
                                               const char          *pan,
                                               const char          *tariff,
                                               const char          *status,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_meter_update_finish           (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* -- administration -------------------------------------------------------------- */

/* The administrator's smaller use cases, through one pair of calls.
 * Strings @s0..@s2 and numbers @n1, @n2 mean, per operation: */
typedef enum
{
  POS_ADMIN_OP_ADD_USER,       /* s0 username, s1 full name, s2 password, n1 PosRole */
  POS_ADMIN_OP_UPDATE_USER,    /* s0 username, n1 PosRole (NONE keeps), n2 active (-1 keeps), s2 new password or NULL */
  POS_ADMIN_OP_IMPORT_KEY,     /* s0 name, s1 hex, n1 DKGA (2 or 4) */
  POS_ADMIN_OP_GET_UTILITY,    /* -> pos_utility_get()'s object */
  POS_ADMIN_OP_SET_UTILITY,    /* s0 name, s1 address, s2 tax number, n1 min vend, n2 max vend */
  POS_ADMIN_OP_RECONCILE,      /* s0 vending point, n1 new ceiling (-1 keeps) -> {"reconciled": minor units} */
  POS_ADMIN_OP_BACKUP,         /* s0 destination path */
  POS_ADMIN_OP_RESTORE,        /* s0 backup path; logs the user out */
  POS_ADMIN_OP_PRINTERS,       /* -> pos_printers_list()'s array */
  POS_ADMIN_OP_GET_SETTINGS,   /* -> {"receipt-printer", "report-printer", "receipt-format"} (missing when unset) */
  POS_ADMIN_OP_SET_SETTING,    /* s0 key, s1 value */
  POS_ADMIN_OP_ADD_POINT,      /* s0 name, n1 credit ceiling (0: none) */
  POS_ADMIN_OP_ADD_TARIFF,     /* s0 name, n1 VAT in basis points, n2 price per kWh in thousandths of a
                                * minor unit: one step, no fixed charge, VAT included */
  POS_ADMIN_OP_ADD_GROUP,      /* s0 name, s1 SGC, s2 vending key name, n1 KRN, n2 base date; KT 2,
                                * EA07, never expires */
} PosAdminOp;

/* Strings that are secrets (passwords, keys) are wiped once used. */
void        pos_admin_op_async                (PosContext          *context,
                                               PosAdminOp           op,
                                               const char          *s0,
                                               const char          *s1,
                                               const char          *s2,
                                               gint64               n1,
                                               gint64               n2,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* The operation's result as a node (an object or an array; a null node
 * when it has none), NULL on error. */
G_GNUC_WARN_UNUSED_RESULT
JsonNode   *pos_admin_op_finish               (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* -- engineering ------------------------------------------------------------------ */

/* pos_engineering_token(). */
void        pos_engineering_token_async       (PosContext          *context,
                                               const char          *pan,
                                               PosEngineeringKind   kind,
                                               gint64               value,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_engineering_token_finish      (PosContext    *context,
                                               GAsyncResult  *result,
                                               PosTokenSet   *out,
                                               GError       **error);

/* pos_key_change(). */
void        pos_key_change_async              (PosContext          *context,
                                               const char          *pan,
                                               const char          *sgc,
                                               int                  krn,
                                               int                  ti,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_key_change_finish             (PosContext    *context,
                                               GAsyncResult  *result,
                                               PosTokenSet   *out,
                                               GError       **error);

/* pos_key_change_group(); @each is called in the caller's main context
 * with @user_data (the callback's, so it lives as long), once per meter
 * moved.  Once started it runs to the end (each meter is its own
 * transaction).  Returns the number of meters moved, also on error
 * (*@out_moved). */
void        pos_key_change_group_async        (PosContext          *context,
                                               const char          *from_sgc,
                                               int                  from_krn,
                                               const char          *to_sgc,
                                               int                  to_krn,
                                               PosMigrationFunc     each,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    pos_key_change_group_finish       (PosContext    *context,
                                               GAsyncResult  *result,
                                               guint         *out_moved,
                                               GError       **error);

/* -- customers' IC cards (pos-cards.h); @reader is a spec string ---------- */

/* pos_cards_list_readers(): a new GStrv. */
void        pos_cards_list_readers_async      (PosContext          *context,
                                               const char          *spec,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
GStrv       pos_cards_list_readers_finish     (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_card_read_card(). */
void        pos_card_read_card_async          (PosContext          *context,
                                               const char          *reader,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_read_card_finish         (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_card_issue_to_meter() (supervisor). */
void        pos_card_issue_to_meter_async     (PosContext          *context,
                                               const char          *reader,
                                               const char          *pan,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_issue_to_meter_finish    (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_card_recharge(); once started it always reports its result (the
 * sale may be recorded), even if @cancellable is cancelled meanwhile. */
void        pos_card_recharge_async           (PosContext          *context,
                                               const char          *reader,
                                               gint64               tendered,
                                               gboolean             override,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_recharge_finish          (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_card_retry_write(). */
void        pos_card_retry_write_async        (PosContext          *context,
                                               const char          *reader,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_retry_write_finish       (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

/* pos_card_replace() (supervisor). */
void        pos_card_replace_async            (PosContext          *context,
                                               const char          *reader,
                                               const char          *pan,
                                               const char          *reason,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_card_replace_finish           (PosContext    *context,
                                               GAsyncResult  *result,
                                               GError       **error);

G_END_DECLS
