// PostgreSQL text values as JSON by type OID, type names, error mapping and message
// sanitising (no server needed).
#include <backends/postgres/error_text.hpp>
#include <backends/postgres/server_error.hpp>
#include <backends/postgres/text_params.hpp>
#include <backends/postgres/value_mapping.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::postgres;
using json = nlohmann::json;

TEST(PostgresValues, Integers) {
    EXPECT_EQ(text_value(oid::int2, "-12"), json(-12));
    EXPECT_EQ(text_value(oid::int4, "2147483647"), json(2147483647));
    EXPECT_EQ(text_value(oid::oid, "4294967295"), json(4294967295LL));
    EXPECT_EQ(text_value(oid::int8, "9007199254740992"), json(9007199254740992LL));
    EXPECT_EQ(text_value(oid::int8, "9007199254740993"), json("9007199254740993"));
    EXPECT_EQ(text_value(oid::int8, "-9223372036854775808"), json("-9223372036854775808"));
}

TEST(PostgresValues, DecimalsAndFloats) {
    EXPECT_EQ(
        text_value(oid::numeric, "12345678901234567890.000001"),
        json("12345678901234567890.000001")
    );
    EXPECT_EQ(text_value(oid::numeric, "NaN"), json("NaN"));
    EXPECT_EQ(text_value(oid::float8, "1.5"), json(1.5));
    EXPECT_EQ(text_value(oid::float4, "-0.25"), json(-0.25));
    EXPECT_EQ(text_value(oid::float8, "1e+300"), json(1e300));
    EXPECT_EQ(text_value(oid::float8, "NaN"), json("NaN"));
    EXPECT_EQ(text_value(oid::float8, "Infinity"), json("Infinity"));
    EXPECT_EQ(text_value(oid::float4, "-Infinity"), json("-Infinity"));
}

TEST(PostgresValues, BooleansBytesJson) {
    EXPECT_EQ(text_value(oid::boolean, "t"), json(true));
    EXPECT_EQ(text_value(oid::boolean, "f"), json(false));
    EXPECT_EQ(text_value(oid::bytea, "\\x00ff10"), json("AP8Q"));
    EXPECT_EQ(text_value(oid::bytea, "\\x"), json(""));
    EXPECT_EQ(text_value(oid::bytea, "\\x0g"), json("\\x0g")) << "not hex output: as text";
    EXPECT_EQ(
        text_value(oid::jsonb, R"({"a": [1, null, "x"]})"),
        json::parse(R"({"a":[1,null,"x"]})")
    );
    EXPECT_EQ(text_value(oid::json, "12"), json(12));
    EXPECT_EQ(text_value(oid::json, "{bad"), json("{bad")) << "unparsable: the text";
}

TEST(PostgresValues, Timestamps) {
    EXPECT_EQ(text_value(oid::timestamptz, "2024-05-01 10:00:00+00"), json("2024-05-01T10:00:00Z"));
    EXPECT_EQ(
        text_value(oid::timestamptz, "2024-05-01 10:00:00.123456+00"),
        json("2024-05-01T10:00:00.123456Z")
    );
    EXPECT_EQ(
        text_value(oid::timestamptz, "2024-05-01 15:30:00+05:30"),
        json("2024-05-01T15:30:00+05:30")
    );
    EXPECT_EQ(
        text_value(oid::timestamptz, "2024-05-01 03:00:00-07"),
        json("2024-05-01T03:00:00-07:00")
    );
    EXPECT_EQ(text_value(oid::timestamp, "2024-05-01 10:00:00"), json("2024-05-01T10:00:00"));
    EXPECT_EQ(text_value(oid::timestamp, "infinity"), json("infinity"));
    EXPECT_EQ(text_value(oid::timestamp, "0044-03-15 12:00:00 BC"), json("0044-03-15 12:00:00 BC"));
    EXPECT_EQ(text_value(oid::date, "2024-05-01"), json("2024-05-01"));
    EXPECT_EQ(text_value(oid::time, "10:00:00"), json("10:00:00"));
}

TEST(PostgresValues, EverythingElseIsValidText) {
    EXPECT_EQ(
        text_value(oid::uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        json("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
    );
    EXPECT_EQ(text_value(1007, "{1,2,NULL}"), json("{1,2,NULL}"));
    EXPECT_EQ(text_value(oid::text, "caf\xc3\xa9"), json("caf\xc3\xa9"));
    EXPECT_EQ(text_value(oid::text, "bad\xff"), json("bad\xef\xbf\xbd"));
    EXPECT_EQ(text_value(oid::int4, "oops"), json("oops")) << "unparsable: the text";
}

TEST(PostgresValues, TypeNamesFollowFormatType) {
    EXPECT_EQ(builtin_type_name(oid::int4), "integer");
    EXPECT_EQ(builtin_type_name(oid::int8), "bigint");
    EXPECT_EQ(builtin_type_name(oid::int2), "smallint");
    EXPECT_EQ(builtin_type_name(oid::float8), "double precision");
    EXPECT_EQ(builtin_type_name(oid::timestamptz), "timestamp with time zone");
    EXPECT_EQ(builtin_type_name(oid::varchar), "character varying");
    EXPECT_EQ(builtin_type_name(1007), "integer[]");
    EXPECT_EQ(builtin_type_name(3807), "jsonb[]");
    EXPECT_EQ(builtin_type_name(987654), "") << "unknown: looked up on the server";
}

TEST(PostgresErrors, CodesBySqlstate) {
    auto code = [](const server_error& e, std::string_view field = "sql") {
        auto r = error_result_for(e, field, std::chrono::seconds(3));
        return r["_meta"]["mcpgw/error"];
    };
    auto timeout = code({"57014", "ERROR", "canceling statement due to statement timeout", ""});
    EXPECT_EQ(timeout["code"], "timeout");
    EXPECT_EQ(timeout["retryable"], true);
    EXPECT_NE(timeout["message"].get<std::string>().find("3000 ms"), std::string::npos);
    EXPECT_EQ(
        code({"57014", "ERROR", "canceling statement due to user request", ""})["code"],
        "cancelled"
    );
    auto ro = code({"25006", "ERROR", "cannot execute INSERT in a read-only transaction", ""});
    EXPECT_EQ(ro["code"], "refused");
    EXPECT_NE(ro["message"].get<std::string>().find("read_only"), std::string::npos);
    EXPECT_EQ(code({"42501", "ERROR", "permission denied for table t", ""})["code"], "refused");
    EXPECT_EQ(
        code({"57P01", "FATAL", "terminating connection due to administrator command", ""})["code"],
        "unavailable"
    );
    EXPECT_EQ(code({"08006", "ERROR", "connection failure", ""})["code"], "unavailable");
    EXPECT_EQ(code({"40001", "ERROR", "could not serialize access", ""})["retryable"], true);
    auto syntax = code({"42601", "ERROR", "syntax error at or near \"SELEC\"", "check it"});
    EXPECT_EQ(syntax["code"], "backend_error");
    EXPECT_EQ(syntax["field"], "sql");
    EXPECT_EQ(syntax["retryable"], false);
    EXPECT_EQ(
        syntax["message"],
        "postgres: syntax error at or near \"SELEC\" (hint: check it) [SQLSTATE 42601]"
    );
    EXPECT_FALSE(code({"23505", "ERROR", "duplicate key", ""}).contains("field"));
}

TEST(PostgresErrors, SanitiseRedactsAndFlattens) {
    EXPECT_EQ(sanitise("a\n\tb   c \n", ""), "a b c");
    EXPECT_EQ(
        sanitise("FATAL: password authentication failed for \"hunter2\" hunter2x", "hunter2"),
        "FATAL: password authentication failed for \"***\" ***x"
    );
    EXPECT_EQ(sanitise("pw is pa  ss\n", "pa  ss"), "pw is ***");
    EXPECT_EQ(sanitise("pw is pa\nss", "pa  ss"), "pw is ***") << "redacted after collapsing too";
    auto long_text = sanitise(std::string(1000, 'x') + "hunter2", "hunter2", 50);
    EXPECT_EQ(long_text, std::string(50, 'x') + "...");
    // A cut never leaves the start of a password behind.
    auto cut = sanitise(std::string(48, 'y') + "hunter2", "hunter2", 50);
    EXPECT_EQ(cut.find("hu"), std::string::npos) << cut;
}

}  // namespace

namespace {

TEST(PostgresParams, JsonValuesAsTextParameters) {
    using mcpgw::backends::postgres::text_param;
    EXPECT_EQ(
        text_param(nullptr),
        std::optional<std::optional<std::string>>(std::optional<std::string>())
    ) << "null binds SQL NULL";
    EXPECT_EQ(text_param(true), std::optional<std::optional<std::string>>("true"));
    EXPECT_EQ(text_param(false), std::optional<std::optional<std::string>>("false"));
    EXPECT_EQ(text_param(42), std::optional<std::optional<std::string>>("42"));
    EXPECT_EQ(text_param(-1.5), std::optional<std::optional<std::string>>("-1.5"));
    EXPECT_EQ(
        text_param("x' OR '1'='1"),
        std::optional<std::optional<std::string>>("x' OR '1'='1")
    );
    EXPECT_EQ(
        text_param(json::parse(R"({"a":[1]})")),
        std::optional<std::optional<std::string>>(R"({"a":[1]})")
    );
    EXPECT_EQ(text_param(std::string("a\0b", 3)), std::nullopt) << "NUL cannot be sent as text";
}

}  // namespace
