/* jsonin.h: declared validation of JSON request bodies (Kore's "validate"
 * beside the route): every field named with its type, required or not;
 * unknown fields, wrong types and missing fields answer 400 with the field. */
#ifndef GZ_JSONIN_H
#define GZ_JSONIN_H
#include <stdbool.h>
#include <stdint.h>
#include "http/req.h"

typedef enum {
    JF_STRING,   /* non-empty after trimming unless JF_EMPTY_OK; valid UTF-8; at most max_len code points */
    JF_INT,      /* JSON integer within [min, max] */
    JF_BOOL,
    JF_STRINGS,  /* array of strings */
} JsonFieldType;

enum { JF_REQUIRED = 1, JF_EMPTY_OK = 2, JF_NULLABLE = 4 };

typedef struct JsonField {
    const char *name;
    JsonFieldType type;
    int flags;
    int64_t min, max;     /* JF_INT bounds; JF_STRING: max = max length in code points (0 = 200) */
} JsonField;

/* The value of a validated field, filled by json_fields_or_reply. */
typedef struct JsonValue {
    bool present;         /* the field was sent (and not null) */
    const char *s;        /* JF_STRING: trimmed, arena memory */
    int64_t i;            /* JF_INT */
    bool b;               /* JF_BOOL */
    const char **list; int n_list; /* JF_STRINGS */
} JsonValue;

/* Validates obj against spec (terminated by a {NULL} entry); fills vals[i]
 * for spec[i]. Replies 400 (unknown_field, bad_type, missing_field,
 * bad_value, too_long) and returns false on the first problem. */
bool json_fields_or_reply(Req *r, json_t *obj, const JsonField *spec, JsonValue *vals);

#endif
