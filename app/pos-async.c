/* pos-async.c: the use cases as _async/_finish pairs, run one at a time
 * per context in a single-thread queue (see pos-async.h for why) */
#include <string.h>

#include "pos-admin.h"
#include "pos-async.h"
#include "pos-context-private.h"
#include "pos-customers.h"

/* -- the queue -------------------------------------------------------------- */

/* What a job does in the queue's thread: calls the use case and returns
 * its outcome through @task. */
typedef void (*PosJobFunc) (GTask        *task,
                            PosContext   *context,
                            gpointer      task_data,
                            GCancellable *cancellable);

typedef struct
{
  GTask      *task;
  PosJobFunc  func;
} PosJob;

/* The queue: one thread of its own, fed through an async queue.  Freeing it
 * stops the thread and, from any other thread, waits for it to end, so the
 * thread-local state of the libraries it used (OpenSSL's random generator)
 * is released by the time the context is gone. */
typedef struct
{
  GThread     *thread;
  GAsyncQueue *jobs;
} PosQueue;

static PosJob queue_stop;   /* the job that ends the thread */

static GMutex queue_lock;

static gboolean
release_task_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
run_job (PosJob *job)
{
  GTask *task = job->task;
  PosJobFunc func = job->func;
  GSource *source;

  g_free (job);
  /* A job cancelled while it waited is not started at all. */
  if (!g_task_return_error_if_cancelled (task))
    func (task,
          g_task_get_source_object (task),
          g_task_get_task_data (task),
          g_task_get_cancellable (task));
  /* The task is released in the caller's main context, as its callback
   * is run: so the last reference to the context is never dropped in this
   * thread, and freeing the context always joins this thread. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, release_task_cb, task, NULL);
  g_source_set_static_name (source, "[pos-async] release task");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static gpointer
queue_thread (gpointer data)
{
  GAsyncQueue *jobs = data;
  PosJob *job;

  while ((job = g_async_queue_pop (jobs)) != &queue_stop)
    run_job (job);
  g_async_queue_unref (jobs);
  return NULL;
}

static void
queue_free (gpointer data)
{
  PosQueue *queue = data;

  g_async_queue_push (queue->jobs, &queue_stop);
  /* Should the last reference to the context ever go in the queue's own
   * thread, that thread cannot wait for itself: it ends after this job. */
  if (g_thread_self () == queue->thread)
    g_thread_unref (queue->thread);
  else
    g_thread_join (queue->thread);
  g_async_queue_unref (queue->jobs);
  g_free (queue);
}

static PosQueue *
get_queue (PosContext *context)
{
  static GQuark quark;
  PosQueue *queue;

  g_mutex_lock (&queue_lock);
  if (quark == 0)
    quark = g_quark_from_static_string ("pos-async-queue");
  queue = g_object_get_qdata (G_OBJECT (context), quark);
  if (queue == NULL)
    {
      queue = g_new0 (PosQueue, 1);
      queue->jobs = g_async_queue_new ();
      queue->thread = g_thread_new ("pos-async", queue_thread, g_async_queue_ref (queue->jobs));
      g_object_set_qdata_full (G_OBJECT (context), quark, queue, queue_free);
    }
  g_mutex_unlock (&queue_lock);
  return queue;
}

/* Queues @func for @task; takes the caller's reference to @task. */
static void
queue_push (PosContext *context,
            GTask      *task,
            PosJobFunc  func)
{
  PosJob *job = g_new0 (PosJob, 1);

  job->task = task;
  job->func = func;
  g_async_queue_push (get_queue (context)->jobs, job);
}

static GTask *
task_new (PosContext          *context,
          gpointer             tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (context, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  return task;
}

static gboolean
check_result (PosContext   *context,
              GAsyncResult *result,
              gpointer      tag)
{
  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, context), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, FALSE);
  return TRUE;
}

/* A copy of a secret, wiped when freed. */
static void
secret_free (char *secret)
{
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

/* -- sessions --------------------------------------------------------------- */

char *
pos_database_default_path (void)
{
  return pos_db_default_path ();
}

void
pos_session_free (PosSession *session)
{
  if (session == NULL)
    return;
  g_free (session->username);
  g_free (session->full_name);
  g_free (session->shift_point);
  g_free (session->shift_opened_at);
  g_free (session);
}

PosSession *
pos_session_copy (const PosSession *session)
{
  PosSession *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = g_memdup2 (session, sizeof *session);
  copy->username = g_strdup (session->username);
  copy->full_name = g_strdup (session->full_name);
  copy->shift_point = g_strdup (session->shift_point);
  copy->shift_opened_at = g_strdup (session->shift_opened_at);
  return copy;
}

/* The session as it is now; runs in the queue. */
static PosSession *
session_describe (PosContext  *context,
                  GError     **error)
{
  g_autoptr(PosSession) session = g_new0 (PosSession, 1);
  g_autoptr(PosDbUser) user = NULL;
  g_autoptr(PosDbShift) shift = NULL;
  g_autoptr(GError) local_error = NULL;
  PosDb *db;

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "showing the session", error))
    return NULL;
  db = pos_context_get_db (context, error);
  if (db == NULL)
    return NULL;
  user = pos_db_user_get (db, pos_context_get_user_id (context), error);
  if (user == NULL)
    {
      pos_app_error_from_db (error, "reading the user");
      return NULL;
    }
  session->username = g_strdup (user->username);
  session->full_name = g_strdup (user->full_name);
  session->role = pos_context_get_role (context);
  session->keys_unlocked = pos_context_keys_unlocked (context);

  shift = pos_db_shift_get_open (db, user->id, &local_error);
  if (shift != NULL)
    {
      g_autoptr(PosDbVendingPoint) point = pos_db_vending_point_get (db, shift->vending_point_id, error);

      if (point == NULL)
        {
          pos_app_error_from_db (error, "reading the shift");
          return NULL;
        }
      session->shift_open = TRUE;
      session->shift_point = g_strdup (point->name);
      session->shift_opened_at = g_strdup (shift->opened_at);
      session->shift_float = shift->opening_float;
    }
  else if (!g_error_matches (local_error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      pos_app_error_from_db (error, "reading the shift");
      return NULL;
    }
  return g_steal_pointer (&session);
}

/* -- open a database ---------------------------------------------------------- */

typedef struct
{
  char     *path;
  gboolean  create_demo;
  guint     n_customers;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *d = data;

  g_free (d->path);
  g_free (d);
}

static void
open_job (GTask        *task,
          PosContext   *context,
          gpointer      task_data,
          GCancellable *cancellable)
{
  OpenData *d = task_data;
  GError *error = NULL;

  if (!pos_context_open_database (context, d->path, &error)
      || (d->create_demo && !pos_admin_demo (context, d->n_customers, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (d->create_demo)
    pos_context_logout (context);
  g_task_return_boolean (task, TRUE);
}

void
pos_database_open_async (PosContext          *context,
                         const char          *path,
                         gboolean             create_demo,
                         guint                n_customers,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  OpenData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));

  task = task_new (context, pos_database_open_async, cancellable, callback, user_data);
  d = g_new0 (OpenData, 1);
  d->path = g_strdup (path);
  d->create_demo = create_demo;
  d->n_customers = n_customers;
  g_task_set_task_data (task, d, open_data_free);
  queue_push (context, task, open_job);
}

gboolean
pos_database_open_finish (PosContext    *context,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_database_open_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- login, logout, keys -------------------------------------------------------- */

typedef struct
{
  char *username;
  char *password;
  char *passphrase;
} LoginData;

static void
login_data_free (gpointer data)
{
  LoginData *d = data;

  g_free (d->username);
  secret_free (d->password);
  secret_free (d->passphrase);
  g_free (d);
}

static void
login_job (GTask        *task,
           PosContext   *context,
           gpointer      task_data,
           GCancellable *cancellable)
{
  LoginData *d = task_data;
  GError *error = NULL;
  PosSession *session;

  if (!pos_context_login (context, d->username, d->password, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (d->passphrase != NULL && !pos_context_unlock_keys (context, d->passphrase, &error))
    {
      pos_context_logout (context);
      g_task_return_error (task, error);
      return;
    }
  session = session_describe (context, &error);
  if (session == NULL)
    {
      pos_context_logout (context);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, session, (GDestroyNotify) pos_session_free);
}

void
pos_login_async (PosContext          *context,
                 const char          *username,
                 const char          *password,
                 const char          *passphrase,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task;
  LoginData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  task = task_new (context, pos_login_async, cancellable, callback, user_data);
  d = g_new0 (LoginData, 1);
  d->username = g_strdup (username);
  d->password = g_strdup (password);
  d->passphrase = g_strdup (passphrase);
  g_task_set_task_data (task, d, login_data_free);
  queue_push (context, task, login_job);
}

PosSession *
pos_login_finish (PosContext    *context,
                  GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_login_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
logout_job (GTask        *task,
            PosContext   *context,
            gpointer      task_data,
            GCancellable *cancellable)
{
  pos_context_logout (context);
  g_task_return_boolean (task, TRUE);
}

void
pos_logout_async (PosContext          *context,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  queue_push (context, task_new (context, pos_logout_async, cancellable, callback, user_data), logout_job);
}

gboolean
pos_logout_finish (PosContext    *context,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_logout_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
unlock_job (GTask        *task,
            PosContext   *context,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (!pos_context_unlock_keys (context, task_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_unlock_keys_async (PosContext          *context,
                       const char          *passphrase,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (passphrase != NULL);

  task = task_new (context, pos_unlock_keys_async, cancellable, callback, user_data);
  g_task_set_task_data (task, g_strdup (passphrase), (GDestroyNotify) secret_free);
  queue_push (context, task, unlock_job);
}

gboolean
pos_unlock_keys_finish (PosContext    *context,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_unlock_keys_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
session_job (GTask        *task,
             PosContext   *context,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  PosSession *session = session_describe (context, &error);

  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, (GDestroyNotify) pos_session_free);
}

void
pos_session_query_async (PosContext          *context,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  queue_push (context, task_new (context, pos_session_query_async, cancellable, callback, user_data),
              session_job);
}

PosSession *
pos_session_query_finish (PosContext    *context,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_session_query_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- customers --------------------------------------------------------------- */

typedef struct
{
  char  *text;
  guint  limit;
} FindData;

static void
find_data_free (gpointer data)
{
  FindData *d = data;

  g_free (d->text);
  g_free (d);
}

/* Adds each meter's tariff name, which the summary on screen shows. */
static gboolean
add_tariff_names (PosContext  *context,
                  JsonArray   *customers,
                  GError     **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  PosDb *db = pos_context_get_db (context, error);

  if (db == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (customers); i++)
    {
      JsonArray *meters = json_object_get_array_member (json_array_get_object_element (customers, i), "meters");

      for (guint k = 0; k < json_array_get_length (meters); k++)
        {
          JsonObject *m = json_array_get_object_element (meters, k);
          g_autoptr(PosDbMeter) meter = NULL;
          const char *name;

          if (json_object_has_member (m, "tariff"))
            continue;
          meter = pos_db_meter_get_by_pan (db, json_object_get_string_member (m, "pan"), error);
          if (meter == NULL)
            {
              pos_app_error_from_db (error, "finding customers");
              return FALSE;
            }
          name = g_hash_table_lookup (names, &meter->tariff_id);
          if (name == NULL)
            {
              g_autoptr(PosDbTariff) tariff = pos_db_tariff_get (db, meter->tariff_id, error);

              if (tariff == NULL)
                {
                  pos_app_error_from_db (error, "finding customers");
                  return FALSE;
                }
              name = tariff->name;
              g_hash_table_insert (names, g_memdup2 (&meter->tariff_id, sizeof (gint64)),
                                   g_steal_pointer (&tariff->name));
            }
          json_object_set_string_member (m, "tariff", name);
        }
    }
  return TRUE;
}

static void
find_job (GTask        *task,
          PosContext   *context,
          gpointer      task_data,
          GCancellable *cancellable)
{
  FindData *d = task_data;
  GError *error = NULL;
  JsonArray *found = pos_customer_find (context, d->text, d->limit, &error);

  if (found == NULL || !add_tariff_names (context, found, &error))
    {
      g_clear_pointer (&found, json_array_unref);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, found, (GDestroyNotify) json_array_unref);
}

void
pos_customer_find_async (PosContext          *context,
                         const char          *text,
                         guint                limit,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  FindData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (text != NULL);

  task = task_new (context, pos_customer_find_async, cancellable, callback, user_data);
  d = g_new0 (FindData, 1);
  d->text = g_strdup (text);
  d->limit = limit;
  g_task_set_task_data (task, d, find_data_free);
  queue_push (context, task, find_job);
}

JsonArray *
pos_customer_find_finish (PosContext    *context,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_customer_find_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  guint offset;
  guint limit;
} ListData;

static void
list_job (GTask        *task,
          PosContext   *context,
          gpointer      task_data,
          GCancellable *cancellable)
{
  ListData *d = task_data;
  GError *error = NULL;
  JsonArray *found = pos_customer_list (context, d->offset, d->limit, &error);

  if (found == NULL || !add_tariff_names (context, found, &error))
    {
      g_clear_pointer (&found, json_array_unref);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, found, (GDestroyNotify) json_array_unref);
}

void
pos_customer_list_async (PosContext          *context,
                         guint                offset,
                         guint                limit,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  ListData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));

  task = task_new (context, pos_customer_list_async, cancellable, callback, user_data);
  d = g_new0 (ListData, 1);
  d->offset = offset;
  d->limit = limit;
  g_task_set_task_data (task, d, g_free);
  queue_push (context, task, list_job);
}

JsonArray *
pos_customer_list_finish (PosContext    *context,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_customer_list_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
admin_list_job (GTask        *task,
                PosContext   *context,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  JsonArray *rows = pos_admin_list (context, GPOINTER_TO_INT (task_data), &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) json_array_unref);
}

void
pos_admin_list_async (PosContext          *context,
                      PosAdminList         what,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (POS_IS_CONTEXT (context));

  task = task_new (context, pos_admin_list_async, cancellable, callback, user_data);
  g_task_set_task_data (task, GINT_TO_POINTER (what), NULL);
  queue_push (context, task, admin_list_job);
}

JsonArray *
pos_admin_list_finish (PosContext    *context,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_admin_list_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- quote and vend ------------------------------------------------------------ */

typedef struct
{
  char   *pan;
  gint64  tendered;
} VendData;

static void
vend_data_free (gpointer data)
{
  VendData *d = data;

  g_free (d->pan);
  g_free (d);
}

static GTask *
vend_task_new (PosContext          *context,
               gpointer             tag,
               const char          *pan,
               gint64               tendered,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = task_new (context, tag, cancellable, callback, user_data);
  VendData *d = g_new0 (VendData, 1);

  d->pan = g_strdup (pan);
  d->tendered = tendered;
  g_task_set_task_data (task, d, vend_data_free);
  return task;
}

static void
quote_job (GTask        *task,
           PosContext   *context,
           gpointer      task_data,
           GCancellable *cancellable)
{
  VendData *d = task_data;
  GError *error = NULL;
  PosVendQuote *quote = g_new0 (PosVendQuote, 1);

  if (!pos_vend_quote (context, d->pan, d->tendered, quote, &error))
    {
      g_free (quote);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, quote, g_free);
}

void
pos_vend_quote_async (PosContext          *context,
                      const char          *pan,
                      gint64               tendered,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (pan != NULL);

  queue_push (context,
              vend_task_new (context, pos_vend_quote_async, pan, tendered, cancellable, callback, user_data),
              quote_job);
}

gboolean
pos_vend_quote_finish (PosContext     *context,
                       GAsyncResult   *result,
                       PosVendQuote   *out_quote,
                       GError        **error)
{
  g_autofree PosVendQuote *quote = NULL;

  g_return_val_if_fail (check_result (context, result, pos_vend_quote_async), FALSE);
  g_return_val_if_fail (out_quote != NULL, FALSE);

  quote = g_task_propagate_pointer (G_TASK (result), error);
  if (quote == NULL)
    return FALSE;
  *out_quote = *quote;
  return TRUE;
}

static void
vend_job (GTask        *task,
          PosContext   *context,
          gpointer      task_data,
          GCancellable *cancellable)
{
  VendData *d = task_data;
  GError *error = NULL;
  PosVendResult *vended = g_new0 (PosVendResult, 1);

  if (!pos_vend (context, d->pan, d->tendered, vended, &error))
    {
      g_free (vended);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, vended, g_free);
}

void
pos_vend_async (PosContext          *context,
                const char          *pan,
                gint64               tendered,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (pan != NULL);

  task = vend_task_new (context, pos_vend_async, pan, tendered, cancellable, callback, user_data);
  /* Once the sale is recorded its token must reach the caller, even if the
   * cancellable fires meanwhile; run_job still skips a vend not started. */
  g_task_set_check_cancellable (task, FALSE);
  queue_push (context, task, vend_job);
}

gboolean
pos_vend_finish (PosContext     *context,
                 GAsyncResult   *result,
                 PosVendResult  *out_result,
                 GError        **error)
{
  g_autofree PosVendResult *vended = NULL;

  g_return_val_if_fail (check_result (context, result, pos_vend_async), FALSE);
  g_return_val_if_fail (out_result != NULL, FALSE);

  vended = g_task_propagate_pointer (G_TASK (result), error);
  if (vended == NULL)
    return FALSE;
  *out_result = *vended;
  return TRUE;
}

/* -- shifts ------------------------------------------------------------------ */

typedef struct
{
  char   *point;
  gint64  amount;
  gint64  expected;
  gint64  difference;
} ShiftData;

static void
shift_data_free (gpointer data)
{
  ShiftData *d = data;

  g_free (d->point);
  g_free (d);
}

static void
shift_open_job (GTask        *task,
                PosContext   *context,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ShiftData *d = task_data;
  GError *error = NULL;
  gint64 id = pos_shift_open (context, d->point, d->amount, &error);

  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, id);
}

void
pos_shift_open_async (PosContext          *context,
                      const char          *vending_point,
                      gint64               opening_float,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;
  ShiftData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (vending_point != NULL);

  task = task_new (context, pos_shift_open_async, cancellable, callback, user_data);
  d = g_new0 (ShiftData, 1);
  d->point = g_strdup (vending_point);
  d->amount = opening_float;
  g_task_set_task_data (task, d, shift_data_free);
  queue_push (context, task, shift_open_job);
}

gint64
pos_shift_open_finish (PosContext    *context,
                       GAsyncResult  *result,
                       GError       **error)
{
  gssize id;

  g_return_val_if_fail (check_result (context, result, pos_shift_open_async), 0);
  id = g_task_propagate_int (G_TASK (result), error);
  return id < 0 ? 0 : id;
}

static void
shift_close_job (GTask        *task,
                 PosContext   *context,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ShiftData *d = task_data;
  GError *error = NULL;

  if (!pos_shift_close (context, d->amount, &d->expected, &d->difference, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_shift_close_async (PosContext          *context,
                       gint64               counted_cash,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  ShiftData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));

  task = task_new (context, pos_shift_close_async, cancellable, callback, user_data);
  d = g_new0 (ShiftData, 1);
  d->amount = counted_cash;
  g_task_set_task_data (task, d, shift_data_free);
  queue_push (context, task, shift_close_job);
}

gboolean
pos_shift_close_finish (PosContext    *context,
                        GAsyncResult  *result,
                        gint64        *out_expected,
                        gint64        *out_difference,
                        GError       **error)
{
  ShiftData *d;

  g_return_val_if_fail (check_result (context, result, pos_shift_close_async), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  d = g_task_get_task_data (G_TASK (result));
  if (out_expected != NULL)
    *out_expected = d->expected;
  if (out_difference != NULL)
    *out_difference = d->difference;
  return TRUE;
}
