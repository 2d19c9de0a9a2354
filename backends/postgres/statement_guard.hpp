#pragma once
// Layer 3 of PostgreSQL's read-only defence (docs/postgres.md, "Read-only, in layers"): the
// statement guard, on PostgreSQL's own parse tree (pg_parser.hpp) instead of a hand-written
// lexer, so that what it judges is exactly what the server will run: a `--` comment ends
// where the server ends it (at \r too), U&"..." identifiers and quoted names are already
// decoded, and a text the PostgreSQL 15 grammar rejects is refused with the parser's message.
//
// Two steps, both sans-I/O:
//   analyse_statement(): parse and walk the whole tree once, collecting what the statement
//     is and does: the kinds of every statement in it (a DELETE in a CTE, under EXPLAIN,
//     PREPARE, COPY or a rule), SELECT ... INTO and row locks, every function named anywhere
//     (select list, FROM, WHERE, casts' arguments, subqueries, CTEs, CALL, trigger and
//     function definitions), operators, relations, type names, attribute notation
//     (`t.fn` may call fn(t)) and TABLESAMPLE methods.
//   judge_statement(): the access policy, the function rules (function_rules.hpp), and the
//     activity views; judge_strict(): the allowlist mode (strict_functions: true), against the
//     server's own catalog of functions, operators and types (function_catalog).
//
// Refuse by default: a statement node the table does not know is refused; in strict mode a
// function, operator or type not known to be safe is refused.

#include "function_catalog.hpp"
#include "pg_parser.hpp"

#include <backends/core/sql_guard/classifier.hpp>
#include <backends/core/sql_guard/sql_guard.hpp>

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::postgres {

struct guard_settings {
    sql_guard::guard_policy policy;  // access mode and the read_write opt-ins (`allow`)
    bool strict_functions = false;   // allowlist mode for functions, operators and types
    // Lower-case "name" or "schema.name": allowed in strict mode beside pg_catalog and the
    // known-safe extension functions (never over the denied functions).
    std::set<std::string, std::less<>> allow_functions;
    bool allow_activity_views = false;  // read_only: pg_stat_activity and the like
};

/// A name as written: `schema` empty when unqualified. Not case-folded beyond what the
/// parser did (unquoted names are lower-case already).
struct pg_name {
    std::string schema;
    std::string name;
    bool operator==(const pg_name&) const = default;
};

struct function_use {
    pg_name name;
    std::size_t args = 0;
    bool operator==(const function_use&) const = default;
};

struct statement_facts {
    std::optional<parse_failure> parse_error;  // set: nothing else is
    std::size_t statements = 0;
    std::vector<sql_guard::finding> findings;  // kinds found, with the keyword for a refusal
    std::vector<function_use> functions;
    std::vector<pg_name> operators;
    std::vector<pg_name> relations;
    std::vector<pg_name> types;           // type names written (casts, declarations)
    std::vector<std::string> attributes;  // `x.name` / `(expr).name`: possible fn(x) calls
    std::vector<pg_name> tablesample_methods;
};

statement_facts analyse_statement(std::string_view sql);

/// Statement count, kinds, denied and write functions, activity relations and functions.
sql_guard::statement_check judge_statement(const statement_facts& f, const guard_settings& s);

/// The allowlist (strict_functions): nullopt when every function, operator, type and
/// attribute-call candidate is allowed.
std::optional<sql_guard::refusal>
judge_strict(const statement_facts& f, const guard_settings& s, const function_catalog& c);

/// analyse + judge (no strict step): what declared tools and the first step of a call use.
sql_guard::statement_check check_statement(std::string_view sql, const guard_settings& s);

/// The refusal text for a parse failure, as the server would word it: "syntax error at or
/// near "FROM" (at character 8) [SQLSTATE 42601]".
std::string describe(const parse_failure& e);

}  // namespace mcpgw::backends::postgres
