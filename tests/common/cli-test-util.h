/* cli-test-util.h: running stsvend-cli ($STSVEND_CLI) from a test, as
 * another program would */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;   /* the exit status */
  char *out;      /* standard output */
  char *err;      /* standard error */
} Result;

void result_clear (Result *r);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Runs the CLI with the NULL-terminated arguments from @first, @input (or
 * nothing) on standard input; asserts that it ran and exited. */
void run_cli      (Result      *r,
                   const char  *input,
                   const char  *first,
                   ...) G_GNUC_NULL_TERMINATED;

/* Removes the database file @path and its -wal and -shm. */
void remove_db    (const char *path);

G_END_DECLS
