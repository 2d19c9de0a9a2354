#pragma once
// Runs exactly one SQL statement on a connection (blocking: call it on the worker pool) and
// collects its rows into a table, bounded by max_rows and max_result_bytes. Failures come
// back as CallToolResult error values with stable codes.

#include "connection.hpp"

#include <backends/core/tool_result.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mcpgw::backends::sqlite {

struct limits {
    std::size_t max_rows = 1000;
    std::size_t max_result_bytes = 1024 * 1024;
    std::chrono::milliseconds timeout{30000};  // for the timeout message only
};

/// A table, or an error result (isError) ready to return to the client.
using outcome = std::variant<table, json>;

/// `params` are bound to ?1, ?2... by JSON type (integer, real, text, 0/1 for booleans,
/// NULL for null); `sql_field` names the argument blamed for an empty statement or a second
/// statement.
outcome run_statement(
    connection& conn,
    std::string_view sql,
    const std::vector<json>& params,
    const limits& lim,
    std::string_view sql_field = "sql"
);

/// table_result(t) for a table, the error itself otherwise.
json to_result(outcome o);

}  // namespace mcpgw::backends::sqlite
