/* card-test-mac.h: a PosCardMac for cardio/'s own tests (GLib's HMAC;
 * the program's MAC is sts/'s, lent by app/) */
#pragma once

#include "pos-cardio.h"

/* A MAC service for utility @utility_id keyed by @secret (a string). */
void card_test_mac_init (PosCardMac *mac,
                         guint32     utility_id,
                         const char *secret);
