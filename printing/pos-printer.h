/* pos-printer.h: printers and print jobs, through CUPS
 *
 * The CUPS server is the one libcups chooses (CUPS_HTTP_DEFAULT): the
 * CUPS_SERVER environment variable, then client.conf, then the local
 * scheduler.  Every function here blocks on the network; the GTK app
 * calls the _async variants, which run in a GTask thread.
 *
 * A job is followed until it is done.  When it cannot finish (the printer
 * is stopped or reports an error while the job waits, the job is held,
 * the time runs out, or the caller cancels), the job is cancelled before
 * the error is returned: a receipt that was reported as not printed must
 * never come out later by surprise, when the cashier has already printed
 * it again.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  POS_PRINTER_STATE_IDLE,
  POS_PRINTER_STATE_PROCESSING,
  POS_PRINTER_STATE_STOPPED,
} PosPrinterState;

typedef struct
{
  char            *name;
  gboolean         is_default;
  PosPrinterState  state;
  char            *state_message;   /* the printer's own words; "" when it has none */
  char            *state_reasons;   /* IPP printer-state-reasons, comma-separated: "none", "paused", ... */
  gboolean         accepting;       /* accepting new jobs */
} PosPrinterInfo;

typedef enum
{
  POS_PRINT_FORMAT_RAW,             /* bytes for the printer as they are (ESC/POS) */
  POS_PRINT_FORMAT_PDF,             /* application/pdf */
} PosPrintFormat;

/* How long a job may take by default before it is given up (and cancelled). */
#define POS_PRINTER_DEFAULT_TIMEOUT_MS 30000

void            pos_printer_info_free (PosPrinterInfo *info);

/* The printers the server knows (instances included), as PosPrinterInfo.
 * An empty array when there are none; POS_PRINT_ERROR_NO_SERVER when the
 * server cannot be reached. */
G_GNUC_WARN_UNUSED_RESULT
GPtrArray      *pos_printer_list      (GError **error);

/* One printer.  POS_PRINT_ERROR_NO_PRINTER when there is none of that name. */
G_GNUC_WARN_UNUSED_RESULT
PosPrinterInfo *pos_printer_get_info  (const char  *printer,
                                       GError     **error);

/* The document name the scheduler is given for a job titled @title: its
 * ASCII letters, digits, '.', '_' and '-', other runs as one '-', at most
 * 64 bytes, "stsvend" when nothing is left.  Never NULL. */
char           *pos_printer_document_name (const char *title);

/* Sends @data to @printer as one job titled @title; returns the job id
 * (> 0), or 0 with an error: NO_PRINTER, PRINTER_STOPPED (paused or not
 * accepting jobs: the job is not created), NO_SERVER, FAILED. */
int             pos_printer_submit    (const char      *printer,
                                       const char      *title,
                                       PosPrintFormat   format,
                                       GBytes          *data,
                                       GError         **error);

/* Waits until job @job_id on @printer is completed, polling every 100 ms
 * for at most @timeout_ms.  Errors (the job is cancelled first, see
 * above): PRINTER_STOPPED with the printer's message while the job waits
 * on a stopped or failing printer; JOB_FAILED when the job was cancelled,
 * aborted or is held; TIMEOUT; G_IO_ERROR_CANCELLED. */
gboolean        pos_printer_wait      (const char    *printer,
                                       int            job_id,
                                       guint          timeout_ms,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* pos_printer_submit, then pos_printer_wait.  @out_job_id, if not NULL,
 * receives the job id (0 when none was created). */
gboolean        pos_printer_print     (const char      *printer,
                                       const char      *title,
                                       PosPrintFormat   format,
                                       GBytes          *data,
                                       guint            timeout_ms,
                                       int             *out_job_id,
                                       GCancellable    *cancellable,
                                       GError         **error);

/* pos_printer_print in a worker thread.  @data is kept until done. */
void            pos_printer_print_async  (const char          *printer,
                                          const char          *title,
                                          PosPrintFormat       format,
                                          GBytes              *data,
                                          guint                timeout_ms,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);

/* The result of pos_printer_print_async; @out_job_id as above. */
gboolean        pos_printer_print_finish (GAsyncResult  *result,
                                          int           *out_job_id,
                                          GError       **error);

/* pos_printer_list in a worker thread. */
void            pos_printer_list_async   (GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);

G_GNUC_WARN_UNUSED_RESULT
GPtrArray      *pos_printer_list_finish  (GAsyncResult  *result,
                                          GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosPrinterInfo, pos_printer_info_free)

G_END_DECLS
