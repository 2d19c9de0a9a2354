#include "sql_guard.hpp"

#include "classifier.hpp"
#include "function_denylist.hpp"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <vector>

namespace mcpgw::backends::sql_guard {

namespace {

refusal refuse(std::string_view keyword, std::string_view why) {
    std::string reason =
        keyword.empty() ? std::string(why) : ascii_upper(keyword) + ": " + std::string(why);
    return {std::move(reason), ascii_upper(keyword)};
}

std::optional<refusal> judge(const finding& f, const guard_policy& p) {
    const bool rw = p.access == access_mode::read_write;
    switch (f.kind) {
        case statement_kind::read:
            return std::nullopt;
        case statement_kind::write:
            if (rw)
                return std::nullopt;
            return refuse(f.keyword, "writes are refused: this server is read_only");
        case statement_kind::delete_:
        case statement_kind::ddl:
        case statement_kind::dcl:
        case statement_kind::admin: {
            const std::string name(to_string(f.kind));
            if (!rw)
                return refuse(
                    f.keyword,
                    name + " statements are refused: this server is read_only"
                );
            if (p.allowed_kinds_by_name.contains(name))
                return std::nullopt;
            return refuse(
                f.keyword,
                name + " statements are refused: this server's config does not allow \"" + name +
                    "\""
            );
        }
        case statement_kind::session:
            return refuse(
                f.keyword,
                "session statements are refused: the gateway manages session state"
            );
        case statement_kind::transaction:
            return refuse(
                f.keyword,
                "transaction control is refused: the gateway runs each call in its own transaction"
            );
        case statement_kind::file:
            return refuse(f.keyword, "server-side file and program access is always refused");
        case statement_kind::unknown:
            break;
    }
    return refuse(f.keyword, "statement not recognised; refused");
}

bool word_in_first(const std::vector<token>& t, std::initializer_list<std::string_view> ws) {
    if (t.empty())
        return false;
    for (auto w : ws) {
        if (t[0].is_word(w))
            return true;
    }
    return false;
}

// A call name: `f(`, `schema.f(`, `"f"(`. MySQL lexes "f" as a string unless ANSI_QUOTES.
bool names_a_call(const std::vector<token>& t, std::size_t i, sql_dialect d) {
    if (i + 1 >= t.size() || !t[i + 1].is_punct('('))
        return false;
    return t[i].kind == token_kind::word || t[i].kind == token_kind::quoted_ident ||
           (d == sql_dialect::mysql && t[i].kind == token_kind::string);
}

// A name as MySQL compares schema and table names of the system schemas: ASCII
// case-insensitive (MariaDB does not fold non-ASCII letters there: checked on the server).
bool is_name(const token& t) {
    return t.kind == token_kind::word || t.kind == token_kind::quoted_ident;
}

// information_schema tables that show other sessions' statements or transactions.
constexpr std::string_view activity_tables[] = {
    "processlist",
    "innodb_trx",
    "innodb_locks",
    "innodb_lock_waits",
    "metadata_lock_info",
    "user_statistics",
    "client_statistics",
    "thread_pool_queues",
    "thread_pool_stats",
};

// What reads other sessions' activity (MySQL/MariaDB): the offending words, or "".
std::string mysql_activity(const std::vector<token>& t) {
    for (std::size_t i = 0; i + 2 < t.size(); ++i) {
        if (!is_name(t[i]) || !t[i + 1].is_punct('.') || !is_name(t[i + 2]))
            continue;
        const std::string schema = ascii_lower(t[i].text);
        if (schema == "performance_schema" || schema == "sys")
            return ascii_upper(schema);
        if (schema == "information_schema") {
            const std::string table = ascii_lower(t[i + 2].text);
            for (auto a : activity_tables) {
                if (table == a)
                    return "INFORMATION_SCHEMA." + ascii_upper(table);
            }
        }
    }
    if (t.empty() || !t[0].is_word("show")) {
        // EXPLAIN FOR CONNECTION n (MySQL): another session's plan and statement.
        for (std::size_t i = 0; i + 1 < t.size(); ++i) {
            if (t[i].is_word("for") && t[i + 1].is_word("connection") && !t.empty() &&
                word_in_first(t, {"explain", "describe", "desc"}))
                return "EXPLAIN FOR CONNECTION";
        }
        return "";
    }
    std::size_t i = 1;
    if (i < t.size() && t[i].is_word("full"))
        ++i;
    if (i < t.size() && t[i].is_word("processlist"))
        return "SHOW PROCESSLIST";
    if (i < t.size() && (t[i].is_word("engine") || t[i].is_word("innodb")))
        return "SHOW ENGINE";  // SHOW ENGINE INNODB STATUS: transactions and their SQL
    if (i < t.size() && (t[i].is_word("explain") || t[i].is_word("analyze")))
        return "SHOW " + ascii_upper(t[i].text);  // SHOW EXPLAIN FOR <thread>
    if (i + 1 < t.size() && (t[i].is_word("binlog") || t[i].is_word("relaylog")) &&
        t[i + 1].is_word("events"))
        return "SHOW " + ascii_upper(t[i].text) + " EVENTS";  // every client's writes
    if (i < t.size() && (t[i].is_word("user_statistics") || t[i].is_word("client_statistics")))
        return "SHOW " + ascii_upper(t[i].text);
    return "";
}

// SHOW GRANTS and SHOW CREATE USER print the account's password hash.
bool mysql_shows_credentials(const std::vector<token>& t) {
    if (t.size() < 2 || !t[0].is_word("show"))
        return false;
    return t[1].is_word("grants") ||
           (t.size() > 2 && t[1].is_word("create") && t[2].is_word("user"));
}

statement_check check_tokens(const std::vector<token>& all, sql_dialect d, const guard_policy& p) {
    statement_check out;
    // One trailing ';' is fine; anything after a ';' is a second statement.
    const auto semi = std::find_if(all.begin(), all.end(), [](const token& t) {
        return t.is_punct(';');
    });
    if (semi != all.end() && semi + 1 != all.end()) {
        out.refused = refuse("", "one statement per call");
        return out;
    }
    const std::vector<token> t(all.begin(), semi);
    if (t.empty()) {
        out.refused = refuse("", "empty statement");
        return out;
    }

    if (d == sql_dialect::mysql) {
        const bool rw = p.access == access_mode::read_write;
        if (mysql_shows_credentials(t) && !(rw && p.allowed_kinds_by_name.contains("dcl"))) {
            out.kind = statement_kind::dcl;
            out.refused = refuse(
                t[1].is_word("grants") ? "SHOW GRANTS" : "SHOW CREATE USER",
                "it prints the account's password hash, so it is refused" +
                    std::string(rw ? " (allow \"dcl\" on this read_write server to run it)" : "")
            );
            return out;
        }
        if (!rw && !p.allow_activity_views) {
            if (auto what = mysql_activity(t); !what.empty()) {
                out.kind = statement_kind::read;
                out.refused = refuse(
                    what,
                    "other sessions' statements and activity are refused on this read_only "
                    "server (every gateway connection shares one user; set "
                    "allow_activity_views: true to allow)"
                );
                return out;
            }
        }
    }
    std::vector<finding> findings = classify(t, d);
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (names_a_call(t, i, d)) {
            const std::string name = ascii_lower(t[i].text);
            switch (classify_function(name, d)) {
                case function_class::denied:
                    out.refused = refuse(
                        name,
                        "this function is refused on every server (side effects a read-only "
                        "transaction does not stop)"
                    );
                    out.kind = statement_kind::admin;
                    return out;
                case function_class::write:
                    findings.push_back({statement_kind::write, ascii_upper(name)});
                    break;
                case function_class::allowed:
                    break;
            }
        } else if (t[i].is_word("next") && i + 2 < t.size() && t[i + 1].is_word("value") && t[i + 2].is_word("for")) {
            findings.push_back({statement_kind::write, "NEXT VALUE FOR"});  // MariaDB sequences
        }
    }

    out.kind = statement_kind::read;
    for (const auto& f : findings)
        out.kind = std::max(out.kind, f.kind);
    for (const auto& f : findings) {
        if (auto r = judge(f, p)) {
            out.refused = std::move(r);
            return out;
        }
    }
    return out;
}

statement_check check_with(std::string_view sql, const tokenize_options& o, const guard_policy& p) {
    auto lexed = tokenize(sql, o);
    if (lexed.error) {
        statement_check out;
        out.refused = refuse("", "malformed SQL: " + *lexed.error);
        return out;
    }
    return check_tokens(lexed.tokens, o.dialect, p);
}

}  // namespace

statement_check check_statement(std::string_view sql, sql_dialect d, const guard_policy& p) {
    // Lex the way the server does by default, then the other way round for backslashes
    // (MySQL NO_BACKSLASH_ESCAPES, PostgreSQL standard_conforming_strings=off): a string that
    // ends at a different place there could hide code from us. A reading that does not lex
    // (e.g. 'it\'s' without backslash escapes) is one the server would reject as well.
    // MySQL/MariaDB: gateway sessions pin sql_mode without NO_BACKSLASH_ESCAPES and
    // ANSI_QUOTES (mysql/connector.cpp), so the server reads the text exactly one way.
    const bool default_backslash = d == sql_dialect::mysql;
    auto first = check_with(sql, {d, default_backslash}, p);
    if (!first.allowed() || d != sql_dialect::postgres)
        return first;
    auto other = tokenize(sql, {d, !default_backslash});
    if (other.error)
        return first;
    auto second = check_tokens(other.tokens, d, p);
    if (!second.allowed())
        return second;
    first.kind = std::max(first.kind, second.kind);
    return first;
}

}  // namespace mcpgw::backends::sql_guard
