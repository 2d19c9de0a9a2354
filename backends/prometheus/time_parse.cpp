#include "time_parse.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <utility>

namespace mcpgw::backends::prometheus {
namespace {

// Latest accepted time: 9999-12-31T23:59:59Z (the RFC 3339 range).
constexpr double max_unix_seconds = 253402300799.0;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string quoted(std::string_view text) {
    constexpr std::size_t max_shown = 64;
    std::string shown(text.substr(0, max_shown));
    if (text.size() > max_shown) {
        shown += "...";
    }
    return "'" + shown + "'";
}

// Seconds per unit, in the order Prometheus requires (largest first).
constexpr std::array<std::pair<std::string_view, double>, 7> units = {{
    {"y", 365.0 * 86400},
    {"w", 7.0 * 86400},
    {"d", 86400},
    {"h", 3600},
    {"m", 60},
    {"s", 1},
    {"ms", 0.001},
}};

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3u : 9u)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap_year(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap_year(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

// Reads exactly `n` digits at `pos`.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) {
        return std::nullopt;
    }
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!is_digit(s[i])) {
            return std::nullopt;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

std::optional<double> parse_rfc3339(std::string_view s, std::string& why) {
    const std::string expected =
        "expected RFC 3339 such as 2026-11-22T04:00:00Z or 2026-11-22T06:00:00.5+02:00";
    auto year = digits(s, 0, 4);
    auto month = digits(s, 5, 2);
    auto day = digits(s, 8, 2);
    auto hour = digits(s, 11, 2);
    auto minute = digits(s, 14, 2);
    auto second = digits(s, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second || s[4] != '-' || s[7] != '-' ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') {
        why = quoted(s) + ": " + expected;
        return std::nullopt;
    }
    if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month) ||
        *hour > 23 || *minute > 59 || *second > 60) {
        why = quoted(s) + ": not a valid calendar date and time";
        return std::nullopt;
    }
    std::size_t pos = 19;
    double fraction = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        double scale = 0.1;
        std::size_t start = pos;
        while (pos < s.size() && is_digit(s[pos])) {
            fraction += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) {
            why = quoted(s) + ": no digits after the decimal point";
            return std::nullopt;
        }
    }
    int offset_seconds = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        auto oh = digits(s, pos + 1, 2);
        auto om = digits(s, pos + 4, 2);
        if (!oh || !om || s[pos + 3] != ':' || *oh > 23 || *om > 59) {
            why = quoted(s) + ": bad UTC offset (expected Z, +HH:MM or -HH:MM)";
            return std::nullopt;
        }
        offset_seconds = (*oh * 3600 + *om * 60) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        why = quoted(s) + ": missing time zone (Z or +HH:MM); " + expected;
        return std::nullopt;
    }
    if (pos != s.size()) {
        why = quoted(s) + ": unexpected text after the time; " + expected;
        return std::nullopt;
    }
    auto days = days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
    double t = static_cast<double>(days) * 86400.0 + *hour * 3600.0 + *minute * 60.0 + *second +
               fraction - offset_seconds;
    return t;
}

std::optional<double> parse_unix(std::string_view s) {
    std::size_t pos = 0;
    double whole = 0;
    while (pos < s.size() && is_digit(s[pos])) {
        whole = whole * 10 + (s[pos] - '0');
        ++pos;
    }
    if (pos == 0) {
        return std::nullopt;
    }
    double fraction = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        double scale = 0.1;
        std::size_t start = pos;
        while (pos < s.size() && is_digit(s[pos])) {
            fraction += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    return whole + fraction;
}

std::optional<double> checked_range(double t, std::string_view shown, std::string& why) {
    if (!std::isfinite(t) || t < 0 || t > max_unix_seconds) {
        why = quoted(shown) + ": out of range (1970-01-01 .. 9999-12-31)";
        return std::nullopt;
    }
    return t;
}

bool all_unix_chars(std::string_view s) {
    for (char c : s) {
        if (!is_digit(c) && c != '.') {
            return false;
        }
    }
    return !s.empty();
}

}  // namespace

std::optional<double> parse_duration(std::string_view text, std::string& why) {
    const std::string syntax = "expected a duration such as 30s, 5m, 1h30m, 2d or 500ms";
    if (text.empty()) {
        why = "empty duration; " + syntax;
        return std::nullopt;
    }
    if (text == "0") {
        return 0.0;
    }
    double total = 0;
    std::size_t pos = 0;
    std::size_t last_unit = 0;  // index into units + 1 of the previous unit (order check)
    while (pos < text.size()) {
        std::size_t start = pos;
        double number = 0;
        while (pos < text.size() && is_digit(text[pos])) {
            number = number * 10 + (text[pos] - '0');
            ++pos;
        }
        if (pos == start) {
            why = quoted(text) + ": " + syntax;
            return std::nullopt;
        }
        std::size_t unit_start = pos;
        while (pos < text.size() && !is_digit(text[pos])) {
            ++pos;
        }
        auto unit = text.substr(unit_start, pos - unit_start);
        std::size_t index = 0;
        for (; index < units.size(); ++index) {
            if (units[index].first == unit) {
                break;
            }
        }
        if (unit.empty() || index == units.size()) {
            why = quoted(text) + ": " +
                  (unit.empty() ? "a number needs a unit"
                                : "unknown unit '" + std::string(unit) + "'") +
                  " (ms, s, m, h, d, w, y); " + syntax;
            return std::nullopt;
        }
        if (index + 1 <= last_unit) {
            why = quoted(text) + ": units must go from largest to smallest, each once (e.g. 1h30m)";
            return std::nullopt;
        }
        last_unit = index + 1;
        total += number * units[index].second;
    }
    return total;
}

std::optional<double> parse_step(const nlohmann::json& value, std::string& why) {
    double step = 0;
    if (value.is_number()) {
        step = value.get<double>();
    } else if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (auto plain = parse_unix(text)) {
            step = *plain;
        } else {
            auto d = parse_duration(text, why);
            if (!d) {
                return std::nullopt;
            }
            step = *d;
        }
    } else {
        why = "expected a duration such as 15s or 1m, or a number of seconds";
        return std::nullopt;
    }
    if (!std::isfinite(step) || step <= 0) {
        why = "must be greater than zero";
        return std::nullopt;
    }
    return step;
}

std::optional<double> parse_time(const nlohmann::json& value, double now, std::string& why) {
    if (value.is_number()) {
        double t = value.get<double>();
        return checked_range(t, value.dump(), why);
    }
    if (!value.is_string()) {
        why = "expected a time: RFC 3339, unix seconds, now, now-1h or a duration such as 30m";
        return std::nullopt;
    }
    std::string_view s = value.get_ref<const std::string&>();
    if (s.empty()) {
        why = "empty time; expected RFC 3339, unix seconds, now, now-1h or a duration such as 30m";
        return std::nullopt;
    }
    if (s == "now") {
        return now;
    }
    if (s.starts_with("now")) {
        auto rest = s.substr(3);
        if (rest.empty() || (rest[0] != '-' && rest[0] != '+')) {
            why = quoted(s) + ": expected now, now-DURATION or now+DURATION (e.g. now-1h)";
            return std::nullopt;
        }
        auto d = parse_duration(rest.substr(1), why);
        if (!d) {
            return std::nullopt;
        }
        return checked_range(rest[0] == '-' ? now - *d : now + *d, s, why);
    }
    if (all_unix_chars(s)) {
        auto t = parse_unix(s);
        if (!t) {
            why = quoted(s) + ": not a number of unix seconds";
            return std::nullopt;
        }
        return checked_range(*t, s, why);
    }
    if (s.size() >= 10 && is_digit(s[0]) && s.size() > 4 && s[4] == '-') {
        auto t = parse_rfc3339(s, why);
        if (!t) {
            return std::nullopt;
        }
        return checked_range(*t, s, why);
    }
    if (is_digit(s[0])) {
        std::string duration_why;
        auto d = parse_duration(s, duration_why);
        if (d) {
            return checked_range(now - *d, s, why);
        }
        why = duration_why;
        return std::nullopt;
    }
    why = quoted(s) +
          ": expected RFC 3339 (2026-11-22T04:00:00Z), unix seconds, now, now-1h or a duration "
          "such as 30m";
    return std::nullopt;
}

std::string format_time(double unix_seconds) {
    auto total_ms = static_cast<std::int64_t>(std::llround(unix_seconds * 1000.0));
    std::int64_t secs = total_ms / 1000;
    auto ms = static_cast<int>(total_ms % 1000);
    if (ms < 0) {
        ms += 1000;
        secs -= 1;
    }
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days -= 1;
    }
    // civil_from_days (Howard Hinnant).
    std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = y + (m <= 2 ? 1 : 0);
    char buf[48];
    if (ms != 0) {
        std::snprintf(
            buf,
            sizeof buf,
            "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
            static_cast<long long>(year),
            m,
            d,
            static_cast<int>(rem / 3600),
            static_cast<int>(rem % 3600 / 60),
            static_cast<int>(rem % 60),
            ms
        );
    } else {
        std::snprintf(
            buf,
            sizeof buf,
            "%04lld-%02u-%02uT%02d:%02d:%02dZ",
            static_cast<long long>(year),
            m,
            d,
            static_cast<int>(rem / 3600),
            static_cast<int>(rem % 3600 / 60),
            static_cast<int>(rem % 60)
        );
    }
    return buf;
}

std::string format_duration(double seconds) {
    auto ms = static_cast<std::int64_t>(std::llround(seconds * 1000.0));
    if (ms <= 0) {
        return "0s";
    }
    std::string out;
    constexpr std::array<std::pair<const char*, std::int64_t>, 5> parts = {{
        {"d", 86400000},
        {"h", 3600000},
        {"m", 60000},
        {"s", 1000},
        {"ms", 1},
    }};
    for (const auto& [unit, size] : parts) {
        if (ms >= size) {
            out += std::to_string(ms / size) + unit;
            ms %= size;
        }
    }
    return out;
}

std::string unix_param(double seconds) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", seconds);
    std::string out(buf);
    while (!out.empty() && out.back() == '0') {
        out.pop_back();
    }
    if (!out.empty() && out.back() == '.') {
        out.pop_back();
    }
    return out;
}

double unix_now() {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration<double>(now).count();
}

}  // namespace mcpgw::backends::prometheus
