#include "value_json.hpp"

#include <backends/sql/value_text.hpp>

#include <cmath>

#include <sqlite3.h>

namespace mcpgw::backends::sqlite {

nlohmann::json column_value(sqlite3_stmt* stmt, int column) {
    switch (sqlite3_column_type(stmt, column)) {
        case SQLITE_INTEGER:
            return sql::integer_value(sqlite3_column_int64(stmt, column));
        case SQLITE_FLOAT: {
            double d = sqlite3_column_double(stmt, column);
            return std::isfinite(d) ? nlohmann::json(d) : nlohmann::json(nullptr);
        }
        case SQLITE_TEXT: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
            auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, column));
            return sql::valid_utf8(std::string_view(p ? p : "", p ? n : 0));
        }
        case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, column));
            auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, column));
            return sql::base64_encode(std::string_view(p ? p : "", p ? n : 0));
        }
        default:
            return nullptr;
    }
}

std::string storage_class(sqlite3_stmt* stmt, int column) {
    switch (sqlite3_column_type(stmt, column)) {
        case SQLITE_INTEGER:
            return "integer";
        case SQLITE_FLOAT:
            return "real";
        case SQLITE_TEXT:
            return "text";
        case SQLITE_BLOB:
            return "blob";
        default:
            return "null";
    }
}

}  // namespace mcpgw::backends::sqlite
