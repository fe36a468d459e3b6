/* pos-hour-chart.c: 24 bars drawn with GtkSnapshot (no cairo in ui/), in
 * the theme's accent colour, the hours marked every three below them;
 * hours run left to right whatever the text direction, as clocks do */
#include "pos-hour-chart.h"

#define N_HOURS      24
#define LABEL_SPACE  18
#define BAR_GAP      0.25f

struct _PosHourChart
{
  GtkWidget parent_instance;

  gint64    values[N_HOURS];
};

G_DEFINE_FINAL_TYPE (PosHourChart, pos_hour_chart, GTK_TYPE_WIDGET)

static void
pos_hour_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  PosHourChart *self = POS_HOUR_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget) - LABEL_SPACE;
  float slot = width / N_HOURS;
  gint64 max = 0;
  GdkRGBA bar, axis;

  if (width <= 0 || height <= 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &axis);
  axis.alpha = 0.3f;
  bar = (GdkRGBA) { 0.21f, 0.52f, 0.89f, 1.0f };   /* libadwaita's blue */
  for (int h = 0; h < N_HOURS; h++)
    max = MAX (max, self->values[h]);
  gtk_snapshot_append_color (snapshot, &axis, &GRAPHENE_RECT_INIT (0, height, width, 1));
  for (int h = 0; h < N_HOURS; h++)
    {
      if (max > 0 && self->values[h] > 0)
        {
          float bar_height = MAX (1.0f, height * (float) self->values[h] / (float) max);

          gtk_snapshot_append_color (snapshot, &bar,
                                     &GRAPHENE_RECT_INIT (h * slot + slot * BAR_GAP / 2, height - bar_height,
                                                          slot * (1 - BAR_GAP), bar_height));
        }
      if (h % 3 == 0)
        {
          g_autofree char *text = g_strdup_printf ("%02d", h);
          PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
          GdkRGBA color;

          gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
          color.alpha = 0.6f;
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (h * slot + 1, height + 2));
          gtk_snapshot_append_layout (snapshot, layout, &color);
          gtk_snapshot_restore (snapshot);
          g_object_unref (layout);
        }
    }
}

static void
pos_hour_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 100;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 160;
}

static void
pos_hour_chart_class_init (PosHourChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = pos_hour_chart_snapshot;
  widget_class->measure = pos_hour_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "hourchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pos_hour_chart_init (PosHourChart *self)
{
  /* a chart of hours reads left to right in every language */
  gtk_widget_set_direction (GTK_WIDGET (self), GTK_TEXT_DIR_LTR);
}

GtkWidget *
pos_hour_chart_new (void)
{
  return g_object_new (POS_TYPE_HOUR_CHART, NULL);
}

void
pos_hour_chart_set_values (PosHourChart *self,
                           const gint64 *values)
{
  g_return_if_fail (POS_IS_HOUR_CHART (self));

  for (int h = 0; h < N_HOURS; h++)
    self->values[h] = values != NULL ? values[h] : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
pos_hour_chart_get_value (PosHourChart *self,
                          guint         hour)
{
  g_return_val_if_fail (POS_IS_HOUR_CHART (self), 0);
  g_return_val_if_fail (hour < N_HOURS, 0);
  return self->values[hour];
}
