/* sts.h: the STS token engine (IEC 62055-41), the one header to include
 *
 * Pure C11 and OpenSSL libcrypto: no GLib, no allocation in the token hot
 * path, outputs first into caller buffers, StsStatus results.  See
 * ../shared/sts/SPEC.md for the rules each file implements.
 */
#pragma once

#include "sts-amount.h"
#include "sts-card.h"
#include "sts-cipher.h"
#include "sts-crc.h"
#include "sts-ea07.h"
#include "sts-key.h"
#include "sts-meter.h"
#include "sts-misty1.h"
#include "sts-pan.h"
#include "sts-random.h"
#include "sts-secret.h"
#include "sts-status.h"
#include "sts-tid.h"
#include "sts-token.h"
