#include "tokenizer.hpp"

#include <cctype>
#include <cstddef>

namespace mcpgw::backends::sql_guard {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// Non-ASCII bytes are identifier characters in every supported dialect.
bool is_word_start(char c) {
    return is_alpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_word_char(char c) {
    return is_word_start(c) || is_digit(c) || c == '$';
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

class lexer {
public:
    lexer(std::string_view sql, const tokenize_options& opts) : s_(sql), o_(opts) {}

    tokenize_result run() {
        while (!res_.error && i_ < s_.size()) {
            step();
        }
        if (!res_.error && in_exec_comment_) {
            res_.error = "unterminated /*! comment";
        }
        return std::move(res_);
    }

private:
    bool pg() const { return o_.dialect == sql_dialect::postgres; }
    bool my() const { return o_.dialect == sql_dialect::mysql; }
    char at(std::size_t k) const { return k < s_.size() ? s_[k] : '\0'; }
    void push(token_kind k, std::string text) { res_.tokens.push_back({k, std::move(text)}); }
    void fail(std::string why) { res_.error = std::move(why); }

    void step() {
        const char c = s_[i_];
        if (c == '\0' && my()) {
            // MariaDB's lexer ends a # or -- comment at a NUL, and a NUL elsewhere is read as
            // the end of input in some states: never guess which. Write \0 or CHAR(0).
            return fail("NUL bytes are not accepted in MySQL statement text (write \\0 or CHAR(0))"
            );
        }
        if (is_space(c)) {
            ++i_;
        } else if (c == '-' && at(i_ + 1) == '-' && dash_comment_starts()) {
            skip_line();
        } else if (c == '#' && my()) {
            skip_line();
        } else if (c == '*' && at(i_ + 1) == '/' && in_exec_comment_) {
            in_exec_comment_ = false;  // end of a MySQL /*! ... */ whose body was code
            i_ += 2;
        } else if (c == '/' && at(i_ + 1) == '*') {
            block_comment();
        } else if (c == '\'') {
            quoted('\'', token_kind::string, o_.backslash_escapes);
        } else if (c == '"') {
            // MySQL reads "..." as a string (backslashes escape) unless ANSI_QUOTES is set.
            quoted(
                '"',
                my() ? token_kind::string : token_kind::quoted_ident,
                my() && o_.backslash_escapes
            );
        } else if (c == '`' && (my() || o_.dialect == sql_dialect::sqlite)) {
            quoted('`', token_kind::quoted_ident, false);
        } else if (c == '[' && o_.dialect == sql_dialect::sqlite) {
            bracket_ident();
        } else if (c == '$' && pg() && dollar_quote()) {
            // handled
        } else if (my() && is_digit(c)) {
            mysql_number_or_identifier();
        } else if (is_digit(c) || (c == '.' && is_digit(at(i_ + 1)))) {
            number();
        } else if (is_word_start(c)) {
            word();
        } else {
            push(token_kind::punct, std::string(1, c));
            ++i_;
        }
    }

    // MySQL needs whitespace or a control character (my_iscntrl: 0x00-0x1f and 0x7f) after
    // "--"; "1--1" is arithmetic there. The end of the text counts as a control character.
    bool dash_comment_starts() const {
        if (!my())
            return true;
        const auto n = static_cast<unsigned char>(at(i_ + 2));
        return is_space(static_cast<char>(n)) || n < 0x20 || n == 0x7f;
    }

    void skip_line() {
        while (i_ < s_.size() && s_[i_] != '\n')
            ++i_;
    }

    void block_comment() {
        if (my() && (at(i_ + 2) == '!' || (at(i_ + 2) == 'M' && at(i_ + 3) == '!'))) {
            return executable_comment();
        }
        if (my() && at(i_ + 2) == '+' && hint_has_quotes()) {
            // MySQL 8 reads optimizer hints with their own lexer, where a quoted name may hold
            // "*/": the hint would end later than a comment does.
            return fail("quotes inside /*+ optimizer hints */ are not accepted");
        }
        // PostgreSQL nests block comments; MySQL and SQLite end at the first "*/".
        std::size_t depth = 1;
        i_ += 2;
        while (i_ < s_.size()) {
            if (s_[i_] == '*' && at(i_ + 1) == '/') {
                i_ += 2;
                if (--depth == 0)
                    return;
            } else if (pg() && s_[i_] == '/' && at(i_ + 1) == '*') {
                i_ += 2;
                ++depth;
            } else {
                ++i_;
            }
        }
        fail("unterminated /* comment");
    }

    // MySQL/MariaDB executable comments, as sql_lex.cc reads them: "/*!" or "/*M!", then
    // optionally a version of exactly 5 or 6 digits. Without a version the body is code on
    // every server. With one, the server runs the body when its own version is at least that
    // (MariaDB skips 50700-99999 without the M), and otherwise skips it as a comment, without
    // reading strings or quotes in it; MySQL reads every "/*M!" as a plain comment. A body
    // read both ways can hide code from one reading (/*!99999 ' */ , SLEEP(5) # ' */), so the
    // guard lexes a body as code only when every supported server runs it: "/*!" without a
    // version or with one below 50700. Anything else depends on the server and is refused.
    void executable_comment() {
        if (in_exec_comment_)
            return fail("nested /*! comment");
        const bool maria = at(i_ + 2) == 'M';
        std::size_t j = i_ + (maria ? 4 : 3);
        std::size_t digits = 0;
        while (digits < 6 && is_digit(at(j + digits)))
            ++digits;
        const bool versioned = digits >= 5;
        if (maria) {
            return fail(
                "/*M! executable comments are refused: MariaDB runs their body, MySQL skips it"
            );
        }
        if (versioned) {
            const auto version = std::stoul(std::string(s_.substr(j, digits)));
            if (version >= 50700) {
                return fail(
                    "versioned executable comments /*!NNNNN with a version of 50700 or more are "
                    "refused: whether the server runs them depends on its version"
                );
            }
            j += digits;
        }
        i_ = j;
        in_exec_comment_ = true;
    }

    bool hint_has_quotes() const {
        const auto end = s_.find("*/", i_ + 3);
        const auto body = s_.substr(i_ + 3, end == std::string_view::npos ? s_.npos : end - i_ - 3);
        return body.find_first_of("'\"`") != std::string_view::npos;
    }

    // MySQL: digits start a number, or an identifier when identifier characters follow
    // (1sleep, 123abc); 0x.. and 0b.. are hex and bit literals only when nothing else follows.
    // A number ends where MariaDB's lexer ends it (digits, one '.', digits, an exponent with
    // digits), so letters after it are a word of their own: "1.sleep(0)" is seen as a call.
    void mysql_number_or_identifier() {
        const std::size_t b = i_;
        auto ident_char = [](char ch) {
            return is_word_char(ch);
        };
        if (s_[i_] == '0' && (at(i_ + 1) == 'x' || at(i_ + 1) == 'b')) {
            const bool hex = at(i_ + 1) == 'x';
            std::size_t j = i_ + 2;
            while (j < s_.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s_[j])) != 0
                                         : (s_[j] == '0' || s_[j] == '1')))
                ++j;
            if (j > i_ + 2 && !ident_char(at(j))) {
                push(token_kind::number, std::string(s_.substr(b, j - b)));
                i_ = j;
                return;
            }
        }
        std::size_t j = i_;
        while (is_digit(at(j)))
            ++j;
        auto exponent_end = [this](std::size_t k) -> std::size_t {
            // k at 'e'/'E': the end of "e[+-]digits", or 0 when it is not an exponent.
            if (lower(at(k)) != 'e')
                return 0;
            std::size_t m = k + 1;
            if (at(m) == '+' || at(m) == '-')
                ++m;
            if (!is_digit(at(m)))
                return 0;
            while (is_digit(at(m)))
                ++m;
            return m;
        };
        if (at(j) == '.') {
            ++j;
            while (is_digit(at(j)))
                ++j;
            if (auto e = exponent_end(j))
                j = e;
            push(token_kind::number, std::string(s_.substr(b, j - b)));
            i_ = j;
            return;
        }
        if (auto e = exponent_end(j)) {
            push(token_kind::number, std::string(s_.substr(b, e - b)));  // 1e5abc: 1e5, abc
            i_ = e;
            return;
        }
        if (!ident_char(at(j))) {
            push(token_kind::number, std::string(s_.substr(b, j - b)));
            i_ = j;
            return;
        }
        // An identifier that starts with digits: read it like a word.
        std::string text;
        while (i_ < s_.size() && is_word_char(s_[i_])) {
            text += lower(s_[i_]);
            ++i_;
        }
        push(token_kind::word, std::move(text));
    }

    void quoted(char q, token_kind kind, bool backslash) {
        std::string text;
        ++i_;
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (backslash && c == '\\' && i_ + 1 < s_.size()) {
                text += s_[i_ + 1];
                i_ += 2;
            } else if (c == q && at(i_ + 1) == q) {
                text += q;
                i_ += 2;
            } else if (c == q) {
                ++i_;
                push(kind, std::move(text));
                return;
            } else {
                text += c;
                ++i_;
            }
        }
        fail(
            kind == token_kind::string ? "unterminated string literal"
                                       : "unterminated quoted identifier"
        );
    }

    void bracket_ident() {
        const auto end = s_.find(']', i_ + 1);
        if (end == std::string_view::npos)
            return fail("unterminated [identifier]");
        push(token_kind::quoted_ident, std::string(s_.substr(i_ + 1, end - i_ - 1)));
        i_ = end + 1;
    }

    // $tag$ ... $tag$ where tag is empty or an identifier without '$'. "$1" is a parameter.
    bool dollar_quote() {
        std::size_t j = i_ + 1;
        if (at(j) != '$') {
            if (!is_word_start(at(j)))
                return false;
            while (j < s_.size() && is_word_char(s_[j]) && s_[j] != '$')
                ++j;
            if (at(j) != '$')
                return false;
        }
        const std::string_view tag = s_.substr(i_, j + 1 - i_);
        const auto end = s_.find(tag, j + 1);
        if (end == std::string_view::npos) {
            fail("unterminated dollar-quoted string");
            return true;
        }
        push(token_kind::string, std::string(s_.substr(j + 1, end - j - 1)));
        i_ = end + tag.size();
        return true;
    }

    void number() {
        const std::size_t b = i_;
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (is_digit(c) || is_alpha(c) || c == '_' || c == '.') {
                ++i_;
            } else if ((c == '+' || c == '-') && (lower(s_[i_ - 1]) == 'e')) {
                ++i_;
            } else {
                break;
            }
        }
        push(token_kind::number, std::string(s_.substr(b, i_ - b)));
    }

    void word() {
        // E'...' (postgres) always honours backslash escapes.
        if (pg() && lower(s_[i_]) == 'e' && at(i_ + 1) == '\'') {
            ++i_;
            return quoted('\'', token_kind::string, true);
        }
        // U&"..." can spell any name with escapes (U&"pg\005fsleep"); refuse rather than decode.
        if (pg() && lower(s_[i_]) == 'u' && at(i_ + 1) == '&' && at(i_ + 2) == '"') {
            return fail("unicode-escaped identifiers (U&\"...\") are not accepted");
        }
        std::string text;
        while (i_ < s_.size() && is_word_char(s_[i_])) {
            text += lower(s_[i_]);
            ++i_;
        }
        push(token_kind::word, std::move(text));
    }

    std::string_view s_;
    tokenize_options o_;
    std::size_t i_ = 0;
    bool in_exec_comment_ = false;
    tokenize_result res_;
};

}  // namespace

tokenize_result tokenize(std::string_view sql, const tokenize_options& opts) {
    return lexer(sql, opts).run();
}

std::string ascii_upper(std::string_view s) {
    std::string r(s);
    for (auto& c : r) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return r;
}

std::string ascii_lower(std::string_view s) {
    std::string r(s);
    for (auto& c : r) {
        c = lower(c);
    }
    return r;
}

}  // namespace mcpgw::backends::sql_guard
