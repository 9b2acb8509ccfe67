/* figures.h: what the indicators (results/) read of community life: the
 * events held in a period under a place with their seats booked and taken,
 * and the volunteer time done on the rotas' shifts. Read functions: they
 * answer in the caller's transaction and never check permission. */
#ifndef GZ_LIFE_FIGURES_H
#define GZ_LIFE_FIGURES_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"

typedef struct LifeFigures {
    int64_t events;          /* not cancelled, starting in [from, to) under the place */
    int64_t booked;          /* of them, people in confirmed bookings (party sizes) */
    int64_t attended;        /* of those, checked in */
    int64_t shifts_done;     /* volunteer assignments marked done, of shifts starting in [from, to) */
    int64_t volunteer_minutes; /* their shifts' lengths, summed */
    int64_t rows;            /* rows read */
} LifeFigures;

/* False on a storage error or a bad path. */
bool life_figures(const Ctx *c, const char *node_path, int64_t from, int64_t to, LifeFigures *out);

#define LIFE_EVENTS_PERIOD_SQL                                                                                         \
    "SELECT id FROM life_event WHERE starts_at >= ? AND starts_at < ? AND node_path >= ? AND node_path < ? "        \
    "AND status = 'open'"
#define LIFE_EVENT_SEATS_SQL                                                                                           \
    "SELECT party, checked_in_at FROM life_booking WHERE event_id = ? AND status = 'confirmed'"
#define LIFE_SHIFTS_PERIOD_SQL                                                                                         \
    "SELECT s.id, s.ends_at - s.starts_at FROM life_shift s JOIN life_duty d ON d.id = s.duty_id "                  \
    "WHERE s.starts_at >= ? AND s.starts_at < ? AND d.node_path >= ? AND d.node_path < ?"
#define LIFE_SHIFT_DONE_SQL "SELECT COUNT(*) FROM life_assignment WHERE shift_id = ? AND status = 'done'"

#endif
