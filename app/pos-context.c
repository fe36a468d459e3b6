/* pos-context.c: the services, the session and the unlocked keys */
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pos-context-private.h"
#include "pos-printing.h"

#define MAX_FAILED_LOGINS   5
#define LOCKOUT_MINUTES     15

/* A fixed value wrapped under the key-encryption key at init: unwrapping
 * it proves a passphrase right without touching a vending key. */
#define KEK_CHECK_AAD "stsvend kek check"

struct _PosContext
{
  GObject         parent_instance;

  PosClockFunc    clock_func;
  gpointer        clock_data;
  GDestroyNotify  clock_destroy;

  PosDb          *db;
  gint64          user_id;
  char           *username;
  PosRole         role;

  StsKek          kek;
  gboolean        kek_set;
  guint           kdf_cost;

  char           *settings_path;
};

G_DEFINE_FINAL_TYPE (PosContext, pos_context, G_TYPE_OBJECT)

static void
pos_context_finalize (GObject *object)
{
  PosContext *self = POS_CONTEXT (object);

  pos_context_set_clock (self, NULL, NULL, NULL);
  pos_context_logout (self);
  sts_kek_wipe (&self->kek);
  g_clear_object (&self->db);
  g_free (self->settings_path);

  G_OBJECT_CLASS (pos_context_parent_class)->finalize (object);
}

static void
pos_context_class_init (PosContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pos_context_finalize;
}

static void
pos_context_init (PosContext *self)
{
  self->kdf_cost = STS_SCRYPT_LOG2N_DEFAULT;
}

PosContext *
pos_context_new (void)
{
  return g_object_new (POS_TYPE_CONTEXT, NULL);
}

void
pos_context_set_clock (PosContext     *self,
                       PosClockFunc    func,
                       gpointer        user_data,
                       GDestroyNotify  destroy)
{
  g_return_if_fail (POS_IS_CONTEXT (self));

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  self->clock_func = func;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
}

GDateTime *
pos_context_now (PosContext *self)
{
  g_return_val_if_fail (POS_IS_CONTEXT (self), NULL);

  if (self->clock_func != NULL)
    return self->clock_func (self->clock_data);
  return g_date_time_new_now_utc ();
}

char *
pos_context_now_iso (PosContext *self)
{
  g_autoptr(GDateTime) now = pos_context_now (self);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

void
pos_context_set_kdf_cost (PosContext *self,
                          guint       log2n)
{
  g_return_if_fail (POS_IS_CONTEXT (self));
  g_return_if_fail (log2n >= STS_SCRYPT_LOG2N_MIN && log2n <= STS_SCRYPT_LOG2N_MAX);
  self->kdf_cost = log2n;
}

guint
pos_context_get_kdf_cost (PosContext *self)
{
  return self->kdf_cost;
}

void
pos_app_error_from_db (GError     **error,
                       const char  *what)
{
  PosAppError code;

  if (error == NULL || *error == NULL || (*error)->domain != POS_DB_ERROR)
    return;
  switch ((*error)->code)
    {
    case POS_DB_ERROR_NOT_FOUND: code = POS_APP_ERROR_NOT_FOUND; break;
    case POS_DB_ERROR_CONSTRAINT: code = POS_APP_ERROR_DUPLICATE; break;
    default: code = POS_APP_ERROR_STORAGE; break;
    }
  (*error)->domain = POS_APP_ERROR;
  (*error)->code = code;
  if (what != NULL)
    g_prefix_error (error, "%s: ", what);
}

void
pos_app_error_from_print (GError     **error,
                          const char  *what)
{
  if (error == NULL || *error == NULL || (*error)->domain != POS_PRINT_ERROR)
    return;
  (*error)->domain = POS_APP_ERROR;
  (*error)->code = (*error)->code == POS_PRINT_ERROR_PRINTER_STOPPED || (*error)->code == POS_PRINT_ERROR_NO_PRINTER
                   || (*error)->code == POS_PRINT_ERROR_NO_SERVER || (*error)->code == POS_PRINT_ERROR_JOB_FAILED
                   || (*error)->code == POS_PRINT_ERROR_TIMEOUT ? POS_APP_ERROR_PRINTER : POS_APP_ERROR_EXPORT;
  g_prefix_error (error, "%s: ", what);
}

gboolean
pos_context_open_database (PosContext  *self,
                           const char  *path,
                           GError     **error)
{
  g_autofree char *default_path = NULL;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (self), FALSE);

  if (path == NULL)
    path = default_path = pos_db_default_path ();
  db = pos_db_open (path, error);
  if (db == NULL)
    {
      pos_app_error_from_db (error, NULL);
      return FALSE;
    }
  pos_context_logout (self);
  g_clear_object (&self->db);
  self->db = db;
  return TRUE;
}

const char *
pos_context_get_database_path (PosContext *self)
{
  g_return_val_if_fail (POS_IS_CONTEXT (self), NULL);
  return self->db != NULL ? pos_db_get_path (self->db) : NULL;
}

PosDb *
pos_context_get_db (PosContext  *self,
                    GError     **error)
{
  if (self->db == NULL)
    g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_STORAGE, "no database is open");
  return self->db;
}

const char *
pos_role_to_string (PosRole role)
{
  switch (role)
    {
    case POS_ROLE_CASHIER: return "cashier";
    case POS_ROLE_SUPERVISOR: return "supervisor";
    case POS_ROLE_ADMIN: return "admin";
    case POS_ROLE_NONE:
    default:
      return "none";
    }
}

PosRole
pos_role_from_string (const char *text)
{
  if (g_strcmp0 (text, "cashier") == 0)
    return POS_ROLE_CASHIER;
  if (g_strcmp0 (text, "supervisor") == 0)
    return POS_ROLE_SUPERVISOR;
  if (g_strcmp0 (text, "admin") == 0)
    return POS_ROLE_ADMIN;
  return POS_ROLE_NONE;
}

char *
pos_json_to_string (JsonObject *obj)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, obj);
  return json_to_string (node, FALSE);
}

gboolean
pos_context_audit (PosContext  *self,
                   const char  *action,
                   const char  *detail,
                   GError     **error)
{
  g_autofree char *now = pos_context_now_iso (self);

  if (!pos_db_audit_append (self->db, now, self->user_id, action, detail, error))
    {
      pos_app_error_from_db (error, "audit log");
      return FALSE;
    }
  return TRUE;
}

static char *
iso_plus_minutes (GDateTime *now,
                  int        minutes)
{
  g_autoptr(GDateTime) later = g_date_time_add_minutes (now, minutes);

  return g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
pos_context_login (PosContext  *self,
                   const char  *username,
                   const char  *password,
                   GError     **error)
{
  g_autoptr(PosDbUser) user = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_iso = NULL;
  g_autoptr(GError) local_error = NULL;
  StsStatus status;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (username != NULL && password != NULL, FALSE);

  db = pos_context_get_db (self, error);
  if (db == NULL)
    return FALSE;
  pos_context_logout (self);
  now = pos_context_now (self);
  now_iso = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  user = pos_db_user_get_by_name (db, username, &local_error);
  if (user == NULL)
    {
      if (!g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          pos_app_error_from_db (error, "login");
          return FALSE;
        }
      /* Spend the same time as a real check, so timing tells nothing. */
      {
        char dummy[STS_PASSWORD_HASH_MAX];
        if (sts_password_hash (dummy, sizeof dummy, password, self->kdf_cost) == STS_OK)
          memset (dummy, 0, sizeof dummy);
      }
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSWORD, "wrong user name or password");
      return FALSE;
    }
  if (!user->active)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSWORD, "wrong user name or password");
      return FALSE;
    }
  if (user->locked_until != NULL && g_strcmp0 (now_iso, user->locked_until) < 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LOCKED_OUT,
                   "too many wrong passwords: %s may try again after %s UTC", username, user->locked_until);
      return FALSE;
    }

  status = sts_password_verify (user->password_hash, password);
  if (status == STS_ERR_BAD_PASSWORD)
    {
      int failed = user->failed_logins + 1;
      g_autofree char *until = failed >= MAX_FAILED_LOGINS ? iso_plus_minutes (now, LOCKOUT_MINUTES) : NULL;
      g_autoptr(JsonObject) info = json_object_new ();
      g_autofree char *detail = NULL;

      json_object_set_string_member (info, "user", user->username);
      json_object_set_int_member (info, "failed", failed);
      detail = pos_json_to_string (info);

      if (pos_db_begin (db, NULL))
        {
          self->user_id = 0;
          if (pos_db_user_set_login_state (db, user->id, until != NULL ? 0 : failed, until, NULL)
              && pos_context_audit (self, until != NULL ? "login-locked" : "login-failed", detail, NULL))
            pos_db_commit (db, NULL);
          else
            pos_db_rollback (db);
        }
      if (until != NULL)
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_LOCKED_OUT,
                     "too many wrong passwords: %s is locked until %s UTC", username, until);
      else
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSWORD, "wrong user name or password");
      return FALSE;
    }
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "checking the password: %s",
                   sts_status_to_string (status));
      return FALSE;
    }

  if (user->failed_logins != 0 || user->locked_until != NULL)
    {
      if (!pos_db_user_set_login_state (db, user->id, 0, NULL, error))
        {
          pos_app_error_from_db (error, "login");
          return FALSE;
        }
    }
  self->user_id = user->id;
  self->username = g_strdup (user->username);
  self->role = pos_role_from_string (user->role);
  return TRUE;
}

void
pos_context_logout (PosContext *self)
{
  g_return_if_fail (POS_IS_CONTEXT (self));
  self->user_id = 0;
  self->role = POS_ROLE_NONE;
  g_clear_pointer (&self->username, g_free);
}

const char *
pos_context_get_username (PosContext *self)
{
  g_return_val_if_fail (POS_IS_CONTEXT (self), NULL);
  return self->username;
}

PosRole
pos_context_get_role (PosContext *self)
{
  g_return_val_if_fail (POS_IS_CONTEXT (self), POS_ROLE_NONE);
  return self->role;
}

gint64
pos_context_get_user_id (PosContext *self)
{
  return self->user_id;
}

gboolean
pos_context_require_role (PosContext  *self,
                          PosRole      role,
                          const char  *action,
                          GError     **error)
{
  if (self->user_id == 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_LOGGED_IN, "%s: log in first", action);
      return FALSE;
    }
  if (self->role < role)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED,
                   "%s needs the %s role; %s is a %s", action, pos_role_to_string (role),
                   self->username, pos_role_to_string (self->role));
      return FALSE;
    }
  return TRUE;
}

void
pos_context_set_kek (PosContext   *self,
                     const StsKek *kek)
{
  self->kek = *kek;
  self->kek_set = TRUE;
}

const StsKek *
pos_context_get_kek (PosContext  *self,
                     GError     **error)
{
  if (!self->kek_set)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_KEYS_LOCKED,
                   "the vending keys are locked: give the passphrase first");
      return NULL;
    }
  return &self->kek;
}

gboolean
pos_context_keys_unlocked (PosContext *self)
{
  g_return_val_if_fail (POS_IS_CONTEXT (self), FALSE);
  return self->kek_set;
}

gboolean
pos_context_unlock_keys (PosContext  *self,
                         const char  *passphrase,
                         GError     **error)
{
  g_autoptr(PosDbUtility) utility = NULL;
  const guint8 *salt;
  gsize salt_len;
  StsKek kek;
  StsKey check;
  guint log2n;
  StsStatus status;
  PosDb *db;

  g_return_val_if_fail (POS_IS_CONTEXT (self), FALSE);

  db = pos_context_get_db (self, error);
  if (db == NULL)
    return FALSE;
  utility = pos_db_utility_get (db, error);
  if (utility == NULL)
    {
      g_clear_error (error);
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_INITIALISED,
                   "the database is not initialised (stsvend-cli init)");
      return FALSE;
    }
  if (utility->kek_salt == NULL || utility->kek_check == NULL)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_INITIALISED, "no passphrase has been set");
      return FALSE;
    }
  /* The salt blob is the cost byte and the salt. */
  salt = g_bytes_get_data (utility->kek_salt, &salt_len);
  if (salt_len != 1 + STS_SALT_BYTES)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_STORAGE, "the stored key salt is malformed");
      return FALSE;
    }
  log2n = salt[0];

  status = sts_kek_derive (&kek, (const guint8 *) passphrase, strlen (passphrase), salt + 1, log2n);
  if (status == STS_OK)
    {
      gsize len;
      const guint8 *wrapped = g_bytes_get_data (utility->kek_check, &len);

      status = sts_key_unwrap (&check, &kek, wrapped, len, KEK_CHECK_AAD);
      sts_key_wipe (&check);
    }
  if (status != STS_OK)
    {
      sts_kek_wipe (&kek);
      if (status == STS_ERR_AUTH_FAILED)
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSPHRASE, "wrong passphrase");
      else
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "unlocking the keys: %s",
                     sts_status_to_string (status));
      return FALSE;
    }
  pos_context_set_kek (self, &kek);
  sts_kek_wipe (&kek);
  return TRUE;
}

/* Runs @body inside a transaction on the context's database; commits if
 * it succeeds, rolls back otherwise. */
gboolean
pos_context_in_transaction (PosContext     *context,
                            PosTxnBody      body,
                            gpointer        data,
                            const char     *what,
                            GError        **error)
{
  PosDb *db = pos_context_get_db (context, error);

  if (db == NULL)
    return FALSE;
  if (!pos_db_begin (db, error))
    {
      pos_app_error_from_db (error, what);
      return FALSE;
    }
  if (!body (context, db, data, error) || !pos_db_commit (db, error))
    {
      pos_db_rollback (db);
      pos_app_error_from_db (error, what);
      return FALSE;
    }
  return TRUE;
}


/* -- settings -------------------------------------------------------------- */

void
pos_context_set_settings_path (PosContext  *self,
                               const char  *path)
{
  g_return_if_fail (POS_IS_CONTEXT (self));
  g_free (self->settings_path);
  self->settings_path = g_strdup (path);
}

static const char *
settings_path (PosContext *self)
{
  if (self->settings_path == NULL)
    self->settings_path = g_build_filename (g_get_user_config_dir (), "stsvend", "settings.ini", NULL);
  return self->settings_path;
}

/* Splits "group.name"; FALSE when there is no dot. */
static gboolean
split_key (const char  *key,
           char       **out_group,
           const char **out_name)
{
  const char *dot = key != NULL ? strchr (key, '.') : NULL;

  if (dot == NULL || dot == key || dot[1] == '\0')
    return FALSE;
  *out_group = g_strndup (key, (gsize) (dot - key));
  *out_name = dot + 1;
  return TRUE;
}

char *
pos_context_get_setting (PosContext  *self,
                         const char  *key)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *group = NULL;
  const char *name;

  g_return_val_if_fail (POS_IS_CONTEXT (self), NULL);
  if (!split_key (key, &group, &name)
      || !g_key_file_load_from_file (file, settings_path (self), G_KEY_FILE_KEEP_COMMENTS, NULL))
    return NULL;
  return g_key_file_get_string (file, group, name, NULL);
}

gboolean
pos_context_set_setting (PosContext  *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *group = NULL;
  g_autofree char *dir = NULL;
  const char *name;
  const char *path;

  g_return_val_if_fail (POS_IS_CONTEXT (self), FALSE);
  if (!split_key (key, &group, &name))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a setting is GROUP.NAME, not “%s”",
                   key != NULL ? key : "(none)");
      return FALSE;
    }
  path = settings_path (self);
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &local_error)
      && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_STORAGE, "reading the settings %s: %s", path,
                   local_error->message);
      return FALSE;
    }
  if (value != NULL)
    g_key_file_set_string (file, group, name, value);
  else
    g_key_file_remove_key (file, group, name, NULL);
  dir = g_path_get_dirname (path);
  g_clear_error (&local_error);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_key_file_save_to_file (file, path, &local_error))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_STORAGE, "saving the settings %s: %s", path,
                   local_error != NULL ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

void
pos_app_release_caches (void)
{
  pos_print_release_caches ();
}
