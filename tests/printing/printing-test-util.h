/* printing-test-util.h: what the printing/ tests share */
#pragma once

#include <gio/gio.h>

#include "pos-printing.h"

/* The credit and key change tokens of the sample receipt. */
#define TEST_CREDIT_TOKEN "56645791230984561238"
#define TEST_KEY_TOKEN_1  "11112222333344445555"
#define TEST_KEY_TOKEN_2  "66667777888899990000"

/* A fixed, complete receipt: a credit token added before a key change set
 * of two, so that the renderers must reorder them. */
PosReceipt *test_sample_receipt   (void);

/* A fresh temporary folder; remove with test_remove_tree. */
char       *test_make_tmp_dir     (void);
void        test_remove_tree      (const char *path);

/* Runs @argv, asserting it exists and exits 0; returns its standard output. */
char       *test_run              (const char * const *argv);

/* pdftotext's UTF-8 text of @pdf (all pages), and pdfinfo's page count. */
char       *test_pdf_text         (GBytes *pdf);
guint       test_pdf_pages        (GBytes *pdf);

/* Releases pango's font map and the cairo and fontconfig caches, so that
 * LeakSanitizer sees only what the code under test forgot to free.  Call
 * at the end of main, after every test. */
void        test_release_font_caches (void);
