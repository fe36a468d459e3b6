/* pos-context-private.h: what the use cases of app/ share about the
 * context (never included by ui/: it brings in db/ and sts/) */
#pragma once

#include "pos-db.h"
#include "sts.h"

#include "pos-app-error.h"
#include "pos-context.h"

G_BEGIN_DECLS

/* The database, or NULL with an error if none is open. */
PosDb        *pos_context_get_db        (PosContext  *self,
                                         GError     **error);
gint64        pos_context_get_user_id   (PosContext *self);
guint         pos_context_get_kdf_cost  (PosContext *self);

/* The key-encryption key, or NULL with POS_APP_ERROR_KEYS_LOCKED. */
const StsKek *pos_context_get_kek       (PosContext  *self,
                                         GError     **error);
void          pos_context_set_kek       (PosContext   *self,
                                         const StsKek *kek);

/* TRUE when the logged-in user has at least @role; otherwise FALSE with
 * POS_APP_ERROR_NOT_LOGGED_IN or PERMISSION_DENIED naming @action. */
gboolean      pos_context_require_role  (PosContext  *self,
                                         PosRole      role,
                                         const char  *action,
                                         GError     **error);

/* Appends to the audit log (inside the caller's transaction). */
gboolean      pos_context_audit         (PosContext  *self,
                                         const char  *action,
                                         const char  *detail,
                                         GError     **error);

/* Runs @body inside a database transaction: commits when it returns TRUE,
 * rolls back otherwise (leaving nothing behind), and maps database errors
 * to POS_APP_ERROR prefixed with @what. */
typedef gboolean (*PosTxnBody) (PosContext  *context,
                                PosDb       *db,
                                gpointer     data,
                                GError     **error);

gboolean      pos_context_in_transaction (PosContext  *context,
                                          PosTxnBody   body,
                                          gpointer     data,
                                          const char  *what,
                                          GError     **error);

/* Turns a POS_PRINT_ERROR into POS_APP_ERROR_PRINTER (the printer or
 * the print service) or POS_APP_ERROR_EXPORT (rendering or writing),
 * prefixed with @what. */
void          pos_app_error_from_print  (GError     **error,
                                         const char  *what);

/* Turns a POS_DB_ERROR into the POS_APP_ERROR the front ends show. */
void          pos_app_error_from_db     (GError     **error,
                                         const char  *what);

G_END_DECLS

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @obj as compact JSON text (for audit details); takes no reference. */
char *pos_json_to_string (JsonObject *obj);

G_END_DECLS
