/* pos-print-error.h: the error domain of printing/ */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define POS_PRINT_ERROR (pos_print_error_quark ())

/* Every message that goes with these codes is a plain sentence that a
 * cashier can read; the printer's own name and message are quoted in it. */
typedef enum
{
  POS_PRINT_ERROR_FAILED,          /* anything not listed below */
  POS_PRINT_ERROR_INVALID,         /* the caller passed something unusable */
  POS_PRINT_ERROR_NO_SERVER,       /* the print service (cupsd) cannot be reached */
  POS_PRINT_ERROR_NO_PRINTER,      /* no printer of that name */
  POS_PRINT_ERROR_PRINTER_STOPPED, /* paused, not accepting jobs, or in error */
  POS_PRINT_ERROR_JOB_FAILED,      /* the job was cancelled or aborted */
  POS_PRINT_ERROR_TIMEOUT,         /* the job did not finish in time */
  POS_PRINT_ERROR_RENDER_FAILED,   /* cairo, pango or the code page conversion failed */
  POS_PRINT_ERROR_IO,              /* writing the output failed */
} PosPrintError;

GQuark pos_print_error_quark (void);

G_END_DECLS
