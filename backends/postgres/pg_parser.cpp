#include "pg_parser.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <pg_query.h>

namespace mcpgw::backends::postgres {
namespace {

// Token numbers of libpg_query 15's ScanToken.token (pg_query.proto, enum Token).
enum token : std::uint32_t {
    percent = 37,
    open_paren = 40,
    close_paren = 41,
    star = 42,
    plus = 43,
    minus = 45,
    slash = 47,
    less = 60,
    equals = 61,
    greater = 62,
    open_bracket = 91,
    close_bracket = 93,
    caret = 94,
    op = 265,
    typecast = 268,
    less_equals = 272,
    greater_equals = 273,
    not_equals = 274,
    at_kw = 301,
    between_kw = 308,
    case_kw = 321,
    collate_kw = 334,
    except_kw = 405,
    ilike_kw = 448,
    in_kw = 453,
    intersect_kw = 471,
    is_kw = 475,
    isnull_kw = 476,
    join_kw = 478,
    like_kw = 490,
    not_kw = 528,
    notnull_kw = 531,
    operator_kw = 545,
    overlaps_kw = 555,
    similar_kw = 637,
    union_kw = 689,
};

// Tokens that can make the tree one level deeper than their operands: binary and prefix
// operators, casts, the left-recursive set operations and joins, and CASE (which nests
// without brackets). Everything else either builds flat lists or needs a bracket.
bool deepens(std::uint32_t t) {
    switch (t) {
        case percent:
        case star:
        case plus:
        case minus:
        case slash:
        case less:
        case equals:
        case greater:
        case caret:
        case op:
        case typecast:
        case less_equals:
        case greater_equals:
        case not_equals:
        case at_kw:
        case between_kw:
        case case_kw:
        case collate_kw:
        case except_kw:
        case ilike_kw:
        case in_kw:
        case intersect_kw:
        case is_kw:
        case isnull_kw:
        case join_kw:
        case like_kw:
        case not_kw:
        case notnull_kw:
        case operator_kw:
        case overlaps_kw:
        case similar_kw:
        case union_kw:
            return true;
        default:
            return false;
    }
}

// A minimal protobuf reader for ScanResult {1: version, 2: repeated ScanToken {1: start,
// 2: end, 4: token, 5: keyword_kind}}: varints and length-delimited fields only.
class wire {
public:
    wire(const std::uint8_t* p, std::size_t n) : p_(p), end_(p + n) {}

    bool done() const { return p_ >= end_; }

    bool varint(std::uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64 && p_ < end_; shift += 7) {
            std::uint8_t b = *p_++;
            v |= std::uint64_t{b & 0x7Fu} << shift;
            if ((b & 0x80) == 0) {
                return true;
            }
        }
        return false;
    }

    /// One field: its number and wire type; a length-delimited field's bytes in `sub`.
    bool field(std::uint32_t& number, std::uint64_t& value, wire& sub) {
        std::uint64_t key = 0;
        if (!varint(key)) {
            return false;
        }
        number = static_cast<std::uint32_t>(key >> 3);
        switch (key & 7) {
            case 0:
                return varint(value);
            case 2: {
                std::uint64_t len = 0;
                if (!varint(len) || len > static_cast<std::uint64_t>(end_ - p_)) {
                    return false;
                }
                sub = wire(p_, static_cast<std::size_t>(len));
                p_ += len;
                return true;
            }
            case 1:
                if (end_ - p_ < 8) {
                    return false;
                }
                p_ += 8;
                return true;
            case 5:
                if (end_ - p_ < 4) {
                    return false;
                }
                p_ += 4;
                return true;
            default:
                return false;
        }
    }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

struct scan_guard {
    PgQueryScanResult r;
    ~scan_guard() { pg_query_free_scan_result(r); }
};

struct parse_guard {
    PgQueryParseResult r;
    ~parse_guard() { pg_query_free_parse_result(r); }
};

}  // namespace

std::optional<std::size_t> nesting_bound(std::string_view sql) {
    std::string text(sql);
    scan_guard scanned{pg_query_scan(text.c_str())};
    if (scanned.r.error != nullptr) {
        return std::nullopt;
    }
    wire all(reinterpret_cast<const std::uint8_t*>(scanned.r.pbuf.data), scanned.r.pbuf.len);
    // Per open group: the deepening tokens directly inside it. `running` is their sum over
    // every open group plus the number of open groups: the deepest a node there can be.
    std::vector<std::size_t> groups;
    std::size_t running = 0;
    std::size_t bound = 0;
    while (!all.done()) {
        std::uint32_t number = 0;
        std::uint64_t value = 0;
        wire tok(nullptr, 0);
        if (!all.field(number, value, tok)) {
            return std::nullopt;
        }
        if (number != 2) {
            continue;
        }
        std::uint64_t kind = 0;
        while (!tok.done()) {
            std::uint32_t n = 0;
            std::uint64_t v = 0;
            wire ignored(nullptr, 0);
            if (!tok.field(n, v, ignored)) {
                return std::nullopt;
            }
            if (n == 4) {
                kind = v;
            }
        }
        if (kind == open_paren || kind == open_bracket) {
            groups.push_back(0);
            ++running;
        } else if (kind == close_paren || kind == close_bracket) {
            if (!groups.empty()) {
                running -= groups.back() + 1;
                groups.pop_back();
            }
        } else if (deepens(static_cast<std::uint32_t>(kind))) {
            if (groups.empty()) {
                groups.push_back(0);  // the statement's own level
                ++running;
            }
            ++groups.back();
            ++running;
        }
        bound = std::max(bound, running);
    }
    return bound;
}

std::variant<parsed_statement, parse_failure> parsed_statement::parse(std::string_view sql) {
    if (sql.size() > unscanned_statement_bytes) {
        auto bound = nesting_bound(sql);
        if (bound && *bound > max_nesting) {
            return parse_failure{
                parse_failure::kind::too_deep,
                "the statement nests too deeply for the gateway's parser (about " +
                    std::to_string(*bound) + " levels; at most " + std::to_string(max_nesting) +
                    ")",
                0,
                false};
        }
        // A text the scanner rejects goes on to the parser, which rejects it the same way
        // (before building anything deep) and says why.
    }
    std::string text(sql);
    parse_guard parsed{pg_query_parse(text.c_str())};
    if (parsed.r.error != nullptr) {
        const PgQueryError& e = *parsed.r.error;
        std::string_view fn = e.funcname != nullptr ? e.funcname : "";
        return parse_failure{
            parse_failure::kind::grammar,
            e.message != nullptr ? e.message : "syntax error",
            e.cursorpos,
            fn == "scanner_yyerror" || fn == "base_yyerror"};
    }
    parsed_statement out;
    out.json_ = std::make_unique<const std::string>(
        parsed.r.parse_tree != nullptr ? parsed.r.parse_tree : ""
    );
    out.tree_ = json_tree::parse(*out.json_);
    if (!out.tree_) {
        return parse_failure{
            parse_failure::kind::internal,
            "the parser's answer could not be read",
            0,
            false};
    }
    return out;
}

}  // namespace mcpgw::backends::postgres
