/* list_sql.h: the statements of the register's lists (a compound's
 * households with their people, its shops), as macros of literals so that
 * register.c and api.c run them and tests/unit/test_grid_plans.c checks
 * their query plans.
 *
 * Households keep their address order (building, unit, door by length then
 * text, number, id), walked along one index (migration 026) from a cursor:
 * after= is the last household of the page before, whose place in that
 * order GRID_HH_CURSOR reads, and the next page is the row-value range
 * above it. Shops are in id order, by the compound they belong to. */
#ifndef GZ_GRID_LIST_SQL_H
#define GZ_GRID_LIST_SQL_H

/* A count is cut here, then shown as "10,000+" (total_capped). */
#define GRID_LIST_COUNT_CAP 10000

#define GRID_HH_COLS                                                                                      \
    "SELECT h.node_id, h.building_id, h.unit_id, h.door, h.address, f.area, h.housing, h.flat_id, h.number " \
    "FROM household h JOIN flat f ON f.id = h.flat_id "
#define GRID_HH_ORDER " ORDER BY h.building_id, h.unit_id, length(h.door), h.door, h.number, h.node_id"
/* The first pages by number. Args: compound, limit, offset. */
#define GRID_HH_PAGE GRID_HH_COLS "WHERE h.compound_id = ?" GRID_HH_ORDER " LIMIT ? OFFSET ?"
/* The page after a cursor. Args: compound, the cursor's building, unit,
 * door length, door, number and id, limit. */
#define GRID_HH_AFTER                                                                                          \
    GRID_HH_COLS "WHERE h.compound_id = ? AND (h.building_id, h.unit_id, length(h.door), h.door, h.number, h.node_id) " \
                 "> (?, ?, ?, ?, ?, ?)" GRID_HH_ORDER " LIMIT ?"
/* The cursor's place in the order, when it is a household of the compound.
 * Args: id, compound. */
#define GRID_HH_CURSOR \
    "SELECT building_id, unit_id, length(door), door, number FROM household WHERE node_id = ? AND compound_id = ?"
/* Args: compound, cap + 1. */
#define GRID_HH_COUNT "SELECT COUNT(*) FROM (SELECT 1 FROM household WHERE compound_id = ? LIMIT ?) t"

/* The columns member_read reads, in its order. */
#define GRID_MEMBER_COLS                                                                  \
    "p.id, p.household_id, p.name, p.gender, p.birth_year, p.residency, p.relation, " \
    "p.id_mask, p.phone_mask, p.tags"
/* The people of a page's households, 20 ids to a statement (unused slots
 * bind 0, never a node id), by the household's index. */
#define GRID_HH_MEMBERS                                                            \
    "SELECT " GRID_MEMBER_COLS " FROM person p WHERE p.household_id IN "            \
    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ORDER BY p.household_id, p.id"

/* A compound's shops, oldest first, after a cursor (0 for the first page).
 * Args: compound, after, limit, offset. */
#define GRID_SHOP_IDS                                                                              \
    "SELECT s.id, s.node_id, s.name, s.category, s.address, s.contact_name, s.phone_mask FROM shop s " \
    "WHERE s.compound_id = ? AND s.id > ? ORDER BY s.id LIMIT ? OFFSET ?"
/* Args: compound, cap + 1. */
#define GRID_SHOP_COUNT "SELECT COUNT(*) FROM (SELECT 1 FROM shop WHERE compound_id = ? LIMIT ?) t"

#endif
