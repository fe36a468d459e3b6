/* pos-context.h: the one object that owns the application's services
 *
 * Front ends make one PosContext and hand it to every use case.  Today it
 * holds the clock (tokens depend on time, so tests inject one); the
 * database, card reader, printer and settings join it as they arrive.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define POS_TYPE_CONTEXT (pos_context_get_type ())
G_DECLARE_FINAL_TYPE (PosContext, pos_context, POS, CONTEXT, GObject)

/* Returns the current time as a UTC GDateTime (full reference). */
typedef GDateTime *(*PosClockFunc) (gpointer user_data);

G_GNUC_WARN_UNUSED_RESULT
PosContext *pos_context_new       (void);

/* Replaces the clock; %NULL restores the system clock. */
void        pos_context_set_clock (PosContext     *self,
                                   PosClockFunc    func,
                                   gpointer        user_data,
                                   GDestroyNotify  destroy);

/* The current time in UTC according to the context's clock. */
G_GNUC_WARN_UNUSED_RESULT
GDateTime  *pos_context_now       (PosContext *self);

G_END_DECLS
