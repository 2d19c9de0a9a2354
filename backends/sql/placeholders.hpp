#pragma once
// Named parameters in config-declared statements: `:name` in the statement text becomes the
// engine's own placeholder ($1, $2... for PostgreSQL; ? for MySQL and SQLite), so values are
// bound by the driver and never spliced into SQL. A `:name` inside a string, a quoted
// identifier or a comment is left alone, as is PostgreSQL's `::type` cast.

#include <backends/core/sql_guard/tokenizer.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::sql {

struct bound_statement {
    std::string text;                // with the engine's placeholders
    std::vector<std::string> order;  // parameter name for each placeholder value, in order
    std::vector<std::string> names;  // distinct names, in order of first use
};

/// Throws std::invalid_argument for an unterminated string, identifier or comment.
bound_statement bind_placeholders(std::string_view statement, sql_guard::sql_dialect dialect);

}  // namespace mcpgw::backends::sql
