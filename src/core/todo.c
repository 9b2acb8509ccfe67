/* todo.c: the list every capability's todo read fills and the inbox sorts. */
#include "core/todo.h"

#include <stdlib.h>
#include <string.h>

#define TODO_SOON_SECONDS (24 * 3600)

void todo_init(TodoList *l, Arena *a)
{
    memset(l, 0, sizeof *l);
    l->arena = a;
}

void todo_add(TodoList *l, const char *kind, const char *title, const char *link, int64_t due, int64_t since,
              TodoUrgency urgency)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 32;
        TodoItem *grown = arena_alloc(l->arena, sizeof *grown * (size_t)cap);
        if (l->n)
            memcpy(grown, l->items, sizeof *grown * (size_t)l->n);
        l->items = grown;
        l->cap = cap;
    }
    l->items[l->n++] = (TodoItem){arena_strdup(l->arena, kind), arena_strdup(l->arena, title),
                                  arena_strdup(l->arena, link), due, since, urgency};
}

TodoUrgency todo_urgency(int64_t due, int64_t now)
{
    if (!due)
        return TODO_NORMAL;
    if (due <= now)
        return TODO_OVERDUE;
    return due - now <= TODO_SOON_SECONDS ? TODO_SOON : TODO_NORMAL;
}

static int cmp_items(const void *pa, const void *pb)
{
    const TodoItem *a = pa, *b = pb;
    if (a->urgency != b->urgency)
        return a->urgency > b->urgency ? -1 : 1;
    /* a deadline before none, the nearer first */
    if ((a->due != 0) != (b->due != 0))
        return a->due ? -1 : 1;
    if (a->due != b->due)
        return a->due < b->due ? -1 : 1;
    if (a->since != b->since)
        return a->since > b->since ? -1 : 1;
    int k = strcmp(a->kind, b->kind);
    return k ? k : strcmp(a->link, b->link);
}

void todo_sort(TodoList *l)
{
    if (l->n > 1)
        qsort(l->items, (size_t)l->n, sizeof *l->items, cmp_items);
}

int todo_count(const TodoList *l, const char *kind)
{
    int n = 0;
    for (int i = 0; i < l->n; i++)
        n += strcmp(l->items[i].kind, kind) == 0;
    return n;
}
