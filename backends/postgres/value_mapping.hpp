#pragma once
// PostgreSQL values (text format) as JSON, chosen by the column's type OID, and the type
// names reported for columns. Names are PostgreSQL's own `format_type(oid, NULL)` spelling
// ("integer", "bigint", "timestamp with time zone", "integer[]"), the same names
// describe_table and the schema resource show. Sans-I/O: no libpq here.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace mcpgw::backends::postgres {

using type_oid = std::uint32_t;

/// The built-in type OIDs this file knows (pg_type.dat; stable across versions).
namespace oid {
inline constexpr type_oid boolean = 16;
inline constexpr type_oid bytea = 17;
inline constexpr type_oid int8 = 20;
inline constexpr type_oid int2 = 21;
inline constexpr type_oid int4 = 23;
inline constexpr type_oid text = 25;
inline constexpr type_oid oid = 26;
inline constexpr type_oid json = 114;
inline constexpr type_oid float4 = 700;
inline constexpr type_oid float8 = 701;
inline constexpr type_oid varchar = 1043;
inline constexpr type_oid date = 1082;
inline constexpr type_oid time = 1083;
inline constexpr type_oid timestamp = 1114;
inline constexpr type_oid timestamptz = 1184;
inline constexpr type_oid numeric = 1700;
inline constexpr type_oid uuid = 2950;
inline constexpr type_oid jsonb = 3802;
}  // namespace oid

/// The `format_type` name of a built-in type ("" when this table does not know it: the
/// source then asks the server once and caches the answer).
std::string builtin_type_name(type_oid t);

/// One non-NULL value in PostgreSQL's text output format (DateStyle ISO, TimeZone UTC,
/// bytea_output hex, as the connection sets them):
///   int2/int4/oid -> number; int8 -> number up to 2^53, else string; numeric -> string;
///   float4/float8 -> number (NaN, Infinity -> string); bool -> true/false;
///   bytea -> base64 of the bytes; json/jsonb -> the parsed JSON value;
///   timestamp -> "2024-05-01T10:00:00"; timestamptz -> "2024-05-01T10:00:00Z" (or an offset);
///   everything else (date, time, interval, uuid, text, arrays, ranges...) -> string.
nlohmann::json text_value(type_oid t, std::string_view text);

/// "2024-05-01 10:00:00.5+00" -> "2024-05-01T10:00:00.5Z"; "infinity" and BC dates unchanged.
std::string iso_timestamp(std::string_view text);

/// "\x00ff" -> the bytes {0x00, 0xff}; false when `text` is not bytea hex output.
bool decode_bytea_hex(std::string_view text, std::string& bytes);

}  // namespace mcpgw::backends::postgres
