// Times and durations of the Prometheus tools: every accepted form, and refusals that say why.
#include <backends/prometheus/time_parse.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::prometheus;
using nlohmann::json;

constexpr double now = 1795321200.0;  // 2026-11-22T04:20:00Z

std::optional<double> duration(const std::string& text) {
    std::string why;
    return parse_duration(text, why);
}

std::string duration_error(const std::string& text) {
    std::string why;
    EXPECT_FALSE(parse_duration(text, why).has_value()) << text;
    return why;
}

std::optional<double> time_of(const json& value) {
    std::string why;
    auto t = parse_time(value, now, why);
    EXPECT_TRUE(t.has_value()) << value << ": " << why;
    return t;
}

std::string time_error(const json& value) {
    std::string why;
    EXPECT_FALSE(parse_time(value, now, why).has_value()) << value;
    return why;
}

TEST(PrometheusTime, DurationsInPrometheusSyntax) {
    EXPECT_EQ(duration("15s"), 15.0);
    EXPECT_EQ(duration("5m"), 300.0);
    EXPECT_EQ(duration("1h30m"), 5400.0);
    EXPECT_EQ(duration("2d"), 172800.0);
    EXPECT_EQ(duration("1w"), 604800.0);
    EXPECT_EQ(duration("1y"), 365.0 * 86400);
    EXPECT_EQ(duration("500ms"), 0.5);
    EXPECT_EQ(duration("1m30s500ms"), 90.5);
    EXPECT_EQ(duration("0"), 0.0);
}

TEST(PrometheusTime, BadDurationsSayWhy) {
    EXPECT_NE(duration_error("").find("empty"), std::string::npos);
    EXPECT_NE(duration_error("15").find("needs a unit"), std::string::npos);
    EXPECT_NE(duration_error("5 m").find("unknown unit ' m'"), std::string::npos);
    EXPECT_NE(duration_error("3x").find("unknown unit 'x'"), std::string::npos);
    EXPECT_NE(duration_error("30m1h").find("largest to smallest"), std::string::npos);
    EXPECT_NE(duration_error("1m1m").find("largest to smallest"), std::string::npos);
    EXPECT_NE(duration_error("-5m").find("'-5m'"), std::string::npos);
    EXPECT_NE(duration_error("1.5h").find("'1.5h'"), std::string::npos);
    EXPECT_NE(duration_error("h").find("'h'"), std::string::npos);
}

TEST(PrometheusTime, Rfc3339) {
    EXPECT_EQ(time_of("2026-11-22T04:20:00Z"), now);
    EXPECT_EQ(time_of("2026-11-22t04:20:00z"), now);
    EXPECT_EQ(time_of("2026-11-22 04:20:00Z"), now);
    EXPECT_EQ(time_of("2026-11-22T06:20:00+02:00"), now);
    EXPECT_EQ(time_of("2026-11-21T23:50:00-04:30"), now);
    EXPECT_EQ(time_of("2026-11-22T04:20:00.25Z"), now + 0.25);
    EXPECT_EQ(time_of("1970-01-01T00:00:00Z"), 0.0);
    EXPECT_EQ(time_of("2024-02-29T00:00:00Z"), 1709164800.0);
}

TEST(PrometheusTime, UnixSecondsAsNumberOrString) {
    EXPECT_EQ(time_of(1700000000), 1700000000.0);
    EXPECT_EQ(time_of(1700000000.5), 1700000000.5);
    EXPECT_EQ(time_of("1700000000"), 1700000000.0);
    EXPECT_EQ(time_of("1700000000.25"), 1700000000.25);
}

TEST(PrometheusTime, RelativeForms) {
    EXPECT_EQ(time_of("now"), now);
    EXPECT_EQ(time_of("now-1h"), now - 3600);
    EXPECT_EQ(time_of("now-1h30m"), now - 5400);
    EXPECT_EQ(time_of("now+5m"), now + 300);
    EXPECT_EQ(time_of("30m"), now - 1800);  // a bare duration: that long ago
    EXPECT_EQ(time_of("2d"), now - 172800);
}

TEST(PrometheusTime, BadTimesSayWhy) {
    EXPECT_NE(
        time_error("2026-13-01T00:00:00Z").find("not a valid calendar date"),
        std::string::npos
    );
    EXPECT_NE(
        time_error("2026-02-30T00:00:00Z").find("not a valid calendar date"),
        std::string::npos
    );
    EXPECT_NE(
        time_error("2025-02-29T00:00:00Z").find("not a valid calendar date"),
        std::string::npos
    );
    EXPECT_NE(
        time_error("2026-11-22T25:00:00Z").find("not a valid calendar date"),
        std::string::npos
    );
    EXPECT_NE(time_error("2026-11-22T04:20:00").find("missing time zone"), std::string::npos);
    EXPECT_NE(time_error("2026-11-22T04:20:00+2").find("bad UTC offset"), std::string::npos);
    EXPECT_NE(time_error("2026-11-22T04:20:00Zjunk").find("unexpected text"), std::string::npos);
    EXPECT_NE(time_error("2026-11-22").find("RFC 3339"), std::string::npos);
    EXPECT_NE(time_error("yesterday").find("'yesterday'"), std::string::npos);
    EXPECT_NE(time_error("now-").find("empty duration"), std::string::npos);
    EXPECT_NE(time_error("now*2").find("now-DURATION"), std::string::npos);
    EXPECT_NE(time_error("now-1x").find("unknown unit"), std::string::npos);
    EXPECT_NE(time_error("1.2.3").find("not a number of unix seconds"), std::string::npos);
    EXPECT_NE(time_error("").find("empty"), std::string::npos);
    EXPECT_NE(time_error(-5).find("out of range"), std::string::npos);
    EXPECT_NE(time_error(1e15).find("out of range"), std::string::npos);
    EXPECT_NE(time_error(true).find("expected a time"), std::string::npos);
    EXPECT_NE(time_error(json::array()).find("expected a time"), std::string::npos);
    // A long argument is shown cut, not whole.
    EXPECT_LT(time_error(std::string(5000, 'x')).size(), 300U);
}

TEST(PrometheusTime, Steps) {
    std::string why;
    EXPECT_EQ(parse_step("15s", why), 15.0);
    EXPECT_EQ(parse_step("1m", why), 60.0);
    EXPECT_EQ(parse_step("30", why), 30.0);
    EXPECT_EQ(parse_step("0.5", why), 0.5);
    EXPECT_EQ(parse_step(json(2.5), why), 2.5);
    EXPECT_FALSE(parse_step("0s", why).has_value());
    EXPECT_NE(why.find("greater than zero"), std::string::npos);
    EXPECT_FALSE(parse_step(json(-1), why).has_value());
    EXPECT_FALSE(parse_step("fast", why).has_value());
    EXPECT_FALSE(parse_step(json(true), why).has_value());
}

TEST(PrometheusTime, Formatting) {
    EXPECT_EQ(format_time(now), "2026-11-22T04:20:00Z");
    EXPECT_EQ(format_time(now + 0.25), "2026-11-22T04:20:00.250Z");
    EXPECT_EQ(format_time(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_time(1709164800.0), "2024-02-29T00:00:00Z");
    EXPECT_EQ(format_duration(90), "1m30s");
    EXPECT_EQ(format_duration(0.25), "250ms");
    EXPECT_EQ(format_duration(86400), "1d");
    EXPECT_EQ(format_duration(0), "0s");
    EXPECT_EQ(unix_param(1700000000.0), "1700000000");
    EXPECT_EQ(unix_param(1700000000.25), "1700000000.25");
    // Round trip through the parser.
    std::string why;
    EXPECT_EQ(parse_time(format_time(now + 0.25), now, why), now + 0.25);
}

}  // namespace
