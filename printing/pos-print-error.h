/* pos-print-error.h: the error domain of printing/ */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define POS_PRINT_ERROR (pos_print_error_quark ())

typedef enum
{
  POS_PRINT_ERROR_FAILED,
} PosPrintError;

GQuark pos_print_error_quark (void);

G_END_DECLS
