/* test-sts-request.c: the batch contract's requests through app/
 * (../shared/CONTRACTS.md section 1), the public vectors included */
#include <string.h>

#include <json-glib/json-glib.h>

#include "pos-app.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonObject *
run (PosContext *context,
     const char *text,
     gboolean   *ok)
{
  g_autoptr(JsonNode) node = parse (text);

  return pos_sts_request_run (context, node, ok);
}

static const char *
vectors_path (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *dir = g_getenv ("STSVEND_SHARED_DIR");

      g_assert_nonnull (dir);
      path = g_build_filename (dir, "sts", "vectors-public.jsonl", NULL);
    }
  return path;
}

static void
test_public_vectors (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_checked = 0;

  /* The vectors are part of the test bed: missing is a failure, not a skip. */
  g_file_get_contents (vectors_path (), &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonObject) response = NULL;
      g_autoptr(JsonObject) expect = NULL;
      JsonObject *request;
      gboolean ok;

      if (g_strstrip (lines[i])[0] == '\0')
        continue;
      node = parse (lines[i]);
      request = json_node_get_object (node);
      expect = json_object_ref (json_object_get_object_member (request, "expect"));
      json_object_remove_member (request, "expect");

      response = pos_sts_request_run (context, node, &ok);
      if (!ok)
        g_test_message ("vector %s: %s", json_object_get_string_member (request, "id"),
                        json_object_get_string_member (json_object_get_object_member (response, "error"), "message"));
      g_assert_true (ok);
      g_assert_true (json_node_equal (json_object_get_member (response, "id"),
                                      json_object_get_member (request, "id")));
      if (json_object_has_member (expect, "token"))
        g_assert_cmpstr (json_object_get_string_member (response, "token"), ==,
                         json_object_get_string_member (expect, "token"));
      else
        {
          JsonArray *want = json_object_get_array_member (expect, "tokens");
          JsonArray *got = json_object_get_array_member (response, "tokens");

          g_assert_nonnull (got);
          g_assert_cmpuint (json_array_get_length (got), ==, json_array_get_length (want));
          for (guint k = 0; k < json_array_get_length (want); k++)
            g_assert_cmpstr (json_array_get_string_element (got, k), ==,
                             json_array_get_string_element (want, k));
        }
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 28);
}

#define BASE02 "\"dkga\": 2, \"ea\": 7, \"vk\": \"abababababababab\", \"pan\": \"600727000000000009\", " \
               "\"sgc\": \"123456\", \"ti\": 1, \"krn\": 1, \"kt\": 2, \"base\": 1993"
#define CREDIT BASE02 ", \"class\": 0, \"subclass\": 0, \"rnd\": 5, \"issued\": \"2004-03-01T13:55\""

typedef struct
{
  const char *request;
  const char *code;
} RefusedCase;

static const RefusedCase refused[] = {
  /* malformed or missing members */
  { "{\"id\": 1}", "bad_request" },
  { "{" BASE02 ", \"class\": 0, \"subclass\": 0, \"issued\": \"2004-03-01T13:55\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"abc\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1.2.3\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": true}", "bad_request" },
  { "{\"dkga\": 2, \"ea\": 7, \"vk\": \"abababababababab\", \"pan\": \"600727000000000009\", \"sgc\": \"12345\", \"ti\": 1, \"krn\": 1, \"kt\": 2, \"base\": 1993, \"class\": 0, \"subclass\": 0, \"amount\": \"1\"}", "bad_request" },
  { "{" BASE02 ", \"class\": 0, \"subclass\": 0, \"amount\": \"1\", \"ti\": 100}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"rnd\": 16}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"issued\": \"2004-02-30T10:00\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"issued\": \"yesterday\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"op\": \"sell\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"pan\": \"60072700000000000\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"pan\": \"123456000000000009\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"krn\": 0}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"kt\": \"2\"}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"base\": 2000}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"ea\": 8}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"dkga\": 3}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"ea\": 11}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"class\": 3}", "bad_request" },
  { "{" CREDIT ", \"amount\": \"1\", \"subclass\": 8}", "bad_request" },
  { "{" BASE02 ", \"class\": 2, \"subclass\": 3, \"issued\": \"2004-03-01T13:55\"}", "bad_request" },
  { "{" BASE02 ", \"class\": 2, \"subclass\": 0, \"issued\": \"2004-03-01T13:55\"}", "bad_request" },
  { "{" BASE02 ", \"class\": 2, \"subclass\": 1, \"register\": 65536}", "bad_request" },
  { "{\"class\": 1, \"subclass\": 0, \"control\": 68719476736, \"mfr\": 0}", "bad_request" },
  { "{\"class\": 1, \"subclass\": 0, \"control\": 1, \"mfr\": 100}", "bad_request" },
  { "{\"class\": 1, \"subclass\": 2, \"control\": 1, \"mfr\": 1}", "bad_request" },
  { "{\"op\": \"decode\", \"token\": \"1234\"}", "bad_request" },
  { "{\"op\": \"decode\", \"token\": \"73786976294838206464\"}", "bad_request" },
  { "{\"op\": \"decode\", \"token\": \"23716100501183194197\"}", "bad_request" },
  /* check digits */
  { "{" CREDIT ", \"amount\": \"1\", \"pan\": \"600727000000000008\"}", "bad_pan_check_digit" },
  { "{" CREDIT ", \"amount\": \"1\", \"pan\": \"600727123456789041\"}", "bad_pan_check_digit" },
  { "{" CREDIT ", \"amount\": \"1\", \"pan\": \"000001000000000081\"}", "bad_pan_check_digit" },
  /* amounts a token cannot carry */
  { "{" CREDIT ", \"amount\": \"1820162.5\"}", "amount_out_of_range" },
  { "{" CREDIT ", \"amount\": \"-0.1\"}", "amount_out_of_range" },
  { "{" CREDIT ", \"amount\": \"0.05\"}", "amount_out_of_range" },
  { "{" CREDIT ", \"amount\": \"99999999999999999999999\"}", "amount_out_of_range" },
  { "{" CREDIT ", \"amount\": \"1.000001\", \"subclass\": 4}", "amount_out_of_range" },
  { "{" CREDIT ", \"amount\": \"100000000000001\", \"subclass\": 4}", "amount_out_of_range" },
  { "{" BASE02 ", \"class\": 2, \"subclass\": 0, \"watts\": 18201625, \"issued\": \"2004-03-01T13:55\"}", "amount_out_of_range" },
  /* times outside the base date */
  { "{" CREDIT ", \"amount\": \"1\", \"issued\": \"2024-11-24T20:16\"}", "tid_out_of_range" },
  { "{" CREDIT ", \"amount\": \"1\", \"issued\": \"1992-12-31T23:59\"}", "tid_out_of_range" },
  { "{" CREDIT ", \"amount\": \"1\", \"base\": 2014, \"issued\": \"2013-12-31T23:59\"}", "tid_out_of_range" },
  /* key expiry: TID >> 16 = 0x59 in March 2004 */
  { "{" CREDIT ", \"amount\": \"1\", \"ken\": 88}", "key_expired" },
  /* keys */
  { "{" CREDIT ", \"amount\": \"1\", \"vk\": \"abababababababa\"}", "bad_key" },
  { "{" CREDIT ", \"amount\": \"1\", \"vk\": \"abababababababxy\"}", "bad_key" },
  { "{" CREDIT ", \"amount\": \"1\", \"dkga\": 4}", "bad_key" },
  { "{" CREDIT ", \"amount\": \"1\", \"dk\": \"e653341f9d5bf3\"}", "bad_key" },
  /* key change */
  { "{" BASE02 ", \"key_change\": 5}", "bad_request" },
  { "{" BASE02 ", \"key_change\": {\"ti\": 2, \"krn\": 1, \"kt\": 2}}", "bad_request" },
  { "{" BASE02 ", \"key_change\": {\"sgc\": \"123456\", \"ti\": 2, \"krn\": 10, \"kt\": 2}}", "bad_request" },
  { "{" BASE02 ", \"key_change\": {\"sgc\": \"123456\", \"ti\": 2, \"krn\": 1, \"kt\": 2, \"vk\": \"ab\"}}", "bad_key" },
  { "{" BASE02 ", \"key_change\": {\"sgc\": \"123456\", \"ti\": 2, \"krn\": 1, \"kt\": 2, \"base\": 2014, \"rollover\": false}}", "bad_request" },
  { "{" BASE02 ", \"base\": 2014, \"key_change\": {\"sgc\": \"123456\", \"ti\": 2, \"krn\": 1, \"kt\": 2, \"base\": 1993}}", "bad_request" },
};

static void
test_refused (void)
{
  g_autoptr(PosContext) context = pos_context_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonObject) response = NULL;
      JsonObject *err;
      gboolean ok = TRUE;

      response = run (context, refused[i].request, &ok);
      g_test_message ("case %zu: %s", i, refused[i].request);
      g_assert_false (ok);
      g_assert_false (json_object_has_member (response, "token"));
      g_assert_false (json_object_has_member (response, "tokens"));
      g_assert_false (json_object_has_member (response, "decoded"));
      err = json_object_get_object_member (response, "error");
      g_assert_nonnull (err);
      g_test_message ("  -> %s: %s", json_object_get_string_member (err, "code"),
                      json_object_get_string_member (err, "message"));
      g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, refused[i].code);
      g_assert_cmpuint (strlen (json_object_get_string_member (err, "message")), >, 10);
    }
}

static void
test_accepted_variants (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  static const char *const requests[] = {
    /* the same token from the dk, from integer members, with seconds */
    "{\"dk\": \"e653341f9d5bf36f\", \"ea\": 7, \"base\": 1993, \"class\": 0, \"subclass\": 0, \"rnd\": 5, \"issued\": \"2004-03-01T13:55\", \"amount\": \"0.1\"}",
    "{" BASE02 ", \"class\": 0, \"subclass\": 0, \"rnd\": 5, \"issued\": \"2004-03-01T13:55:59\", \"amount\": 0.1}",
    "{" BASE02 ", \"class\": 0, \"subclass\": 0, \"rnd\": 5, \"issued\": \"2004-03-01T13:55:07Z\", \"amount\": \"0.10\", \"ken\": 89}",
    "{\"dkga\": 2, \"ea\": 7, \"vk\": \"ABABABABABABABAB\", \"pan\": 600727000000000009, \"sgc\": 123456, \"ti\": 1.0, \"krn\": 1, \"kt\": 2, \"base\": 1993, \"class\": 0, \"subclass\": 0, \"rnd\": 5, \"issued\": \"2004-03-01T13:55\", \"amount\": \"+0.1\", \"id\": null}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(JsonObject) response = NULL;
      gboolean ok = FALSE;

      response = run (context, requests[i], &ok);
      g_test_message ("request %zu", i);
      g_assert_true (ok);
      g_assert_cmpstr (json_object_get_string_member (response, "token"), ==, "23716100501183194197");
      g_assert_cmpint (json_object_get_int_member (response, "tid"), ==, 5871715);
    }
}

static void
test_reserved_tid (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(JsonObject) at_0001 = NULL;
  g_autoptr(JsonObject) at_0002 = NULL;
  gboolean ok;

  at_0001 = run (context, "{" BASE02 ", \"class\": 0, \"subclass\": 0, \"rnd\": 5, \"amount\": \"1\", \"issued\": \"2004-03-29T00:01\"}", &ok);
  g_assert_true (ok);
  at_0002 = run (context, "{" BASE02 ", \"class\": 0, \"subclass\": 0, \"rnd\": 5, \"amount\": \"1\", \"issued\": \"2004-03-29T00:02\"}", &ok);
  g_assert_true (ok);
  g_assert_cmpint (json_object_get_int_member (at_0001, "tid"), ==, json_object_get_int_member (at_0002, "tid"));
  g_assert_cmpstr (json_object_get_string_member (at_0001, "token"), ==,
                   json_object_get_string_member (at_0002, "token"));
}

static GDateTime *
fixed_clock (gpointer user_data)
{
  return g_date_time_new_utc (2004, 3, 1, 13, 55, 30);
}

static void
test_clock (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(JsonObject) response = NULL;
  gboolean ok;

  pos_context_set_clock (context, fixed_clock, NULL, NULL);
  response = run (context, "{" BASE02 ", \"class\": 0, \"subclass\": 0, \"rnd\": 5, \"amount\": \"0.1\"}", &ok);
  g_assert_true (ok);
  g_assert_cmpstr (json_object_get_string_member (response, "token"), ==, "23716100501183194197");
}

static void
test_random_rnd (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Without "rnd" the field comes from the CSPRNG: 40 requests for the same
   * credit give more than one token. */
  for (int i = 0; i < 40; i++)
    {
      g_autoptr(JsonObject) response = NULL;
      gboolean ok;

      response = run (context, "{" BASE02 ", \"class\": 0, \"subclass\": 0, \"amount\": \"1\", \"issued\": \"2004-03-01T13:55\"}", &ok);
      g_assert_true (ok);
      g_hash_table_add (seen, g_strdup (json_object_get_string_member (response, "token")));
    }
  g_assert_cmpuint (g_hash_table_size (seen), >, 1);
}

static JsonObject *
decode (PosContext *context,
        const char *request)
{
  g_autoptr(JsonObject) response = NULL;
  gboolean ok = FALSE;

  response = run (context, request, &ok);
  g_assert_true (ok);
  return json_object_ref (json_object_get_object_member (response, "decoded"));
}

static void
test_decode (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(JsonObject) d = NULL;

  d = decode (context, "{\"op\": \"decode\", " BASE02 ", \"token\": \"2371 6100 5011 8319 4197\"}");
  g_assert_cmpint (json_object_get_int_member (d, "class"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (d, "subclass"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (d, "tid"), ==, 5871715);
  g_assert_cmpstr (json_object_get_string_member (d, "issued"), ==, "2004-03-01T13:55");
  g_assert_true (json_object_get_boolean_member (d, "crc_ok"));
  g_assert_cmpstr (json_object_get_string_member (d, "amount"), ==, "0.1");
  g_assert_cmpint (json_object_get_int_member (d, "rnd"), ==, 5);
  g_clear_pointer (&d, json_object_unref);

  /* Currency with CRC_C (SPEC 3). */
  d = decode (context, "{\"op\": \"decode\", \"dk\": \"4530EDB79B5F083D\", \"ea\": 7, \"base\": 1993, \"token\": \"07420412750539184100\"}");
  g_assert_cmpint (json_object_get_int_member (d, "subclass"), ==, 4);
  g_assert_true (json_object_get_boolean_member (d, "crc_ok"));
  g_assert_cmpstr (json_object_get_string_member (d, "amount"), ==, "100.00624");
  g_assert_cmpint (json_object_get_int_member (d, "tid"), ==, 6680788);
  g_clear_pointer (&d, json_object_unref);

  d = decode (context, "{\"op\": \"decode\", \"dk\": \"4530EDB79B5F083D\", \"ea\": 7, \"base\": 1993, \"token\": \"64780804373480967093\"}");
  g_assert_cmpint (json_object_get_int_member (d, "class"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (d, "register"), ==, 1);
  g_clear_pointer (&d, json_object_unref);

  /* Class 1 needs no key. */
  d = decode (context, "{\"op\": \"decode\", \"token\": \"56493153725450313471\"}");
  g_assert_cmpint (json_object_get_int_member (d, "class"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (d, "control"), ==, G_GINT64_CONSTANT (68719476735));
  g_assert_cmpint (json_object_get_int_member (d, "mfr"), ==, 0);
  g_assert_true (json_object_get_boolean_member (d, "crc_ok"));
  g_clear_pointer (&d, json_object_unref);

  /* Another meter's key: decoded, but the CRC fails. */
  d = decode (context, "{\"op\": \"decode\", " BASE02 ", \"pan\": \"600727111111111153\", \"token\": \"23716100501183194197\"}");
  g_assert_false (json_object_get_boolean_member (d, "crc_ok"));
  g_clear_pointer (&d, json_object_unref);

  /* Key change tokens decode without showing key bits. */
  d = decode (context, "{\"op\": \"decode\", " BASE02 ", \"token\": \"51638423060042734509\"}");
  g_assert_cmpint (json_object_get_int_member (d, "subclass"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (d, "krn"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (d, "ken_high"), ==, 15);
  g_assert_true (json_object_get_boolean_member (d, "crc_ok"));
  g_clear_pointer (&d, json_object_unref);
}

/* decode (generate (x)) == x through the contract, for every payload. */
static void
test_generate_decode (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  static const struct { const char *payload; const char *member; const char *value; } cases[] = {
    { "\"class\": 0, \"subclass\": 0, \"amount\": \"25.6\"", "amount", "25.6" },
    { "\"class\": 0, \"subclass\": 1, \"amount\": \"1638.4\"", "amount", "1638.4" },
    { "\"class\": 0, \"subclass\": 2, \"amount\": \"2000\"", "amount", "2000.4" },
    { "\"class\": 0, \"subclass\": 3, \"amount\": \"0\"", "amount", "0.0" },
    { "\"class\": 0, \"subclass\": 4, \"amount\": \"100\"", "amount", "100.00624" },
    { "\"class\": 0, \"subclass\": 5, \"amount\": \"-1\"", "amount", "-0.99994" },
    { "\"class\": 0, \"subclass\": 6, \"amount\": \"0.00001\"", "amount", "0.00001" },
    { "\"class\": 2, \"subclass\": 0, \"watts\": 1000", "watts", "1000" },
    { "\"class\": 2, \"subclass\": 1, \"register\": 65535", "register", "65535" },
    { "\"class\": 2, \"subclass\": 2, \"value\": 4242", "value", "4242" },
    { "\"class\": 2, \"subclass\": 5", NULL, NULL },
    { "\"class\": 2, \"subclass\": 6, \"watts\": 20000", "watts", "20004" },
    { "\"class\": 2, \"subclass\": 7, \"value\": 65535", "value", "65535" },
  };
  static const struct { const char *key; const char *issued; } keys[] = {
    { BASE02, "2020-05-05T10:10" },
    { "\"dkga\": 4, \"ea\": 7, \"vk\": \"abababababababab949494949494949401234567\", \"pan\": \"600727000000000009\", \"sgc\": \"201457\", \"ti\": 1, \"krn\": 1, \"kt\": 2, \"base\": 2014", "2036-05-05T10:10" },
    { "\"dkga\": 4, \"ea\": 11, \"vk\": \"abababababababab949494949494949401234567\", \"pan\": \"000001000000000082\", \"sgc\": \"201457\", \"ti\": 7, \"krn\": 3, \"kt\": 1, \"base\": 2035", "2066-11-24T20:15" },
    { "\"dkga\": 2, \"ea\": 9, \"vk\": \"0123456789abcdef\", \"pan\": \"600727000000000009\", \"sgc\": \"999999\", \"ti\": 99, \"krn\": 9, \"kt\": 0, \"base\": 2014", "2014-01-01T00:00" },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *generate = g_strdup_printf ("{%s, %s, \"issued\": \"%s\"}", keys[k].key, cases[i].payload,
                                                     keys[k].issued);
        g_autoptr(JsonObject) made = NULL;
        g_autofree char *request = NULL;
        g_autoptr(JsonObject) d = NULL;
        gboolean ok = FALSE;

        made = run (context, generate, &ok);
        g_test_message ("%s", generate);
        g_assert_true (ok);
        request = g_strdup_printf ("{\"op\": \"decode\", %s, \"token\": \"%s\"}", keys[k].key,
                                   json_object_get_string_member (made, "token"));
        d = decode (context, request);
        g_assert_true (json_object_get_boolean_member (d, "crc_ok"));
        g_assert_cmpint (json_object_get_int_member (d, "tid"), ==, json_object_get_int_member (made, "tid"));
        g_assert_cmpstr (json_object_get_string_member (d, "issued"), ==, keys[k].issued);
        if (cases[i].member != NULL)
          {
            JsonNode *node = json_object_get_member (d, cases[i].member);
            g_autofree char *text = NULL;

            g_assert_nonnull (node);
            if (json_node_get_value_type (node) == G_TYPE_STRING)
              text = g_strdup (json_node_get_string (node));
            else
              text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
            g_assert_cmpstr (text, ==, cases[i].value);
          }
      }
}

static void
test_run_line (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  static const struct { const char *line; gboolean ok; const char *contains; } cases[] = {
    { "not json", FALSE, "\"code\":\"bad_request\"" },
    { "[1, 2]", FALSE, "\"code\":\"bad_request\"" },
    /* The id comes back as it was written, whatever it is. */
    { "{\"id\": {\"a\": [1, \"x}\"]}, \"class\": 1, \"subclass\": 0, \"control\": 1, \"mfr\": 0}", TRUE,
      "{\"id\":{\"a\": [1, \"x}\"]},\"token\":" },
    { "{\"class\": 1, \"id\": 1e400, \"subclass\": 0, \"control\": 1, \"mfr\": 0}", TRUE, "{\"id\":1e400,\"token\":" },
    { "{\"id\":18446744073709551616123, \"class\": 9}", FALSE, "{\"id\":18446744073709551616123,\"error\":" },
    { "{\"id\": -9223372036854775809 }", FALSE, "{\"id\":-9223372036854775809,\"error\":" },
    { "{\"id\": 1, \"id\": \"second\", \"class\": 9}", FALSE, "{\"id\":\"second\",\"error\":" },
    { "{\"id\": \"e1\", \"class\": 9}", FALSE, "\"id\":\"e1\"" },
    { "{\"id\": 7, \"class\": 1, \"subclass\": 0, \"control\": 1, \"mfr\": 0}", TRUE,
      "\"token\":\"00000000000150997584\"" },
    { "\xff\xfe", FALSE, "UTF-8" },
    /* json-glib turns an octal escape into a byte that is not UTF-8 (found
     * by fuzzing): refused, and nothing of it echoed. */
    { "{\"id\": \"\\204\", \"class\": 1}", FALSE, "not valid UTF-8" },
    { "{\"op\": \"dec\\204x\" \"token\": 1}", FALSE, "not valid JSON" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      gboolean ok = !cases[i].ok;

      out = pos_sts_request_run_line (context, cases[i].line, -1, &ok);
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_null (strchr (out, '\n'));
      g_assert_true (g_utf8_validate (out, -1, NULL));
      g_assert_nonnull (strstr (out, cases[i].contains));
    }
}

/* 100 000 nested "[" once overflowed json-glib's stack: refused before it
 * parses, and the batch answers the lines after it. */
static void
test_deep_line (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(GString) input = g_string_new ("{\"id\": 1, \"x\": ");
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  PosStsBatchResult result = { 0, 0 };

  for (int i = 0; i < 100000; i++)
    g_string_append_c (input, '[');
  g_string_append (input, "\n{\"id\": 2, \"class\": 1, \"subclass\": 0, \"control\": 1, \"mfr\": 0}\n");
  in = g_memory_input_stream_new_from_data (input->str, (gssize) input->len, NULL);
  g_assert_true (pos_sts_batch_run (context, in, out, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_requests, ==, 2);
  g_assert_cmpuint (result.n_errors, ==, 1);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  lines = g_strsplit (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (lines[0], "\"code\":\"bad_request\""));
  g_assert_nonnull (strstr (lines[0], "deep"));
  g_assert_true (g_str_has_prefix (lines[1], "{\"id\":2,\"token\":\"00000000000150997584\""));

  /* As deep as a request may go, it is parsed as usual. */
  {
    g_autoptr(GString) ok_line = g_string_new ("{\"id\": ");
    g_autofree char *reply = NULL;
    gboolean ok = TRUE;

    for (int i = 0; i < 31; i++)
      g_string_append_c (ok_line, '[');
    for (int i = 0; i < 31; i++)
      g_string_append_c (ok_line, ']');
    g_string_append (ok_line, ", \"class\": 9}");
    reply = pos_sts_request_run_line (context, ok_line->str, -1, &ok);
    g_assert_false (ok);
    g_assert_null (strstr (reply, "deep"));
    g_assert_true (g_str_has_prefix (reply, "{\"id\":[[[["));
  }
}

static void
test_batch (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  const char *input =
    "{\"id\": 1, \"class\": 1, \"subclass\": 0, \"control\": 1, \"mfr\": 0}\n"
    "\n"
    "   \r\n"
    "garbage\r\n"
    "{\"id\": 3, \"class\": 1, \"subclass\": 1, \"control\": 268435455, \"mfr\": 0}";
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (input, -1, NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  PosStsBatchResult result = { 99, 99 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;

  g_assert_true (pos_sts_batch_run (context, in, out, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_requests, ==, 3);
  g_assert_cmpuint (result.n_errors, ==, 1);

  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  text = g_strdup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "{\"id\":1,\"token\":\"00000000000150997584\""));
  g_assert_nonnull (strstr (lines[1], "\"error\""));
  g_assert_true (g_str_has_prefix (lines[2], "{\"id\":3,\"token\":\"02305843005052951967\""));
  g_assert_cmpstr (lines[3], ==, "");
}

static void
batch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PosStsBatchResult *counts = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (pos_sts_batch_run_finish (POS_CONTEXT (source), result, counts, &error));
  g_assert_no_error (error);
}

static void
test_batch_async (void)
{
  g_autoptr(PosContext) context = pos_context_new ();
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data ("{}\n{}\n", -1, NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  PosStsBatchResult counts = { 0, 0 };

  pos_sts_batch_run_async (context, in, out, NULL, batch_done_cb, &counts);
  while (counts.n_requests == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counts.n_requests, ==, 2);
  g_assert_cmpuint (counts.n_errors, ==, 2);
}

static void
test_context_freed (void)
{
  PosContext *context = pos_context_new ();
  gpointer weak = context;
  g_autoptr(JsonObject) response = NULL;
  gboolean ok;

  g_object_add_weak_pointer (G_OBJECT (context), &weak);
  response = run (context, "{\"class\": 1, \"subclass\": 0, \"control\": 1, \"mfr\": 0}", &ok);
  g_assert_true (ok);
  g_object_unref (context);
  g_assert_null (weak);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pos/app/sts-request/public-vectors", test_public_vectors);
  g_test_add_func ("/pos/app/sts-request/refused", test_refused);
  g_test_add_func ("/pos/app/sts-request/accepted-variants", test_accepted_variants);
  g_test_add_func ("/pos/app/sts-request/reserved-tid", test_reserved_tid);
  g_test_add_func ("/pos/app/sts-request/clock", test_clock);
  g_test_add_func ("/pos/app/sts-request/random-rnd", test_random_rnd);
  g_test_add_func ("/pos/app/sts-request/decode", test_decode);
  g_test_add_func ("/pos/app/sts-request/generate-decode", test_generate_decode);
  g_test_add_func ("/pos/app/sts-request/run-line", test_run_line);
  g_test_add_func ("/pos/app/sts-request/deep-line", test_deep_line);
  g_test_add_func ("/pos/app/sts-batch/streams", test_batch);
  g_test_add_func ("/pos/app/sts-batch/async", test_batch_async);
  g_test_add_func ("/pos/app/context/freed", test_context_freed);

  return g_test_run ();
}
