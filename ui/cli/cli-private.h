/* cli-private.h: what the files of stsvend-cli share */
#pragma once

#include <json-glib/json-glib.h>

#include "pos-app.h"

G_BEGIN_DECLS

enum
{
  EXIT_OK      = 0,
  EXIT_REFUSED = 1,
  EXIT_USAGE   = 2,
};

/* Options that come before the command. */
typedef struct
{
  char     *db;               /* --db or $STSVEND_DB; NULL: the per-user default */
  char     *user;             /* --user or $STSVEND_USER */
  char     *password_file;    /* --password-file; else $STSVEND_PASSWORD */
  char     *passphrase_file;  /* --passphrase-file; else $STSVEND_PASSPHRASE */
  gboolean  json;
} CliGlobals;

void usage_error           (const char *format,
                            ...) G_GNUC_PRINTF (1, 2);
void print_json            (JsonObject *obj);

/* Prints @error for a refused operation and returns EXIT_REFUSED. */
int  refused               (const GError *error);

/* A secret from a file (first line), or from an environment variable. */
char *cli_read_secret      (const char  *path,
                            const char  *env_name,
                            const char  *what,
                            GError     **error);

/* The vending-core commands (init, demo, customer, meter, shift, quote,
 * vend); -1 when @command is none of them. */
int  cli_run_vending       (PosContext       *context,
                            const CliGlobals *globals,
                            const char       *command,
                            int               argc,
                            char            **argv);

G_END_DECLS
