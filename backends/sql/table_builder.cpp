#include "table_builder.hpp"

#include "value_text.hpp"

namespace mcpgw::backends::sql {

table_builder::table_builder(result_limits limits) : limits_(limits) {}

void table_builder::set_columns(std::vector<column> columns) {
    table_.columns = std::move(columns);
}

bool table_builder::add_row(json row) {
    if (table_.truncated) {
        return false;
    }
    if (table_.rows.size() >= limits_.max_rows) {
        table_.truncated = true;
        table_.truncated_reason = "max_rows";
        return false;
    }
    // Each cell counts as its JSON text plus what holding it costs beyond that (a json node,
    // a rendered text cell with its padding and separator): so a result of many tiny cells
    // is cut as early as its memory needs, not only by its JSON length (issue 10, item 8:
    // 1,600 one-digit columns took 45 MiB under a 1 MiB cap when a cell counted 2 bytes).
    std::size_t row_bytes = 3 + row_overhead;  // brackets and separator, and the row's array
    for (const auto& cell : row) {
        row_bytes += json_size(cell) + 1 + cell_overhead;
    }
    if (bytes_ + row_bytes > limits_.max_result_bytes) {
        table_.truncated = true;
        table_.truncated_reason = "max_result_bytes";
        return false;
    }
    bytes_ += row_bytes;
    table_.rows.push_back(std::move(row));
    return true;
}

table table_builder::finish() {
    // The text rendering pads cells to their column's width: bounded too, at twice the cap.
    table_.max_text_bytes = 2 * limits_.max_result_bytes;
    for (auto& c : table_.columns) {
        if (c.type.empty()) {
            c.type = "any";
        }
    }
    table_.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
            .count();
    return std::move(table_);
}

}  // namespace mcpgw::backends::sql
