/* fuzz-main.c: runs a fuzz target over files or folders of inputs, for
 * builds without libFuzzer (the corpus becomes a regression test) */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
run_path (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          n += run_path (child);
        }
      return n;
    }
  if (!g_file_get_contents (path, &contents, &length, NULL))
    g_error ("cannot read %s", path);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    n += run_path (argv[i]);
  if (n == 0)
    {
      printf ("not ok 1 - no inputs\n1..1\n");
      return 1;
    }
  printf ("ok 1 - %u inputs ran cleanly\n1..1\n", n);
  return 0;
}
