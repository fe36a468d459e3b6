/* pos-context.c */
#include "pos-context.h"

struct _PosContext
{
  GObject         parent_instance;

  PosClockFunc    clock_func;
  gpointer        clock_data;
  GDestroyNotify  clock_destroy;
};

G_DEFINE_FINAL_TYPE (PosContext, pos_context, G_TYPE_OBJECT)

static void
pos_context_finalize (GObject *object)
{
  PosContext *self = POS_CONTEXT (object);

  pos_context_set_clock (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (pos_context_parent_class)->finalize (object);
}

static void
pos_context_class_init (PosContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pos_context_finalize;
}

static void
pos_context_init (PosContext *self)
{
}

PosContext *
pos_context_new (void)
{
  return g_object_new (POS_TYPE_CONTEXT, NULL);
}

void
pos_context_set_clock (PosContext     *self,
                       PosClockFunc    func,
                       gpointer        user_data,
                       GDestroyNotify  destroy)
{
  g_return_if_fail (POS_IS_CONTEXT (self));

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  self->clock_func = func;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
}

GDateTime *
pos_context_now (PosContext *self)
{
  g_return_val_if_fail (POS_IS_CONTEXT (self), NULL);

  if (self->clock_func != NULL)
    return self->clock_func (self->clock_data);
  return g_date_time_new_now_utc ();
}
