/* fuzz-batch-request.c: any bytes as one line of the batch contract */
#include <stdint.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "pos-app.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static GDateTime *
fixed_clock (gpointer user_data)
{
  return g_date_time_new_utc (2020, 6, 1, 12, 0, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static PosContext *context;
  g_autofree char *response = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  gboolean ok;

  if (context == NULL)
    {
      context = pos_context_new ();
      pos_context_set_clock (context, fixed_clock, NULL, NULL);
    }

  response = pos_sts_request_run_line (context, (const char *) data, (gssize) size, &ok);
  /* Whatever came in, one line of JSON object goes out, with either a
   * result or an error. */
  parsed = json_from_string (response, NULL);
  if (parsed == NULL || !JSON_NODE_HOLDS_OBJECT (parsed) || strchr (response, '\n') != NULL)
    __builtin_trap ();
  if (ok == json_object_has_member (json_node_get_object (parsed), "error"))
    __builtin_trap ();
  return 0;
}
