#pragma once
// Collects a result set into a table under the source's caps, the same way for every engine:
// at most max_rows rows and about max_result_bytes of serialised cells. Crossing a cap marks
// the table truncated with the reason, never silently; the caller stops fetching then.

#include <backends/core/tool_result.hpp>

#include <chrono>
#include <cstddef>
#include <vector>

namespace mcpgw::backends::sql {

/// What a cell costs beyond its JSON text: counted against max_result_bytes (table_builder).
inline constexpr std::size_t cell_overhead = 16;
/// What a row costs beyond its JSON text (its array: a json node, a vector and its buffer).
inline constexpr std::size_t row_overhead = 48;

struct result_limits {
    std::size_t max_rows = 1000;
    std::size_t max_result_bytes = 1024 * 1024;
};

class table_builder {
public:
    explicit table_builder(result_limits limits);

    void set_columns(std::vector<column> columns);
    std::vector<column>& columns() { return table_.columns; }

    /// True when another row may be added; false once a cap was reached.
    bool wants_rows() const { return !table_.truncated; }

    /// Adds one row (an array, one value per column). Returns false, and keeps the table as
    /// it was, when the row would cross a cap: the caller stops fetching.
    bool add_row(json row);

    /// The table, with elapsed_ms measured from construction.
    table finish();

private:
    result_limits limits_;
    table table_;
    std::size_t bytes_ = 2;  // "[]"
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace mcpgw::backends::sql
