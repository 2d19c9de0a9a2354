// MySQL/MariaDB values and type names from column metadata (no server needed).
#include <backends/mysql/value_mapping.hpp>

#include <gtest/gtest.h>

namespace {

using mcpgw::backends::mysql::field_info;
using mcpgw::backends::mysql::type_name;
using mcpgw::backends::mysql::value_of;
using json = nlohmann::json;

constexpr unsigned int utf8mb4 = 45;
constexpr unsigned int binary = 63;

field_info field(
    enum_field_types type,
    unsigned int flags = 0,
    unsigned int charset = binary,
    unsigned long length = 0
) {
    return field_info{type, flags, charset, length, false};
}

TEST(MysqlValueMapping, SmallIntegersAreNumbers) {
    EXPECT_EQ(value_of(field(MYSQL_TYPE_TINY), "-5"), json(-5));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_SHORT), "300"), json(300));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_INT24), "8388607"), json(8388607));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_LONG, UNSIGNED_FLAG), "4294967295"), json(4294967295U));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_YEAR), "2024"), json(2024));
}

TEST(MysqlValueMapping, BigintsBeyondTwoToThe53AreStrings) {
    EXPECT_EQ(value_of(field(MYSQL_TYPE_LONGLONG), "9007199254740992"), json(9007199254740992LL));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_LONGLONG), "9007199254740993"), json("9007199254740993"));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_LONGLONG), "-9007199254740993"), json("-9007199254740993"));
    EXPECT_EQ(
        value_of(field(MYSQL_TYPE_LONGLONG, UNSIGNED_FLAG), "18446744073709551615"),
        json("18446744073709551615")
    );
    EXPECT_EQ(value_of(field(MYSQL_TYPE_LONGLONG, UNSIGNED_FLAG), "42"), json(42));
}

TEST(MysqlValueMapping, DecimalsStayExactStrings) {
    EXPECT_EQ(value_of(field(MYSQL_TYPE_NEWDECIMAL), "12345.6789"), json("12345.6789"));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_DECIMAL), "0.10"), json("0.10"));
}

TEST(MysqlValueMapping, FloatsAreNumbers) {
    EXPECT_EQ(value_of(field(MYSQL_TYPE_DOUBLE), "2.25"), json(2.25));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_FLOAT), "-1.5e3"), json(-1500.0));
}

TEST(MysqlValueMapping, BitsAreBigEndianNumbers) {
    EXPECT_EQ(value_of(field(MYSQL_TYPE_BIT), std::string_view("\x02\xAA", 2)), json(682));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_BIT), std::string_view("\x00", 1)), json(0));
    EXPECT_EQ(
        value_of(field(MYSQL_TYPE_BIT), std::string_view("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 8)),
        json("18446744073709551615")
    );
}

TEST(MysqlValueMapping, BinaryIsBase64AndTextIsValidUtf8) {
    auto blob = field(MYSQL_TYPE_BLOB, BINARY_FLAG, binary, 65535);
    EXPECT_EQ(value_of(blob, std::string_view("\x00\xFF\x10", 3)), json("AP8Q"));
    auto text = field(MYSQL_TYPE_VAR_STRING, 0, utf8mb4, 80);
    EXPECT_EQ(value_of(text, "h\xC3\xA9llo"), json("h\xC3\xA9llo"));
    EXPECT_EQ(value_of(text, "bad \xFF byte"), json("bad \xEF\xBF\xBD byte"));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_STRING, BINARY_FLAG, binary, 4), "ab"), json("YWI="));
}

TEST(MysqlValueMapping, DatetimesAreIso8601AndTimestampsUtc) {
    EXPECT_EQ(
        value_of(field(MYSQL_TYPE_DATETIME), "2024-01-02 03:04:05.123456"),
        json("2024-01-02T03:04:05.123456")
    );
    EXPECT_EQ(
        value_of(field(MYSQL_TYPE_TIMESTAMP), "2024-01-02 03:04:05"),
        json("2024-01-02T03:04:05Z")
    );
    EXPECT_EQ(
        value_of(field(MYSQL_TYPE_DATETIME), "0000-00-00 00:00:00"),
        json("0000-00-00 00:00:00")
    );
    EXPECT_EQ(value_of(field(MYSQL_TYPE_DATE), "2024-01-02"), json("2024-01-02"));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_TIME), "-838:59:59"), json("-838:59:59"));
}

TEST(MysqlValueMapping, JsonColumnsAreParsedAndBadJsonStaysText) {
    field_info j{MYSQL_TYPE_BLOB, 0, utf8mb4, 4294967295UL, true};
    EXPECT_EQ(value_of(j, R"({"a": [1, 2]})"), json::parse(R"({"a":[1,2]})"));
    EXPECT_EQ(value_of(j, "not json"), json("not json"));
    EXPECT_EQ(type_name(j), "json");
}

TEST(MysqlValueMapping, TypeNames) {
    EXPECT_EQ(type_name(field(MYSQL_TYPE_LONG)), "int");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_LONGLONG, UNSIGNED_FLAG)), "bigint unsigned");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_TINY)), "tinyint");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_NEWDECIMAL)), "decimal");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_DATETIME)), "datetime");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_TIMESTAMP)), "timestamp");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_BIT)), "bit");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_VAR_STRING, 0, utf8mb4, 80)), "varchar");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_VAR_STRING, BINARY_FLAG, binary, 10)), "varbinary");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_STRING, 0, utf8mb4, 4)), "char");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_STRING, ENUM_FLAG, utf8mb4, 4)), "enum");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_BLOB, BINARY_FLAG, binary, 255)), "tinyblob");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_BLOB, BINARY_FLAG, binary, 65535)), "blob");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_BLOB, 0, utf8mb4, 262140)), "text");
    EXPECT_EQ(type_name(field(MYSQL_TYPE_BLOB, 0, utf8mb4, 4294967295UL)), "longtext");
}

TEST(MysqlValueMapping, UnparsableNumbersFallBackToText) {
    EXPECT_EQ(value_of(field(MYSQL_TYPE_LONG), "12abc"), json("12abc"));
    EXPECT_EQ(value_of(field(MYSQL_TYPE_DOUBLE), "nan"), json("nan"));
}

}  // namespace
