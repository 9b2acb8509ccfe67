/* jsonin.c: declared validation of JSON request bodies (see jsonin.h). */
#include "http/jsonin.h"

#include <string.h>

#include "core/utf8.h"

static const char *trim_copy(Req *r, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    return arena_strndup(r->arena, s, n);
}

static bool bad(Req *r, const char *code, const char *field, const char *zh, const char *en)
{
    reply_error(r, 400, code, field, zh, en);
    return false;
}

static bool check_string(Req *r, const JsonField *f, json_t *v, JsonValue *out)
{
    if (!json_is_string(v))
        return bad(r, "bad_type", f->name, "该字段应为文字", "This field must be a string");
    const char *raw = json_string_value(v);
    size_t rawlen = json_string_length(v);
    /* jansson accepts \u0000 escapes; a NUL inside text would truncate it silently */
    if (strlen(raw) != rawlen || !utf8_valid(raw, rawlen))
        return bad(r, "bad_utf8", f->name, "文字中有无效字符", "The text holds invalid characters");
    const char *s = trim_copy(r, raw);
    if (!*s && !(f->flags & JF_EMPTY_OK))
        return bad(r, "missing_field", f->name, "该字段不能为空", "This field must not be empty");
    size_t max = f->max > 0 ? (size_t)f->max : 200;
    if (utf8_len(s) > max)
        return bad(r, "too_long", f->name, "文字太长", "The text is too long");
    out->s = s;
    return true;
}

bool json_fields_or_reply(Req *r, json_t *obj, const JsonField *spec, JsonValue *vals)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        bool known = false;
        for (const JsonField *f = spec; f->name; f++)
            if (strcmp(f->name, key) == 0) known = true;
        if (!known) {
            /* the key came from the client: copy it so the error names it exactly */
            return bad(r, "unknown_field", arena_strdup(r->arena, key), "不认识的字段", "Unknown field");
        }
    }
    for (int i = 0; spec[i].name; i++) {
        const JsonField *f = &spec[i];
        JsonValue *out = &vals[i];
        memset(out, 0, sizeof *out);
        v = json_object_get(obj, f->name);
        if (!v || json_is_null(v)) {
            if (v && !(f->flags & JF_NULLABLE) && (f->flags & JF_REQUIRED))
                return bad(r, "missing_field", f->name, "缺少必填字段", "A required field is missing");
            if (!v && (f->flags & JF_REQUIRED))
                return bad(r, "missing_field", f->name, "缺少必填字段", "A required field is missing");
            continue;
        }
        switch (f->type) {
        case JF_STRING:
            if (!check_string(r, f, v, out)) return false;
            break;
        case JF_INT:
            if (!json_is_integer(v))
                return bad(r, "bad_type", f->name, "该字段应为整数", "This field must be an integer");
            out->i = json_integer_value(v);
            if ((f->min || f->max) && (out->i < f->min || out->i > f->max))
                return bad(r, "bad_value", f->name, "数值超出允许范围", "The number is out of range");
            break;
        case JF_BOOL:
            if (!json_is_boolean(v))
                return bad(r, "bad_type", f->name, "该字段应为是或否", "This field must be true or false");
            out->b = json_is_true(v);
            break;
        case JF_STRINGS: {
            if (!json_is_array(v))
                return bad(r, "bad_type", f->name, "该字段应为文字列表", "This field must be a list of strings");
            size_t n = json_array_size(v);
            if (n > 64) return bad(r, "too_long", f->name, "列表太长", "The list is too long");
            out->list = arena_alloc(r->arena, (n + 1) * sizeof *out->list);
            for (size_t k = 0; k < n; k++) {
                JsonValue item;
                memset(&item, 0, sizeof item);
                if (!check_string(r, f, json_array_get(v, k), &item)) return false;
                out->list[k] = item.s;
            }
            out->n_list = (int)n;
            break;
        }
        }
        out->present = true;
    }
    return true;
}
