#include "sql_guard.hpp"

#include "classifier.hpp"
#include "function_denylist.hpp"

#include <algorithm>
#include <cstddef>
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

// A call name: `f(`, `schema.f(`, `"f"(`. MySQL lexes "f" as a string unless ANSI_QUOTES.
bool names_a_call(const std::vector<token>& t, std::size_t i, sql_dialect d) {
    if (i + 1 >= t.size() || !t[i + 1].is_punct('('))
        return false;
    return t[i].kind == token_kind::word || t[i].kind == token_kind::quoted_ident ||
           (d == sql_dialect::mysql && t[i].kind == token_kind::string);
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
    const bool default_backslash = d == sql_dialect::mysql;
    auto first = check_with(sql, {d, default_backslash}, p);
    if (!first.allowed() || d == sql_dialect::sqlite)
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
