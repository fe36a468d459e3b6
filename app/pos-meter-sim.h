/* pos-meter-sim.h: a prepaid meter simulated on top of sts/'s StsMeter,
 * its state in a key file, for testing cards and tokens end to end
 *
 * The state file holds the meter's identity and decoder key (file mode
 * 0600; the key is never printed or put in JSON, and on disk it is
 * wrapped with AES-256-GCM under a key derived with scrypt from the key
 * passphrase, like the card secret), the utility's card secret (the meter checks card MACs and MACs its return area, as a real
 * card meter's secure module would), the credit register, consumption,
 * the TID memory, the tamper flag and any key change in progress.  Tokens
 * from the keypad and from a card go through the same sts_meter_enter(),
 * so a card's tokens meet the same refusals (used, old, expired, wrong
 * key) as typed ones. */
#pragma once

#include <json-glib/json-glib.h>

#include "pos-context.h"

G_BEGIN_DECLS

typedef struct _PosMeterSim PosMeterSim;

/* Writes a new state file at @path for registered meter @pan, with its
 * current decoder key and the card secret (supervisor; keys unlocked; the
 * card secret must exist, i.e. a card was issued).  Refuses to overwrite
 * (POS_APP_ERROR_DUPLICATE). */
gboolean     pos_meter_sim_create      (PosContext   *context,
                                        const char   *pan,
                                        const char   *path,
                                        const char   *passphrase,
                                        GError      **error);

/* Opens the state at @path; @passphrase opens its keys
 * (POS_APP_ERROR_BAD_PASSPHRASE when it does not). */
G_GNUC_WARN_UNUSED_RESULT
PosMeterSim *pos_meter_sim_load        (const char   *path,
                                        const char   *passphrase,
                                        GError      **error);
/* Wipes the keys and frees. */
void         pos_meter_sim_free        (PosMeterSim  *sim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PosMeterSim, pos_meter_sim_free)

/* Enters @token on the keypad and saves the state.  Returns { token,
 * outcome, kwh_tenths? } for an accepted token; a refused one is
 * POS_APP_ERROR_TOKEN_REFUSED whose message starts with the meter's
 * outcome ("used", "old", "rejected", "expired", ...). */
G_GNUC_WARN_UNUSED_RESULT
JsonObject  *pos_meter_sim_enter       (PosMeterSim  *sim,
                                        const char   *token,
                                        GError      **error);

/* The card in @reader is inserted at Unix time @now: its MACs checked, its
 * tokens entered in order (each with the meter's outcome), and the return
 * area written (credit, consumption, flags, the purchase sequence).
 * Returns { seq, tokens [{ token, outcome }], credit_kwh_tenths, return_written }.
 * A card of another meter or utility, forged or copied, is
 * CARD_REFUSED; a card pulled before the return area is written is
 * CARD_REMOVED (inserting it again writes it; its tokens are then
 * "used"). */
G_GNUC_WARN_UNUSED_RESULT
JsonObject  *pos_meter_sim_insert_card (PosMeterSim  *sim,
                                        const char   *reader,
                                        gint64        now,
                                        GError      **error);

/* Uses @tenths tenths of a kWh (at most the credit left) and saves. */
gboolean     pos_meter_sim_consume     (PosMeterSim  *sim,
                                        gint64        tenths,
                                        GError      **error);

/* Sets the tamper and low-battery flags (what the next card write
 * reports) and saves. */
gboolean     pos_meter_sim_set_flags   (PosMeterSim  *sim,
                                        gboolean      tamper,
                                        gboolean      low_battery,
                                        GError      **error);

/* { meter, sgc, ti, krn, kt, base, ea, credit_kwh_tenths, cumulative_kwh_tenths,
 * tamper, low_battery, last_sequence, tids, key_change_parts } (no key). */
G_GNUC_WARN_UNUSED_RESULT
JsonObject  *pos_meter_sim_to_json     (PosMeterSim  *sim);

G_END_DECLS
