/* pos-print-error.c */
#include "pos-print-error.h"

G_DEFINE_QUARK (pos-print-error-quark, pos_print_error)
