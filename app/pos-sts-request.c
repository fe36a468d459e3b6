/* pos-sts-request.c: the batch contract's requests, on top of sts/ */
#include <string.h>

#include "sts.h"

#include "pos-app-error.h"
#include "pos-sts-request.h"

/* ---------------------------------------------------------------------
 * Reading members
 * ------------------------------------------------------------------- */

/* A request object and the name of the object for messages ("" at the
 * top level, "key_change." inside the key change). */
typedef struct
{
  JsonObject *obj;
  const char *prefix;
} Members;

static JsonNode *
member (const Members *m,
        const char    *name)
{
  JsonNode *node = json_object_get_member (m->obj, name);

  /* An explicit null counts as absent. */
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
missing (const Members  *m,
         const char     *name,
         const char     *why,
         GError        **error)
{
  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
               "member “%s%s” is required%s", m->prefix, name, why);
  return FALSE;
}

/* Reads an integer member in [@min, @max].  Absent: *@present = FALSE and
 * TRUE is returned.  JSON numbers with an integral value are accepted. */
static gboolean
read_int (const Members  *m,
          const char     *name,
          gint64          min,
          gint64          max,
          gboolean       *present,
          gint64         *out,
          GError        **error)
{
  JsonNode *node = member (m, name);
  gint64 value;

  *present = FALSE;
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE
           && json_node_get_double (node) >= -9.0e15 && json_node_get_double (node) <= 9.0e15
           && json_node_get_double (node) == (double) (gint64) json_node_get_double (node))
    value = (gint64) json_node_get_double (node);
  else
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "member “%s%s” must be an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                   m->prefix, name, min, max);
      return FALSE;
    }
  if (value < min || value > max)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "member “%s%s” is %" G_GINT64_FORMAT "; it must be from %" G_GINT64_FORMAT
                   " to %" G_GINT64_FORMAT,
                   m->prefix, name, value, min, max);
      return FALSE;
    }
  *present = TRUE;
  *out = value;
  return TRUE;
}

/* Reads a required integer member. */
static gboolean
need_int (const Members  *m,
          const char     *name,
          gint64          min,
          gint64          max,
          gint64         *out,
          GError        **error)
{
  gboolean present;

  if (!read_int (m, name, min, max, &present, out, error))
    return FALSE;
  if (!present)
    return missing (m, name, "", error);
  return TRUE;
}

/* Reads an optional integer member with a default. */
static gboolean
opt_int (const Members  *m,
         const char     *name,
         gint64          min,
         gint64          max,
         gint64          fallback,
         gint64         *out,
         GError        **error)
{
  gboolean present;

  if (!read_int (m, name, min, max, &present, out, error))
    return FALSE;
  if (!present)
    *out = fallback;
  return TRUE;
}

/* Reads a string member into *@out (newly allocated; NULL when absent).
 * Integers are accepted too when @min_digits > 0, written with at least
 * that many digits (an integer PAN or SGC loses its leading zeros). */
static gboolean
read_text (const Members  *m,
           const char     *name,
           guint           min_digits,
           char          **out,
           GError        **error)
{
  JsonNode *node = member (m, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        {
          *out = g_strdup (json_node_get_string (node));
          return TRUE;
        }
      if (type == G_TYPE_INT64 && min_digits > 0 && json_node_get_int (node) >= 0)
        {
          *out = g_strdup_printf ("%0*" G_GINT64_FORMAT, (int) min_digits, json_node_get_int (node));
          return TRUE;
        }
    }
  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
               "member “%s%s” must be a string", m->prefix, name);
  return FALSE;
}

static gboolean
read_bool (const Members  *m,
           const char     *name,
           gboolean       *present,
           gboolean       *out,
           GError        **error)
{
  JsonNode *node = member (m, name);

  *present = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "member “%s%s” must be true or false", m->prefix, name);
      return FALSE;
    }
  *present = TRUE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Maps an engine result to the contract's error codes. */
static gboolean
sts_error (GError     **error,
           StsStatus    status,
           const char  *what)
{
  PosAppError code;

  switch (status)
    {
    case STS_ERR_BAD_PAN_CHECK_DIGIT:
    case STS_ERR_BAD_DRN_CHECK_DIGIT:
      code = POS_APP_ERROR_BAD_PAN_CHECK_DIGIT;
      break;
    case STS_ERR_BAD_KEY:
      code = POS_APP_ERROR_BAD_KEY;
      break;
    case STS_ERR_AMOUNT_OUT_OF_RANGE:
      code = POS_APP_ERROR_AMOUNT_OUT_OF_RANGE;
      break;
    case STS_ERR_TID_OUT_OF_RANGE:
      code = POS_APP_ERROR_TID_OUT_OF_RANGE;
      break;
    case STS_ERR_KEY_EXPIRED:
      code = POS_APP_ERROR_KEY_EXPIRED;
      break;
    case STS_ERR_CRYPTO:
    case STS_ERR_INVALID_ARGUMENT:
      code = POS_APP_ERROR_FAILED;
      break;
    default:
      code = POS_APP_ERROR_BAD_REQUEST;
      break;
    }
  g_set_error (error, POS_APP_ERROR, code, "%s: %s", what, sts_status_to_string (status));
  return FALSE;
}

/* ---------------------------------------------------------------------
 * Values: amounts and times
 * ------------------------------------------------------------------- */

/* Parses a decimal number into an integer count of 10^-@decimals units.
 * Digits beyond @decimals must be zeros (the token cannot carry them). */
static gboolean
parse_decimal (const char  *text,
               const char  *name,
               guint        decimals,
               gboolean     allow_negative,
               gboolean    *out_negative,
               guint64     *out_units,
               GError     **error)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 units = 0;
  guint n_int = 0, n_frac = 0;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; g_ascii_isdigit (*p); p++, n_int++)
    {
      if (units > (G_MAXUINT64 - 9) / 10)
        goto too_large;
      units = units * 10 + (guint64) (*p - '0');
    }
  if (*p == '.')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++, n_frac++)
        {
          if (n_frac >= decimals)
            {
              if (*p != '0')
                {
                  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_AMOUNT_OUT_OF_RANGE,
                               "%s “%s” has more than %u decimal%s", name, text, decimals,
                               decimals == 1 ? "" : "s");
                  return FALSE;
                }
              continue;
            }
          if (units > (G_MAXUINT64 - 9) / 10)
            goto too_large;
          units = units * 10 + (guint64) (*p - '0');
        }
    }
  if (*p != '\0' || n_int + n_frac == 0)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "%s “%s” is not a decimal number", name, text);
      return FALSE;
    }
  for (guint i = MIN (n_frac, decimals); i < decimals; i++)
    {
      if (units > G_MAXUINT64 / 10)
        goto too_large;
      units *= 10;
    }
  if (negative && units != 0 && !allow_negative)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_AMOUNT_OUT_OF_RANGE,
                   "%s “%s” is negative", name, text);
      return FALSE;
    }
  *out_negative = negative && units != 0;
  *out_units = units;
  return TRUE;

too_large:
  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_AMOUNT_OUT_OF_RANGE,
               "%s “%s” is too large", name, text);
  return FALSE;
}

/* The "amount" member as decimal text: a string, or a JSON number
 * written back in its shortest form. */
static char *
read_amount_text (const Members  *m,
                  GError        **error)
{
  JsonNode *node = member (m, "amount");

  if (node == NULL)
    {
      missing (m, "amount", " for this token class", error);
      return NULL;
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_DOUBLE)
        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", json_node_get_double (node)));
    }
  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
               "member “amount” must be a decimal string such as \"25.6\"");
  return NULL;
}

static gboolean
parse_digits (const char **p,
              guint        n,
              int         *out)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = value;
  return TRUE;
}

/* "YYYY-MM-DDTHH:MM", optionally ":SS" (and a fraction) and "Z"; seconds
 * are ignored.  The time is UTC. */
static gboolean
parse_issued (const char  *text,
              gint64      *out_unix,
              GError     **error)
{
  const char *p = text;
  int year, month, day, hour, minute, second = 0;
  gint64 seconds;

  if (!parse_digits (&p, 4, &year) || *p++ != '-'
      || !parse_digits (&p, 2, &month) || *p++ != '-'
      || !parse_digits (&p, 2, &day) || (*p != 'T' && *p != ' ')
      || (p++, !parse_digits (&p, 2, &hour)) || *p++ != ':'
      || !parse_digits (&p, 2, &minute))
    goto malformed;
  if (*p == ':')
    {
      p++;
      if (!parse_digits (&p, 2, &second))
        goto malformed;
      if (*p == '.')
        {
          p++;
          if (!g_ascii_isdigit (*p))
            goto malformed;
          while (g_ascii_isdigit (*p))
            p++;
        }
    }
  if (*p == 'Z')
    p++;
  if (*p != '\0')
    goto malformed;

  if (sts_civil_to_unix (&seconds, year, month, day, hour, minute, second) != STS_OK)
    goto malformed;
  *out_unix = seconds - second;
  return TRUE;

malformed:
  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
               "member “issued” must be a UTC time YYYY-MM-DDTHH:MM, not “%s”", text);
  return FALSE;
}

static char *
format_minute (gint64 unix_seconds)
{
  int y, mo, d, h, mi, s;

  sts_unix_to_civil (unix_seconds, &y, &mo, &d, &h, &mi, &s);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d", y, mo, d, h, mi);
}

/* ---------------------------------------------------------------------
 * Keys
 * ------------------------------------------------------------------- */

/* A decoder key and what it was made from. */
typedef struct
{
  StsKeyInfo info;        /* valid members depend on how the key was given */
  gboolean   have_base;
  gboolean   from_vk;     /* derived: every member of info is valid */
  StsKey     vk;
  StsKey     dk;
} KeySpec;

static void
key_spec_wipe (KeySpec *spec)
{
  sts_key_wipe (&spec->vk);
  sts_key_wipe (&spec->dk);
}

static gboolean
read_key_hex (const Members  *m,
              const char     *name,
              gboolean       *present,
              StsKey         *out,
              GError        **error)
{
  g_autofree char *hex = NULL;
  StsStatus status;

  *present = FALSE;
  if (!read_text (m, name, 0, &hex, error))
    return FALSE;
  if (hex == NULL)
    return TRUE;
  *present = TRUE;
  status = sts_key_from_hex (out, hex);
  memset (hex, 0, strlen (hex));
  if (status != STS_OK)
    {
      *present = FALSE;
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_KEY,
                   "member “%s%s” must be a key in hexadecimal", m->prefix, name);
      return FALSE;
    }
  return TRUE;
}

/* Reads the parameters of a key: either "dk" with "ea", or the derivation
 * members ("dkga", "vk", "sgc", "ti", "krn", "kt", "base", "ea") with the
 * PAN in @pan.  @defaults (for a key change) supplies absent members: the
 * current key's ea, dkga, vk, base.  "ken" defaults to 255. */
static gboolean
read_key_spec (const Members  *m,
               const StsPan   *pan,
               const KeySpec  *defaults,
               KeySpec        *spec,
               GError        **error)
{
  gboolean present, have_dk, have_vk;
  gint64 value;

  memset (spec, 0, sizeof *spec);

  if (!read_int (m, "ea", 0, G_MAXINT, &present, &value, error))
    return FALSE;
  if (!present && defaults == NULL)
    return missing (m, "ea", " (7, 9 or 11)", error);
  spec->info.ea = present ? (StsEa) value : defaults->info.ea;
  if (sts_ea_key_length (spec->info.ea) == 0)
    return sts_error (error, STS_ERR_BAD_EA, "member “ea”");

  if (!read_int (m, "base", 0, G_MAXINT, &present, &value, error))
    return FALSE;
  if (present && !sts_base_date_is_valid ((int) value))
    return sts_error (error, STS_ERR_BAD_BASE_DATE, "member “base”");
  spec->have_base = present || (defaults != NULL && defaults->have_base);
  spec->info.base = present ? (StsBaseDate) value : defaults != NULL ? defaults->info.base : 0;

  if (!opt_int (m, "ken", 0, 255, 255, &value, error))
    return FALSE;
  spec->info.ken = (uint8_t) value;

  if (!read_key_hex (m, "dk", &have_dk, &spec->dk, error))
    return FALSE;
  if (have_dk)
    {
      if (spec->dk.len != sts_ea_key_length (spec->info.ea))
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_KEY,
                       "member “%sdk” must be %zu hexadecimal digits for EA%02d",
                       m->prefix, 2 * sts_ea_key_length (spec->info.ea), (int) spec->info.ea);
          return FALSE;
        }
      return TRUE;
    }

  /* Derive it from the vending key. */
  if (!read_int (m, "dkga", 0, G_MAXINT, &present, &value, error))
    return FALSE;
  if (!present && (defaults == NULL || !defaults->from_vk))
    return missing (m, "dkga", " (2 or 4) unless “dk” is given", error);
  spec->info.dkga = present ? (StsDkga) value : defaults->info.dkga;
  if (spec->info.dkga != STS_DKGA_02 && spec->info.dkga != STS_DKGA_04)
    return sts_error (error, STS_ERR_BAD_DKGA, "member “dkga”");

  if (!read_key_hex (m, "vk", &have_vk, &spec->vk, error))
    return FALSE;
  if (!have_vk)
    {
      if (defaults == NULL || !defaults->from_vk)
        return missing (m, "vk", " unless “dk” is given", error);
      spec->vk = defaults->vk;
    }
  if (spec->vk.len != (spec->info.dkga == STS_DKGA_02 ? 8 : 20))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_KEY,
                   "member “%svk” must be %d hexadecimal digits for DKGA%02d",
                   m->prefix, spec->info.dkga == STS_DKGA_02 ? 16 : 40, (int) spec->info.dkga);
      return FALSE;
    }
  if (spec->info.dkga == STS_DKGA_02 && spec->info.ea == STS_EA_MISTY1)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "DKGA02 makes 64-bit keys; EA11 needs a 128-bit key (use DKGA04)");
      return FALSE;
    }
  if (!spec->have_base)
    return missing (m, "base", " (1993, 2014 or 2035)", error);

  if (pan == NULL)
    return missing (m, "pan", " to derive a key from “vk”", error);
  spec->info.pan = *pan;

  {
    g_autofree char *sgc = NULL;

    if (!read_text (m, "sgc", 6, &sgc, error))
      return FALSE;
    if (sgc == NULL)
      return missing (m, "sgc", " (6 digits)", error);
    if (strlen (sgc) != 6 || strspn (sgc, "0123456789") != 6)
      {
        g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                     "member “%ssgc” must be 6 digits, not “%s”", m->prefix, sgc);
        return FALSE;
      }
    spec->info.sgc = (uint32_t) g_ascii_strtoull (sgc, NULL, 10);
  }

  if (!need_int (m, "ti", 0, 99, &value, error))
    return FALSE;
  spec->info.ti = (uint8_t) value;
  if (!need_int (m, "krn", 1, 9, &value, error))
    return FALSE;
  spec->info.krn = (uint8_t) value;
  if (!need_int (m, "kt", 0, 3, &value, error))
    return FALSE;
  spec->info.kt = (uint8_t) value;

  {
    StsStatus status = sts_key_derive (&spec->dk, &spec->vk, &spec->info);

    if (status != STS_OK)
      return sts_error (error, status, "deriving the decoder key");
  }
  spec->from_vk = TRUE;
  return TRUE;
}

/* Reads and validates the top-level "pan"; NULL in *@out when absent. */
static gboolean
read_pan (const Members  *m,
          StsPan         *storage,
          const StsPan  **out,
          GError        **error)
{
  g_autofree char *text = NULL;
  StsStatus status;

  *out = NULL;
  if (!read_text (m, "pan", 18, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  status = sts_pan_parse (storage, text);
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR,
                   status == STS_ERR_BAD_PAN ? POS_APP_ERROR_BAD_REQUEST : POS_APP_ERROR_BAD_PAN_CHECK_DIGIT,
                   "meter number “%s”: %s", text, sts_status_to_string (status));
      return FALSE;
    }
  *out = storage;
  return TRUE;
}

/* ---------------------------------------------------------------------
 * Operations
 * ------------------------------------------------------------------- */

/* The token fields a generate request asks for, from its payload member. */
static gboolean
read_payload (const Members  *m,
              StsTokenData   *td,
              GError        **error)
{
  gint64 value;
  g_autofree char *text = NULL;
  gboolean negative;
  guint64 units;
  StsStatus status;

  if (td->token_class == STS_CLASS_TRANSFER && td->subclass <= 3)
    {
      /* 0.1 kWh, 0.1 m3, 0.1 m3, 0.1 minute */
      text = read_amount_text (m, error);
      if (text == NULL
          || !parse_decimal (text, "amount", 1, FALSE, &negative, &units, error))
        return FALSE;
      if (units > STS_AMOUNT_MAX)
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_AMOUNT_OUT_OF_RANGE,
                       "amount “%s” is above the largest a token carries, 1820162.4", text);
          return FALSE;
        }
      status = sts_amount_encode (&td->value, (uint32_t) units);
      return status == STS_OK || sts_error (error, status, "amount");
    }

  if (td->token_class == STS_CLASS_TRANSFER && td->subclass <= 7)
    {
      /* Currency, 10^-5 units, signed; the S&E nibble replaces RND. */
      text = read_amount_text (m, error);
      if (text == NULL
          || !parse_decimal (text, "amount", 5, TRUE, &negative, &units, error))
        return FALSE;
      status = sts_currency_encode (&td->value, &td->rnd, negative, units);
      return status == STS_OK || sts_error (error, status, "amount");
    }

  if (td->token_class == STS_CLASS_MANAGEMENT)
    {
      switch (td->subclass)
        {
        case STS_SUB_SET_MPL:
        case STS_SUB_SET_MPPUL:
          if (!need_int (m, "watts", 0, G_MAXINT64, &value, error))
            return FALSE;
          if (value > STS_AMOUNT_MAX)
            {
              g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_AMOUNT_OUT_OF_RANGE,
                           "watts %" G_GINT64_FORMAT " is above the largest a token carries, %u",
                           value, STS_AMOUNT_MAX);
              return FALSE;
            }
          status = sts_amount_encode (&td->value, (uint32_t) value);
          return status == STS_OK || sts_error (error, status, "watts");
        case STS_SUB_CLEAR_CREDIT:
          if (!need_int (m, "register", 0, 0xFFFF, &value, error))
            return FALSE;
          td->value = (uint16_t) value;
          return TRUE;
        case STS_SUB_SET_TARIFF_RATE:
        case STS_SUB_WATER_FACTOR:
          if (!need_int (m, "value", 0, 0xFFFF, &value, error))
            return FALSE;
          td->value = (uint16_t) value;
          return TRUE;
        case STS_SUB_CLEAR_TAMPER:
          td->value = 0;
          return TRUE;
        case STS_SUB_KCT1:
        case STS_SUB_KCT2:
        case STS_SUB_KCT3:
        case STS_SUB_KCT4:
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "key change tokens are made as a set with the “key_change” member");
          return FALSE;
        default:
          break;
        }
    }

  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
               "class %u subclass %u is not a token this engine generates",
               td->token_class, td->subclass);
  return FALSE;
}

static gboolean
run_generate (PosContext     *context,
              const Members  *m,
              const StsPan   *pan,
              JsonObject     *response,
              GError        **error)
{
  StsTokenData td;
  gint64 value;
  gboolean present;
  char token[STS_TOKEN_DIGITS + 1];
  KeySpec key;
  StsCipher cipher;
  gint64 issued;
  g_autofree char *issued_text = NULL;
  StsStatus status;
  gboolean ok = FALSE;

  memset (&td, 0, sizeof td);
  if (!need_int (m, "class", 0, 3, &value, error))
    return FALSE;
  td.token_class = (uint8_t) value;
  if (!need_int (m, "subclass", 0, 15, &value, error))
    return FALSE;
  td.subclass = (uint8_t) value;

  if (td.token_class == STS_CLASS_TEST)
    {
      gint64 max_control = td.subclass == 0 ? (G_GINT64_CONSTANT (1) << 36) - 1 : (1 << 28) - 1;
      gint64 max_mfr = td.subclass == 0 ? 99 : 9999;

      if (td.subclass > 1)
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "class 1 tokens are subclass 0 or 1, not %u", td.subclass);
          return FALSE;
        }
      if (!need_int (m, "control", 0, max_control, &value, error))
        return FALSE;
      td.control = (uint64_t) value;
      if (!need_int (m, "mfr", 0, max_mfr, &value, error))
        return FALSE;
      td.mfr = (uint16_t) value;
      status = sts_token_generate (token, NULL, &td);
      if (status != STS_OK)
        return sts_error (error, status, "token");
      json_object_set_string_member (response, "token", token);
      return TRUE;
    }

  if (td.token_class == STS_CLASS_RESERVED)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "class 3 is reserved");
      return FALSE;
    }

  /* Payload first: a bad amount is reported before key problems. */
  if (!read_payload (m, &td, error))
    return FALSE;
  if (!sts_token_is_currency (td.token_class, td.subclass))
    {
      if (!read_int (m, "rnd", 0, 15, &present, &value, error))
        return FALSE;
      if (present)
        td.rnd = (uint8_t) value;
      else if ((status = sts_random_nibble (&td.rnd)) != STS_OK)
        return sts_error (error, status, "rnd");
    }

  if (!read_key_spec (m, pan, NULL, &key, error))
    goto out;
  if (!key.have_base)
    {
      missing (m, "base", " (1993, 2014 or 2035)", error);
      goto out;
    }

  if (!read_text (m, "issued", 0, &issued_text, error))
    goto out;
  if (issued_text != NULL)
    {
      if (!parse_issued (issued_text, &issued, error))
        goto out;
    }
  else
    {
      g_autoptr(GDateTime) now = pos_context_now (context);
      issued = g_date_time_to_unix (now);
    }

  status = sts_tid_from_unix (&td.tid, key.info.base, issued);
  if (status != STS_OK)
    {
      g_autofree char *when = format_minute (issued);
      g_autofree char *end = format_minute (sts_tid_to_unix (key.info.base, STS_TID_MAX));

      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_TID_OUT_OF_RANGE,
                   "%s is outside the range of base date %d (%d-01-01T00:00 to %s)",
                   when, (int) key.info.base, (int) key.info.base, end);
      goto out;
    }
  if (sts_tid_key_expired (td.tid, key.info.ken))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_KEY_EXPIRED,
                   "the decoder key expired (KEN %u) before this time of issue (TID %u)",
                   key.info.ken, td.tid);
      goto out;
    }

  status = sts_cipher_init (&cipher, key.info.ea, &key.dk);
  if (status != STS_OK)
    {
      sts_error (error, status, "decoder key");
      goto out;
    }
  status = sts_token_generate (token, &cipher, &td);
  sts_cipher_clear (&cipher);
  if (status != STS_OK)
    {
      sts_error (error, status, "token");
      goto out;
    }

  json_object_set_string_member (response, "token", token);
  json_object_set_int_member (response, "tid", td.tid);
  ok = TRUE;

out:
  key_spec_wipe (&key);
  return ok;
}

static StsBaseDate
next_base_date (StsBaseDate base)
{
  return base == STS_BASE_1993 ? STS_BASE_2014 : STS_BASE_2035;
}

static gboolean
run_key_change (const Members  *m,
                const StsPan   *pan,
                JsonNode       *change_node,
                JsonObject     *response,
                GError        **error)
{
  Members km = { NULL, "key_change." };
  KeySpec current, defaults, next;
  StsKeyChange change;
  StsCipher cipher;
  char tokens[STS_KEY_CHANGE_MAX][STS_TOKEN_DIGITS + 1];
  size_t n = 0;
  gboolean present, rollover = FALSE, have_rollover;
  gint64 value;
  StsStatus status;
  gboolean ok = FALSE;
  JsonArray *array;

  memset (&next, 0, sizeof next);
  memset (&defaults, 0, sizeof defaults);
  if (!JSON_NODE_HOLDS_OBJECT (change_node))
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "member “key_change” must be an object");
      return FALSE;
    }
  km.obj = json_node_get_object (change_node);

  if (!read_key_spec (m, pan, NULL, &current, error))
    goto out;

  /* The new key: absent members default to the current key's EA, DKGA,
   * vending key and base date; a rollover without a base moves to the
   * next base date. */
  if (!read_bool (&km, "rollover", &have_rollover, &rollover, error))
    goto out;
  if (!read_int (&km, "base", 0, G_MAXINT, &present, &value, error))
    goto out;
  defaults = current;
  if (!present && have_rollover && rollover && current.have_base)
    defaults.info.base = next_base_date (current.info.base);
  if (!read_key_spec (&km, pan, &defaults, &next, error))
    goto out;

  if (current.have_base && next.have_base && next.info.base != current.info.base)
    {
      if (next.info.base < current.info.base)
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "a key change cannot move a meter back from base date %d to %d",
                       (int) current.info.base, (int) next.info.base);
          goto out;
        }
      if (have_rollover && !rollover)
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "the base date changes (%d to %d), so “key_change.rollover” must be true",
                       (int) current.info.base, (int) next.info.base);
          goto out;
        }
      rollover = TRUE;
    }

  memset (&change, 0, sizeof change);
  change.new_dk = next.dk;
  change.rollover = rollover;
  change.ken = next.info.ken;
  if (next.from_vk)
    {
      change.krn = next.info.krn;
      change.kt = next.info.kt;
      change.ti = next.info.ti;
      change.sgc = next.info.sgc;
    }
  else
    {
      /* The new key given as "dk": its parameters come as plain members. */
      g_autofree char *sgc = NULL;

      if (!need_int (&km, "krn", 1, 9, &value, error))
        goto out;
      change.krn = (uint8_t) value;
      if (!need_int (&km, "kt", 0, 3, &value, error))
        goto out;
      change.kt = (uint8_t) value;
      if (!need_int (&km, "ti", 0, 99, &value, error))
        goto out;
      change.ti = (uint8_t) value;
      if (!read_text (&km, "sgc", 6, &sgc, error))
        goto out;
      if (sgc != NULL && (strlen (sgc) != 6 || strspn (sgc, "0123456789") != 6))
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "member “key_change.sgc” must be 6 digits");
          goto out;
        }
      if (sgc == NULL && next.dk.len == 16)
        {
          missing (&km, "sgc", " for a 128-bit key", error);
          goto out;
        }
      change.sgc = sgc != NULL ? (uint32_t) g_ascii_strtoull (sgc, NULL, 10) : 0;
    }

  status = sts_cipher_init (&cipher, current.info.ea, &current.dk);
  if (status == STS_OK)
    {
      status = sts_key_change_generate (tokens, &n, &cipher, &change);
      sts_cipher_clear (&cipher);
    }
  sts_key_wipe (&change.new_dk);
  if (status != STS_OK)
    {
      sts_error (error, status, "key change");
      goto out;
    }

  array = json_array_sized_new ((guint) n);
  for (size_t i = 0; i < n; i++)
    json_array_add_string_element (array, tokens[i]);
  json_object_set_array_member (response, "tokens", array);
  ok = TRUE;

out:
  key_spec_wipe (&current);
  key_spec_wipe (&defaults);
  key_spec_wipe (&next);
  return ok;
}

/* A short name for what a token is. */
static const char *
token_type_name (const StsTokenData *td)
{
  static const char *const transfer[8] = {
    "electricity", "water", "gas", "time", "currency", "currency", "currency", "currency",
  };
  static const char *const management[10] = {
    "set_mpl", "clear_credit", "set_tariff_rate", "key_change_1", "key_change_2",
    "clear_tamper", "set_mppul", "set_water_meter_factor", "key_change_3", "key_change_4",
  };

  if (td->token_class == STS_CLASS_TRANSFER && td->subclass < 8)
    return transfer[td->subclass];
  if (td->token_class == STS_CLASS_TEST)
    return "test";
  if (td->token_class == STS_CLASS_MANAGEMENT && td->subclass < 10)
    return management[td->subclass];
  return "reserved";
}

/* Strips the spaces and dashes people type between digit groups. */
static char *
normalize_token (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static gboolean
run_decode (const Members  *m,
            const StsPan   *pan,
            JsonObject     *response,
            GError        **error)
{
  g_autofree char *text = NULL;
  g_autofree char *digits = NULL;
  unsigned int token_class;
  uint64_t block;
  StsTokenData td;
  bool crc_ok;
  KeySpec key;
  StsCipher cipher;
  StsStatus status;
  JsonObject *decoded;
  gboolean ok = FALSE;

  memset (&key, 0, sizeof key);
  if (!read_text (m, "token", 0, &text, error))
    return FALSE;
  if (text == NULL)
    return missing (m, "token", " to decode", error);
  digits = normalize_token (text);
  status = sts_token_parse (&token_class, &block, digits);
  if (status != STS_OK)
    {
      g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   "token “%s”: %s", text, sts_status_to_string (status));
      return FALSE;
    }

  if (token_class == STS_CLASS_TEST)
    status = sts_token_decode (&td, &crc_ok, NULL, digits);
  else
    {
      if (!read_key_spec (m, pan, NULL, &key, error))
        goto out;
      status = sts_cipher_init (&cipher, key.info.ea, &key.dk);
      if (status == STS_OK)
        {
          status = sts_token_decode (&td, &crc_ok, &cipher, digits);
          sts_cipher_clear (&cipher);
        }
    }
  if (status != STS_OK)
    {
      sts_error (error, status, "decoding");
      goto out;
    }

  decoded = json_object_new ();
  json_object_set_int_member (decoded, "class", td.token_class);
  json_object_set_int_member (decoded, "subclass", td.subclass);
  json_object_set_string_member (decoded, "type", token_type_name (&td));
  json_object_set_boolean_member (decoded, "crc_ok", crc_ok);

  if (td.token_class == STS_CLASS_TEST)
    {
      json_object_set_int_member (decoded, "control", (gint64) td.control);
      json_object_set_int_member (decoded, "mfr", td.mfr);
    }
  else if (sts_token_is_key_change (td.token_class, td.subclass))
    {
      /* The new key's bits are left out on purpose: keys are never shown. */
      if (td.subclass == STS_SUB_KCT1)
        {
          json_object_set_int_member (decoded, "ken_high", td.ken_half);
          json_object_set_int_member (decoded, "krn", td.krn);
          json_object_set_int_member (decoded, "kt", td.kt);
          json_object_set_boolean_member (decoded, "rollover", td.rollover);
        }
      else if (td.subclass == STS_SUB_KCT2)
        {
          json_object_set_int_member (decoded, "ken_low", td.ken_half);
          json_object_set_int_member (decoded, "ti", td.ti);
        }
      else
        json_object_set_int_member (decoded, td.subclass == STS_SUB_KCT3 ? "sgc_low" : "sgc_high",
                                    td.sgc_half);
    }
  else
    {
      json_object_set_int_member (decoded, "tid", td.tid);
      if (key.have_base)
        {
          g_autofree char *issued = format_minute (sts_tid_to_unix (key.info.base, td.tid));

          json_object_set_string_member (decoded, "issued", issued);
          json_object_set_int_member (decoded, "base", key.info.base);
        }
      if (sts_token_is_currency (td.token_class, td.subclass))
        {
          guint64 units;
          bool negative;

          if (sts_currency_decode (&units, &negative, td.value, td.rnd) == STS_OK)
            {
              g_autofree char *amount =
                g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%05u", negative ? "-" : "",
                                 units / 100000, (guint) (units % 100000));
              json_object_set_string_member (decoded, "amount", amount);
            }
          json_object_set_int_member (decoded, "sign_exponent", td.rnd);
        }
      else
        {
          json_object_set_int_member (decoded, "rnd", td.rnd);
          if (td.token_class == STS_CLASS_TRANSFER)
            {
              uint32_t tenths = sts_amount_decode (td.value);
              g_autofree char *amount = g_strdup_printf ("%u.%u", tenths / 10, tenths % 10);

              json_object_set_string_member (decoded, "amount", amount);
            }
          else if (td.subclass == STS_SUB_SET_MPL || td.subclass == STS_SUB_SET_MPPUL)
            json_object_set_int_member (decoded, "watts", sts_amount_decode (td.value));
          else if (td.subclass == STS_SUB_CLEAR_CREDIT)
            json_object_set_int_member (decoded, "register", td.value);
          else if (td.subclass != STS_SUB_CLEAR_TAMPER)
            json_object_set_int_member (decoded, "value", td.value);
        }
    }
  json_object_set_object_member (response, "decoded", decoded);
  ok = TRUE;

out:
  key_spec_wipe (&key);
  return ok;
}

/* ---------------------------------------------------------------------
 * Entry points
 * ------------------------------------------------------------------- */

static gboolean
run_request (PosContext     *context,
             JsonObject     *obj,
             JsonObject     *response,
             GError        **error)
{
  Members m = { obj, "" };
  g_autofree char *op = NULL;
  StsPan pan_storage;
  const StsPan *pan = NULL;
  JsonNode *change;

  if (!read_text (&m, "op", 0, &op, error))
    return FALSE;
  if (!read_pan (&m, &pan_storage, &pan, error))
    return FALSE;

  if (op == NULL || g_str_equal (op, "generate"))
    {
      change = member (&m, "key_change");
      if (change != NULL)
        return run_key_change (&m, pan, change, response, error);
      return run_generate (context, &m, pan, response, error);
    }
  if (g_str_equal (op, "decode"))
    return run_decode (&m, pan, response, error);

  g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
               "member “op” must be \"generate\" or \"decode\", not “%s”", op);
  return FALSE;
}

static void
set_error_member (JsonObject   *response,
                  const GError *error)
{
  JsonObject *err = json_object_new ();
  PosAppError code = error->domain == POS_APP_ERROR ? (PosAppError) error->code : POS_APP_ERROR_FAILED;

  /* Messages may quote what came in; they go out as valid UTF-8. */
  g_autofree char *message = g_utf8_make_valid (error->message, -1);

  json_object_set_string_member (err, "code", pos_app_error_to_code (code));
  json_object_set_string_member (err, "message", message);
  json_object_set_object_member (response, "error", err);
}

/* json-glib's parser accepts escapes (such as octal ones) that yield bytes
 * which are not UTF-8; such text must never be echoed into a response. */
static gboolean
node_is_utf8 (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *child;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &child))
          if (!g_utf8_validate (name, -1, NULL) || !node_is_utf8 (child))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!node_is_utf8 (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING
             || g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

JsonObject *
pos_sts_request_run (PosContext *context,
                     JsonNode   *request,
                     gboolean   *out_ok)
{
  g_autoptr(GError) error = NULL;
  JsonObject *response;
  JsonObject *obj;
  JsonNode *id;
  gboolean ok;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  response = json_object_new ();
  if (!JSON_NODE_HOLDS_OBJECT (request) || !node_is_utf8 (request))
    {
      g_set_error (&error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                   JSON_NODE_HOLDS_OBJECT (request) ? "the request holds text that is not valid UTF-8"
                                                    : "a request must be a JSON object");
      set_error_member (response, error);
      if (out_ok != NULL)
        *out_ok = FALSE;
      return response;
    }

  obj = json_node_get_object (request);
  id = json_object_get_member (obj, "id");
  if (id != NULL)
    json_object_set_member (response, "id", json_node_copy (id));

  ok = run_request (context, obj, response, &error);
  if (!ok)
    {
      /* A refused request carries no token: drop anything half made. */
      json_object_remove_member (response, "token");
      json_object_remove_member (response, "tokens");
      json_object_remove_member (response, "decoded");
      if (error == NULL)
        g_set_error (&error, POS_APP_ERROR, POS_APP_ERROR_FAILED, "request failed");
      set_error_member (response, error);
    }
  if (out_ok != NULL)
    *out_ok = ok;
  return response;
}

/* -- the line before json-glib sees it ----------------------------------- */

/* Deeper than any request goes (a key change is two levels): json-glib
 * recurses once per level, and 100 000 "[" once overflowed its stack. */
#define REQUEST_MAX_DEPTH 32

/* The end of the JSON string that starts at @p (its opening quote), or
 * NULL if it does not end. */
static const char *
skip_string (const char *p,
             const char *end)
{
  for (p++; p < end; p++)
    {
      if (*p == '\\')
        p++;
      else if (*p == '"')
        return p + 1;
    }
  return NULL;
}

/* The end of the JSON value that starts at @p, or NULL. */
static const char *
skip_value (const char *p,
            const char *end)
{
  int depth = 0;

  if (p >= end)
    return NULL;
  if (*p == '"')
    return skip_string (p, end);
  if (*p != '[' && *p != '{')
    {
      while (p < end && strchr (",}] \t\r\n", *p) == NULL)
        p++;
      return p;
    }
  while (p < end)
    {
      if (*p == '"')
        {
          p = skip_string (p, end);
          if (p == NULL)
            return NULL;
          continue;
        }
      if (*p == '[' || *p == '{')
        depth++;
      else if ((*p == ']' || *p == '}') && --depth == 0)
        return p + 1;
      p++;
    }
  return NULL;
}

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p;
}

/* Checks @line's nesting and finds the raw text of its top-level "id"
 * member (the last one, as json-glib keeps), so that it is echoed exactly
 * as given: json-glib reads 1e400 as inf and wraps integers past 64 bits.
 * FALSE, with @error, when the line nests deeper than REQUEST_MAX_DEPTH.
 * A line that is not a well-formed object gets no id here: json-glib
 * then says what is wrong with it. */
static gboolean
scan_line (const char  *line,
           gsize        length,
           const char **out_id,
           gsize       *out_id_length,
           GError     **error)
{
  const char *p = line, *end = line + length;
  int depth = 0;

  *out_id = NULL;
  *out_id_length = 0;
  while (p < end)
    {
      if (*p == '"')
        {
          p = skip_string (p, end);
          if (p == NULL)
            return TRUE;
          continue;
        }
      if ((*p == '[' || *p == '{') && ++depth > REQUEST_MAX_DEPTH)
        {
          g_set_error (error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                       "the line nests arrays or objects more than %d deep", REQUEST_MAX_DEPTH);
          return FALSE;
        }
      if (*p == ']' || *p == '}')
        depth--;
      p++;
    }

  p = skip_space (line, end);
  if (p >= end || *p != '{')
    return TRUE;
  p = skip_space (p + 1, end);
  while (p < end && *p == '"')
    {
      const char *key = p, *value;
      gboolean is_id;

      p = skip_string (p, end);
      if (p == NULL)
        return TRUE;
      is_id = p - key == 4 && memcmp (key, "\"id\"", 4) == 0;
      p = skip_space (p, end);
      if (p >= end || *p != ':')
        return TRUE;
      value = skip_space (p + 1, end);
      p = skip_value (value, end);
      if (p == NULL || p == value)
        return TRUE;
      if (is_id)
        {
          *out_id = value;
          *out_id_length = (gsize) (p - value);
        }
      p = skip_space (p, end);
      if (p >= end || *p != ',')
        break;
      p = skip_space (p + 1, end);
    }
  return TRUE;
}

char *
pos_sts_request_run_line (PosContext *context,
                          const char *line,
                          gssize      length,
                          gboolean   *out_ok)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *text = NULL;
  const char *raw_id = NULL;
  gsize raw_id_length = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (POS_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (line != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (line);
  if (!g_utf8_validate (line, length, NULL))
    g_set_error (&error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the line is not valid UTF-8");
  else if (!scan_line (line, (gsize) length, &raw_id, &raw_id_length, &error))
    ;
  else if (!json_parser_load_from_data (parser, line, length, &parse_error))
    g_set_error (&error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST,
                 "the line is not valid JSON: %s", parse_error->message);

  else if (json_parser_get_root (parser) == NULL)
    g_set_error (&error, POS_APP_ERROR, POS_APP_ERROR_BAD_REQUEST, "the line holds no JSON value");

  if (error != NULL)
    {
      response = json_object_new ();
      set_error_member (response, error);
      raw_id = NULL;
    }
  else
    response = pos_sts_request_run (context, json_parser_get_root (parser), &ok);
  /* The id goes back as it came, byte for byte, first. */
  if (raw_id != NULL && json_object_has_member (response, "id"))
    json_object_remove_member (response, "id");
  else
    raw_id = NULL;

  json_node_set_object (root, response);
  json_generator_set_root (generator, root);
  if (out_ok != NULL)
    *out_ok = ok;
  text = json_generator_to_data (generator, NULL);
  if (raw_id == NULL)
    return g_steal_pointer (&text);
  return g_strdup_printf ("{\"id\":%.*s%s%s", (int) raw_id_length, raw_id, strcmp (text, "{}") == 0 ? "" : ",",
                          text + 1);
}
