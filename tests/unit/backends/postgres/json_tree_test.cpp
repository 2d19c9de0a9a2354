// The guard's JSON reader: well-formed input only, escapes decoded, no recursion (a document
// nested a million deep is read), and the same tree as nlohmann's for what libpg_query writes.
#include <backends/postgres/json_tree.hpp>
#include <backends/postgres/pg_parser.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::postgres;
using json = nlohmann::json;

// The tree as nlohmann JSON, to compare readings.
json to_json(const json_tree& t, const json_node& n) {
    switch (n.type) {
        case json_type::object: {
            json o = json::object();
            for (const json_node* c = t.first(n); c != nullptr; c = t.next(*c)) {
                o[std::string(c->key)] = to_json(t, *c);
            }
            return o;
        }
        case json_type::array: {
            json a = json::array();
            for (const json_node* c = t.first(n); c != nullptr; c = t.next(*c)) {
                a.push_back(to_json(t, *c));
            }
            return a;
        }
        case json_type::string:
            return json_tree::value(n);
        case json_type::number:
            return json::parse(n.text);
        case json_type::boolean:
            return n.text == "true";
        case json_type::null:
            return nullptr;
    }
    return nullptr;
}

TEST(PostgresJsonTree, ReadsWhatItShouldAndRefusesTheRest) {
    for (const std::string ok :
         {"{}",
          "[]",
          "1",
          "-1.5e3",
          "\"x\"",
          "true",
          "null",
          " {\"a\": [1, {\"b\": null}]} ",
          "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}"}) {
        SCOPED_TRACE(ok);
        auto t = json_tree::parse(ok);
        ASSERT_TRUE(t);
        EXPECT_EQ(to_json(*t, t->root()), json::parse(ok));
    }
    for (const std::string bad :
         {"",
          "{",
          "[1,]",
          "{\"a\":1,}",
          "{\"a\" 1}",
          "[1 2]",
          "{\"a\":1}}",
          "\"\\x\"",
          "\"\\u12\"",
          "01x",
          "tru",
          "[\"a\nb\"]",
          "{\"a\\n\":1}",
          "{} {}",
          "-",
          "1."}) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE(json_tree::parse(bad));
    }
}

TEST(PostgresJsonTree, NoRecursion) {
    std::string deep(1'000'000, '[');
    deep += std::string(1'000'000, ']');
    auto t = json_tree::parse(deep);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->size(), 1'000'000U);
}

TEST(PostgresJsonTree, SameTreeAsNlohmannForParserOutput) {
    for (const std::string sql :
         {"SELECT 1",
          "SELECT 'it''s', E'tab\\there', $$\"quoted\" \\ $$, U&'\\00e9' AS \"x\"\"y\"",
          "SELECT a < b, c > d, e & f FROM \"T\" WHERE x ~~ '%\\_%' ORDER BY 1 USING <",
          "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x FOR UPDATE",
          "SELECT '\x01\x1f', 'ünïcödé', '\xe2\x80\xa8'"}) {
        SCOPED_TRACE(sql);
        auto parsed = parsed_statement::parse(sql);
        ASSERT_TRUE(std::holds_alternative<parsed_statement>(parsed));
        const auto& tree = std::get<parsed_statement>(parsed).tree();
        auto mine = to_json(tree, tree.root());
        EXPECT_EQ(mine, json::parse(std::get<parsed_statement>(parsed).text()));
        EXPECT_EQ(mine["stmts"].size(), 1U);
    }
}

}  // namespace
