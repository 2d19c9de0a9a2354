#include <backends/sql/placeholders.hpp>

#include <gtest/gtest.h>

namespace {

using mcpgw::backends::sql::bind_placeholders;
using mcpgw::backends::sql_guard::sql_dialect;

TEST(Placeholders, PostgresNumbersEachNameOnce) {
    auto b = bind_placeholders(
        "SELECT * FROM t WHERE a = :a AND b > :b OR a2 = :a",
        sql_dialect::postgres
    );
    EXPECT_EQ(b.text, "SELECT * FROM t WHERE a = $1 AND b > $2 OR a2 = $1");
    EXPECT_EQ(b.order, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(b.names, (std::vector<std::string>{"a", "b"}));
}

TEST(Placeholders, QuestionMarksRepeatValues) {
    auto b = bind_placeholders("SELECT :a, :b, :a", sql_dialect::mysql);
    EXPECT_EQ(b.text, "SELECT ?, ?, ?");
    EXPECT_EQ(b.order, (std::vector<std::string>{"a", "b", "a"}));
    EXPECT_EQ(b.names, (std::vector<std::string>{"a", "b"}));
}

TEST(Placeholders, LeavesStringsIdentifiersCommentsAndCastsAlone) {
    auto pg = bind_placeholders(
        "SELECT ':x', \":y\", $q$ :z $q$, 1::int, :real -- :c\n/* :d */",
        sql_dialect::postgres
    );
    EXPECT_EQ(pg.text, "SELECT ':x', \":y\", $q$ :z $q$, 1::int, $1 -- :c\n/* :d */");
    EXPECT_EQ(pg.names, (std::vector<std::string>{"real"}));

    auto my = bind_placeholders("SELECT 'it\\'s :no', `:col`, :yes # :c", sql_dialect::mysql);
    EXPECT_EQ(my.text, "SELECT 'it\\'s :no', `:col`, ? # :c");
    EXPECT_EQ(my.names, (std::vector<std::string>{"yes"}));

    auto doubled = bind_placeholders("SELECT 'a'':b', :c", sql_dialect::sqlite);
    EXPECT_EQ(doubled.text, "SELECT 'a'':b', ?");
}

TEST(Placeholders, ColonNotFollowedByANameStays) {
    auto b = bind_placeholders("SELECT a[1:2], ':' , x := 1", sql_dialect::postgres);
    EXPECT_EQ(b.text, "SELECT a[1:2], ':' , x := 1");
    EXPECT_TRUE(b.names.empty());
}

TEST(Placeholders, UnterminatedQuotesAreErrors) {
    EXPECT_THROW(bind_placeholders("SELECT 'abc", sql_dialect::postgres), std::invalid_argument);
    EXPECT_THROW(bind_placeholders("SELECT /* x", sql_dialect::mysql), std::invalid_argument);
    EXPECT_THROW(bind_placeholders("SELECT $a$ x", sql_dialect::postgres), std::invalid_argument);
}

}  // namespace
