#pragma once
// MySQL/MariaDB result values as JSON, from the column metadata and the value's bytes as the
// text protocol sends them (prepared statements fetch every column as a string, so both
// paths share this). Integers beyond 2^53 and decimals are strings, binary data is base64,
// DATETIME/TIMESTAMP are ISO-8601 (TIMESTAMP in UTC: the session runs at '+00:00'), JSON
// columns are parsed. Type names are lower-case SQL names ("int", "bigint unsigned").

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

// <mariadb/...>: targets that use these headers without the driver's include path (unit tests).
#include <mariadb/mysql.h>

namespace mcpgw::backends::mysql {

/// What the mapping needs from a MYSQL_FIELD (plain values, so tests can build one).
struct field_info {
    enum_field_types type = MYSQL_TYPE_NULL;
    unsigned int flags = 0;
    unsigned int charsetnr = 0;
    unsigned long length = 0;
    bool json = false;  // MariaDB extended metadata format=json, or MySQL's JSON type
};

inline constexpr unsigned int binary_charset = 63;

field_info describe_field(const MYSQL_FIELD& field);

/// "int", "bigint unsigned", "varchar", "decimal", "datetime", "json", "blob"...
std::string type_name(const field_info& f);

/// A non-NULL value (NULL is JSON null and never reaches this).
nlohmann::json value_of(const field_info& f, std::string_view bytes);

}  // namespace mcpgw::backends::mysql
