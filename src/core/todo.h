/* todo.h: what waits for someone, as every capability answers it (wo_todo,
 * funds_todo, vote_todo) and the inbox (account/) shows it. A plain list in
 * the caller's arena: each capability adds its items, the inbox sorts once. */
#ifndef GZ_TODO_H
#define GZ_TODO_H
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

/* How soon it must be done: the inbox shows the most urgent first. */
typedef enum {
    TODO_NORMAL = 0,
    TODO_SOON = 1,    /* its deadline falls within the next day */
    TODO_OVERDUE = 2, /* its deadline has passed */
} TodoUrgency;

/* At most this many items of one kind are listed (the oldest beyond are
 * left out, and the kind is marked capped): an inbox is read on a phone. */
#define TODO_KIND_MAX 50

typedef struct TodoItem {
    const char *kind;  /* stable, snake_case: "payment_sign", "wo_handle", ... */
    const char *title; /* Chinese, for the reader; no personal data */
    const char *link;  /* the local page where it is done: "/payments/12" */
    int64_t due;       /* Unix seconds UTC; 0 when there is no deadline */
    int64_t since;     /* when it started waiting: newest first among equals */
    TodoUrgency urgency;
} TodoItem;

typedef struct TodoList {
    Arena *arena;
    TodoItem *items;
    int n, cap;
} TodoList;

void todo_init(TodoList *l, Arena *a);
/* Appends an item (strings are copied into the list's arena). */
void todo_add(TodoList *l, const char *kind, const char *title, const char *link, int64_t due, int64_t since,
              TodoUrgency urgency);
/* The urgency of a deadline at now: overdue, within a day, or neither. */
TodoUrgency todo_urgency(int64_t due, int64_t now);
/* Most urgent first, then the nearest deadline, then the newest. */
void todo_sort(TodoList *l);
/* Items of kind in the list. */
int todo_count(const TodoList *l, const char *kind);

#endif
