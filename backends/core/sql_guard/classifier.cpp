#include "classifier.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace mcpgw::backends::sql_guard {

namespace {

using tokens_t = std::span<const token>;
using k = statement_kind;

constexpr int max_depth = 32;

bool word_in(const token& t, std::initializer_list<std::string_view> ws) {
    return t.kind == token_kind::word && std::find(ws.begin(), ws.end(), t.text) != ws.end();
}

bool word_at(tokens_t t, std::size_t i, std::string_view w) {
    return i < t.size() && t[i].is_word(w);
}

/// Index of the ')' closing the '(' at `open`, or t.size() if unbalanced.
std::size_t close_of(tokens_t t, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < t.size(); ++i) {
        if (t[i].is_punct('(')) {
            ++depth;
        } else if (t[i].is_punct(')') && --depth == 0) {
            return i;
        }
    }
    return t.size();
}

// Words that can start the statement a CTE list or EXPLAIN leads to.
bool starts_statement(const token& t) {
    return word_in(
        t,
        {"select", "insert", "update", "delete", "merge", "values", "table", "with", "replace"}
    );
}

class classifier {
public:
    explicit classifier(sql_dialect d) : d_(d) {}

    std::vector<finding> run(tokens_t t) {
        statement(t, 0);
        if (out_.empty())
            add(k::unknown, "");
        return std::move(out_);
    }

private:
    bool pg() const { return d_ == sql_dialect::postgres; }
    bool my() const { return d_ == sql_dialect::mysql; }
    void add(k kind, std::string kw) { out_.push_back({kind, std::move(kw)}); }

    void statement(tokens_t t, int depth) {
        if (depth > max_depth)
            return add(k::unknown, "nesting too deep");
        std::size_t i = 0;
        while (i < t.size() && t[i].is_punct('('))
            ++i;  // (SELECT ...) UNION (SELECT ...)
        if (i >= t.size())
            return add(k::unknown, "");
        const token& first = t[i];
        if (first.kind != token_kind::word)
            return add(k::unknown, first.text);
        const std::string& w = first.text;
        const tokens_t rest = t.subspan(i + 1);
        const std::string kw = ascii_upper(w);

        if (word_in(first, {"select", "values", "table"}))
            return read(t, kw);
        if (w == "with")
            return with(rest, depth);
        if (word_in(first, {"explain", "describe", "desc"}))
            return explain(rest, kw, depth);
        if (w == "show" || (my() && word_in(first, {"help", "checksum"})))
            return add(k::read, kw);
        if (word_in(first, {"insert", "update", "merge", "replace", "upsert", "call"})) {
            return add(k::write, kw);
        }
        if (w == "do")
            return add(pg() ? k::admin : k::write, kw);  // pg: an anonymous code block
        if (word_in(first, {"delete", "truncate"}))
            return add(k::delete_, kw);
        if (w == "copy" && pg())
            return copy(rest, depth);
        if (w == "analyze" || w == "analyse")
            return analyze(rest, kw, depth);
        if (word_in(first, {"create", "alter", "drop"}))
            return ddl(rest, kw);
        if (w == "vacuum" && std::any_of(rest.begin(), rest.end(), [](const token& x) {
                return x.is_word("into");
            })) {
            return add(k::file, "INTO FILE");  // sqlite: VACUUM INTO 'path' writes a file
        }
        if (word_in(
                first,
                {"rename",
                 "comment",
                 "reindex",
                 "cluster",
                 "vacuum",
                 "optimize",
                 "refresh",
                 "repair",
                 "check"}
            )) {
            return add(k::ddl, kw);
        }
        if (word_in(first, {"grant", "revoke", "reassign"}))
            return add(k::dcl, kw);
        if (w == "set")
            return set(rest);
        if (w == "pragma" && d_ == sql_dialect::sqlite)
            return pragma(rest);
        if (w == "attach")
            return add(k::file, kw);  // sqlite: opens or creates any file
        if (w == "load") {
            // MySQL LOAD DATA / LOAD XML read server or client files.
            return add(my() ? k::file : k::session, my() ? "LOAD DATA" : kw);
        }
        if (w == "reset")
            return add(my() ? k::admin : k::session, kw);  // mysql: RESET MASTER...
        if (word_in(first, {"discard", "use", "declare", "fetch", "move", "close", "detach"})) {
            return add(k::session, kw);
        }
        if (w == "start") {
            return word_at(rest, 0, "transaction") ? add(k::transaction, "START TRANSACTION")
                                                   : add(k::admin, kw);
        }
        if (word_in(
                first,
                {"begin",
                 "commit",
                 "rollback",
                 "savepoint",
                 "release",
                 "end",
                 "abort",
                 "lock",
                 "unlock",
                 "xa"}
            )) {
            return add(k::transaction, kw);
        }
        if (word_in(first, {"kill",     "shutdown",  "flush",      "purge",   "change",
                            "install",  "uninstall", "listen",     "notify",  "unlisten",
                            "prepare",  "execute",   "deallocate", "handler", "checkpoint",
                            "security", "import",    "stop",       "restart", "binlog",
                            "cache",    "clone"})) {
            return add(k::admin, kw);
        }
        add(k::unknown, kw);
    }

    // A read statement may still write: SELECT ... INTO, row locks.
    void read(tokens_t t, const std::string& kw) {
        add(k::read, kw);
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i].is_word("into")) {
                if (i + 1 < t.size() && word_in(t[i + 1], {"outfile", "dumpfile"})) {
                    add(k::file, "INTO " + ascii_upper(t[i + 1].text));
                } else if (my() && i + 1 < t.size() && t[i + 1].is_punct('@')) {
                    add(k::session, "INTO @variable");
                } else {
                    add(k::write, "SELECT INTO");  // postgres: creates a table
                }
            } else if (t[i].is_word("for") && i + 1 < t.size() && word_in(t[i + 1], {"update", "share", "no", "key"})) {
                add(k::write, "FOR " + ascii_upper(t[i + 1].text));  // row locks
            } else if (t[i].is_punct('(') && i + 1 < t.size() && word_in(t[i + 1], {"insert", "update", "merge", "delete"})) {
                // Not valid SQL today, but never let a nested data change pass as a read.
                add(t[i + 1].is_word("delete") ? k::delete_ : k::write, ascii_upper(t[i + 1].text));
            } else if (my() && t[i].is_word("lock") && word_at(t, i + 1, "in")) {
                add(k::write, "LOCK IN SHARE MODE");
            }
        }
    }

    // WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (body) [SEARCH/CYCLE ...], ... main
    void with(tokens_t t, int depth) {
        std::size_t i = word_at(t, 0, "recursive") ? 1 : 0;
        for (;;) {
            if (i >= t.size())
                return add(k::unknown, "WITH");
            ++i;  // CTE name
            if (i < t.size() && t[i].is_punct('('))
                i = close_of(t, i) + 1;
            if (!word_at(t, i, "as"))
                return add(k::unknown, "WITH");
            ++i;
            if (word_at(t, i, "not"))
                ++i;
            if (word_at(t, i, "materialized"))
                ++i;
            if (i >= t.size() || !t[i].is_punct('('))
                return add(k::unknown, "WITH");
            const std::size_t close = close_of(t, i);
            if (close >= t.size())
                return add(k::unknown, "WITH");
            statement(t.subspan(i + 1, close - i - 1), depth + 1);  // a data-modifying CTE writes
            i = close + 1;
            while (i < t.size() && !t[i].is_punct(',') && !t[i].is_punct('(') &&
                   !starts_statement(t[i]))
                ++i;
            if (i < t.size() && t[i].is_punct(',')) {
                ++i;
                continue;
            }
            break;
        }
        if (i >= t.size())
            return add(k::unknown, "WITH");
        statement(t.subspan(i), depth + 1);
    }

    // EXPLAIN [ANALYZE] executes its statement in some forms; always judge the inner statement.
    // DESCRIBE/DESC/EXPLAIN of a table name is a read.
    void explain(tokens_t t, const std::string& kw, int depth) {
        std::size_t i = 0;
        if (i < t.size() && t[i].is_punct('(') &&
            !(i + 1 < t.size() && starts_statement(t[i + 1]))) {
            i = close_of(t, i) + 1;  // postgres option list
        }
        while (i < t.size()) {
            if (word_in(
                    t[i],
                    {"analyze",
                     "analyse",
                     "verbose",
                     "extended",
                     "partitions",
                     "format",
                     "query",
                     "plan"}
                )) {
                ++i;
            } else if (t[i].is_punct('=') && i + 1 < t.size()) {
                i += 2;  // FORMAT=JSON
            } else {
                break;
            }
        }
        if (i >= t.size())
            return add(k::read, kw);
        const tokens_t inner = t.subspan(i);
        classifier sub(d_);
        sub.statement(inner, depth + 1);
        const bool names_only = std::all_of(inner.begin(), inner.end(), [](const token& x) {
            return x.kind != token_kind::punct || x.is_punct('.');
        });
        if (sub.out_.size() == 1 && sub.out_[0].kind == k::unknown && names_only) {
            return add(k::read, kw);  // DESCRIBE t [col], EXPLAIN FOR CONNECTION n
        }
        out_.insert(out_.end(), sub.out_.begin(), sub.out_.end());
    }

    void analyze(tokens_t t, const std::string& kw, int depth) {
        // MariaDB's ANALYZE <statement> runs the statement; ANALYZE TABLE is maintenance.
        if (my() && !t.empty() &&
            !word_in(t[0], {"table", "tables", "local", "no_write_to_binlog"})) {
            return explain(t, kw, depth);
        }
        add(k::ddl, kw);
    }

    // COPY ... TO/FROM PROGRAM or a server file is file access; STDIN/STDOUT is a write.
    void copy(tokens_t t, int depth) {
        if (!t.empty() && t[0].is_punct('(')) {
            const std::size_t close = close_of(t, 0);
            if (close < t.size())
                statement(t.subspan(1, close - 1), depth + 1);
        }
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i].is_word("program"))
                return add(k::file, "COPY PROGRAM");
            if (word_in(t[i], {"to", "from"}) && i + 1 < t.size() &&
                t[i + 1].kind == token_kind::string) {
                return add(k::file, "COPY " + ascii_upper(t[i].text) + " FILE");
            }
        }
        add(k::write, "COPY");
    }

    void ddl(tokens_t t, const std::string& kw) {
        std::size_t i = 0;
        if (word_at(t, 0, "or") && word_at(t, 1, "replace"))
            i = 2;
        if (i < t.size() && word_in(t[i], {"user", "role", "group"}))
            return add(k::dcl, kw + " " + ascii_upper(t[i].text));
        if (kw == "ALTER" && word_at(t, i, "system"))
            return add(k::admin, "ALTER SYSTEM");
        if (kw == "ALTER" && word_at(t, i, "default") && word_at(t, i + 1, "privileges")) {
            return add(k::dcl, "ALTER DEFAULT PRIVILEGES");
        }
        add(k::ddl, kw);
    }

    void set(tokens_t t) {
        if (t.empty())
            return add(k::session, "SET");
        if (word_in(t[0], {"transaction", "constraints"}) ||
            (word_at(t, 0, "session") && word_at(t, 1, "characteristics"))) {
            return add(k::transaction, "SET " + ascii_upper(t[0].text));
        }
        if (word_in(t[0], {"role", "password"}) ||
            (word_at(t, 0, "session") && word_at(t, 1, "authorization")) ||
            (word_at(t, 0, "default") && word_at(t, 1, "role"))) {
            return add(
                word_at(t, 0, "role") || word_at(t, 0, "session") ? k::session : k::dcl,
                "SET " + ascii_upper(t[0].text)
            );
        }
        if (my()) {
            const bool global = word_in(t[0], {"global", "persist", "persist_only"}) ||
                                (t.size() > 2 && t[0].is_punct('@') && t[1].is_punct('@') &&
                                 t[2].is_word("global"));
            if (global)
                return add(k::admin, "SET GLOBAL");
        }
        add(k::session, "SET");
    }

    // SQLite: a PRAGMA that only reports is a read; one that sets (or is not known) is not.
    void pragma(tokens_t t) {
        std::size_t i = 0;
        if (t.size() > 2 && t[1].is_punct('.'))
            i = 2;  // schema.
        if (i >= t.size() || t[i].kind != token_kind::word)
            return add(k::unknown, "PRAGMA");
        const token& name = t[i];
        const bool has_eq = std::any_of(t.begin(), t.end(), [](const token& x) {
            return x.is_punct('=');
        });
        const bool has_arg = i + 1 < t.size() && t[i + 1].is_punct('(');
        const bool reports = word_in(
            name,
            {"table_info",
             "table_xinfo",
             "table_list",
             "index_list",
             "index_info",
             "index_xinfo",
             "foreign_key_list",
             "foreign_key_check",
             "integrity_check",
             "quick_check",
             "database_list",
             "collation_list",
             "function_list",
             "module_list",
             "pragma_list",
             "compile_options",
             "freelist_count",
             "page_count",
             "data_version"}
        );
        const bool readable_setting = word_in(
            name,
            {"user_version",
             "application_id",
             "schema_version",
             "page_size",
             "encoding",
             "journal_mode",
             "foreign_keys",
             "auto_vacuum",
             "cache_size",
             "synchronous",
             "busy_timeout",
             "query_only"}
        );
        if (has_eq || (has_arg && !reports))
            return add(k::session, "PRAGMA " + ascii_upper(name.text));
        if (reports || readable_setting)
            return add(k::read, "PRAGMA");
        add(k::admin, "PRAGMA " + ascii_upper(name.text));
    }

    sql_dialect d_;
    std::vector<finding> out_;
};

}  // namespace

std::vector<finding> classify(std::span<const token> tokens, sql_dialect d) {
    return classifier(d).run(tokens);
}

}  // namespace mcpgw::backends::sql_guard
