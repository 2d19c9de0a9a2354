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
    std::size_t row_bytes = 3;  // brackets and separator
    for (const auto& cell : row) {
        row_bytes += json_size(cell) + 1;
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
