#pragma once
// SQL tokenizer for the statement guard: enough lexing to tell code from strings, quoted
// identifiers and comments in each dialect, so that keywords and function calls are only seen
// where the server would see them. It does not parse; it never needs a regex.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::sql_guard {

enum class sql_dialect { postgres, mysql, sqlite };

enum class token_kind {
    word,          // unquoted identifier or keyword; text lower-cased (ASCII)
    quoted_ident,  // "x" (postgres, sqlite, mysql ANSI_QUOTES), `x` (mysql, sqlite)
    string,        // '...', E'...', $tag$...$tag$, and mysql "..." (as literal text, unescaped)
    number,
    punct,  // one character: ( ) ; , . = @ etc.
};

struct token {
    token_kind kind;
    std::string text;

    bool is_word(std::string_view w) const { return kind == token_kind::word && text == w; }
    bool is_punct(char c) const {
        return kind == token_kind::punct && text.size() == 1 && text[0] == c;
    }
};

struct tokenize_options {
    sql_dialect dialect = sql_dialect::postgres;
    // Whether a backslash escapes the next character inside '...' strings: MySQL's default,
    // PostgreSQL with standard_conforming_strings=off. E'...' always honours backslashes.
    bool backslash_escapes = false;
};

struct tokenize_result {
    std::vector<token> tokens;
    std::optional<std::string> error;  // malformed input: unterminated string, comment...
};

tokenize_result tokenize(std::string_view sql, const tokenize_options& opts);

/// ASCII case mapping (SQL keywords and identifiers the guard compares).
std::string ascii_upper(std::string_view s);
std::string ascii_lower(std::string_view s);

}  // namespace mcpgw::backends::sql_guard
