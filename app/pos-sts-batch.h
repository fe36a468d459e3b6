/* pos-sts-batch.h: the "sts batch" use case: JSON Lines in, JSON Lines out
 * (../shared/CONTRACTS.md section 1) */
#pragma once

#include <gio/gio.h>

#include "pos-context.h"

G_BEGIN_DECLS

/* Counts of one batch run. */
typedef struct
{
  guint n_requests;   /* non-blank lines read */
  guint n_errors;     /* responses with an "error" member */
} PosStsBatchResult;

/* Reads JSON Lines from @input and writes one response line per non-blank
 * input line to @output, in order, flushing after each.  A bad line yields
 * an error response and the batch goes on.  Returns FALSE only when the
 * streams fail (reading, writing) or @cancellable is cancelled. */
gboolean pos_sts_batch_run        (PosContext         *context,
                                   GInputStream       *input,
                                   GOutputStream      *output,
                                   PosStsBatchResult  *out_result,
                                   GCancellable       *cancellable,
                                   GError            **error);

/* The same in a worker thread. */
void     pos_sts_batch_run_async  (PosContext          *context,
                                   GInputStream        *input,
                                   GOutputStream       *output,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);

gboolean pos_sts_batch_run_finish (PosContext         *context,
                                   GAsyncResult       *result,
                                   PosStsBatchResult  *out_result,
                                   GError            **error);

G_END_DECLS
