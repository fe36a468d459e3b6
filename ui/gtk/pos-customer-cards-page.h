/* pos-customer-cards-page.h: customers' IC cards: the reader, reading a card (whose
 * it is, what the meter wrote back), recharging it, finishing a write that
 * failed, and (supervisors) issuing and replacing cards */
#pragma once

#include <adwaita.h>

#include "pos-app.h"

G_BEGIN_DECLS

#define POS_TYPE_CUSTOMER_CARDS_PAGE (pos_customer_cards_page_get_type ())
G_DECLARE_FINAL_TYPE (PosCustomerCardsPage, pos_customer_cards_page, POS, CUSTOMER_CARDS_PAGE, AdwBin)

void        pos_customer_cards_page_set_context (PosCustomerCardsPage *self,
                                        PosContext   *context,
                                        PosRole       role);
/* Looks for readers again. */
void        pos_customer_cards_page_refresh     (PosCustomerCardsPage *self);
gboolean    pos_customer_cards_page_is_busy     (PosCustomerCardsPage *self);
/* The reader spec in use ("pcsc:NAME"...), or NULL. */
const char *pos_customer_cards_page_get_reader  (PosCustomerCardsPage *self);
/* The last card read (owned by the page), or NULL. */
JsonObject *pos_customer_cards_page_get_card    (PosCustomerCardsPage *self);
/* The last recharge's result (owned by the page), or NULL. */
JsonObject *pos_customer_cards_page_get_sale    (PosCustomerCardsPage *self);

G_END_DECLS
