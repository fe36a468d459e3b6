/* pos-vend-private.h: what vends and engineering tokens share */
#pragma once

#include "pos-context-private.h"

G_BEGIN_DECLS

/* The decoder key of meter @pan in @group with tariff index @ti, from the
 * group's wrapped vending key (the keys must be unlocked).  The caller
 * wipes @out_dk. */
gboolean pos_meter_decoder_key (PosContext              *context,
                                PosDb                   *db,
                                const char              *pan,
                                const PosDbSupplyGroup  *group,
                                int                      ti,
                                StsKey                  *out_dk,
                                GError                 **error);

/* The TID for a token issued at @now to @meter: now, or one past the last
 * one it was issued, or the minute of the database's TID floor (a restore
 * sets one past every TID issued before it), whichever is latest; never
 * the reserved minute; range and KEN checked. */
gboolean pos_meter_next_tid    (PosDb                   *db,
                                GDateTime               *now,
                                const PosDbMeter        *meter,
                                const PosDbSupplyGroup  *group,
                                guint32                 *out_tid,
                                GError                 **error);

G_END_DECLS
