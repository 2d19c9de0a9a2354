#include "value_mapping.hpp"

#include <backends/sql/value_text.hpp>

#include <charconv>
#include <cstdint>
#include <limits>
#include <unordered_map>

namespace mcpgw::backends::postgres {
namespace {

using json = nlohmann::json;

const std::unordered_map<type_oid, std::string>& builtin_names() {
    static const std::unordered_map<type_oid, std::string> names = [] {
        std::unordered_map<type_oid, std::string> m{
            {16, "boolean"},
            {17, "bytea"},
            {18, "\"char\""},
            {19, "name"},
            {20, "bigint"},
            {21, "smallint"},
            {23, "integer"},
            {24, "regproc"},
            {25, "text"},
            {26, "oid"},
            {28, "xid"},
            {29, "cid"},
            {114, "json"},
            {142, "xml"},
            {194, "pg_node_tree"},
            {650, "cidr"},
            {700, "real"},
            {701, "double precision"},
            {705, "unknown"},
            {774, "macaddr8"},
            {790, "money"},
            {829, "macaddr"},
            {869, "inet"},
            {1033, "aclitem"},
            {1042, "character"},
            {1043, "character varying"},
            {1082, "date"},
            {1083, "time without time zone"},
            {1114, "timestamp without time zone"},
            {1184, "timestamp with time zone"},
            {1186, "interval"},
            {1266, "time with time zone"},
            {1560, "bit"},
            {1562, "bit varying"},
            {1700, "numeric"},
            {2205, "regclass"},
            {2206, "regtype"},
            {2249, "record"},
            {2278, "void"},
            {2950, "uuid"},
            {3220, "pg_lsn"},
            {3614, "tsvector"},
            {3615, "tsquery"},
            {3802, "jsonb"},
            {3904, "int4range"},
            {3926, "int8range"},
            {3906, "numrange"},
            {3908, "tsrange"},
            {3910, "tstzrange"},
            {3912, "daterange"},
            {4089, "regnamespace"},
            {4096, "regrole"},
            {5069, "xid8"},
        };
        // Array types of the common element types: "<element>[]".
        const std::pair<type_oid, type_oid> arrays[] = {
            {1000, 16},   {1001, 17},   {1002, 18},   {1003, 19},   {1005, 21},   {1007, 23},
            {1009, 25},   {1014, 1042}, {1015, 1043}, {1016, 20},   {1021, 700},  {1022, 701},
            {1028, 26},   {1115, 1114}, {1182, 1082}, {1183, 1083}, {1185, 1184}, {1187, 1186},
            {1231, 1700}, {199, 114},   {3807, 3802}, {2951, 2950}, {1034, 1033}, {1041, 869},
            {651, 650},   {1270, 1266}, {143, 142},   {1561, 1560}, {1563, 1562}, {791, 790},
        };
        for (auto [array, element] : arrays) {
            m.emplace(array, m.at(element) + "[]");
        }
        return m;
    }();
    return names;
}

template <typename T>
bool parse_integer(std::string_view text, T& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

json float_value(std::string_view text) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size() && v == v &&
        v != std::numeric_limits<double>::infinity() &&
        v != -std::numeric_limits<double>::infinity()) {
        return v;
    }
    return std::string(text);  // NaN, Infinity, -Infinity (JSON has no such numbers)
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace

std::string builtin_type_name(type_oid t) {
    const auto& names = builtin_names();
    auto it = names.find(t);
    return it == names.end() ? std::string() : it->second;
}

bool decode_bytea_hex(std::string_view text, std::string& bytes) {
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) {
        return false;
    }
    bytes.clear();
    bytes.reserve((text.size() - 2) / 2);
    for (std::size_t i = 2; i < text.size(); i += 2) {
        int hi = hex_digit(text[i]);
        int lo = hex_digit(text[i + 1]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        bytes.push_back(static_cast<char>((hi << 4) | lo));
    }
    return true;
}

std::string iso_timestamp(std::string_view text) {
    auto space = text.find(' ');
    if (space == std::string_view::npos || text.ends_with(" BC")) {
        return std::string(text);  // infinity, -infinity, BC (no ISO form): as PostgreSQL wrote it
    }
    std::string out(text);
    out[space] = 'T';
    // A zone offset follows the time: +HH, +HH:MM or +HH:MM:SS (also '-').
    auto sign = out.find_first_of("+-", space + 1);
    if (sign == std::string::npos) {
        return out;
    }
    auto offset = out.substr(sign);
    if (offset == "+00" || offset == "-00" || offset == "+00:00") {
        out.replace(sign, std::string::npos, "Z");
    } else if (offset.size() == 3) {
        out += ":00";
    }
    return out;
}

json text_value(type_oid t, std::string_view text) {
    switch (t) {
        case oid::int2:
        case oid::int4:
        case oid::oid: {
            std::int64_t v = 0;
            if (parse_integer(text, v)) {
                return v;
            }
            break;
        }
        case oid::int8: {
            std::int64_t v = 0;
            if (parse_integer(text, v)) {
                return sql::integer_value(v);
            }
            break;
        }
        case oid::float4:
        case oid::float8:
            return float_value(text);
        case oid::boolean:
            if (text == "t") {
                return true;
            }
            if (text == "f") {
                return false;
            }
            break;
        case oid::bytea: {
            std::string bytes;
            if (decode_bytea_hex(text, bytes)) {
                return sql::base64_encode(bytes);
            }
            break;
        }
        case oid::json:
        case oid::jsonb: {
            auto parsed = json::parse(text.begin(), text.end(), nullptr, false);
            if (!parsed.is_discarded()) {
                return parsed;
            }
            break;
        }
        case oid::timestamp:
        case oid::timestamptz:
            return iso_timestamp(text);
        default:
            break;
    }
    return sql::valid_utf8(text);
}

}  // namespace mcpgw::backends::postgres
