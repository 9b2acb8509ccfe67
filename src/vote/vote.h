/* vote.h: deliberation and votes: topics, meetings, representatives
 * (sortition), votes with Civil Code Art. 278 counting, conventions and
 * public notices. Model helpers used by other capabilities, the demo, and
 * the handlers registered in routes.c. */
#ifndef GZ_VOTE_H
#define GZ_VOTE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "http/req.h"
#include "store/db.h"
#include "vote/notice.h"

/* True when vote vote_id is closed, is a Civil Code Art. 278 vote on matter
 * `matter` (1..9), passed, and its scope node covers node_path; otherwise
 * false with a Chinese reason in why. */
bool vote_passed(Db *db, int64_t vote_id, int matter, const char *node_path, char *why, size_t whylen);

/* Adds the pilot's deliberation history to the demo community (called by
 * `gongzhi demo` inside its write transaction): deterministic from seed. */
bool vote_demo(Db *db, uint64_t seed, char *err, size_t errlen);

#endif
