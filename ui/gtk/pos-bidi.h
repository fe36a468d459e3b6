/* pos-bidi.h: numbers and paths that read left to right inside a page
 * that may be laid out right to left (Persian) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* U+2066 LEFT-TO-RIGHT ISOLATE and U+2069 POP DIRECTIONAL ISOLATE */
#define POS_LRI "\xe2\x81\xa6"
#define POS_PDI "\xe2\x81\xa9"

/* A copy of @text (a token, meter or account number, an amount, a receipt
 * number, a path) between LRI and PDI, so that the Unicode bidirectional
 * algorithm keeps its characters in stored order in a right-to-left
 * paragraph (rule N1 would otherwise read the spaces between a token's
 * digit groups right to left and reverse the groups).  NULL or "" gives
 * "". */
G_GNUC_WARN_UNUSED_RESULT
char *pos_ltr       (const char *text);

/* The same for a whole number. */
G_GNUC_WARN_UNUSED_RESULT
char *pos_ltr_int   (gint64 value);

/* @token (digits) in groups of four separated by spaces, isolated as
 * pos_ltr() does; NULL or "" gives "". */
G_GNUC_WARN_UNUSED_RESULT
char *pos_ltr_token (const char *token);

G_END_DECLS
