/*
 * libxl (config grammar): hand-written lexer and recursive-descent
 * parser of the xl.cfg(5) language.  Every error of a chunk is reported
 * with file:line:column, the offending line and a caret; parsing
 * resumes at the next line.  No input may crash it.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_internal.h"

enum tok {
    T_EOF, T_NL, T_SEMI, T_IDENT, T_STRING, T_NUMBER, T_EQ, T_PLUSEQ,
    T_LBRACK, T_RBRACK, T_COMMA, T_ERROR,
};

struct lexer {
    XLU_Config *cfg;
    const char *data;
    size_t len, pos;
    int line;
    size_t line_start;
    enum tok tok;                       /* current token */
    char *text;                         /* its value (malloc'd) */
    int tline, tcol;                    /* its position */
    size_t tstart;
    int errors;
    int quiet;                          /* recovering: one error a line */
};

static void lex_error(struct lexer *lx, int line, int col, size_t lstart,
                      const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void lex_error(struct lexer *lx, int line, int col, size_t lstart,
                      const char *fmt, ...)
{
    FILE *f = lx->cfg->report;
    va_list ap;
    size_t e;

    if (lx->quiet)
        return;
    lx->errors++;
    lx->cfg->nerrors++;
    if (!f)
        return;
    fprintf(f, "%s:%d:%d: error: ", lx->cfg->chunk, line, col);
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    for (e = lstart; e < lx->len && lx->data[e] != '\n'; e++)
        ;
    fprintf(f, "    %.*s\n    %*s^\n", (int)(e - lstart), lx->data + lstart,
            col - 1, "");
}

static char *where_string(struct lexer *lx)
{
    size_t n = strlen(lx->cfg->chunk) + 32;
    char *s = malloc(n);

    if (s)
        snprintf(s, n, "%s:%d:%d", lx->cfg->chunk, lx->tline, lx->tcol);
    return s;
}

static int typographic_quote(const char *p, size_t left, const char **plain)
{
    if (left < 3 || (unsigned char)p[0] != 0xe2 ||
        (unsigned char)p[1] != 0x80)
        return 0;
    switch ((unsigned char)p[2]) {
    case 0x9c: case 0x9d: *plain = "\""; return 1;
    case 0x98: case 0x99: *plain = "'"; return 1;
    }
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* One escape after a backslash at s[*i]; returns the byte or -1. */
static int lex_escape(const char *s, size_t n, size_t *i)
{
    static const char from[] = "abfnrtv\\'\"", to[] = "\a\b\f\n\r\t\v\\'\"";
    const char *p;
    int v = 0, k;

    if (*i >= n)
        return -1;
    if (s[*i] && (p = strchr(from, s[*i]))) {
        (*i)++;
        return to[p - from];
    }
    if (s[*i] == 'x') {
        (*i)++;
        for (k = 0; k < 2 && *i < n && hexval(s[*i]) >= 0; k++, (*i)++)
            v = v * 16 + hexval(s[*i]);
        return k ? v : -1;
    }
    if (s[*i] >= '0' && s[*i] <= '7') {
        for (k = 0; k < 3 && *i < n && s[*i] >= '0' && s[*i] <= '7'; k++)
            v = v * 8 + (s[(*i)++] - '0');
        return v > 255 ? -1 : v;
    }
    return -1;
}

static void lex_string(struct lexer *lx, char q)
{
    size_t i = lx->pos + 1, o = 0;
    char *buf = malloc(lx->len - lx->pos + 1);
    int bad = 0;

    if (!buf)
        abort();
    while (i < lx->len && lx->data[i] != q && lx->data[i] != '\n') {
        if (lx->data[i] == '\\') {
            size_t at = i;
            int c;

            i++;
            c = lex_escape(lx->data, lx->len, &i);
            if (c <= 0) {
                lex_error(lx, lx->line, (int)(at - lx->line_start) + 1,
                          lx->line_start, c == 0 ?
                          "NUL character (\\0) not allowed in a string" :
                          "invalid escape sequence in string (see "
                          "xl.cfg(5): \\xHH, \\NNN, \\n ...)");
                bad = 1;
                if (c < 0 && i < lx->len && lx->data[i] != '\n')
                    i++;
                continue;
            }
            buf[o++] = (char)c;
            continue;
        }
        buf[o++] = lx->data[i++];
    }
    buf[o] = 0;
    if (i >= lx->len || lx->data[i] != q) {
        lex_error(lx, lx->tline, lx->tcol, lx->line_start,
                  "unterminated string (strings cannot span lines)");
        free(buf);
        lx->pos = i;
        lx->tok = T_ERROR;
        return;
    }
    lx->pos = i + 1;
    lx->text = buf;
    lx->tok = bad ? T_ERROR : T_STRING;
    if (bad) {
        free(buf);
        lx->text = NULL;
    }
}

static void lex_bad_char(struct lexer *lx)
{
    const char *plain;
    unsigned char c = (unsigned char)lx->data[lx->pos];

    if (typographic_quote(lx->data + lx->pos, lx->len - lx->pos, &plain)) {
        lex_error(lx, lx->tline, lx->tcol, lx->line_start,
                  "typographic quote %.3s: use a plain %s quote instead",
                  lx->data + lx->pos, plain);
        lx->pos += 3;
    } else {
        if (strchr("+-.():", c) && c)
            lx->cfg->python |= !lx->quiet;
        if (isprint(c))
            lex_error(lx, lx->tline, lx->tcol, lx->line_start,
                      "unexpected character '%c'", c);
        else
            lex_error(lx, lx->tline, lx->tcol, lx->line_start,
                      "unexpected byte 0x%02x", c);
        lx->pos++;
    }
    lx->tok = T_ERROR;
}

static void lex_next(struct lexer *lx)
{
    const char *d = lx->data;
    size_t s;

    free(lx->text);
    lx->text = NULL;
    for (;;) {
        while (lx->pos < lx->len && (d[lx->pos] == ' ' || d[lx->pos] == '\t'
                                     || d[lx->pos] == '\r'))
            lx->pos++;
        if (lx->pos < lx->len && d[lx->pos] == '#')
            while (lx->pos < lx->len && d[lx->pos] != '\n')
                lx->pos++;
        break;
    }
    lx->tline = lx->line;
    lx->tcol = (int)(lx->pos - lx->line_start) + 1;
    lx->tstart = lx->pos;
    if (lx->pos >= lx->len) {
        lx->tok = T_EOF;
        return;
    }
    s = lx->pos;
    switch (d[s]) {
    case '\n':
        lx->pos++;
        lx->line++;
        lx->line_start = lx->pos;
        lx->tok = T_NL;
        return;
    case ';': lx->pos++; lx->tok = T_SEMI; return;
    case '=': lx->pos++; lx->tok = T_EQ; return;
    case '[': lx->pos++; lx->tok = T_LBRACK; return;
    case ']': lx->pos++; lx->tok = T_RBRACK; return;
    case ',': lx->pos++; lx->tok = T_COMMA; return;
    case '"': case '\'': lex_string(lx, d[s]); return;
    case '+':
        if (s + 1 < lx->len && d[s + 1] == '=') {
            lx->pos += 2;
            lx->tok = T_PLUSEQ;
            return;
        }
        break;
    }
    if ((d[s] >= 'a' && d[s] <= 'z') || (d[s] >= '0' && d[s] <= '9')) {
        int num = d[s] <= '9';
        size_t e = s + 1;

        while (e < lx->len && (num ? (isdigit((unsigned char)d[e]) ||
                                      (d[e] >= 'a' && d[e] <= 'f') ||
                                      d[e] == 'x')
                               : ((d[e] >= 'a' && d[e] <= 'z') ||
                                  isdigit((unsigned char)d[e]) ||
                                  d[e] == '_' || d[e] == '.')))
            e++;
        lx->text = strndup(d + s, e - s);
        if (!lx->text)
            abort();
        lx->pos = e;
        lx->tok = num ? T_NUMBER : T_IDENT;
        return;
    }
    lex_bad_char(lx);
}

static const char *tok_name(struct lexer *lx)
{
    switch (lx->tok) {
    case T_EOF: return "end of file";
    case T_NL: return "end of line";
    case T_SEMI: return "';'";
    case T_EQ: return "'='";
    case T_PLUSEQ: return "'+='";
    case T_LBRACK: return "'['";
    case T_RBRACK: return "']'";
    case T_COMMA: return "','";
    default: return NULL;
    }
}

static void syntax_error(struct lexer *lx, const char *expected)
{
    const char *t = tok_name(lx);

    if (lx->tok == T_ERROR)
        return;                          /* already reported */
    if (t)
        lex_error(lx, lx->tline, lx->tcol, lx->line_start,
                  "expected %s, found %s", expected, t);
    else
        lex_error(lx, lx->tline, lx->tcol, lx->line_start,
                  "expected %s, found `%s'", expected,
                  lx->text ? lx->text : "?");
}

static XLU_ConfigValue *new_value(struct lexer *lx,
                                  enum XLU_ConfigValueType type)
{
    XLU_ConfigValue *v = calloc(1, sizeof(*v));

    if (!v)
        abort();
    v->type = type;
    v->where = where_string(lx);
    return v;
}

static void skip_nl(struct lexer *lx)
{
    while (lx->tok == T_NL)
        lex_next(lx);
}

static XLU_ConfigValue *parse_value(struct lexer *lx, int depth);

static XLU_ConfigValue *parse_list(struct lexer *lx, int depth)
{
    XLU_ConfigValue *v = new_value(lx, XLU_LIST), *item;

    lex_next(lx);
    skip_nl(lx);
    while (lx->tok != T_RBRACK) {
        item = parse_value(lx, depth + 1);
        if (!item)
            goto fail;
        v->list.v = realloc(v->list.v, sizeof(*v->list.v) *
                            (v->list.n + 1));
        if (!v->list.v)
            abort();
        v->list.v[v->list.n++] = item;
        skip_nl(lx);
        if (lx->tok == T_COMMA) {
            lex_next(lx);
            skip_nl(lx);
        } else if (lx->tok != T_RBRACK) {
            syntax_error(lx, "',' or ']'");
            goto fail;
        }
    }
    lex_next(lx);
    return v;
fail:
    xlu__value_free(v);
    return NULL;
}

static XLU_ConfigValue *parse_value(struct lexer *lx, int depth)
{
    XLU_ConfigValue *v;

    if (depth > 64) {
        lex_error(lx, lx->tline, lx->tcol, lx->line_start,
                  "lists nested too deeply");
        return NULL;
    }
    switch (lx->tok) {
    case T_STRING:
    case T_NUMBER:
        v = new_value(lx, XLU_STRING);
        v->is_number = lx->tok == T_NUMBER;
        v->str = lx->text;
        lx->text = NULL;
        lex_next(lx);
        return v;
    case T_LBRACK:
        return parse_list(lx, depth);
    default:
        syntax_error(lx, "a value (string, number or list)");
        return NULL;
    }
}

/* Apply "name (+)= value"; takes ownership of name and value. */
static void assign(struct lexer *lx, char *name, XLU_ConfigValue *v,
                   int add, int line, int col, size_t lstart)
{
    XLU_Config *cfg = lx->cfg;
    struct xlu__setting *s, *old = NULL;

    for (s = cfg->settings; s; s = s->next)
        if (!strcmp(s->name, name)) {
            old = s;
            break;
        }
    if (add && old) {
        XLU_ConfigValue *o = old->value;

        if (o->type != v->type) {
            lex_error(lx, line, col, lstart, "can't add %s to %s with +=",
                      v->type == XLU_LIST ? "a list" : "a string",
                      o->type == XLU_LIST ? "a list" : "a string");
        } else if (o->type == XLU_STRING && (o->is_number || v->is_number)) {
            lex_error(lx, line, col, lstart, "can't use += with numbers");
        } else if (o->type == XLU_STRING) {
            size_t a = strlen(o->str), b = strlen(v->str);

            o->str = realloc(o->str, a + b + 1);
            if (!o->str)
                abort();
            memcpy(o->str + a, v->str, b + 1);
        } else {
            o->list.v = realloc(o->list.v, sizeof(*o->list.v) *
                                (o->list.n + v->list.n + 1));
            if (!o->list.v)
                abort();
            memcpy(o->list.v + o->list.n, v->list.v,
                   sizeof(*v->list.v) * v->list.n);
            o->list.n += v->list.n;
            v->list.n = 0;
        }
        xlu__value_free(v);
        free(name);
        return;
    }
    s = calloc(1, sizeof(*s));
    if (!s)
        abort();
    s->name = name;
    s->value = v;
    s->next = cfg->settings;
    cfg->settings = s;
}

static void parse_stmt(struct lexer *lx)
{
    char *name;
    XLU_ConfigValue *v;
    int add, line, col;
    size_t lstart;

    if (lx->tok != T_IDENT) {
        if (lx->tok == T_NUMBER || (lx->tok == T_ERROR && 0))
            syntax_error(lx, "a key name");
        else
            syntax_error(lx, "a key name (lowercase letters, digits, "
                         "'_' and '.')");
        goto recover;
    }
    name = lx->text;
    lx->text = NULL;
    line = lx->tline;
    col = lx->tcol;
    lstart = lx->line_start;
    lex_next(lx);
    if (lx->tok != T_EQ && lx->tok != T_PLUSEQ) {
        syntax_error(lx, "'=' or '+='");
        free(name);
        goto recover;
    }
    add = lx->tok == T_PLUSEQ;
    lex_next(lx);
    v = parse_value(lx, 0);
    if (!v) {
        free(name);
        goto recover;
    }
    if (lx->tok != T_NL && lx->tok != T_SEMI && lx->tok != T_EOF) {
        syntax_error(lx, "end of line or ';'");
        xlu__value_free(v);
        free(name);
        goto recover;
    }
    assign(lx, name, v, add, line, col, lstart);
    return;
recover:
    lx->quiet = 1;
    while (lx->tok != T_NL && lx->tok != T_EOF)
        lex_next(lx);
    lx->quiet = 0;
}

static int parse_chunk(XLU_Config *cfg, const char *data, size_t len)
{
    struct lexer lx;

    memset(&lx, 0, sizeof(lx));
    lx.cfg = cfg;
    lx.data = data;
    lx.len = len;
    lx.line = 1;
    lex_next(&lx);
    while (lx.tok != T_EOF) {
        if (lx.tok == T_NL || lx.tok == T_SEMI) {
            lex_next(&lx);
            continue;
        }
        parse_stmt(&lx);
    }
    free(lx.text);
    if (lx.errors && cfg->python && cfg->report)
        fprintf(cfg->report, "%s: this looks like a Python (xm/xend) "
                "config: xl.cfg(5) is not Python; write plain key = "
                "value lines (no expressions, no negative numbers)\n",
                cfg->chunk);
    return lx.errors ? -EINVAL : 0;
}

XLU_Config *xlu_cfg_init(FILE *report, const char *report_filename)
{
    XLU_Config *cfg = calloc(1, sizeof(*cfg));

    if (!cfg)
        return NULL;
    cfg->report = report;
    cfg->chunk = strdup(report_filename ? report_filename : "<config>");
    if (!cfg->chunk) {
        free(cfg);
        return NULL;
    }
    return cfg;
}

void xlu_cfg_set_chunk_name(XLU_Config *cfg, const char *name)
{
    char *n = strdup(name);

    if (!n)
        abort();
    free(cfg->chunk);
    cfg->chunk = n;
}

int xlu_cfg_readdata(XLU_Config *cfg, const char *data, int length)
{
    if (length < 0)
        return -EINVAL;
    return parse_chunk(cfg, data, (size_t)length);
}

int xlu_cfg_readfile(XLU_Config *cfg, const char *real_filename)
{
    FILE *f = fopen(real_filename, "r");
    char *buf = NULL;
    size_t n = 0, cap = 0, r;
    int rc;

    if (!f)
        return -errno;
    do {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0 && n < (64u << 20));
    rc = ferror(f) ? -EIO : 0;
    fclose(f);
    if (!rc)
        rc = parse_chunk(cfg, buf ? buf : "", n);
    free(buf);
    return rc;
}

void xlu__value_free(XLU_ConfigValue *v)
{
    int i;

    if (!v)
        return;
    for (i = 0; i < v->list.n; i++)
        xlu__value_free(v->list.v[i]);
    free(v->list.v);
    free(v->str);
    free(v->where);
    free(v);
}

void xlu_cfg_destroy(XLU_Config *cfg)
{
    struct xlu__setting *s, *n;

    if (!cfg)
        return;
    for (s = cfg->settings; s; s = n) {
        n = s->next;
        free(s->name);
        xlu__value_free(s->value);
        free(s);
    }
    free(cfg->chunk);
    free(cfg);
}
