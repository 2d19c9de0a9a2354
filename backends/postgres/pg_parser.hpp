#pragma once
// PostgreSQL's own parser (libpg_query 15, the server's raw grammar and scanner as a library)
// on one statement text: its raw parse tree as JSON, read into a json_tree. Names are as
// written (unresolved); identifiers are already folded and unescaped the way the server does
// it (PG_SLEEP -> pg_sleep, U&"pg\005fsleep" -> pg_sleep), comments are gone.
//
// Why JSON rather than libpg_query's protobuf output: measured here, pg_query_parse_protobuf
// alone took ~4x as long as pg_query_parse for the same statements, before any unpacking
// (benchmarks/RESULTS.md).
//
// libpg_query writes its JSON recursively, one C stack frame chain per tree level: a
// statement like `SELECT 1+1+...+1` with 100k terms (200 KB) overflows an 8 MB stack and
// kills the process. Short statements cannot get that deep (measured: 8 KB of the worst
// shapes needs < 600 KB of stack); a longer one is first scanned (pg_query_scan, iterative)
// and refused when its nesting bound passes max_nesting, so no input reaches the recursion
// deep enough to matter.
//
// Sans-I/O and thread-safe (libpg_query keeps its memory context per thread).

#include "json_tree.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace mcpgw::backends::postgres {

/// Statements up to this size are parsed without the nesting pre-scan.
inline constexpr std::size_t unscanned_statement_bytes = 8 * 1024;
/// The largest nesting bound a longer statement may have (see nesting_bound()).
inline constexpr std::size_t max_nesting = 2000;

struct parse_failure {
    enum class kind {
        grammar,   // PostgreSQL's scanner or grammar rejected it: the server would too
        too_deep,  // the nesting bound passed max_nesting
        internal,  // libpg_query answered something unreadable (refused, never guessed)
    };
    kind what = kind::grammar;
    std::string message;        // PostgreSQL's message ("syntax error at or near ...")
    int position = 0;           // 1-based character position in the statement, 0 if unknown
    bool syntax_error = false;  // raised by the scanner/grammar's yyerror: SQLSTATE 42601
};

class parsed_statement {
public:
    /// Parses `sql` (no NUL bytes: the caller refuses those).
    static std::variant<parsed_statement, parse_failure> parse(std::string_view sql);

    const json_tree& tree() const { return *tree_; }
    /// libpg_query's JSON text (for tests and benchmarks).
    const std::string& text() const { return *json_; }

private:
    parsed_statement() = default;
    // libpg_query's output, on the heap so that the tree's views into it survive moves.
    std::unique_ptr<const std::string> json_;
    std::optional<json_tree> tree_;
};

/// An upper bound on the depth of the parse tree of `sql`, from its tokens: for every
/// bracket group ( ) or [ ], the tokens that can chain a tree one level deeper (operators,
/// casts, UNION/INTERSECT/EXCEPT, JOIN, IS, LIKE, BETWEEN, IN, AT, COLLATE, NOT, CASE...)
/// inside it and inside every group around it, plus the groups themselves. Lists (commas),
/// names, constants, AND/OR (which the grammar flattens) add nothing. nullopt when the
/// scanner rejects the text (the parser will then say why).
std::optional<std::size_t> nesting_bound(std::string_view sql);

}  // namespace mcpgw::backends::postgres
