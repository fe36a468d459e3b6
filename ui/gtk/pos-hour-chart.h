/* pos-hour-chart.h: the money taken in each hour of a day, as bars */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define POS_TYPE_HOUR_CHART (pos_hour_chart_get_type ())
G_DECLARE_FINAL_TYPE (PosHourChart, pos_hour_chart, POS, HOUR_CHART, GtkWidget)

G_GNUC_WARN_UNUSED_RESULT
GtkWidget *pos_hour_chart_new        (void);
/* Shows @values (24 of them, minor units); NULL clears the chart. */
void       pos_hour_chart_set_values (PosHourChart *self,
                                      const gint64 *values);
gint64     pos_hour_chart_get_value  (PosHourChart *self,
                                      guint         hour);

G_END_DECLS
