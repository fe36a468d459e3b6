/* test-async.c: the asynchronous use cases on a real demonstration
 * database: the same results as the synchronous ones, one job at a time
 * per context, errors and cancellation through _finish */
#include <string.h>

#include <glib/gstdio.h>

#include "pos-app.h"

#define N_CUSTOMERS 30

typedef struct
{
  char         *dir;
  char         *path;
  PosContext   *context;
  GDateTime    *now;
  /* the serialisation probe: jobs inside the clock at this moment */
  gint          inside;
  gint          overlaps;
  gboolean      slow_clock;
} Fixture;

static GDateTime *
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  /* If two use cases ran at once, two threads would meet in here. */
  if (g_atomic_int_add (&f->inside, 1) != 0)
    g_atomic_int_inc (&f->overlaps);
  if (f->slow_clock)
    g_usleep (5000);
  g_atomic_int_add (&f->inside, -1);
  return g_date_time_ref (f->now);
}

/* Runs the main loop until *@result is set. */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  f->dir = g_dir_make_tmp ("stsvend-async-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "stsvend.db", NULL);
  f->now = g_date_time_new_from_iso8601 ("2026-11-24T10:15:00Z", NULL);

  f->context = pos_context_new ();
  pos_context_set_clock (f->context, fixture_clock, f, NULL);
  pos_context_set_kdf_cost (f->context, 10);
  pos_database_open_async (f->context, f->path, TRUE, N_CUSTOMERS, NULL, store_result_cb, &result);
  g_assert_true (pos_database_open_finish (f->context, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_null (pos_context_get_username (f->context));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&f->context);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (f->path, suffixes[i], NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_clear_pointer (&f->now, g_date_time_unref);
}

static PosSession *
login (Fixture     *f,
       const char  *user,
       const char  *password,
       const char  *passphrase,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pos_login_async (f->context, user, password, passphrase, NULL, store_result_cb, &result);
  return pos_login_finish (f->context, wait_for (&result), error);
}

static gint64
open_shift (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  pos_shift_open_async (f->context, "Main office", 50000, NULL, store_result_cb, &result);
  id = pos_shift_open_finish (f->context, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The first meter of the demo customer ACC-000001. */
static char *
first_pan (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = pos_customer_find (f->context, "ACC-000001", 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  return g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (json_array_get_object_element (found, 0),
                                                                 "meters"), 0), "pan"));
}

static void
assert_quotes_equal (const PosVendQuote *a,
                     const PosVendQuote *b)
{
  g_assert_cmpint (a->tendered, ==, b->tendered);
  g_assert_cmpint (a->debt_recovered, ==, b->debt_recovered);
  g_assert_cmpint (a->debt_balance, ==, b->debt_balance);
  g_assert_cmpint (a->fixed_charge, ==, b->fixed_charge);
  g_assert_cmpint (a->vat, ==, b->vat);
  g_assert_cmpint (a->energy_value, ==, b->energy_value);
  g_assert_cmpint (a->kwh, ==, b->kwh);
  g_assert_cmpuint (a->n_lines, ==, b->n_lines);
  for (guint i = 0; i < a->n_lines; i++)
    {
      g_assert_cmpint (a->lines[i].kwh, ==, b->lines[i].kwh);
      g_assert_cmpint (a->lines[i].price, ==, b->lines[i].price);
      g_assert_cmpint (a->lines[i].value, ==, b->lines[i].value);
    }
}

/* -- tests ---------------------------------------------------------------- */

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(PosSession) copy = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  session = login (f, "cashier", POS_DEMO_CASHIER_PASSWORD, POS_DEMO_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->username, ==, "cashier");
  g_assert_cmpstr (session->full_name, ==, "Demo Cashier");
  g_assert_cmpint (session->role, ==, POS_ROLE_CASHIER);
  g_assert_true (session->keys_unlocked);
  g_assert_false (session->shift_open);
  g_assert_null (session->shift_point);
  /* the same as the synchronous getters say */
  g_assert_cmpstr (pos_context_get_username (f->context), ==, "cashier");
  g_assert_true (pos_context_keys_unlocked (f->context));

  open_shift (f);
  pos_session_query_async (f->context, NULL, store_result_cb, &result);
  g_clear_pointer (&session, pos_session_free);
  session = pos_session_query_finish (f->context, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (session->shift_open);
  g_assert_cmpstr (session->shift_point, ==, "Main office");
  g_assert_cmpstr (session->shift_opened_at, ==, "2026-11-24T10:15:00Z");
  g_assert_cmpint (session->shift_float, ==, 50000);
  copy = pos_session_copy (session);
  g_assert_cmpstr (copy->shift_point, ==, "Main office");
  g_assert_true (copy->shift_point != session->shift_point);

  g_clear_object (&result);
  pos_logout_async (f->context, NULL, store_result_cb, &result);
  g_assert_true (pos_logout_finish (f->context, wait_for (&result), &error));
  g_assert_null (pos_context_get_username (f->context));

  /* without the passphrase; the session says what the context says
   * (pos_context_logout keeps the key-encryption key today) */
  g_clear_pointer (&session, pos_session_free);
  session = login (f, "supervisor", POS_DEMO_SUPERVISOR_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (session->role, ==, POS_ROLE_SUPERVISOR);
  g_assert_true (session->keys_unlocked == pos_context_keys_unlocked (f->context));

  g_clear_object (&result);
  pos_unlock_keys_async (f->context, "not the passphrase", NULL, store_result_cb, &result);
  g_assert_false (pos_unlock_keys_finish (f->context, wait_for (&result), &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);

  g_clear_object (&result);
  pos_unlock_keys_async (f->context, POS_DEMO_PASSPHRASE, NULL, store_result_cb, &result);
  g_assert_true (pos_unlock_keys_finish (f->context, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_true (pos_context_keys_unlocked (f->context));
}

static void
test_login_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  session = login (f, "cashier", "wrong", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSWORD);
  g_clear_error (&error);

  /* a wrong passphrase undoes the login */
  session = login (f, "cashier", POS_DEMO_CASHIER_PASSWORD, "not the passphrase", &error);
  g_assert_null (session);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);
  g_assert_null (pos_context_get_username (f->context));

  pos_session_query_async (f->context, NULL, store_result_cb, &result);
  g_assert_null (pos_session_query_finish (f->context, wait_for (&result), &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_LOGGED_IN);
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) sync = NULL;
  g_autoptr(JsonArray) async = NULL;

  /* not logged in: refused, through _finish */
  pos_customer_find_async (f->context, "dlamini", 10, NULL, store_result_cb, &result);
  g_assert_null (pos_customer_find_finish (f->context, wait_for (&result), &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);

  session = login (f, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&result);
  pos_customer_find_async (f->context, "ACC-000010", 10, NULL, store_result_cb, &result);
  async = pos_customer_find_finish (f->context, wait_for (&result), &error);
  g_assert_no_error (error);
  sync = pos_customer_find (f->context, "ACC-000010", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (async), ==, 1);
  g_assert_cmpuint (json_array_get_length (sync), ==, 1);
  {
    JsonObject *a = json_array_get_object_element (async, 0);
    JsonObject *s = json_array_get_object_element (sync, 0);
    JsonObject *am = json_array_get_object_element (json_object_get_array_member (a, "meters"), 0);
    JsonObject *sm = json_array_get_object_element (json_object_get_array_member (s, "meters"), 0);

    g_assert_cmpstr (json_object_get_string_member (a, "account"), ==, "ACC-000010");
    g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, json_object_get_string_member (s, "name"));
    g_assert_cmpstr (json_object_get_string_member (a, "address"), ==,
                     json_object_get_string_member (s, "address"));
    g_assert_cmpstr (json_object_get_string_member (a, "phone"), ==, json_object_get_string_member (s, "phone"));
    g_assert_cmpstr (json_object_get_string_member (am, "pan"), ==, json_object_get_string_member (sm, "pan"));
    /* every tenth demo customer is on the commercial tariff */
    g_assert_cmpstr (json_object_get_string_member (am, "tariff"), ==, "Commercial flat");
  }

  /* a name search gives the same customers in the same order */
  g_clear_object (&result);
  g_clear_pointer (&async, json_array_unref);
  g_clear_pointer (&sync, json_array_unref);
  pos_customer_find_async (f->context, "nomsa", 50, NULL, store_result_cb, &result);
  async = pos_customer_find_finish (f->context, wait_for (&result), &error);
  g_assert_no_error (error);
  sync = pos_customer_find (f->context, "nomsa", 50, &error);
  g_assert_cmpuint (json_array_get_length (async), >, 0);
  g_assert_cmpuint (json_array_get_length (async), ==, json_array_get_length (sync));
  for (guint i = 0; i < json_array_get_length (sync); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (async, i), "account"), ==,
                     json_object_get_string_member (json_array_get_object_element (sync, i), "account"));
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) sync = NULL;
  g_autoptr(JsonArray) async = NULL;

  session = login (f, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  pos_customer_list_async (f->context, 5, 10, NULL, store_result_cb, &result);
  async = pos_customer_list_finish (f->context, wait_for (&result), &error);
  g_assert_no_error (error);
  sync = pos_customer_list (f->context, 5, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (async), ==, 10);
  g_assert_cmpuint (json_array_get_length (sync), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      JsonObject *a = json_array_get_object_element (async, i);
      JsonObject *m = json_array_get_object_element (json_object_get_array_member (a, "meters"), 0);

      g_assert_cmpstr (json_object_get_string_member (a, "account"), ==,
                       json_object_get_string_member (json_array_get_object_element (sync, i), "account"));
      g_assert_true (json_object_has_member (m, "tariff"));
    }
}

static void
test_admin_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) points = NULL;

  session = login (f, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  pos_admin_list_async (f->context, POS_ADMIN_VENDING_POINTS, NULL, store_result_cb, &result);
  points = pos_admin_list_finish (f->context, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (points), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (points, 0), "name"), ==,
                   "Main office");

  /* users are for administrators: refused through _finish */
  g_clear_object (&result);
  g_clear_pointer (&points, json_array_unref);
  pos_admin_list_async (f->context, POS_ADMIN_USERS, NULL, store_result_cb, &result);
  points = pos_admin_list_finish (f->context, wait_for (&result), &error);
  g_assert_null (points);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_PERMISSION_DENIED);
}

static void
test_quote_and_vend (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autofree char *pan = NULL;
  PosVendQuote sync, async;
  PosVendResult vended;
  JsonObject *sale;

  session = login (f, "cashier", POS_DEMO_CASHIER_PASSWORD, POS_DEMO_PASSPHRASE, &error);
  g_assert_no_error (error);
  pan = first_pan (f);

  pos_vend_quote_async (f->context, pan, 10000, NULL, store_result_cb, &result);
  g_assert_true (pos_vend_quote_finish (f->context, wait_for (&result), &async, &error));
  g_assert_no_error (error);
  g_assert_true (pos_vend_quote (f->context, pan, 10000, &sync, &error));
  assert_quotes_equal (&async, &sync);
  g_assert_cmpint (async.kwh, >, 0);

  /* no shift: refused through _finish, nothing recorded */
  g_clear_object (&result);
  pos_vend_async (f->context, pan, 10000, NULL, store_result_cb, &result);
  g_assert_false (pos_vend_finish (f->context, wait_for (&result), &vended, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NO_SHIFT);
  g_clear_error (&error);

  open_shift (f);
  g_clear_object (&result);
  pos_vend_async (f->context, pan, 10000, NULL, store_result_cb, &result);
  g_assert_true (pos_vend_finish (f->context, wait_for (&result), &vended, &error));
  g_assert_no_error (error);
  assert_quotes_equal (&vended.quote, &sync);
  g_assert_cmpuint (strlen (vended.token), ==, 20);
  g_assert_cmpint (vended.receipt_no, ==, 1);

  history = pos_sale_history (f->context, pan, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  sale = json_array_get_object_element (history, 0);
  g_assert_cmpint (json_object_get_int_member (sale, "receipt"), ==, vended.receipt_no);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (sale, "tokens"), 0), ==,
                   vended.token);
}

static void
test_shift_close (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 expected = -1, difference = -1;

  session = login (f, "cashier", POS_DEMO_CASHIER_PASSWORD, NULL, &error);
  g_assert_no_error (error);

  pos_shift_close_async (f->context, 0, NULL, store_result_cb, &result);
  g_assert_false (pos_shift_close_finish (f->context, wait_for (&result), NULL, NULL, &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NO_SHIFT);
  g_clear_error (&error);

  open_shift (f);
  g_clear_object (&result);
  pos_shift_open_async (f->context, "Main office", 0, NULL, store_result_cb, &result);
  g_assert_cmpint (pos_shift_open_finish (f->context, wait_for (&result), &error), ==, 0);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_DUPLICATE);
  g_clear_error (&error);

  g_clear_object (&result);
  pos_shift_close_async (f->context, 49000, NULL, store_result_cb, &result);
  g_assert_true (pos_shift_close_finish (f->context, wait_for (&result), &expected, &difference, &error));
  g_assert_no_error (error);
  g_assert_cmpint (expected, ==, 50000);
  g_assert_cmpint (difference, ==, -1000);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) quoted = NULL;
  g_autoptr(GAsyncResult) vended = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autofree char *pan = NULL;
  PosVendQuote q;
  PosVendResult r;

  session = login (f, "cashier", POS_DEMO_CASHIER_PASSWORD, POS_DEMO_PASSPHRASE, &error);
  g_assert_no_error (error);
  pan = first_pan (f);
  open_shift (f);

  /* cancelled before they start: neither runs, a vend records nothing */
  g_cancellable_cancel (cancellable);
  pos_vend_quote_async (f->context, pan, 10000, cancellable, store_result_cb, &quoted);
  pos_vend_async (f->context, pan, 10000, cancellable, store_result_cb, &vended);
  g_assert_false (pos_vend_quote_finish (f->context, wait_for (&quoted), &q, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (pos_vend_finish (f->context, wait_for (&vended), &r, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  history = pos_sale_history (f->context, pan, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (history), ==, 0);
}

typedef struct
{
  guint  order[16];
  guint  n_done;
  char   tokens[8][21];
  guint32 tids[8];
} Batch;

typedef struct
{
  Batch      *batch;
  guint       index;
  PosContext *context;
} BatchItem;

static void
batch_vend_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BatchItem *item = user_data;
  g_autoptr(GError) error = NULL;
  PosVendResult r;

  g_assert_true (pos_vend_finish (POS_CONTEXT (source), result, &r, &error));
  g_assert_no_error (error);
  memcpy (item->batch->tokens[item->index / 2], r.token, sizeof r.token);
  item->batch->tids[item->index / 2] = r.tid;
  item->batch->order[item->batch->n_done++] = item->index;
}

static void
batch_find_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BatchItem *item = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = pos_customer_find_finish (POS_CONTEXT (source), result, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), >, 0);
  item->batch->order[item->batch->n_done++] = item->index;
}

static void
test_serial (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autofree char *pan = NULL;
  Batch batch = { { 0 } };
  BatchItem items[16];

  session = login (f, "cashier", POS_DEMO_CASHIER_PASSWORD, POS_DEMO_PASSPHRASE, &error);
  g_assert_no_error (error);
  pan = first_pan (f);
  open_shift (f);

  /* Sixteen jobs at once, vends and searches alternating, with a clock
   * slow enough that two use cases running together would meet in it. */
  f->slow_clock = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      items[i] = (BatchItem) { &batch, i, f->context };
      if (i % 2 == 0)
        pos_vend_async (f->context, pan, 2000 + i, NULL, batch_vend_cb, &items[i]);
      else
        pos_customer_find_async (f->context, "dlamini", 10, NULL, batch_find_cb, &items[i]);
    }
  while (batch.n_done < G_N_ELEMENTS (items))
    g_main_context_iteration (NULL, TRUE);
  f->slow_clock = FALSE;

  g_assert_cmpint (g_atomic_int_get (&f->overlaps), ==, 0);
  /* first in, first out */
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_assert_cmpuint (batch.order[i], ==, i);
  /* every vend its own TID, each one step past the one before */
  for (guint i = 1; i < 8; i++)
    {
      g_assert_cmpuint (batch.tids[i], ==, batch.tids[i - 1] + 1);
      g_assert_cmpstr (batch.tokens[i], !=, batch.tokens[i - 1]);
    }
  history = pos_sale_history (f->context, pan, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (history), ==, 8);
  /* newest first: the last vend queued was the last made */
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_array_get_object_element (history, 0), "tokens"), 0), ==, batch.tokens[7]);
}

static void
test_inputs_copied (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) found = NULL;
  char *user = g_strdup ("cashier");
  char *password = g_strdup (POS_DEMO_CASHIER_PASSWORD);
  char *text = g_strdup ("ACC-000002");

  /* the caller's strings die before the jobs run */
  pos_login_async (f->context, user, password, NULL, NULL, store_result_cb, &result);
  g_free (user);
  g_free (password);
  session = pos_login_finish (f->context, wait_for (&result), &error);
  g_assert_no_error (error);

  g_clear_object (&result);
  pos_customer_find_async (f->context, text, 5, NULL, store_result_cb, &result);
  memset (text, 'x', strlen (text));
  g_free (text);
  found = pos_customer_find_finish (f->context, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (found, 0), "account"), ==,
                   "ACC-000002");
}

static void
test_open_errors (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("stsvend-async-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "not-a-database", NULL);

  g_assert_true (g_file_set_contents (path, "hello, this is not SQLite at all, just text.\n", -1, NULL));
  pos_database_open_async (context, path, FALSE, 0, NULL, store_result_cb, &result);
  g_assert_false (pos_database_open_finish (context, wait_for (&result), &error));
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_STORAGE);
  g_assert_cmpstr (error->message, !=, "");
  g_unlink (path);
  g_rmdir (dir);

  {
    g_autofree char *def = pos_database_default_path ();
    g_assert_true (g_str_has_suffix (def, "stsvend.db"));
  }
}

/* The meter number check a form uses as the number is typed. */
static void
test_meter_number_check (void)
{
  const struct { const char *text; gboolean ok; int code; } cases[] = {
    { "600727049999000140", TRUE, 0 },
    { "600727040000000104", TRUE, 0 },
    { "600727049999000141", FALSE, POS_APP_ERROR_BAD_PAN_CHECK_DIGIT },   /* PAN check digit */
    { "600727049999000240", FALSE, POS_APP_ERROR_BAD_PAN_CHECK_DIGIT },   /* DRN check digit */
    { "60072704999900014", FALSE, POS_APP_ERROR_BAD_REQUEST },            /* 17 digits */
    { "6007270499990001400", FALSE, POS_APP_ERROR_BAD_REQUEST },          /* 19 digits */
    { "60072704999900014x", FALSE, POS_APP_ERROR_BAD_REQUEST },
    { "", FALSE, POS_APP_ERROR_BAD_REQUEST },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = pos_meter_number_check (cases[i].text, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_no_error (error);
      else
        g_assert_error (error, POS_APP_ERROR, cases[i].code);
    }
}

/* The card use cases with no PC/SC service to reach (main() points
 * pcsc-lite at a socket that does not exist): each reports its error
 * through its own _finish, in the order they were made. */
static void
test_cards_no_reader (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PosSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pan = NULL;
  GAsyncResult *results[6] = { NULL, };
  g_auto(GStrv) readers = NULL;
  JsonObject *object;

  session = login (f, "supervisor", "demo-supervisor", "stsvend demo passphrase", &error);
  g_assert_no_error (error);
  open_shift (f);
  pan = first_pan (f);

  pos_cards_list_readers_async (f->context, "pcsc", NULL, store_result_cb, &results[0]);
  pos_card_issue_to_meter_async (f->context, "pcsc", pan, NULL, store_result_cb, &results[1]);
  pos_card_read_card_async (f->context, "pcsc", NULL, store_result_cb, &results[2]);
  pos_card_recharge_async (f->context, "pcsc", 5000, TRUE, NULL, store_result_cb, &results[3]);
  pos_card_retry_write_async (f->context, "pcsc", NULL, store_result_cb, &results[4]);
  pos_card_replace_async (f->context, "pcsc", pan, "lost", NULL, store_result_cb, &results[5]);

  readers = pos_cards_list_readers_finish (f->context, wait_for (&results[0]), &error);
  g_assert_null (readers);
  g_assert_error (error, POS_APP_ERROR, POS_APP_ERROR_NO_READER);
  g_clear_error (&error);

#define CHECK(i, finish, code)                                            \
  object = finish (f->context, wait_for (&results[i]), &error);            \
  g_assert_null (object);                                                  \
  g_assert_error (error, POS_APP_ERROR, code);                             \
  g_clear_error (&error)
  CHECK (1, pos_card_issue_to_meter_finish, POS_APP_ERROR_NO_READER);
  /* the failed issue made no card secret: nothing can be read yet */
  CHECK (2, pos_card_read_card_finish, POS_APP_ERROR_NOT_FOUND);
  CHECK (3, pos_card_recharge_finish, POS_APP_ERROR_NOT_FOUND);
  CHECK (4, pos_card_retry_write_finish, POS_APP_ERROR_NOT_FOUND);
  CHECK (5, pos_card_replace_finish, POS_APP_ERROR_NO_READER);
#undef CHECK
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_object_unref (results[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* No PC/SC service anywhere (set before any thread starts). */
  g_setenv ("PCSCLITE_CSOCK_NAME", "/nonexistent/stsvend-no-pcscd", TRUE);

#define ADD(path, fn) g_test_add ("/pos/app/async/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("login", test_login);
  ADD ("login-errors", test_login_errors);
  ADD ("find", test_find);
  ADD ("list", test_list);
  ADD ("admin-list", test_admin_list);
  ADD ("quote-and-vend", test_quote_and_vend);
  ADD ("shift-close", test_shift_close);
  ADD ("cancel", test_cancel);
  ADD ("serial", test_serial);
  ADD ("inputs-copied", test_inputs_copied);
  ADD ("cards-no-reader", test_cards_no_reader);
#undef ADD
  g_test_add_func ("/pos/app/async/open-errors", test_open_errors);
  g_test_add_func ("/pos/app/async/meter-number-check", test_meter_number_check);

  return g_test_run ();
}
