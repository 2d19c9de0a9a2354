#include "value_json.hpp"

#include <cmath>

#include <sqlite3.h>

namespace mcpgw::backends::sqlite {

std::string base64_encode(std::string_view bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&bytes](std::size_t k) {
        return static_cast<unsigned>(static_cast<unsigned char>(bytes[k]));
    };
    for (; i + 3 <= bytes.size(); i += 3) {
        unsigned v = (byte(i) << 16U) | (byte(i + 1) << 8U) | byte(i + 2);
        out += alphabet[(v >> 18U) & 63U];
        out += alphabet[(v >> 12U) & 63U];
        out += alphabet[(v >> 6U) & 63U];
        out += alphabet[v & 63U];
    }
    std::size_t left = bytes.size() - i;
    if (left == 1) {
        unsigned v = byte(i) << 16U;
        out += alphabet[(v >> 18U) & 63U];
        out += alphabet[(v >> 12U) & 63U];
        out += "==";
    } else if (left == 2) {
        unsigned v = (byte(i) << 16U) | (byte(i + 1) << 8U);
        out += alphabet[(v >> 18U) & 63U];
        out += alphabet[(v >> 12U) & 63U];
        out += alphabet[(v >> 6U) & 63U];
        out += '=';
    }
    return out;
}

std::string valid_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        auto c = static_cast<unsigned char>(bytes[i]);
        std::size_t len = 0;
        std::uint32_t min = 0;
        if (c < 0x80U) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if ((c & 0xE0U) == 0xC0U) {
            len = 2, min = 0x80;
        } else if ((c & 0xF0U) == 0xE0U) {
            len = 3, min = 0x800;
        } else if ((c & 0xF8U) == 0xF0U) {
            len = 4, min = 0x10000;
        }
        bool ok = len != 0 && i + len <= bytes.size();
        std::uint32_t cp = len == 2 ? (c & 0x1FU) : len == 3 ? (c & 0x0FU) : (c & 0x07U);
        for (std::size_t k = 1; ok && k < len; ++k) {
            auto cc = static_cast<unsigned char>(bytes[i + k]);
            ok = (cc & 0xC0U) == 0x80U;
            cp = (cp << 6U) | (cc & 0x3FU);
        }
        ok = ok && cp >= min && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
        if (ok) {
            out.append(bytes.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

nlohmann::json column_value(sqlite3_stmt* stmt, int column) {
    switch (sqlite3_column_type(stmt, column)) {
        case SQLITE_INTEGER:
            return static_cast<std::int64_t>(sqlite3_column_int64(stmt, column));
        case SQLITE_FLOAT: {
            double d = sqlite3_column_double(stmt, column);
            return std::isfinite(d) ? nlohmann::json(d) : nlohmann::json(nullptr);
        }
        case SQLITE_TEXT: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
            auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, column));
            return valid_utf8(std::string_view(p ? p : "", p ? n : 0));
        }
        case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, column));
            auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, column));
            return base64_encode(std::string_view(p ? p : "", p ? n : 0));
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

std::size_t json_size(const nlohmann::json& value) {
    if (value.is_string()) {
        return value.get_ref<const std::string&>().size() + 2;
    }
    if (value.is_null()) {
        return 4;
    }
    return value.dump().size();
}

}  // namespace mcpgw::backends::sqlite
