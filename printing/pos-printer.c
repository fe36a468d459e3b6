/* pos-printer.c: printers and jobs through libcups (the one file that
 * talks to CUPS; CUPS codes become POS_PRINT_ERROR here) */
#include "pos-printer.h"

#include <string.h>
#include <cups/cups.h>

#include "pos-print-error.h"

#define POLL_INTERVAL_US  (100 * 1000)
#define SLEEP_SLICE_US    (10 * 1000)

void
pos_printer_info_free (PosPrinterInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->state_message);
  g_free (info->state_reasons);
  g_free (info);
}

/* Maps the calling thread's last CUPS error onto our domain.  Words a
 * cashier can act on: a lost connection shows up in libcups as an errno
 * text ("Bad file descriptor", even "Success"), which is never shown. */
static void
set_cups_error (GError     **error,
                const char  *printer,
                const char  *doing)
{
  ipp_status_t status = cupsLastError ();
  const char *detail = cupsLastErrorString ();

  if (detail == NULL || *detail == '\0')
    detail = ippErrorString (status);

  switch ((int) status)
    {
    case IPP_STATUS_ERROR_NOT_FOUND:
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_PRINTER,
                   "There is no printer named \"%s\".", printer);
      break;
    case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_PRINTER_STOPPED,
                   "The printer \"%s\" is not accepting jobs.", printer);
      break;
    case IPP_STATUS_ERROR_NOT_AUTHORIZED:
    case IPP_STATUS_ERROR_FORBIDDEN:
    case IPP_STATUS_ERROR_CUPS_AUTHENTICATION_CANCELED:
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_FAILED,
                   "The print service refused to print on \"%s\": this user may not print there. "
                   "Ask the administrator to allow it.", printer);
      break;
    default:
      if (status >= IPP_STATUS_ERROR_BAD_REQUEST && status < IPP_STATUS_ERROR_INTERNAL)
        {
          g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_FAILED,
                       "The print service refused the job for \"%s\" while %s: %s.",
                       printer, doing, detail);
          break;
        }
      /* Server errors, a dropped connection, a scheduler that died. */
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_SERVER,
                   "The print service (CUPS) is not running or stopped answering while %s. "
                   "Restart the print service or the computer, then try again.", doing);
      break;
    }
}

char *
pos_printer_document_name (const char *title)
{
  GString *name = g_string_new (NULL);
  gboolean dash = FALSE;

  /* cupsd 2.4.2-3+deb12u10 crashes on a document-name with a space, and
   * non-ASCII names are no better a bet: the scheduler gets letters,
   * digits, '.', '_' and '-' only (the job name keeps the real title). */
  for (const char *c = title != NULL ? title : ""; *c != '\0' && name->len < 64; c++)
    {
      if (g_ascii_isalnum (*c) || *c == '.' || *c == '_' || *c == '-')
        {
          g_string_append_c (name, *c);
          dash = FALSE;
        }
      else if (!dash && name->len > 0)
        {
          g_string_append_c (name, '-');
          dash = TRUE;
        }
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "stsvend");
  return g_string_free (name, FALSE);
}

static const char *
option (const cups_dest_t *dest,
        const char        *name)
{
  const char *value = cupsGetOption (name, dest->num_options, dest->options);
  return value != NULL ? value : "";
}

static PosPrinterInfo *
info_from_dest (const cups_dest_t *dest)
{
  PosPrinterInfo *info = g_new0 (PosPrinterInfo, 1);
  guint64 state = g_ascii_strtoull (option (dest, "printer-state"), NULL, 10);

  info->name = dest->instance != NULL ? g_strconcat (dest->name, "/", dest->instance, NULL)
                                      : g_strdup (dest->name);
  info->is_default = dest->is_default != 0;
  info->state = state == IPP_PSTATE_STOPPED ? POS_PRINTER_STATE_STOPPED
              : state == IPP_PSTATE_PROCESSING ? POS_PRINTER_STATE_PROCESSING
              : POS_PRINTER_STATE_IDLE;
  info->state_message = g_strdup (option (dest, "printer-state-message"));
  info->state_reasons = g_strdup (*option (dest, "printer-state-reasons") != '\0'
                                  ? option (dest, "printer-state-reasons") : "none");
  info->accepting = g_strcmp0 (option (dest, "printer-is-accepting-jobs"), "false") != 0;
  return info;
}

/* cupsGetDests2 and cupsGetNamedDest leave out printer-state-message: ask
 * the queue itself (IPP Get-Printer-Attributes) for its state.  On
 * failure @info stays as it was: NO_SERVER, NO_PRINTER or FAILED. */
static gboolean
fetch_state (PosPrinterInfo  *info,
             const char      *queue,
             GError         **error)
{
  static const char * const wanted[] = {
    "printer-state", "printer-state-message", "printer-state-reasons", "printer-is-accepting-jobs",
  };
  char uri[HTTP_MAX_URI];
  ipp_t *request;
  ipp_t *response;
  ipp_attribute_t *attr;

  httpAssembleURIf (HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", 0,
                    "/printers/%s", queue);
  request = ippNewRequest (IPP_OP_GET_PRINTER_ATTRIBUTES);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser ());
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = cupsDoRequest (CUPS_HTTP_DEFAULT, request, "/");
  if (response == NULL || ippGetStatusCode (response) > IPP_STATUS_OK_EVENTS_COMPLETE)
    {
      set_cups_error (error, queue, "asking for the printer's state");
      ippDelete (response);
      return FALSE;
    }

  if ((attr = ippFindAttribute (response, "printer-state", IPP_TAG_ENUM)) != NULL)
    {
      int state = ippGetInteger (attr, 0);
      info->state = state == IPP_PSTATE_STOPPED ? POS_PRINTER_STATE_STOPPED
                  : state == IPP_PSTATE_PROCESSING ? POS_PRINTER_STATE_PROCESSING
                  : POS_PRINTER_STATE_IDLE;
    }
  if ((attr = ippFindAttribute (response, "printer-state-message", IPP_TAG_TEXT)) != NULL)
    {
      g_free (info->state_message);
      info->state_message = g_strdup (ippGetString (attr, 0, NULL));
    }
  if ((attr = ippFindAttribute (response, "printer-state-reasons", IPP_TAG_KEYWORD)) != NULL)
    {
      g_autoptr(GString) reasons = g_string_new (NULL);

      for (int i = 0; i < ippGetCount (attr); i++)
        {
          if (i > 0)
            g_string_append_c (reasons, ',');
          g_string_append (reasons, ippGetString (attr, i, NULL));
        }
      g_free (info->state_reasons);
      info->state_reasons = g_string_free (g_steal_pointer (&reasons), FALSE);
    }
  if ((attr = ippFindAttribute (response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)) != NULL)
    info->accepting = ippGetBoolean (attr, 0) != 0;
  ippDelete (response);
  return TRUE;
}

GPtrArray *
pos_printer_list (GError **error)
{
  GPtrArray *printers;
  cups_dest_t *dests = NULL;
  int n;

  n = cupsGetDests2 (CUPS_HTTP_DEFAULT, &dests);
  if (n == 0 && cupsLastError () > IPP_STATUS_OK_EVENTS_COMPLETE
      && cupsLastError () != IPP_STATUS_ERROR_NOT_FOUND)
    {
      set_cups_error (error, "", "listing the printers");
      cupsFreeDests (n, dests);
      return NULL;
    }

  printers = g_ptr_array_new_with_free_func ((GDestroyNotify) pos_printer_info_free);
  for (int i = 0; i < n; i++)
    {
      PosPrinterInfo *info = info_from_dest (&dests[i]);

      fetch_state (info, dests[i].name, NULL);
      g_ptr_array_add (printers, info);
    }
  cupsFreeDests (n, dests);
  return printers;
}

PosPrinterInfo *
pos_printer_get_info (const char  *printer,
                      GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(PosPrinterInfo) info = NULL;
  const char *instance = NULL;
  char *slash;
  cups_dest_t *dest;

  g_return_val_if_fail (printer != NULL, NULL);

  /* "name/instance" names an instance of the queue "name". */
  name = g_strdup (printer);
  slash = strchr (name, '/');
  if (slash != NULL)
    {
      *slash = '\0';
      instance = slash + 1;
    }

  if (*name == '\0')
    {
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_PRINTER, "No printer was chosen.");
      return NULL;
    }

  /* The queue itself first: it tells a missing printer from a missing
   * server, which cupsGetNamedDest does not. */
  info = g_new0 (PosPrinterInfo, 1);
  info->name = g_strdup (printer);
  info->state_message = g_strdup ("");
  info->state_reasons = g_strdup ("none");
  info->accepting = TRUE;
  if (!fetch_state (info, name, error))
    return NULL;

  dest = cupsGetNamedDest (CUPS_HTTP_DEFAULT, name, instance);
  if (dest != NULL)
    {
      info->is_default = dest->is_default != 0;
      cupsFreeDests (1, dest);
    }
  else if (instance != NULL)
    {
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_NO_PRINTER,
                   "There is no printer named \"%s\".", printer);
      return NULL;
    }
  return g_steal_pointer (&info);
}

static gboolean
has_error_reason (const PosPrinterInfo *info)
{
  g_auto(GStrv) reasons = g_strsplit (info->state_reasons, ",", -1);

  for (guint i = 0; reasons[i] != NULL; i++)
    if (g_str_has_suffix (reasons[i], "-error"))
      return TRUE;
  return FALSE;
}

static void
set_stopped_error (GError              **error,
                   const PosPrinterInfo *info,
                   const char           *printer,
                   gboolean              cancelled_job)
{
  const char *what = info->state == POS_PRINTER_STATE_STOPPED ? "is stopped" : "reports an error";
  const char *after = cancelled_job ? " The job was cancelled; print again when the printer is ready." : "";

  if (info->state_message != NULL && *info->state_message != '\0')
    g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_PRINTER_STOPPED,
                 "The printer \"%s\" %s: %s.%s", printer, what, info->state_message, after);
  else
    g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_PRINTER_STOPPED,
                 "The printer \"%s\" %s.%s", printer, what, after);
}

int
pos_printer_submit (const char      *printer,
                    const char      *title,
                    PosPrintFormat   format,
                    GBytes          *data,
                    GError         **error)
{
  g_autoptr(PosPrinterInfo) info = NULL;
  const char *mime = format == POS_PRINT_FORMAT_PDF ? CUPS_FORMAT_PDF : CUPS_FORMAT_RAW;
  g_autofree char *doc_name = NULL;
  const char *bytes;
  gsize len;
  int job_id;

  g_return_val_if_fail (printer != NULL, 0);
  g_return_val_if_fail (data != NULL, 0);

  info = pos_printer_get_info (printer, error);
  if (info == NULL)
    return 0;
  if (info->state == POS_PRINTER_STATE_STOPPED)
    {
      set_stopped_error (error, info, printer, FALSE);
      return 0;
    }
  if (!info->accepting)
    {
      g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_PRINTER_STOPPED,
                   "The printer \"%s\" is not accepting jobs.", printer);
      return 0;
    }

  job_id = cupsCreateJob (CUPS_HTTP_DEFAULT, printer, title != NULL ? title : "stsvend", 0, NULL);
  if (job_id <= 0)
    {
      set_cups_error (error, printer, "creating the job");
      return 0;
    }

  bytes = g_bytes_get_data (data, &len);
  doc_name = pos_printer_document_name (title);
  if (cupsStartDocument (CUPS_HTTP_DEFAULT, printer, job_id, doc_name, mime, 1) != HTTP_STATUS_CONTINUE)
    {
      set_cups_error (error, printer, "starting the document");
      cupsCancelJob2 (CUPS_HTTP_DEFAULT, printer, job_id, 0);
      return 0;
    }
  if (len > 0 && cupsWriteRequestData (CUPS_HTTP_DEFAULT, bytes, len) != HTTP_STATUS_CONTINUE)
    {
      set_cups_error (error, printer, "sending the document");
      cupsFinishDocument (CUPS_HTTP_DEFAULT, printer);
      cupsCancelJob2 (CUPS_HTTP_DEFAULT, printer, job_id, 0);
      return 0;
    }
  if (cupsFinishDocument (CUPS_HTTP_DEFAULT, printer) > IPP_STATUS_OK_EVENTS_COMPLETE)
    {
      set_cups_error (error, printer, "finishing the document");
      cupsCancelJob2 (CUPS_HTTP_DEFAULT, printer, job_id, 0);
      return 0;
    }
  return job_id;
}

/* The state of job @job_id: the active jobs first (few), then all of the
 * printer's jobs once the job has left the active list.  0 when the
 * server does not know the job. */
static ipp_jstate_t
job_state (const char  *printer,
           int          job_id,
           GError     **error)
{
  const int which[] = { CUPS_WHICHJOBS_ACTIVE, CUPS_WHICHJOBS_ALL };

  for (guint w = 0; w < G_N_ELEMENTS (which); w++)
    {
      cups_job_t *jobs = NULL;
      int n = cupsGetJobs2 (CUPS_HTTP_DEFAULT, &jobs, printer, 0, which[w]);
      ipp_jstate_t state = 0;

      if (n < 0 || (n == 0 && cupsLastError () > IPP_STATUS_OK_EVENTS_COMPLETE
                    && cupsLastError () != IPP_STATUS_ERROR_NOT_FOUND))
        {
          cupsFreeJobs (MAX (n, 0), jobs);
          set_cups_error (error, printer, "following the job");
          return 0;
        }
      for (int i = 0; i < n; i++)
        if (jobs[i].id == job_id)
          state = jobs[i].state;
      cupsFreeJobs (n, jobs);
      if (state != 0)
        return state;
    }

  g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_JOB_FAILED,
               "The print job %d on \"%s\" has disappeared.", job_id, printer);
  return 0;
}

/* Sleeps @us, waking early when @cancellable fires. */
static void
nap (gint64        us,
     GCancellable *cancellable)
{
  while (us > 0 && !g_cancellable_is_cancelled (cancellable))
    {
      g_usleep (MIN (us, SLEEP_SLICE_US));
      us -= SLEEP_SLICE_US;
    }
}

gboolean
pos_printer_wait (const char    *printer,
                  int            job_id,
                  guint          timeout_ms,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  g_return_val_if_fail (printer != NULL, FALSE);
  g_return_val_if_fail (job_id > 0, FALSE);

  for (;;)
    {
      GError *local_error = NULL;
      ipp_jstate_t state;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cupsCancelJob2 (CUPS_HTTP_DEFAULT, printer, job_id, 0);
          return FALSE;
        }

      state = job_state (printer, job_id, &local_error);
      switch ((int) state)
        {
        case 0:
          g_propagate_error (error, local_error);
          return FALSE;

        case IPP_JSTATE_COMPLETED:
          return TRUE;

        case IPP_JSTATE_CANCELED:
          g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_JOB_FAILED,
                       "The print job %d on \"%s\" was cancelled.", job_id, printer);
          return FALSE;

        case IPP_JSTATE_ABORTED:
          g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_JOB_FAILED,
                       "The print job %d on \"%s\" was aborted by the print service.", job_id, printer);
          return FALSE;

        case IPP_JSTATE_HELD:
          cupsCancelJob2 (CUPS_HTTP_DEFAULT, printer, job_id, 0);
          g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_JOB_FAILED,
                       "The print job %d on \"%s\" was held, and has been cancelled.", job_id, printer);
          return FALSE;

        case IPP_JSTATE_PENDING:
        case IPP_JSTATE_STOPPED:
          {
            /* Waiting: is anything going to print it? */
            g_autoptr(PosPrinterInfo) info = pos_printer_get_info (printer, error);

            if (info == NULL)
              {
                cupsCancelJob2 (CUPS_HTTP_DEFAULT, printer, job_id, 0);
                return FALSE;
              }
            if (info->state == POS_PRINTER_STATE_STOPPED || has_error_reason (info))
              {
                cupsCancelJob2 (CUPS_HTTP_DEFAULT, printer, job_id, 0);
                set_stopped_error (error, info, printer, TRUE);
                return FALSE;
              }
          }
          break;

        case IPP_JSTATE_PROCESSING:
        default:
          break;
        }

      if (g_get_monotonic_time () >= deadline)
        {
          cupsCancelJob2 (CUPS_HTTP_DEFAULT, printer, job_id, 0);
          g_set_error (error, POS_PRINT_ERROR, POS_PRINT_ERROR_TIMEOUT,
                       "The print job %d on \"%s\" did not finish within %u seconds, and has been cancelled.",
                       job_id, printer, (timeout_ms + 999) / 1000);
          return FALSE;
        }
      nap (POLL_INTERVAL_US, cancellable);
    }
}

gboolean
pos_printer_print (const char      *printer,
                   const char      *title,
                   PosPrintFormat   format,
                   GBytes          *data,
                   guint            timeout_ms,
                   int             *out_job_id,
                   GCancellable    *cancellable,
                   GError         **error)
{
  int job_id;

  if (out_job_id != NULL)
    *out_job_id = 0;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  job_id = pos_printer_submit (printer, title, format, data, error);
  if (out_job_id != NULL)
    *out_job_id = job_id;
  if (job_id <= 0)
    return FALSE;
  return pos_printer_wait (printer, job_id, timeout_ms, cancellable, error);
}

typedef struct
{
  char           *printer;
  char           *title;
  PosPrintFormat  format;
  GBytes         *data;
  guint           timeout_ms;
  int             job_id;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_free (job->printer);
  g_free (job->title);
  g_bytes_unref (job->data);
  g_free (job);
}

static void
print_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PrintJob *job = task_data;
  GError *error = NULL;

  if (pos_printer_print (job->printer, job->title, job->format, job->data, job->timeout_ms,
                         &job->job_id, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pos_printer_print_async (const char          *printer,
                         const char          *title,
                         PosPrintFormat       format,
                         GBytes              *data,
                         guint                timeout_ms,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PrintJob *job = g_new0 (PrintJob, 1);

  g_return_if_fail (printer != NULL);
  g_return_if_fail (data != NULL);

  job->printer = g_strdup (printer);
  job->title = g_strdup (title);
  job->format = format;
  job->data = g_bytes_ref (data);
  job->timeout_ms = timeout_ms;
  g_task_set_source_tag (task, pos_printer_print_async);
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);
  g_task_run_in_thread (task, print_thread);
}

gboolean
pos_printer_print_finish (GAsyncResult  *result,
                          int           *out_job_id,
                          GError       **error)
{
  PrintJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pos_printer_print_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (out_job_id != NULL)
    *out_job_id = job->job_id;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *printers = pos_printer_list (&error);

  if (printers != NULL)
    g_task_return_pointer (task, printers, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
pos_printer_list_async (GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pos_printer_list_async);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
pos_printer_list_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pos_printer_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
