/* pos-card-error.h: the error domain of cardio/ */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define POS_CARD_ERROR (pos_card_error_quark ())

typedef enum
{
  POS_CARD_ERROR_FAILED,
} PosCardError;

GQuark pos_card_error_quark (void);

G_END_DECLS
