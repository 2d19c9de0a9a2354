#include "value_mapping.hpp"

#include <backends/sql/value_text.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>

namespace mcpgw::backends::mysql {
namespace {

using json = nlohmann::json;

bool is_unsigned(const field_info& f) {
    return (f.flags & UNSIGNED_FLAG) != 0;
}

bool is_binary(const field_info& f) {
    return f.charsetnr == binary_charset;
}

template <typename T>
bool parse_number(std::string_view s, T& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

json integer_of(const field_info& f, std::string_view bytes) {
    if (is_unsigned(f)) {
        std::uint64_t v = 0;
        if (parse_number(bytes, v)) {
            return sql::unsigned_value(v);
        }
    } else {
        std::int64_t v = 0;
        if (parse_number(bytes, v)) {
            return sql::integer_value(v);
        }
    }
    return sql::valid_utf8(bytes);
}

json double_of(std::string_view bytes) {
    double v = 0;
    if (parse_number(bytes, v) && std::isfinite(v)) {
        return v;
    }
    return sql::valid_utf8(bytes);
}

// BIT(n) arrives as ceil(n/8) big-endian bytes.
json bits_of(std::string_view bytes) {
    if (bytes.size() > 8) {
        return sql::base64_encode(bytes);
    }
    std::uint64_t v = 0;
    for (char c : bytes) {
        v = (v << 8) | static_cast<unsigned char>(c);
    }
    return sql::unsigned_value(v);
}

// "YYYY-MM-DD HH:MM:SS[.ffffff]" -> "YYYY-MM-DDTHH:MM:SS[.ffffff]" (+ "Z" for UTC). Zero
// dates ("0000-00-00 ...") are not ISO-8601 dates and stay as the server wrote them.
json datetime_of(std::string_view bytes, bool utc) {
    std::string s = sql::valid_utf8(bytes);
    if (s.size() < 19 || s[10] != ' ' || s.starts_with("0000-00-00")) {
        return s;
    }
    s[10] = 'T';
    if (utc) {
        s += 'Z';
    }
    return s;
}

json json_of(std::string_view bytes) {
    auto parsed = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (parsed.is_discarded()) {
        return sql::valid_utf8(bytes);
    }
    return parsed;
}

json text_or_binary(const field_info& f, std::string_view bytes) {
    if (is_binary(f)) {
        return sql::base64_encode(bytes);
    }
    return sql::valid_utf8(bytes);
}

std::string sized(
    const char* prefix_tiny,
    const char* plain,
    const char* medium,
    const char* large,
    unsigned long length
) {
    if (length < 65535UL) {
        return prefix_tiny;
    }
    if (length < 16777215UL) {
        return plain;
    }
    if (length < 4294967295UL) {
        return medium;
    }
    return large;
}

std::string with_sign(std::string name, const field_info& f) {
    return is_unsigned(f) ? name + " unsigned" : name;
}

}  // namespace

field_info describe_field(const MYSQL_FIELD& field) {
    field_info f{
        field.type,
        field.flags,
        field.charsetnr,
        field.length,
        field.type == MYSQL_TYPE_JSON};
    MARIADB_CONST_STRING format{nullptr, 0};
    if (mariadb_field_attr(&format, &field, MARIADB_FIELD_ATTR_FORMAT_NAME) == 0 &&
        format.str != nullptr && std::string_view(format.str, format.length) == "json") {
        f.json = true;
    }
    return f;
}

std::string type_name(const field_info& f) {
    if (f.json) {
        return "json";
    }
    if ((f.flags & ENUM_FLAG) != 0 || f.type == MYSQL_TYPE_ENUM) {
        return "enum";
    }
    if ((f.flags & SET_FLAG) != 0 || f.type == MYSQL_TYPE_SET) {
        return "set";
    }
    switch (f.type) {
        case MYSQL_TYPE_TINY:
            return with_sign("tinyint", f);
        case MYSQL_TYPE_SHORT:
            return with_sign("smallint", f);
        case MYSQL_TYPE_INT24:
            return with_sign("mediumint", f);
        case MYSQL_TYPE_LONG:
            return with_sign("int", f);
        case MYSQL_TYPE_LONGLONG:
            return with_sign("bigint", f);
        case MYSQL_TYPE_YEAR:
            return "year";
        case MYSQL_TYPE_FLOAT:
            return with_sign("float", f);
        case MYSQL_TYPE_DOUBLE:
            return with_sign("double", f);
        case MYSQL_TYPE_DECIMAL:
        case MYSQL_TYPE_NEWDECIMAL:
            return with_sign("decimal", f);
        case MYSQL_TYPE_BIT:
            return "bit";
        case MYSQL_TYPE_DATE:
        case MYSQL_TYPE_NEWDATE:
            return "date";
        case MYSQL_TYPE_TIME:
        case MYSQL_TYPE_TIME2:
            return "time";
        case MYSQL_TYPE_DATETIME:
        case MYSQL_TYPE_DATETIME2:
            return "datetime";
        case MYSQL_TYPE_TIMESTAMP:
        case MYSQL_TYPE_TIMESTAMP2:
            return "timestamp";
        case MYSQL_TYPE_NULL:
            return "null";
        case MYSQL_TYPE_GEOMETRY:
            return "geometry";
        case MYSQL_TYPE_STRING:
            return is_binary(f) ? "binary" : "char";
        case MYSQL_TYPE_VAR_STRING:
        case MYSQL_TYPE_VARCHAR:
            return is_binary(f) ? "varbinary" : "varchar";
        case MYSQL_TYPE_TINY_BLOB:
        case MYSQL_TYPE_MEDIUM_BLOB:
        case MYSQL_TYPE_LONG_BLOB:
        case MYSQL_TYPE_BLOB:
            // The wire type is BLOB for every size; the column's byte length tells them apart.
            return is_binary(f) ? sized("tinyblob", "blob", "mediumblob", "longblob", f.length)
                                : sized("tinytext", "text", "mediumtext", "longtext", f.length);
        default:
            return "unknown";
    }
}

json value_of(const field_info& f, std::string_view bytes) {
    if (f.json) {
        return json_of(bytes);
    }
    switch (f.type) {
        case MYSQL_TYPE_TINY:
        case MYSQL_TYPE_SHORT:
        case MYSQL_TYPE_INT24:
        case MYSQL_TYPE_LONG:
        case MYSQL_TYPE_LONGLONG:
        case MYSQL_TYPE_YEAR:
            return integer_of(f, bytes);
        case MYSQL_TYPE_FLOAT:
        case MYSQL_TYPE_DOUBLE:
            return double_of(bytes);
        case MYSQL_TYPE_BIT:
            return bits_of(bytes);
        case MYSQL_TYPE_DATETIME:
        case MYSQL_TYPE_DATETIME2:
            return datetime_of(bytes, false);
        case MYSQL_TYPE_TIMESTAMP:
        case MYSQL_TYPE_TIMESTAMP2:
            return datetime_of(bytes, true);
        case MYSQL_TYPE_DECIMAL:
        case MYSQL_TYPE_NEWDECIMAL:
        case MYSQL_TYPE_DATE:
        case MYSQL_TYPE_NEWDATE:
        case MYSQL_TYPE_TIME:
        case MYSQL_TYPE_TIME2:
        case MYSQL_TYPE_ENUM:
        case MYSQL_TYPE_SET:
            return sql::valid_utf8(bytes);
        default:
            return text_or_binary(f, bytes);
    }
}

}  // namespace mcpgw::backends::mysql
