/* pos-sts-batch.c: JSON Lines batches of token requests */
#include <string.h>

#include "pos-sts-batch.h"
#include "pos-sts-request.h"

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

gboolean
pos_sts_batch_run (PosContext         *context,
                   GInputStream       *input,
                   GOutputStream      *output,
                   PosStsBatchResult  *out_result,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(GDataInputStream) data = NULL;
  PosStsBatchResult result = { 0, 0 };

  g_return_val_if_fail (POS_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);

  data = g_data_input_stream_new (input);
  g_data_input_stream_set_newline_type (G_DATA_INPUT_STREAM (data), G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);

  for (;;)
    {
      g_autofree char *line = NULL;
      g_autofree char *response = NULL;
      gsize length = 0;
      gboolean ok;
      GError *local_error = NULL;

      line = g_data_input_stream_read_line (data, &length, cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (line == NULL)
        break;
      if (length > 0 && line[length - 1] == '\r')
        line[--length] = '\0';
      if (is_blank (line, length))
        continue;

      result.n_requests++;
      response = pos_sts_request_run_line (context, line, (gssize) length, &ok);
      if (!ok)
        result.n_errors++;
      if (!g_output_stream_write_all (output, response, strlen (response), NULL, cancellable, error)
          || !g_output_stream_write_all (output, "\n", 1, NULL, cancellable, error)
          || !g_output_stream_flush (output, cancellable, error))
        return FALSE;
    }

  if (out_result != NULL)
    *out_result = result;
  return TRUE;
}

typedef struct
{
  GInputStream  *input;
  GOutputStream *output;
} BatchStreams;

static void
batch_streams_free (gpointer data)
{
  BatchStreams *streams = data;

  g_object_unref (streams->input);
  g_object_unref (streams->output);
  g_free (streams);
}

static void
batch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BatchStreams *streams = task_data;
  PosStsBatchResult *result = g_new0 (PosStsBatchResult, 1);
  GError *error = NULL;

  if (pos_sts_batch_run (source_object, streams->input, streams->output, result, cancellable, &error))
    g_task_return_pointer (task, result, g_free);
  else
    {
      g_free (result);
      g_task_return_error (task, error);
    }
}

void
pos_sts_batch_run_async (PosContext          *context,
                         GInputStream        *input,
                         GOutputStream       *output,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BatchStreams *streams;

  g_return_if_fail (POS_IS_CONTEXT (context));

  streams = g_new0 (BatchStreams, 1);
  streams->input = g_object_ref (input);
  streams->output = g_object_ref (output);
  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, pos_sts_batch_run_async);
  g_task_set_task_data (task, streams, batch_streams_free);
  g_task_run_in_thread (task, batch_thread);
}

gboolean
pos_sts_batch_run_finish (PosContext         *context,
                          GAsyncResult       *result,
                          PosStsBatchResult  *out_result,
                          GError            **error)
{
  g_autofree PosStsBatchResult *counts = NULL;

  g_return_val_if_fail (g_task_is_valid (result, context), FALSE);

  counts = g_task_propagate_pointer (G_TASK (result), error);
  if (counts == NULL)
    return FALSE;
  if (out_result != NULL)
    *out_result = *counts;
  return TRUE;
}
