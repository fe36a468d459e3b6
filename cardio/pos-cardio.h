/* pos-cardio.h: IC cards: the reader interface and its PC/SC and NFC back-ends.
 * The one header app/ includes from this layer. */
#pragma once

#include "pos-card-error.h"
