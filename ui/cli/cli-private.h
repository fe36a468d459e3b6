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
  char     *config;           /* --config or $STSVEND_CONFIG; NULL: the per-user settings file */
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

/* Parses a command's options; FALSE (after a usage message) on error. */
gboolean cli_parse_options (const char    *name,
                            const char    *parameter,
                            const char    *summary,
                            GOptionEntry  *entries,
                            int           *argc,
                            char        ***argv);

/* As cli_parse_options, with only the entries whose long names are in
 * @keep (space-separated): a command that shares its variables with
 * others shows and takes only its own options. */
gboolean cli_parse_options_only (const char    *name,
                                 const char    *parameter,
                                 const char    *summary,
                                 const GOptionEntry *entries,
                                 const char    *keep,
                                 int           *argc,
                                 char        ***argv);

/* Opens the database and logs the user in; unlocks the keys when
 * @need_keys.  An exit status. */
int  cli_open_session      (PosContext       *context,
                            const CliGlobals *g,
                            gboolean          need_keys);

/* Parses a money option (e.g. "100.50") into minor units; FALSE after a
 * usage message. */
gboolean cli_money_option  (const char *name,
                            const char *text,
                            gint64     *out);

void cli_print_sale        (JsonObject        *sale);
void cli_print_customers   (JsonArray         *customers);
void cli_print_token_set   (const PosTokenSet *set);

/* receipt, report, printers; -1 when @command is none of them. */
int  cli_run_printing      (PosContext       *context,
                            const CliGlobals *globals,
                            const char       *command,
                            int               argc,
                            char            **argv);

/* customer edit|show|list, meter edit, debt, free-issue, migrate,
 * restore; -1 when @command is none of them. */
int  cli_run_accounts      (PosContext       *context,
                            const CliGlobals *globals,
                            const char       *command,
                            int               argc,
                            char            **argv);

/* card list-readers|read|issue|recharge|retry|replace and the meter
 * simulator (simulator create|enter|insert-card|consume|flags|show, once
 * meter create|...); -1 when
 * @command is none of them. */
int  cli_run_cards         (PosContext       *context,
                            const CliGlobals *globals,
                            const char       *command,
                            int               argc,
                            char            **argv);

/* The vending-core commands (init, demo, customer, meter, shift, quote,
 * vend); -1 when @command is none of them. */
int  cli_run_vending       (PosContext       *context,
                            const CliGlobals *globals,
                            const char       *command,
                            int               argc,
                            char            **argv);

G_END_DECLS
