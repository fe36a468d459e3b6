/* pos-db-restores.h: restore generations and the marks a restore must
 * never fall back below (TIDs, receipt and Z report numbers) */
#pragma once

#include <glib-object.h>

#include "pos-db.h"

G_BEGIN_DECLS

typedef struct
{
  int     base;             /* a base date (1993, 2014, 2035) */
  gint64  tid;              /* the highest TID issued under it */
} PosDbTidMark;

typedef struct
{
  char   *name;             /* vending points are matched by name */
  gint64  next_receipt;
  gint64  next_z;
} PosDbPointMark;

/* How far a database has gone: read from the live database before a
 * restore replaces it, and from the restored one after. */
typedef struct
{
  gint64  generation;       /* the latest restore's; 0: never restored */
  GArray *tids;             /* PosDbTidMark */
  GArray *points;           /* PosDbPointMark */
} PosDbHighWater;

void            pos_db_high_water_free  (PosDbHighWater *marks);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosDbHighWater, pos_db_high_water_free)

PosDbHighWater *pos_db_high_water_read  (PosDb       *self,
                                         GError     **error);

/* In a transaction: records restore @generation and raises each vending
 * point's next receipt and Z report numbers to @live's where it is behind
 * (@live may be NULL: the replaced database could not be read). */
gboolean        pos_db_restore_record   (PosDb                 *self,
                                         gint64                 generation,
                                         const char            *restored_at,
                                         const char            *source,
                                         gint64                 tid_floor,
                                         const PosDbHighWater  *live,
                                         GError               **error);

/* The latest restore's generation (0: none) and TID floor (Unix time; 0:
 * none). */
gboolean        pos_db_restore_marks    (PosDb    *self,
                                         gint64   *out_generation,
                                         gint64   *out_tid_floor,
                                         GError  **error);

G_END_DECLS
