/* web.h: community life's handlers, registered in routes.c: the JSON API
 * and the pages. The only public header of life/ that includes http/. */
#ifndef GZ_LIFE_WEB_H
#define GZ_LIFE_WEB_H
#include "http/req.h"

void api_life_events(Req *r);              /* GET  /api/events?node=ID&after= */
void api_life_event_create(Req *r);        /* POST /api/events */
void api_life_event_get(Req *r);           /* GET  /api/events/{id}: the event, my booking, attendance */
void api_life_book(Req *r);                /* POST /api/events/{id}/bookings {party, for_name, consent} */
void api_life_bookings(Req *r);            /* GET  /api/events/{id}/bookings (staff) */
void api_life_booking_cancel(Req *r);      /* POST /api/bookings/{id}/cancel: the line moves up */
void api_life_checkin(Req *r);             /* POST /api/bookings/{id}/checkin (staff; QR or by name) */
void api_life_points(Req *r);              /* GET  /api/points: my balance and ledger */
void api_life_points_board(Req *r);        /* GET  /api/points/board */
void api_life_points_visibility(Req *r);   /* POST /api/points/visibility {public} */
void api_life_points_redeem(Req *r);       /* POST /api/points/redeem {reward_id} */
void api_life_points_award(Req *r);        /* POST /api/points/award {user_id, order_id, node_id} (staff) */
void api_life_points_reverse(Req *r);      /* POST /api/points/entries/{id}/reverse (staff) */
void api_life_points_check(Req *r);        /* GET  /api/points/check: the ledger sums to zero */
void api_life_rewards(Req *r);             /* GET  /api/rewards?node=ID */
void api_life_reward_create(Req *r);       /* POST /api/rewards */
void api_life_rota_create(Req *r);         /* POST /api/rotas */
void api_life_rota_get(Req *r);            /* GET  /api/rotas/{id} */
void api_life_shift_create(Req *r);        /* POST /api/rotas/{id}/shifts */
void api_life_rota_generate(Req *r);       /* POST /api/rotas/{id}/generate {seed} */
void api_life_rota_publish(Req *r);        /* POST /api/rotas/{id}/publish */
void api_life_shift_availability(Req *r);  /* POST /api/shifts/{id}/availability {available} */
void api_life_assignment_swap(Req *r);     /* POST /api/assignments/{id}/swap {user_id} */
void api_life_assignment_action(Req *r);   /* POST /api/assignments/{id}/{approve|done|missed} (staff) */
void api_life_services(Req *r);            /* GET  /api/services?node=ID */
void api_life_service_create(Req *r);      /* POST /api/services */
void api_life_service_order(Req *r);       /* POST /api/services/{id}/orders {node_id, description} */
void api_life_service_orders(Req *r);      /* GET  /api/services/{id}/orders (staff) */
void api_life_offers(Req *r);              /* GET  /api/offers?node=ID (public, names masked) */
void api_life_offer_create(Req *r);        /* POST /api/offers */
void api_life_needs(Req *r);               /* GET  /api/needs?node=ID (public) */
void api_life_need_create(Req *r);         /* POST /api/needs (staff) */
void api_life_matches(Req *r);             /* GET  /api/matches?node=ID (public) */
void api_life_match_proposals(Req *r);     /* GET  /api/matches/proposals?node=ID (staff): the matcher's proposals */
void api_life_match_confirm(Req *r);       /* POST /api/matches {offer_id, need_id, quantity} (staff) */
void api_life_match_delivered(Req *r);     /* POST /api/matches/{id}/delivered {side} */
void api_life_talents(Req *r);             /* GET  /api/talents?node=ID&q= (search: staff) */
void api_life_talent_create(Req *r);       /* POST /api/talents {node_id, skill, note, consent} */
void api_life_talent_withdraw(Req *r);     /* POST /api/talents/{id}/withdraw */
void api_life_books(Req *r);               /* GET  /api/library/books?node=ID */
void api_life_book_create(Req *r);         /* POST /api/library/books (staff) */
void api_life_loans(Req *r);               /* GET  /api/library/loans?book=ID (staff) */
void api_life_loan_create(Req *r);         /* POST /api/library/loans (staff, the desk) */
void api_life_loan_return(Req *r);         /* POST /api/library/loans/{id}/return (staff) */
void api_life_loans_remind(Req *r);        /* POST /api/library/remind (staff): what the job does */
void api_life_stories(Req *r);             /* GET  /api/stories?node=ID (public; withdrawn left out) */
void api_life_story_create(Req *r);        /* POST /api/stories {node_id, title, body, era, consent, consent_note} */
void api_life_story_withdraw(Req *r);      /* POST /api/stories/{id}/withdraw */

void page_life(Req *r);                    /* GET  /life: events, my points, my next shift, services */
void page_life_event(Req *r);              /* GET  /life/events/{id} */
void page_life_event_book_post(Req *r);    /* POST /life/events/{id}/book */
void page_life_resources(Req *r);          /* GET  /life/resources?node=ID (public) */
void page_life_talents(Req *r);            /* GET  /life/talents */
void page_life_talent_post(Req *r);        /* POST /life/talents */
void page_life_library(Req *r);            /* GET  /life/library */
void page_life_stories(Req *r);            /* GET  /life/stories?node=ID (public) */
void page_life_event_checkin_post(Req *r); /* POST /life/events/{id}/checkin {code} (staff: QR or typed) */
void page_life_redeem_post(Req *r);        /* POST /life/rewards/{id}/redeem */
void page_life_rota(Req *r);               /* GET  /life/rotas/{id} */

#endif
