/* test-printer.c: printing through a real, private cupsd
 *
 * Each test starts its own scheduler with tests/harness/cups-start.sh
 * (queues "receipt" and "pdf", both raw, both captured byte for byte to
 * DIR/out/QUEUE/job-N.out) and stops it in its teardown; a watchdog in the
 * script stops it too if this program dies first.  Without cupsd the
 * tests fail: they never skip.
 */
#include <string.h>
#include <unistd.h>

#include <cups/cups.h>
#include <glib/gstdio.h>

#include "printing-test-util.h"

/* One folder (and so one socket path) for every test's scheduler, so
 * that CUPS_SERVER is set once, before any thread exists. */
static char *cups_dir;

typedef struct
{
  char *dir;
  char *socket;
} Fixture;

static char *
harness_script (const char *name)
{
  const char *dir = g_getenv ("STSVEND_HARNESS_DIR");

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "harness", name, NULL);
}

static void
stop_cupsd (Fixture *f)
{
  g_autofree char *stop = harness_script ("cups-stop.sh");
  const char *argv[] = { stop, f->dir, NULL };
  g_autofree char *out = test_run (argv);

  g_assert_nonnull (out);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *start = harness_script ("cups-start.sh");
  g_autofree char *out = NULL;
  const char *argv[] = { start, cups_dir, NULL };

  f->dir = g_strdup (cups_dir);
  f->socket = g_build_filename (f->dir, "run", "cups.sock", NULL);
  g_assert_cmpstr (g_getenv ("CUPS_SERVER"), ==, f->socket);
  out = test_run (argv);
  g_assert_nonnull (strstr (out, "CUPS_SERVER="));
  cupsSetServer (NULL);   /* drop this thread's connection to the last test's scheduler */
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  stop_cupsd (f);
  cupsSetServer (NULL);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->socket);
}

/* Runs a CUPS command-line tool against the fixture's scheduler. */
static void
cups_tool (Fixture    *f,
           const char *tool,
           const char *arg1,
           const char *arg2,
           const char *arg3)
{
  g_autofree char *path = g_build_filename ("/usr/sbin", tool, NULL);
  const char *argv[] = { path, "-h", f->socket, arg1, arg2, arg3, NULL };
  g_autofree char *out = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    argv[0] = tool;
  out = test_run (argv);
}

static char *
capture_path (Fixture    *f,
              const char *queue,
              int         job_id)
{
  g_autofree char *name = g_strdup_printf ("job-%d.out", job_id);
  return g_build_filename (f->dir, "out", queue, name, NULL);
}

static guint
active_jobs (const char *queue)
{
  cups_job_t *jobs = NULL;
  int n = cupsGetJobs2 (CUPS_HTTP_DEFAULT, &jobs, queue, 0, CUPS_WHICHJOBS_ACTIVE);

  g_assert_cmpint (n, >=, 0);
  cupsFreeJobs (n, jobs);
  return (guint) n;
}

static GBytes *
sample_escpos (void)
{
  g_autoptr(PosReceipt) r = test_sample_receipt ();
  g_autoptr(GError) error = NULL;
  GBytes *bytes = pos_escpos_render_receipt (r, 48, TRUE, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
assert_captured (Fixture    *f,
                 const char *queue,
                 int         job_id,
                 GBytes     *expected)
{
  g_autofree char *path = capture_path (f, queue, job_id);
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printers = pos_printer_list (&error);
  gboolean seen_receipt = FALSE;
  gboolean seen_pdf = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (printers);
  for (guint i = 0; i < printers->len; i++)
    {
      const PosPrinterInfo *p = g_ptr_array_index (printers, i);

      if (g_strcmp0 (p->name, "receipt") == 0)
        {
          seen_receipt = TRUE;
          g_assert_true (p->is_default);
        }
      else if (g_strcmp0 (p->name, "pdf") == 0)
        {
          seen_pdf = TRUE;
          g_assert_false (p->is_default);
        }
      g_assert_cmpint (p->state, ==, POS_PRINTER_STATE_IDLE);
      g_assert_true (p->accepting);
    }
  g_assert_true (seen_receipt);
  g_assert_true (seen_pdf);

  {
    g_autoptr(PosPrinterInfo) info = pos_printer_get_info ("pdf", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->name, ==, "pdf");
  }
}

static void
test_raw_job (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;
  int job_id = 0;

  g_assert_true (pos_printer_print ("receipt", "Receipt MO-000042", POS_PRINT_FORMAT_RAW, bytes,
                                    20000, &job_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (job_id, >, 0);
  assert_captured (f, "receipt", job_id, bytes);
}

/* A title with spaces and Persian (cupsd 2.4.2-3+deb12u10 died on a
 * document-name with a space): the bytes arrive and the scheduler lives. */
static void
test_title_spaces (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  const char *title = "Receipt MO-000042 \u0631\u0633\u06cc\u062f \u06f4\u06f2";
  int job_id = 0;

  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (pos_printer_print ("receipt", title, POS_PRINT_FORMAT_RAW, bytes,
                                        20000, &job_id, NULL, &error));
      g_assert_no_error (error);
      assert_captured (f, "receipt", job_id, bytes);
    }
  printers = pos_printer_list (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (printers->len, >=, 2);
}

static void
test_document_name (void)
{
  static const char * const cases[][2] = {
    { "Receipt MO-000042", "Receipt-MO-000042" },
    { "  Z report  2026-12-04 ", "Z-report-2026-12-04" },
    { "\u0631\u0633\u06cc\u062f MO-7", "MO-7" },
    { "\u0631\u0633\u06cc\u062f", "stsvend" },
    { "", "stsvend" },
    { "a/b\\c\"d'e;f", "a-b-c-d-e-f" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = pos_printer_document_name (cases[i][0]);
      g_assert_cmpstr (name, ==, cases[i][1]);
    }
  {
    g_autofree char *name = pos_printer_document_name (NULL);
    g_autofree char *long_title = g_strnfill (500, 'x');
    g_autofree char *long_name = pos_printer_document_name (long_title);
    g_assert_cmpstr (name, ==, "stsvend");
    g_assert_cmpuint (strlen (long_name), ==, 64);
  }
}

/* The scheduler dies mid-session: the error says so in words, never an
 * errno text such as "Bad file descriptor" or "Success". */
static void
assert_plain_words (const GError *error)
{
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, "Bad file descriptor"));
  g_assert_null (strstr (error->message, "Success"));
  g_assert_null (strstr (error->message, "("
                                         "null)"));
  g_assert_nonnull (strstr (error->message, "print service"));
}

static void
test_scheduler_dies (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;
  int job_id = 0;

  g_assert_true (pos_printer_print ("receipt", "Receipt MO-1", POS_PRINT_FORMAT_RAW, bytes,
                                    20000, &job_id, NULL, &error));
  g_assert_no_error (error);
  stop_cupsd (f);   /* this thread's connection stays open, to a dead peer */
  g_assert_false (pos_printer_print ("receipt", "Receipt MO-2", POS_PRINT_FORMAT_RAW, bytes,
                                     20000, NULL, NULL, &error));
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_SERVER);
  assert_plain_words (error);
}

static void
test_pdf_job (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PosReceipt) r = test_sample_receipt ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = pos_receipt_render_pdf (r, POS_PAPER_A5, &error);
  int job_id = 0;

  g_assert_no_error (error);
  g_assert_true (pos_printer_print ("pdf", "Receipt MO-000042", POS_PRINT_FORMAT_PDF, pdf,
                                    20000, &job_id, NULL, &error));
  g_assert_no_error (error);
  assert_captured (f, "pdf", job_id, pdf);
}

static void
test_stopped (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;
  gint64 start;
  int job_id = -1;

  cups_tool (f, "cupsdisable", "-r", "Paper roll is empty", "receipt");

  start = g_get_monotonic_time ();
  g_assert_false (pos_printer_print ("receipt", "Receipt", POS_PRINT_FORMAT_RAW, bytes,
                                     20000, &job_id, NULL, &error));
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_PRINTER_STOPPED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "\"receipt\""));
  g_assert_nonnull (strstr (error->message, "Paper roll is empty"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (job_id, ==, 0);
  g_assert_cmpuint (active_jobs ("receipt"), ==, 0);
  g_clear_error (&error);

  /* Enabled again, it prints. */
  cups_tool (f, "cupsenable", "receipt", NULL, NULL);
  g_assert_true (pos_printer_print ("receipt", "Receipt", POS_PRINT_FORMAT_RAW, bytes,
                                    20000, &job_id, NULL, &error));
  g_assert_no_error (error);
  assert_captured (f, "receipt", job_id, bytes);
}

static void
test_not_accepting (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;

  cups_tool (f, "cupsreject", "receipt", NULL, NULL);
  g_assert_false (pos_printer_print ("receipt", "Receipt", POS_PRINT_FORMAT_RAW, bytes,
                                     20000, NULL, NULL, &error));
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_PRINTER_STOPPED);
  g_assert_nonnull (strstr (error->message, "not accepting"));
  g_assert_cmpuint (active_jobs ("receipt"), ==, 0);
}

static void
test_backend_fails (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fail = g_build_filename (f->dir, "out", "receipt", "FAIL", NULL);
  g_autofree char *captured = NULL;
  g_autoptr(PosPrinterInfo) info = NULL;
  gint64 start;
  int job_id = 0;

  g_assert_true (g_file_set_contents (fail, "1", -1, NULL));

  start = g_get_monotonic_time ();
  g_assert_false (pos_printer_print ("receipt", "Receipt", POS_PRINT_FORMAT_RAW, bytes,
                                     20000, &job_id, NULL, &error));
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_PRINTER_STOPPED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "simulated printer failure"));
  g_assert_nonnull (strstr (error->message, "cancelled"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  g_assert_cmpint (job_id, >, 0);
  captured = capture_path (f, "receipt", job_id);
  g_assert_false (g_file_test (captured, G_FILE_TEST_EXISTS));
  /* The failed job was cancelled: nothing prints later by surprise. */
  g_assert_cmpuint (active_jobs ("receipt"), ==, 0);
  g_clear_error (&error);

  info = pos_printer_get_info ("receipt", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, POS_PRINTER_STATE_STOPPED);

  /* Repaired and started again, it prints. */
  g_assert_cmpint (g_unlink (fail), ==, 0);
  cups_tool (f, "cupsenable", "receipt", NULL, NULL);
  g_assert_true (pos_printer_print ("receipt", "Receipt", POS_PRINT_FORMAT_RAW, bytes,
                                    20000, &job_id, NULL, &error));
  g_assert_no_error (error);
  assert_captured (f, "receipt", job_id, bytes);
  g_assert_cmpuint (active_jobs ("receipt"), ==, 0);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;
  g_autofree char *slow = g_build_filename (f->dir, "out", "receipt", "SLOW", NULL);
  gint64 start;
  int job_id = 0;

  g_assert_true (g_file_set_contents (slow, "30", -1, NULL));
  start = g_get_monotonic_time ();
  g_assert_false (pos_printer_print ("receipt", "Receipt", POS_PRINT_FORMAT_RAW, bytes,
                                     1000, &job_id, NULL, &error));
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (active_jobs ("receipt"), ==, 0);
}

static void
test_unknown_printer (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PosPrinterInfo) info = NULL;

  g_assert_false (pos_printer_print ("no-such-printer", "Receipt", POS_PRINT_FORMAT_RAW, bytes,
                                     20000, NULL, NULL, &error));
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_PRINTER);
  g_assert_nonnull (strstr (error->message, "no-such-printer"));
  g_clear_error (&error);

  info = pos_printer_get_info ("no-such-printer", &error);
  g_assert_null (info);
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_PRINTER);
}

static void
test_no_server (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(PosPrinterInfo) info = NULL;
  g_autoptr(GBytes) bytes = sample_escpos ();

  stop_cupsd (f);
  cupsSetServer (NULL);

  printers = pos_printer_list (&error);
  g_assert_null (printers);
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_SERVER);
  assert_plain_words (error);
  g_clear_error (&error);

  info = pos_printer_get_info ("receipt", &error);
  g_assert_null (info);
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_SERVER);
  g_clear_error (&error);

  g_assert_false (pos_printer_print ("receipt", "Receipt", POS_PRINT_FORMAT_RAW, bytes,
                                     20000, NULL, NULL, &error));
  g_assert_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_SERVER);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} AsyncWait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncWait *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncWait w = { loop, NULL };
  GPtrArray *printers;
  int job_id = 0;

  pos_printer_list_async (NULL, done_cb, &w);
  g_main_loop_run (loop);
  printers = pos_printer_list_finish (w.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (printers->len, ==, 2);
  g_ptr_array_unref (printers);
  g_clear_object (&w.result);

  pos_printer_print_async ("receipt", "Receipt", POS_PRINT_FORMAT_RAW, bytes, 20000, NULL, done_cb, &w);
  g_main_loop_run (loop);
  g_assert_true (pos_printer_print_finish (w.result, &job_id, &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  assert_captured (f, "receipt", job_id, bytes);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_async_cancel (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) bytes = sample_escpos ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *slow = g_build_filename (f->dir, "out", "receipt", "SLOW", NULL);
  AsyncWait w = { loop, NULL };
  int job_id = 0;

  /* The backend takes 30 s; the cashier gives up after 0.5 s. */
  g_assert_true (g_file_set_contents (slow, "30", -1, NULL));
  pos_printer_print_async ("receipt", "Receipt", POS_PRINT_FORMAT_RAW, bytes, 20000, cancellable,
                           done_cb, &w);
  g_timeout_add (500, cancel_cb, cancellable);
  g_main_loop_run (loop);
  g_assert_false (pos_printer_print_finish (w.result, &job_id, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&w.result);
  g_assert_cmpint (job_id, >, 0);
  g_assert_cmpuint (active_jobs ("receipt"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *socket = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before any thread: the watchdog's owner and the server. */
  cups_dir = test_make_tmp_dir ();
  socket = g_build_filename (cups_dir, "run", "cups.sock", NULL);
  g_setenv ("STSVEND_CUPS_OWNER", pid, TRUE);
  g_setenv ("CUPS_SERVER", socket, TRUE);

#define ADD(path, fn) g_test_add ("/pos/printing/printer/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("list", test_list);
  ADD ("raw-job", test_raw_job);
  ADD ("title-with-spaces", test_title_spaces);
  ADD ("scheduler-dies", test_scheduler_dies);
  ADD ("pdf-job", test_pdf_job);
  ADD ("stopped", test_stopped);
  ADD ("not-accepting", test_not_accepting);
  ADD ("backend-fails", test_backend_fails);
  ADD ("timeout", test_timeout);
  ADD ("unknown-printer", test_unknown_printer);
  ADD ("no-server", test_no_server);
  ADD ("async", test_async);
  ADD ("async-cancel", test_async_cancel);
#undef ADD
  g_test_add_func ("/pos/printing/printer/document-name", test_document_name);

  status = g_test_run ();
  test_release_font_caches ();
  test_remove_tree (cups_dir);
  g_free (cups_dir);
  return status;
}
