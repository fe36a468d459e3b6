/* pos-receipt-preview.c: the PNG that pos_receipt_render() draws, shown
 * in a window of its own, with a button that prints it */
#include <glib/gi18n.h>

#include "pos-receipt-preview.h"
#include "pos-window-private.h"

struct _PosReceiptPreview
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkPicture     *picture;
  AdwStatusPage  *error_page;

  PosContext     *context;
  char           *point;
  gint64          receipt_no;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (PosReceiptPreview, pos_receipt_preview, ADW_TYPE_WINDOW)

static void
rendered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PosReceiptPreview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = pos_receipt_render_finish (POS_CONTEXT (source), result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = pos_window_sentence (error->message);
      adw_status_page_set_description (self->error_page, text);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->stack, "receipt");
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PosReceiptPreview *self = POS_RECEIPT_PREVIEW (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (POS_IS_WINDOW (parent))
    pos_window_print_receipt (POS_WINDOW (parent), self->point, self->receipt_no, FALSE);
  gtk_window_close (GTK_WINDOW (self));
}

static void
pos_receipt_preview_dispose (GObject *object)
{
  PosReceiptPreview *self = POS_RECEIPT_PREVIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->point, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), POS_TYPE_RECEIPT_PREVIEW);

  G_OBJECT_CLASS (pos_receipt_preview_parent_class)->dispose (object);
}

static void
pos_receipt_preview_class_init (PosReceiptPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pos_receipt_preview_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/stsvend/Stsvend/pos-receipt-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, PosReceiptPreview, window_title);
  gtk_widget_class_bind_template_child (widget_class, PosReceiptPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, PosReceiptPreview, picture);
  gtk_widget_class_bind_template_child (widget_class, PosReceiptPreview, error_page);

  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print", NULL);
}

static void
pos_receipt_preview_init (PosReceiptPreview *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

PosReceiptPreview *
pos_receipt_preview_new (GtkWindow  *parent,
                         PosContext *context,
                         const char *point,
                         gint64      receipt_no)
{
  PosReceiptPreview *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);

  self = g_object_new (POS_TYPE_RECEIPT_PREVIEW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->point = g_strdup (point);
  self->receipt_no = receipt_no;
  title = g_strdup_printf (_("Receipt %lld"), (long long) receipt_no);
  adw_window_title_set_title (self->window_title, title);
  pos_receipt_render_async (context, point, receipt_no, POS_RECEIPT_PNG, self->cancellable, rendered_cb,
                            g_object_ref (self));
  return self;
}

gboolean
pos_receipt_preview_is_loaded (PosReceiptPreview *self)
{
  g_return_val_if_fail (POS_IS_RECEIPT_PREVIEW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "receipt") == 0;
}
