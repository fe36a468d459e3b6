/* pos-async.c: the use cases as _async/_finish pairs, run one at a time
 * per context in a single-thread queue (see pos-async.h for why) */
#include <string.h>

#include "pos-admin.h"
#include "pos-async.h"
#include "pos-cards.h"
#include "pos-context-private.h"
#include "pos-customers.h"
#include "pos-reports.h"
#include "pos-sales.h"
#include "pos-receipts.h"
#include "sts.h"

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
  /* No job inherits a read left open by the one before: it would see an
   * old snapshot, and could not write after another program did.  This is
   * done before the job, not after it: once a job has returned its result
   * the caller's thread may use the database at once, and a statement is
   * never reset from one thread while another steps it. */
  if (POS_IS_CONTEXT (g_task_get_source_object (task)))
    {
      PosDb *db = pos_context_get_db (g_task_get_source_object (task), NULL);

      if (db != NULL)
        pos_db_release_reads (db);
    }
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

/* -- the later use cases: one argument record for them all ------------------- */

typedef struct
{
  char            *point;
  char            *text;      /* pan, account, reason, day, path */
  char            *text2;     /* the last day, the CSV section */
  gint64           number;
  int              kind;      /* PosReceiptFormat, PosReportKind, PosReportFormat */
  gboolean         flag;
  gboolean         flag2;
  JsonObject      *report;
  PosProgressFunc  progress;
  gpointer         user_data;
  gboolean         out_printed;
  gboolean         out_copy;
  gint64           out_number;
} Args;

static void
args_free (gpointer data)
{
  Args *a = data;

  g_free (a->point);
  g_free (a->text);
  g_free (a->text2);
  g_clear_pointer (&a->report, json_object_unref);
  g_free (a);
}

static Args *
args_push (PosContext          *context,
           gpointer             tag,
           PosJobFunc           func,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           Args                *args)
{
  GTask *task = task_new (context, tag, cancellable, callback, user_data);

  g_task_set_task_data (task, args, args_free);
  queue_push (context, task, func);
  return args;
}

static Args *
args_new (const char *point,
          const char *text,
          const char *text2,
          gint64      number)
{
  Args *a = g_new0 (Args, 1);

  a->point = g_strdup (point);
  a->text = g_strdup (text);
  a->text2 = g_strdup (text2);
  a->number = number;
  return a;
}

static void
return_object (GTask      *task,
               JsonObject *object,
               GError     *error)
{
  if (object == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, object, (GDestroyNotify) json_object_unref);
}

static void
return_array (GTask     *task,
              JsonArray *array,
              GError    *error)
{
  if (array == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, array, (GDestroyNotify) json_array_unref);
}

/* -- receipts ------------------------------------------------------------------ */

static void
receipt_print_job (GTask        *task,
                   PosContext   *context,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;

  if (a->flag2)
    {
      g_autofree char *printer = pos_context_get_setting (context, POS_SETTING_RECEIPT_PRINTER);

      if (printer == NULL || printer[0] == '\0')
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
    }
  if (a->flag)
    {
      g_autoptr(JsonObject) sale = pos_sale_reprint (context, a->point, a->number, &error);

      if (sale == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (!pos_receipt_print (context, a->point, a->number, NULL, &a->out_copy, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  a->out_printed = TRUE;
  g_task_return_boolean (task, TRUE);
}

void
pos_receipt_print_async (PosContext          *context,
                         const char          *point,
                         gint64               receipt_no,
                         gboolean             reprint,
                         gboolean             only_if_configured,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Args *a;

  g_return_if_fail (POS_IS_CONTEXT (context));

  a = args_new (point, NULL, NULL, receipt_no);
  a->flag = reprint;
  a->flag2 = only_if_configured;
  args_push (context, pos_receipt_print_async, receipt_print_job, cancellable, callback, user_data, a);
}

gboolean
pos_receipt_print_finish (PosContext    *context,
                          GAsyncResult  *result,
                          gboolean      *out_printed,
                          gboolean      *out_copy,
                          GError       **error)
{
  Args *a;

  g_return_val_if_fail (check_result (context, result, pos_receipt_print_async), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  a = g_task_get_task_data (G_TASK (result));
  if (out_printed != NULL)
    *out_printed = a->out_printed;
  if (out_copy != NULL)
    *out_copy = a->out_copy;
  return TRUE;
}

static void
receipt_render_job (GTask        *task,
                    PosContext   *context,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  GBytes *bytes = pos_receipt_render (context, a->point, a->number, a->kind, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
pos_receipt_render_async (PosContext          *context,
                          const char          *point,
                          gint64               receipt_no,
                          PosReceiptFormat     format,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Args *a;

  g_return_if_fail (POS_IS_CONTEXT (context));

  a = args_new (point, NULL, NULL, receipt_no);
  a->kind = format;
  args_push (context, pos_receipt_render_async, receipt_render_job, cancellable, callback, user_data, a);
}

GBytes *
pos_receipt_render_finish (PosContext    *context,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_receipt_render_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- sales --------------------------------------------------------------------- */

typedef struct
{
  PosDb      *db;
  JsonArray  *rows;
  GHashTable *names;   /* account -> customer name */
} TodayData;

static gboolean
today_row_cb (const PosDbSaleRow *row,
              gpointer            user_data)
{
  TodayData *t = user_data;
  JsonObject *o = json_object_new ();
  const char *name = "";

  if (row->account != NULL && row->account[0] != '\0')
    {
      name = g_hash_table_lookup (t->names, row->account);
      if (name == NULL)
        {
          g_autoptr(GPtrArray) found = pos_db_customer_find (t->db, row->account, 1, NULL);
          PosDbCustomer *c = found != NULL && found->len > 0 ? g_ptr_array_index (found, 0) : NULL;

          name = c != NULL && g_strcmp0 (c->account_no, row->account) == 0 ? c->name : "";
          g_hash_table_insert (t->names, g_strdup (row->account), g_strdup (name));
          name = g_hash_table_lookup (t->names, row->account);
        }
    }
  json_object_set_int_member (o, "receipt", row->receipt_no);
  json_object_set_string_member (o, "point", row->vending_point);
  json_object_set_string_member (o, "time", row->created_at);
  json_object_set_string_member (o, "kind", row->kind);
  json_object_set_string_member (o, "status", row->status);
  json_object_set_string_member (o, "cashier", row->cashier);
  json_object_set_string_member (o, "account", row->account != NULL ? row->account : "");
  json_object_set_string_member (o, "customer", name);
  json_object_set_string_member (o, "meter", row->meter != NULL ? row->meter : "");
  json_object_set_int_member (o, "amount", row->amount);
  json_object_set_int_member (o, "kwh", row->kwh);
  json_array_add_object_element (t->rows, o);
  return TRUE;
}

static void
sales_today_job (GTask        *task,
                 PosContext   *context,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosDbShift) shift = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  TodayData t = { NULL, NULL, names };
  PosDb *db;

  if (!pos_context_require_role (context, POS_ROLE_CASHIER, "listing today's sales", &error)
      || (db = pos_context_get_db (context, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  shift = pos_db_shift_get_open (db, pos_context_get_user_id (context), &error);
  if (shift == NULL)
    {
      g_clear_error (&error);
      shift = pos_db_shift_get_latest (db, pos_context_get_user_id (context), &error);
    }
  if (shift == NULL)
    {
      if (g_error_matches (error, POS_DB_ERROR, POS_DB_ERROR_NOT_FOUND))
        {
          g_task_return_pointer (task, json_array_new (), (GDestroyNotify) json_array_unref);
          return;
        }
      pos_app_error_from_db (&error, "listing today's sales");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  now = pos_context_now (context);
  day = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                             g_date_time_get_day_of_month (now), 0, 0, 0);
  next = g_date_time_add_days (day, 1);
  from = g_date_time_format (day, "%Y-%m-%dT%H:%M:%SZ");
  to = g_date_time_format (next, "%Y-%m-%dT%H:%M:%SZ");
  t.db = db;
  t.rows = json_array_new ();
  if (!pos_db_sales_each (db, POS_DB_SCOPE_POINT, shift->vending_point_id, from, to, today_row_cb, &t, &error))
    {
      json_array_unref (t.rows);
      pos_app_error_from_db (&error, "listing today's sales");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, t.rows, (GDestroyNotify) json_array_unref);
}

void
pos_sales_today_async (PosContext          *context,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  queue_push (context, task_new (context, pos_sales_today_async, cancellable, callback, user_data),
              sales_today_job);
}

JsonArray *
pos_sales_today_finish (PosContext    *context,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_sales_today_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
reissue_job (GTask        *task,
             PosContext   *context,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  JsonObject *sale = pos_sale_reissue (context, a->text, &error);

  return_object (task, sale, error);
}

void
pos_sale_reissue_async (PosContext          *context,
                        const char          *pan,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (pan != NULL);

  args_push (context, pos_sale_reissue_async, reissue_job, cancellable, callback, user_data,
             args_new (NULL, pan, NULL, 0));
}

JsonObject *
pos_sale_reissue_finish (PosContext    *context,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_sale_reissue_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
reverse_job (GTask        *task,
             PosContext   *context,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;

  a->out_number = pos_sale_reverse (context, a->point, a->number, a->text, &error);
  if (a->out_number == 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_sale_reverse_async (PosContext          *context,
                        const char          *point,
                        gint64               receipt_no,
                        const char          *reason,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (reason != NULL);

  task = task_new (context, pos_sale_reverse_async, cancellable, callback, user_data);
  /* like a vend: once started, its outcome is reported */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, args_new (point, reason, NULL, receipt_no), args_free);
  queue_push (context, task, reverse_job);
}

gint64
pos_sale_reverse_finish (PosContext    *context,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_sale_reverse_async), 0);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;
  return ((Args *) g_task_get_task_data (G_TASK (result)))->out_number;
}

static void
history_job (GTask        *task,
             PosContext   *context,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  JsonArray *sales = pos_sale_history_for_customer (context, a->text, (guint) a->number, &error);

  return_array (task, sales, error);
}

void
pos_sale_history_async (PosContext          *context,
                        const char          *account_no,
                        guint                limit,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (account_no != NULL);

  args_push (context, pos_sale_history_async, history_job, cancellable, callback, user_data,
             args_new (NULL, account_no, NULL, limit));
}

JsonArray *
pos_sale_history_finish (PosContext    *context,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_sale_history_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- reports --------------------------------------------------------------------- */

static void
report_job (GTask        *task,
            PosContext   *context,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  JsonObject *report = NULL;

  switch ((PosReportKind) a->kind)
    {
    case POS_REPORT_KIND_SHIFT:
      report = pos_report_shift (context, 0, &error);
      break;
    case POS_REPORT_KIND_SALES:
      report = pos_report_sales (context, a->point, a->text, a->text2, &error);
      break;
    case POS_REPORT_KIND_Z_CLOSE:
      report = pos_z_report_close (context, a->point, a->text, &error);
      break;
    case POS_REPORT_KIND_Z_GET:
      report = pos_z_report_get (context, a->point, a->number, &error);
      break;
    default:
      g_set_error (&error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "no such report");
    }
  return_object (task, report, error);
}

void
pos_report_async (PosContext          *context,
                  PosReportKind        kind,
                  const char          *point,
                  const char          *from_day,
                  const char          *to_day,
                  gint64               number,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  Args *a;

  g_return_if_fail (POS_IS_CONTEXT (context));

  a = args_new (point, from_day, to_day, number);
  a->kind = kind;
  args_push (context, pos_report_async, report_job, cancellable, callback, user_data, a);
}

JsonObject *
pos_report_finish (PosContext    *context,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_report_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Progress crosses to the caller's main context, at most a hundred times. */
typedef struct
{
  GTask *task;
  gsize  done;
  gsize  total;
} Progress;

static gboolean
progress_idle_cb (gpointer data)
{
  Progress *p = data;
  Args *a = g_task_get_task_data (p->task);

  if (a->progress != NULL)
    a->progress (p->done, p->total, a->user_data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->task);
  g_free (p);
}

typedef struct
{
  GTask *task;
  guint  last_percent;
} ExportState;

static void
export_progress_cb (gsize    done,
                    gsize    total,
                    gpointer user_data)
{
  ExportState *s = user_data;
  guint percent = total > 0 ? (guint) (done * 100 / total) : 100;
  Progress *p;
  GSource *source;

  if (percent == s->last_percent)
    return;
  s->last_percent = percent;
  p = g_new0 (Progress, 1);
  p->task = g_object_ref (s->task);
  p->done = done;
  p->total = total;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_idle_cb, p, progress_free);
  g_source_set_static_name (source, "[pos-async] export progress");
  g_source_attach (source, g_task_get_context (s->task));
  g_source_unref (source);
}

static void
export_job (GTask        *task,
            PosContext   *context,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  ExportState state = { task, G_MAXUINT };

  if (!pos_report_export (context, a->report, a->kind, a->text2, a->text, export_progress_cb, &state, cancellable,
                          &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_report_export_async (PosContext          *context,
                         JsonObject          *report,
                         PosReportFormat      format,
                         const char          *section,
                         const char          *path,
                         PosProgressFunc      progress,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Args *a;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (report != NULL);
  g_return_if_fail (path != NULL);

  /* the report is only read in the queue, and its references are only
   * taken and dropped in this thread */
  a = args_new (NULL, path, section, 0);
  a->kind = format;
  a->report = json_object_ref (report);
  a->progress = progress;
  a->user_data = user_data;
  args_push (context, pos_report_export_async, export_job, cancellable, callback, user_data, a);
}

gboolean
pos_report_export_finish (PosContext    *context,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_report_export_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
report_print_job (GTask        *task,
                  PosContext   *context,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;

  if (!pos_report_print (context, a->report, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_report_print_async (PosContext          *context,
                        JsonObject          *report,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Args *a;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (report != NULL);

  a = args_new (NULL, NULL, NULL, 0);
  a->report = json_object_ref (report);
  args_push (context, pos_report_print_async, report_print_job, cancellable, callback, user_data, a);
}

gboolean
pos_report_print_finish (PosContext    *context,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_report_print_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- customers and meters ------------------------------------------------------ */

gboolean
pos_meter_number_check (const char  *text,
                        GError     **error)
{
  StsPan pan;
  StsStatus status;
  gsize len = text != NULL ? strlen (text) : 0;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      {
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a meter number has digits only");
        return FALSE;
      }
  if (len != STS_PAN_DIGITS)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "a meter number has %d digits, not %" G_GSIZE_FORMAT,
                   STS_PAN_DIGITS, len);
      return FALSE;
    }
  status = sts_pan_parse (&pan, text);
  if (status == STS_ERR_BAD_PAN_CHECK_DIGIT || status == STS_ERR_BAD_DRN_CHECK_DIGIT)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PAN_CHECK_DIGIT,
                   "the check digits do not match: a digit of this meter number is wrong");
      return FALSE;
    }
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "this is not a meter number (it starts 600727 or 0000)");
      return FALSE;
    }
  return TRUE;
}

static void
customer_get_job (GTask        *task,
                  PosContext   *context,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;

  return_object (task, pos_customer_get (context, a->text, &error), error);
}

void
pos_customer_get_async (PosContext          *context,
                        const char          *account_no,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (account_no != NULL);

  args_push (context, pos_customer_get_async, customer_get_job, cancellable, callback, user_data,
             args_new (NULL, account_no, NULL, 0));
}

JsonObject *
pos_customer_get_finish (PosContext    *context,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_customer_get_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *account;
  char *name;
  char *address;
  char *phone;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *d = data;

  g_free (d->account);
  g_free (d->name);
  g_free (d->address);
  g_free (d->phone);
  g_free (d);
}

static void
customer_save_job (GTask        *task,
                   PosContext   *context,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SaveData *d = task_data;
  GError *error = NULL;
  PosCustomerSpec spec = { NULL, d->name, d->address, d->phone };
  gint64 id;
  g_autoptr(PosDbCustomer) customer = NULL;
  PosDb *db;

  if (d->account != NULL)
    {
      if (!pos_customer_update (context, d->account, &spec, &error))
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, g_strdup (d->account), g_free);
      return;
    }
  id = pos_customer_add (context, &spec, &error);
  if (id == 0 || (db = pos_context_get_db (context, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  customer = pos_db_customer_get (db, id, &error);
  if (customer == NULL)
    {
      pos_app_error_from_db (&error, "reading the new customer");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (customer->account_no), g_free);
}

void
pos_customer_save_async (PosContext          *context,
                         const char          *account_no,
                         const char          *name,
                         const char          *address,
                         const char          *phone,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  SaveData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));

  task = task_new (context, pos_customer_save_async, cancellable, callback, user_data);
  d = g_new0 (SaveData, 1);
  d->account = g_strdup (account_no);
  d->name = g_strdup (name);
  d->address = g_strdup (address);
  d->phone = g_strdup (phone);
  g_task_set_task_data (task, d, save_data_free);
  queue_push (context, task, customer_save_job);
}

char *
pos_customer_save_finish (PosContext    *context,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_customer_save_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *account;
  char *pan;
  char *sgc;
  char *tariff;
  char *status;
  int   krn;
  int   ti;
} MeterData;

static void
meter_data_free (gpointer data)
{
  MeterData *d = data;

  g_free (d->account);
  g_free (d->pan);
  g_free (d->sgc);
  g_free (d->tariff);
  g_free (d->status);
  g_free (d);
}

static void
meter_add_job (GTask        *task,
               PosContext   *context,
               gpointer      task_data,
               GCancellable *cancellable)
{
  MeterData *d = task_data;
  GError *error = NULL;
  PosMeterSpec spec = { d->pan, d->sgc, d->krn, d->ti, d->tariff, NULL };

  if (pos_meter_add (context, d->account, &spec, &error) == 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_meter_add_async (PosContext          *context,
                     const char          *account_no,
                     const char          *pan,
                     const char          *sgc,
                     int                  krn,
                     int                  ti,
                     const char          *tariff,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  MeterData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (account_no != NULL && pan != NULL);

  task = task_new (context, pos_meter_add_async, cancellable, callback, user_data);
  d = g_new0 (MeterData, 1);
  d->account = g_strdup (account_no);
  d->pan = g_strdup (pan);
  d->sgc = g_strdup (sgc);
  d->tariff = g_strdup (tariff);
  d->krn = krn;
  d->ti = ti;
  g_task_set_task_data (task, d, meter_data_free);
  queue_push (context, task, meter_add_job);
}

gboolean
pos_meter_add_finish (PosContext    *context,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_meter_add_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
meter_update_job (GTask        *task,
                  PosContext   *context,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  MeterData *d = task_data;
  GError *error = NULL;

  if (!pos_meter_update (context, d->pan, d->tariff, d->status, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_meter_update_async (PosContext          *context,
                        const char          *pan,
                        const char          *tariff,
                        const char          *status,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  MeterData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (pan != NULL);

  task = task_new (context, pos_meter_update_async, cancellable, callback, user_data);
  d = g_new0 (MeterData, 1);
  d->pan = g_strdup (pan);
  d->tariff = g_strdup (tariff);
  d->status = g_strdup (status);
  g_task_set_task_data (task, d, meter_data_free);
  queue_push (context, task, meter_update_job);
}

gboolean
pos_meter_update_finish (PosContext    *context,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_meter_update_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- administration -------------------------------------------------------------- */

typedef struct
{
  PosAdminOp  op;
  char       *s[3];
  gint64      n1;
  gint64      n2;
} AdminOp;

static void
admin_op_free (gpointer data)
{
  AdminOp *d = data;

  for (gsize i = 0; i < G_N_ELEMENTS (d->s); i++)
    secret_free (d->s[i]);
  g_free (d);
}

static JsonNode *
node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
admin_op_run (PosContext  *context,
              AdminOp     *d,
              GError     **error)
{
  switch (d->op)
    {
    case POS_ADMIN_OP_ADD_USER:
      if (pos_admin_add_user (context, d->s[0], d->s[1], (PosRole) d->n1, d->s[2], error) == 0)
        return NULL;
      break;
    case POS_ADMIN_OP_UPDATE_USER:
      if (!pos_admin_update_user (context, d->s[0], (PosRole) d->n1, (int) d->n2, d->s[2], error))
        return NULL;
      break;
    case POS_ADMIN_OP_IMPORT_KEY:
      if (pos_admin_import_vending_key (context, d->s[0], (int) d->n1, d->s[1], error) == 0)
        return NULL;
      break;
    case POS_ADMIN_OP_GET_UTILITY:
      {
        JsonObject *utility = pos_utility_get (context, error);

        return utility != NULL ? node_take_object (utility) : NULL;
      }
    case POS_ADMIN_OP_SET_UTILITY:
      if (!pos_admin_set_utility (context, d->s[0], d->s[1], d->s[2], d->n1, d->n2, error))
        return NULL;
      break;
    case POS_ADMIN_OP_RECONCILE:
      {
        gint64 reconciled = 0;
        JsonObject *o;

        if (!pos_admin_reconcile_point (context, d->s[0], d->n1, &reconciled, error))
          return NULL;
        o = json_object_new ();
        json_object_set_int_member (o, "reconciled", reconciled);
        return node_take_object (o);
      }
    case POS_ADMIN_OP_BACKUP:
      if (!pos_backup (context, d->s[0], error))
        return NULL;
      break;
    case POS_ADMIN_OP_RESTORE:
      if (!pos_restore (context, d->s[0], error))
        return NULL;
      break;
    case POS_ADMIN_OP_PRINTERS:
      {
        JsonArray *printers = pos_printers_list (context, error);
        JsonNode *node;

        if (printers == NULL)
          return NULL;
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, printers);
        return node;
      }
    case POS_ADMIN_OP_GET_SETTINGS:
      {
        static const struct { const char *key; const char *name; } keys[] = {
          { POS_SETTING_RECEIPT_PRINTER, "receipt-printer" },
          { POS_SETTING_REPORT_PRINTER, "report-printer" },
          { POS_SETTING_RECEIPT_FORMAT, "receipt-format" },
        };
        JsonObject *o = json_object_new ();

        for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
          {
            g_autofree char *value = pos_context_get_setting (context, keys[i].key);

            if (value != NULL)
              json_object_set_string_member (o, keys[i].name, value);
          }
        return node_take_object (o);
      }
    case POS_ADMIN_OP_SET_SETTING:
      {
        /* Printer settings go through the same checks as the CLI's. */
        PosPrinterChoice choice = { NULL, NULL, NULL, -1 };

        if (!pos_context_require_role (context, POS_ROLE_ADMIN, "choosing the printers", error))
          return NULL;
        if (g_strcmp0 (d->s[0], POS_SETTING_RECEIPT_PRINTER) == 0)
          choice.receipt_printer = d->s[1] != NULL ? d->s[1] : "";
        else if (g_strcmp0 (d->s[0], POS_SETTING_REPORT_PRINTER) == 0)
          choice.report_printer = d->s[1] != NULL ? d->s[1] : "";
        else if (g_strcmp0 (d->s[0], POS_SETTING_RECEIPT_FORMAT) == 0)
          choice.receipt_format = d->s[1];
        else if (g_strcmp0 (d->s[0], POS_SETTING_RECEIPT_QR) == 0)
          choice.qr = g_strcmp0 (d->s[1], "true") == 0;
        else
          {
            if (!pos_context_set_setting (context, d->s[0], d->s[1], error))
              return NULL;
            break;
          }
        if (!pos_printers_configure (context, &choice, error))
          return NULL;
      }
      break;
    case POS_ADMIN_OP_ADD_POINT:
      if (pos_admin_add_vending_point (context, d->s[0], d->n1, error) == 0)
        return NULL;
      break;
    case POS_ADMIN_OP_ADD_TARIFF:
      {
        PosTariffStep step = { 0, d->n2 };
        PosTariffSpec spec = { d->s[0], (int) d->n1, TRUE, 0, 0, &step, 1 };

        if (pos_admin_add_tariff (context, &spec, error) == 0)
          return NULL;
        break;
      }
    case POS_ADMIN_OP_ADD_GROUP:
      {
        PosSupplyGroupSpec spec = { d->s[0], d->s[1], (int) d->n1, 2, 255, (int) d->n2, 7, d->s[2] };

        if (pos_admin_add_supply_group (context, &spec, error) == 0)
          return NULL;
        break;
      }
    default:
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "no such administration task");
      return NULL;
    }
  return json_node_new (JSON_NODE_NULL);
}

static void
admin_op_job (GTask        *task,
              PosContext   *context,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *node = admin_op_run (context, task_data, &error);

  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

void
pos_admin_op_async (PosContext          *context,
                    PosAdminOp           op,
                    const char          *s0,
                    const char          *s1,
                    const char          *s2,
                    gint64               n1,
                    gint64               n2,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  AdminOp *d;

  g_return_if_fail (POS_IS_CONTEXT (context));

  task = task_new (context, pos_admin_op_async, cancellable, callback, user_data);
  d = g_new0 (AdminOp, 1);
  d->op = op;
  d->s[0] = g_strdup (s0);
  d->s[1] = g_strdup (s1);
  d->s[2] = g_strdup (s2);
  d->n1 = n1;
  d->n2 = n2;
  /* a restore or a changed user, once started, is reported */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, d, admin_op_free);
  queue_push (context, task, admin_op_job);
}

JsonNode *
pos_admin_op_finish (PosContext    *context,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_admin_op_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- engineering ------------------------------------------------------------------ */

typedef struct
{
  char               *pan;
  char               *sgc;
  char               *to_sgc;
  int                 kind;
  gint64              value;
  int                 krn;
  int                 to_krn;
  int                 ti;
  PosMigrationFunc    each;
  gpointer            user_data;
  PosTokenSet         tokens;
  guint               moved;
} EngData;

static void
eng_data_free (gpointer data)
{
  EngData *d = data;

  g_free (d->pan);
  g_free (d->sgc);
  g_free (d->to_sgc);
  memset (&d->tokens, 0, sizeof d->tokens);
  g_free (d);
}

static GTask *
eng_task_new (PosContext          *context,
              gpointer             tag,
              EngData             *d,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = task_new (context, tag, cancellable, callback, user_data);

  /* tokens recorded must reach the caller */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, d, eng_data_free);
  return task;
}

static void
eng_token_job (GTask        *task,
               PosContext   *context,
               gpointer      task_data,
               GCancellable *cancellable)
{
  EngData *d = task_data;
  GError *error = NULL;

  if (!pos_engineering_token (context, d->pan, d->kind, d->value, &d->tokens, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_engineering_token_async (PosContext          *context,
                             const char          *pan,
                             PosEngineeringKind   kind,
                             gint64               value,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  EngData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (pan != NULL);

  d = g_new0 (EngData, 1);
  d->pan = g_strdup (pan);
  d->kind = kind;
  d->value = value;
  queue_push (context, eng_task_new (context, pos_engineering_token_async, d, cancellable, callback, user_data),
              eng_token_job);
}

static gboolean
tokens_finish (GAsyncResult  *result,
               PosTokenSet   *out,
               GError       **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (out != NULL)
    *out = ((EngData *) g_task_get_task_data (G_TASK (result)))->tokens;
  return TRUE;
}

gboolean
pos_engineering_token_finish (PosContext    *context,
                              GAsyncResult  *result,
                              PosTokenSet   *out,
                              GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_engineering_token_async), FALSE);
  return tokens_finish (result, out, error);
}

static void
key_change_job (GTask        *task,
                PosContext   *context,
                gpointer      task_data,
                GCancellable *cancellable)
{
  EngData *d = task_data;
  GError *error = NULL;

  if (!pos_key_change (context, d->pan, d->sgc, d->krn, d->ti, &d->tokens, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_key_change_async (PosContext          *context,
                      const char          *pan,
                      const char          *sgc,
                      int                  krn,
                      int                  ti,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  EngData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (pan != NULL && sgc != NULL);

  d = g_new0 (EngData, 1);
  d->pan = g_strdup (pan);
  d->sgc = g_strdup (sgc);
  d->krn = krn;
  d->ti = ti;
  queue_push (context, eng_task_new (context, pos_key_change_async, d, cancellable, callback, user_data),
              key_change_job);
}

gboolean
pos_key_change_finish (PosContext    *context,
                       GAsyncResult  *result,
                       PosTokenSet   *out,
                       GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_key_change_async), FALSE);
  return tokens_finish (result, out, error);
}

/* One migrated meter, crossing to the caller's main context. */
typedef struct
{
  GTask       *task;
  char        *pan;
  PosTokenSet  tokens;
  guint        done;
  guint        total;
} Migrated;

static gboolean
migrated_idle_cb (gpointer data)
{
  Migrated *m = data;
  EngData *d = g_task_get_task_data (m->task);

  if (d->each != NULL)
    d->each (m->pan, &m->tokens, m->done, m->total, d->user_data);
  return G_SOURCE_REMOVE;
}

static void
migrated_free (gpointer data)
{
  Migrated *m = data;

  g_object_unref (m->task);
  g_free (m->pan);
  memset (&m->tokens, 0, sizeof m->tokens);
  g_free (m);
}

static void
migrated_cb (const char         *pan,
             const PosTokenSet  *tokens,
             guint               done,
             guint               total,
             gpointer            user_data)
{
  GTask *task = user_data;
  Migrated *m = g_new0 (Migrated, 1);
  GSource *source;

  m->task = g_object_ref (task);
  m->pan = g_strdup (pan);
  m->tokens = *tokens;
  m->done = done;
  m->total = total;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, migrated_idle_cb, m, migrated_free);
  g_source_set_static_name (source, "[pos-async] migrated meter");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static void
key_change_group_job (GTask        *task,
                      PosContext   *context,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  EngData *d = task_data;
  GError *error = NULL;

  if (!pos_key_change_group (context, d->sgc, d->krn, d->to_sgc, d->to_krn, migrated_cb, task, &d->moved, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pos_key_change_group_async (PosContext          *context,
                            const char          *from_sgc,
                            int                  from_krn,
                            const char          *to_sgc,
                            int                  to_krn,
                            PosMigrationFunc     each,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  EngData *d;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (from_sgc != NULL && to_sgc != NULL);

  d = g_new0 (EngData, 1);
  d->sgc = g_strdup (from_sgc);
  d->krn = from_krn;
  d->to_sgc = g_strdup (to_sgc);
  d->to_krn = to_krn;
  d->each = each;
  d->user_data = user_data;
  queue_push (context, eng_task_new (context, pos_key_change_group_async, d, cancellable, callback, user_data),
              key_change_group_job);
}

gboolean
pos_key_change_group_finish (PosContext    *context,
                             GAsyncResult  *result,
                             guint         *out_moved,
                             GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_key_change_group_async), FALSE);

  if (out_moved != NULL)
    *out_moved = ((EngData *) g_task_get_task_data (G_TASK (result)))->moved;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- customers' IC cards ------------------------------------------------------ */

/* The card jobs keep the reader spec in Args.point, the meter number in
 * text, a reason in text2, the amount in number and the override in
 * flag. */

static void
card_readers_job (GTask        *task,
                  PosContext   *context,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  GStrv readers = pos_cards_list_readers (a->point, &error);

  if (readers == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, readers, (GDestroyNotify) g_strfreev);
}

void
pos_cards_list_readers_async (PosContext          *context,
                              const char          *spec,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (spec != NULL);

  args_push (context, pos_cards_list_readers_async, card_readers_job, cancellable, callback,
             user_data, args_new (spec, NULL, NULL, 0));
}

GStrv
pos_cards_list_readers_finish (PosContext    *context,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_cards_list_readers_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
card_read_job (GTask        *task,
               PosContext   *context,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  JsonObject *card = pos_card_read_card (context, a->point, &error);

  return_object (task, card, error);
}

void
pos_card_read_card_async (PosContext          *context,
                          const char          *reader,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (reader != NULL);

  args_push (context, pos_card_read_card_async, card_read_job, cancellable, callback, user_data,
             args_new (reader, NULL, NULL, 0));
}

JsonObject *
pos_card_read_card_finish (PosContext    *context,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_card_read_card_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
card_issue_job (GTask        *task,
                PosContext   *context,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  JsonObject *card = pos_card_issue_to_meter (context, a->point, a->text, &error);

  return_object (task, card, error);
}

void
pos_card_issue_to_meter_async (PosContext          *context,
                               const char          *reader,
                               const char          *pan,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (reader != NULL);
  g_return_if_fail (pan != NULL);

  args_push (context, pos_card_issue_to_meter_async, card_issue_job, cancellable, callback,
             user_data, args_new (reader, pan, NULL, 0));
}

JsonObject *
pos_card_issue_to_meter_finish (PosContext    *context,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_card_issue_to_meter_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A recharge, once started, always reports its result, like a vend: the
 * sale may be recorded already. */
static void
card_recharge_job (GTask        *task,
                   PosContext   *context,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  JsonObject *sale = pos_card_recharge (context, a->point, a->number, a->flag, &error);

  return_object (task, sale, error);
}

void
pos_card_recharge_async (PosContext          *context,
                         const char          *reader,
                         gint64               tendered,
                         gboolean             override,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Args *a;

  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (reader != NULL);

  task = task_new (context, pos_card_recharge_async, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  a = args_new (reader, NULL, NULL, tendered);
  a->flag = override;
  g_task_set_task_data (task, a, args_free);
  queue_push (context, task, card_recharge_job);
}

JsonObject *
pos_card_recharge_finish (PosContext    *context,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_card_recharge_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
card_retry_job (GTask        *task,
                PosContext   *context,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  JsonObject *written = pos_card_retry_write (context, a->point, &error);

  return_object (task, written, error);
}

void
pos_card_retry_write_async (PosContext          *context,
                            const char          *reader,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (reader != NULL);

  args_push (context, pos_card_retry_write_async, card_retry_job, cancellable, callback,
             user_data, args_new (reader, NULL, NULL, 0));
}

JsonObject *
pos_card_retry_write_finish (PosContext    *context,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_card_retry_write_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
card_replace_job (GTask        *task,
                  PosContext   *context,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Args *a = task_data;
  GError *error = NULL;
  JsonObject *card = pos_card_replace (context, a->point, a->text, a->text2, &error);

  return_object (task, card, error);
}

void
pos_card_replace_async (PosContext          *context,
                        const char          *reader,
                        const char          *pan,
                        const char          *reason,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (POS_IS_CONTEXT (context));
  g_return_if_fail (reader != NULL);
  g_return_if_fail (pan != NULL);
  g_return_if_fail (reason != NULL);

  args_push (context, pos_card_replace_async, card_replace_job, cancellable, callback,
             user_data, args_new (reader, pan, reason, 0));
}

JsonObject *
pos_card_replace_finish (PosContext    *context,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (check_result (context, result, pos_card_replace_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
