/* pos-context.h: the one object that owns the application's services
 *
 * Front ends make one PosContext and hand it to every use case.  It holds
 * the clock (tokens depend on time, so tests inject one), the database,
 * the logged-in user, and the vending keys' key-encryption key once the
 * passphrase has unlocked it.  Card reader, printer and settings join it
 * as they arrive.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define POS_TYPE_CONTEXT (pos_context_get_type ())
G_DECLARE_FINAL_TYPE (PosContext, pos_context, POS, CONTEXT, GObject)

/* Returns the current time as a UTC GDateTime (full reference). */
typedef GDateTime *(*PosClockFunc) (gpointer user_data);

/* Roles, each allowed what the ones below it are. */
typedef enum
{
  POS_ROLE_NONE,
  POS_ROLE_CASHIER,
  POS_ROLE_SUPERVISOR,
  POS_ROLE_ADMIN,
} PosRole;

G_GNUC_WARN_UNUSED_RESULT
PosContext *pos_context_new               (void);

/* Replaces the clock; %NULL restores the system clock. */
void        pos_context_set_clock         (PosContext     *self,
                                           PosClockFunc    func,
                                           gpointer        user_data,
                                           GDestroyNotify  destroy);

/* The current time in UTC according to the context's clock. */
G_GNUC_WARN_UNUSED_RESULT
GDateTime  *pos_context_now               (PosContext *self);

/* The same as "2026-11-24T10:15:00Z", as the database stores times. */
G_GNUC_WARN_UNUSED_RESULT
char       *pos_context_now_iso           (PosContext *self);

/* Opens (creating and migrating if needed) the database at @path; %NULL
 * means the per-user default file. */
gboolean    pos_context_open_database     (PosContext  *self,
                                           const char  *path,
                                           GError     **error);
const char *pos_context_get_database_path (PosContext *self);

/* Logs @username in.  Five wrong passwords in a row lock the account for
 * 15 minutes (POS_APP_ERROR_LOCKED_OUT); a wrong name or password is the
 * same POS_APP_ERROR_BAD_PASSWORD, so names cannot be probed. */
gboolean    pos_context_login             (PosContext  *self,
                                           const char  *username,
                                           const char  *password,
                                           GError     **error);
void        pos_context_logout            (PosContext *self);
const char *pos_context_get_username      (PosContext *self);
PosRole     pos_context_get_role          (PosContext *self);

/* Unlocks the vending keys with the administrator's passphrase. */
gboolean    pos_context_unlock_keys       (PosContext  *self,
                                           const char  *passphrase,
                                           GError     **error);
gboolean    pos_context_keys_unlocked     (PosContext *self);

/* Test hook: the scrypt cost (log2 N) for new password hashes and the
 * key-encryption key; the default is the production cost. */
void        pos_context_set_kdf_cost      (PosContext *self,
                                           guint       log2n);

/* Settings of this machine (which printer, which receipt format), kept
 * in a key file: by default $XDG_CONFIG_HOME/stsvend/settings.ini, or
 * @path (tests, or --config).  Not in the database: a printer belongs to
 * the machine, not to the utility's records. */
void        pos_context_set_settings_path (PosContext  *self,
                                           const char  *path);
/* The value of @key ("group.name", e.g. "printing.receipt-printer"), or
 * NULL when unset.  A new string. */
G_GNUC_WARN_UNUSED_RESULT
char       *pos_context_get_setting       (PosContext  *self,
                                           const char  *key);
/* Sets @key (NULL removes it) and saves the file at once. */
gboolean    pos_context_set_setting       (PosContext  *self,
                                           const char  *key,
                                           const char  *value,
                                           GError     **error);

/* Releases the caches that rendering receipts and reports leaves in the
 * libraries below (fonts), so that a leak checker sees only real leaks.
 * For command-line programs and tests, once, just before they exit; not
 * for a GUI, whose toolkit shares those caches. */
void        pos_app_release_caches        (void);

const char *pos_role_to_string            (PosRole role);
PosRole     pos_role_from_string          (const char *text);

G_END_DECLS
