/* pos-cardio.h: IC cards: the card layout, the transactional card
 * protocol, and the reader interface with its PC/SC, NFC and fake
 * back-ends.  The one header app/ includes from this layer. */
#pragma once

#include "pos-card-error.h"
#include "pos-card-layout.h"
#include "pos-card-reader.h"
#include "pos-card-reader-fake.h"
#include "pos-card-reader-nfc.h"
#include "pos-card-reader-pcsc.h"
#include "pos-card.h"
