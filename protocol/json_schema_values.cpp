#include "json_schema_values.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace mcpgw::protocol::schema_detail {
namespace {

template <class T>
int three_way(T a, T b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

// long double has a 64-bit (x86-64) or 113-bit (aarch64) mantissa: every int64, uint64 and
// double converts exactly, so mixed integer/float comparisons are exact.
long double to_long_double(const json& v) {
    if (v.is_number_unsigned()) {
        return static_cast<long double>(v.get<std::uint64_t>());
    }
    if (v.is_number_integer()) {
        return static_cast<long double>(v.get<std::int64_t>());
    }
    return static_cast<long double>(v.get<double>());
}

std::uint64_t magnitude(const json& v) {
    if (v.is_number_unsigned()) {
        return v.get<std::uint64_t>();
    }
    auto s = v.get<std::int64_t>();
    // Negating in unsigned arithmetic is defined even for INT64_MIN.
    return s < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(s) : static_cast<std::uint64_t>(s);
}

std::size_t combine(std::size_t seed, std::size_t v) {
    return seed ^ (v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

std::size_t number_hash(const json& v) {
    constexpr double two63 = 9223372036854775808.0;
    if (v.is_number_unsigned()) {
        auto u = v.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::hash<std::int64_t>{}(static_cast<std::int64_t>(u));
        }
        return std::hash<std::uint64_t>{}(u);
    }
    if (v.is_number_integer()) {
        return std::hash<std::int64_t>{}(v.get<std::int64_t>());
    }
    // Integral floats hash like the integer they equal.
    double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d) {
        if (d >= -two63 && d < two63) {
            return std::hash<std::int64_t>{}(static_cast<std::int64_t>(d));
        }
        if (d >= 0 && d < 2 * two63) {
            return std::hash<std::uint64_t>{}(static_cast<std::uint64_t>(d));
        }
    }
    return std::hash<double>{}(d);
}

}  // namespace

int compare_numbers(const json& a, const json& b) {
    if (a.is_number_integer() && b.is_number_integer()) {
        bool au = a.is_number_unsigned();
        bool bu = b.is_number_unsigned();
        if (au && bu) {
            return three_way(a.get<std::uint64_t>(), b.get<std::uint64_t>());
        }
        if (!au && !bu) {
            return three_way(a.get<std::int64_t>(), b.get<std::int64_t>());
        }
        // Mixed signedness: a negative signed value is below every unsigned one.
        auto s = au ? b.get<std::int64_t>() : a.get<std::int64_t>();
        auto u = au ? a.get<std::uint64_t>() : b.get<std::uint64_t>();
        int signed_vs_unsigned = s < 0 ? -1 : three_way(static_cast<std::uint64_t>(s), u);
        return au ? -signed_vs_unsigned : signed_vs_unsigned;
    }
    return three_way(to_long_double(a), to_long_double(b));
}

bool is_integral(const json& v) {
    if (v.is_number_integer()) {
        return true;
    }
    if (!v.is_number_float()) {
        return false;
    }
    double d = v.get<double>();
    return std::isfinite(d) && std::floor(d) == d;
}

bool is_multiple_of(const json& value, const json& divisor) {
    if (value.is_number_integer() && divisor.is_number_integer()) {
        auto d = magnitude(divisor);
        return d != 0 && magnitude(value) % d == 0;
    }
    double q = value.get<double>() / divisor.get<double>();
    if (!std::isfinite(q)) {
        return false;  // overflowed: treat as not a multiple rather than guessing
    }
    // Decimal divisors (0.01) are inexact in binary: allow the rounding error of the division.
    double tolerance = std::max(1e-9, std::fabs(q) * 4 * std::numeric_limits<double>::epsilon());
    return std::fabs(q - std::nearbyint(q)) <= tolerance;
}

bool json_equal(const json& a, const json& b) {
    if (a.is_number() && b.is_number()) {
        return compare_numbers(a, b) == 0;
    }
    if (a.type() != b.type()) {
        return false;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) {
            return false;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!json_equal(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }
    if (a.is_object()) {
        if (a.size() != b.size()) {
            return false;
        }
        for (const auto& [key, value] : a.items()) {
            auto other = b.find(key);
            if (other == b.end() || !json_equal(value, *other)) {
                return false;
            }
        }
        return true;
    }
    return a == b;
}

std::size_t json_hash(const json& v) {
    if (v.is_number()) {
        return number_hash(v);
    }
    std::size_t h = static_cast<std::size_t>(v.type());
    if (v.is_string()) {
        return combine(h, std::hash<std::string>{}(v.get_ref<const std::string&>()));
    }
    if (v.is_boolean()) {
        return combine(h, v.get<bool>() ? 1 : 2);
    }
    if (v.is_array()) {
        for (const auto& e : v) {
            h = combine(h, json_hash(e));
        }
    } else if (v.is_object()) {
        // nlohmann's object is a sorted std::map, so this order is canonical.
        for (const auto& [key, value] : v.items()) {
            h = combine(combine(h, std::hash<std::string>{}(key)), json_hash(value));
        }
    }
    return h;
}

std::size_t code_points(std::string_view utf8) {
    std::size_t n = 0;
    for (char c : utf8) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++n;
        }
    }
    return n;
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

void append_pointer_token(std::string& pointer, std::string_view token) {
    pointer.push_back('/');
    for (char c : token) {
        if (c == '~') {
            pointer.append("~0");
        } else if (c == '/') {
            pointer.append("~1");
        } else {
            pointer.push_back(c);
        }
    }
}

bool unescape_pointer_token(std::string_view token, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] != '~') {
            out.push_back(token[i]);
            continue;
        }
        if (i + 1 >= token.size() || (token[i + 1] != '0' && token[i + 1] != '1')) {
            return false;
        }
        out.push_back(token[++i] == '0' ? '~' : '/');
    }
    return true;
}

}  // namespace mcpgw::protocol::schema_detail
