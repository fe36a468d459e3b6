/* pos-card-error.c */
#include "pos-card-error.h"

G_DEFINE_QUARK (pos-card-error-quark, pos_card_error)
