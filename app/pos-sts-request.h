/* pos-sts-request.h: one token request of the batch contract
 * (../shared/CONTRACTS.md section 1) turned into its response
 *
 * The request is a JSON object (generate, key change or decode); the
 * response is the JSON object the contract specifies, with either the
 * token(s), the decoded fields, or an error object with a stable code.
 * The STS work itself is done by sts/; this file only reads members,
 * checks them and maps the engine's results.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

/* Runs one request.  Never fails as a call: a refused request yields a
 * response with an "error" member and *@out_ok = %FALSE. */
G_GNUC_WARN_UNUSED_RESULT
JsonObject *pos_sts_request_run      (PosContext *context,
                                      JsonNode   *request,
                                      gboolean   *out_ok);

/* Parses one line of JSON and runs it; returns the response as one line
 * of JSON text (without a newline).  A line that is not a JSON object
 * gives a "bad_request" error response. */
G_GNUC_WARN_UNUSED_RESULT
char       *pos_sts_request_run_line (PosContext *context,
                                      const char *line,
                                      gssize      length,
                                      gboolean   *out_ok);

G_END_DECLS
