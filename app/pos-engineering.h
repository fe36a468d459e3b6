/* pos-engineering.h: engineering and management tokens (supervisor):
 * clear tamper, clear credit, power limits, test tokens and key changes */
#pragma once

#include <glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

typedef enum
{
  POS_ENGINEERING_CLEAR_TAMPER,   /* no value */
  POS_ENGINEERING_CLEAR_CREDIT,   /* value: register, 65535 = all */
  POS_ENGINEERING_SET_MPL,        /* value: watts */
  POS_ENGINEERING_SET_MPPUL,      /* value: watts */
  POS_ENGINEERING_TEST,           /* value: the 36-bit control field */
} PosEngineeringKind;

/* Tokens issued together, in the order they must be entered. */
typedef struct
{
  gint64 receipt_no;
  guint  n_tokens;
  char   tokens[4][21];
  gint64 tid;                     /* -1 for tokens without one */
} PosTokenSet;

/* Issues one engineering token for meter @pan, recorded as a sale of kind
 * "engineering" (no money) with its TID stepped like a credit token's. */
gboolean pos_engineering_token (PosContext          *context,
                                const char          *pan,
                                PosEngineeringKind   kind,
                                gint64               value,
                                PosTokenSet         *out,
                                GError             **error);

/* Moves meter @pan to supply group (@sgc, @krn) and tariff index @ti:
 * the key change tokens (2 for a 64-bit key, 4 for 128-bit), made with the
 * meter's current key, with rollover when the base date changes.  The
 * meter record follows at once: tokens sold after this use the new key,
 * and the key change tokens must be entered first. */
gboolean pos_key_change        (PosContext   *context,
                                const char   *pan,
                                const char   *sgc,
                                int           krn,
                                int           ti,
                                PosTokenSet  *out,
                                GError      **error);

/* Called once per meter moved by a supply group migration, with its key
 * change tokens, and the count of meters done and to do. */
typedef void (*PosMigrationFunc) (const char         *pan,
                                  const PosTokenSet  *tokens,
                                  guint               done,
                                  guint               total,
                                  gpointer            user_data);

/* Moves every active meter of supply group (@from_sgc, @from_krn) to
 * (@to_sgc, @to_krn), each keeping its tariff index: a new key revision,
 * or a new base date (the 1993 -> 2014 rollover).  Each meter is its own
 * transaction, so an interrupted migration leaves every meter either
 * moved, with its tokens recorded, or untouched: running it again goes on
 * with the rest.  @each sees every meter's tokens (to print them for the
 * field technicians).  Supervisor, with an open shift.  *@out_moved
 * counts the meters moved, also on failure. */
gboolean pos_key_change_group  (PosContext        *context,
                                const char        *from_sgc,
                                int                from_krn,
                                const char        *to_sgc,
                                int                to_krn,
                                PosMigrationFunc   each,
                                gpointer           user_data,
                                guint             *out_moved,
                                GError           **error);

G_END_DECLS
