// strict_functions: the allowlist step against a catalog built from rows shaped like the
// connector's catalog query (no server; the real catalog is used in
// tests/integration/postgres/postgres_guard_test.cpp).
#include <backends/postgres/function_catalog.hpp>
#include <backends/postgres/statement_guard.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace mcpgw::backends::postgres;
using json = nlohmann::json;

function_catalog sample_catalog() {
    json n = nullptr;
    return catalog_from_rows(json::array({
        {"f", "pg_catalog", "lower", n, ""},
        {"f", "pg_catalog", "now", n, ""},
        {"f", "pg_catalog", "random", n, "v"},
        {"f", "pg_catalog", "pg_stat_force_next_flush", n, "v"},
        {"f", "pg_catalog", "new_volatile_thing", n, "v"},
        {"f", "pg_catalog", "system", n, "v"},
        {"f", "public", "similarity", "pg_trgm", ""},
        {"f", "public", "set_limit", "pg_trgm", "v"},
        {"f", "public", "system_rows", "tsm_system_rows", "v"},
        {"f", "app", "lower", n, ""},   // shadows pg_catalog.lower for some argument types
        {"f", "app", "score", n, "v"},  // a DBA's function
        {"f", "app", "row_fn", n, ""},  // callable as t.row_fn
        {"o", "pg_catalog", "+", n, "pg_catalog.int4pl"},
        {"o", "pg_catalog", "=", n, "pg_catalog.int4eq"},
        {"o", "public", "%", "pg_trgm", "public.similarity_op"},
        {"o", "app", "===", n, "app.score"},
        {"t", "pg_catalog", "int4", n, "b"},
        {"t", "app", "mood", n, "e"},
        {"t", "app", "email", n, "d"},
    }));
}

std::optional<sql_guard::refusal>
strict(const std::string& sql, const std::set<std::string, std::less<>>& allow = {}) {
    guard_settings s;
    s.strict_functions = true;
    s.allow_functions = allow;
    auto facts = analyse_statement(sql);
    EXPECT_FALSE(facts.parse_error) << sql;
    EXPECT_TRUE(judge_statement(facts, s).allowed()) << sql;
    return judge_strict(facts, s, sample_catalog());
}

TEST(PostgresStrictFunctions, CatalogAndSafeExtensionsPassOthersNeedAllowFunctions) {
    EXPECT_FALSE(strict("SELECT now(), pg_catalog.lower('A')"));
    EXPECT_FALSE(strict("SELECT random()")) << "a reviewed volatile catalog function";
    EXPECT_TRUE(strict("SELECT new_volatile_thing()")) << "volatile and not reviewed";
    EXPECT_FALSE(strict("SELECT similarity('a', 'b'), 'a' % 'b'")) << "pg_trgm";
    EXPECT_TRUE(strict("SELECT app.score(1)"));
    EXPECT_FALSE(strict("SELECT app.score(1)", {"app.score"}));
    EXPECT_FALSE(strict("SELECT score(1)", {"score"}));
    EXPECT_TRUE(strict("SELECT unknown_fn(1)"));
    EXPECT_TRUE(strict("SELECT pg_catalog.unknown_fn(1)"));
}

TEST(PostgresStrictFunctions, ANameThatExistsOutsidePgCatalogTooIsRefusedUnqualified) {
    auto r = strict("SELECT lower(x) FROM t");
    ASSERT_TRUE(r);
    EXPECT_NE(r->reason.find("schema app"), std::string::npos) << r->reason;
    EXPECT_FALSE(strict("SELECT pg_catalog.lower(x) FROM t"));
    EXPECT_FALSE(strict("SELECT lower(x) FROM t", {"app.lower"}));
}

TEST(PostgresStrictFunctions, OperatorsTypesAttributesAndSamplingMethods) {
    EXPECT_FALSE(strict("SELECT 1 + 1 WHERE 1 = 1"));
    auto op = strict("SELECT 1 === 2");
    ASSERT_TRUE(op);
    EXPECT_NE(op->reason.find("app.score"), std::string::npos) << op->reason;
    EXPECT_FALSE(strict("SELECT 1 === 2", {"app.score"}));
    EXPECT_TRUE(strict("SELECT 1 OPERATOR(app.+) 2")) << "no such operator there";
    EXPECT_FALSE(strict("SELECT 'happy'::app.mood, 1::int4")) << "enums run no user code";
    EXPECT_TRUE(strict("SELECT 'a@b'::app.email")) << "a domain's CHECK may call anything";
    EXPECT_FALSE(strict("SELECT 'a@b'::app.email", {"app.email"}));
    EXPECT_TRUE(strict("SELECT t.row_fn FROM t")) << "t.row_fn may call app.row_fn(t)";
    EXPECT_FALSE(strict("SELECT t.id FROM t"));
    EXPECT_FALSE(strict("SELECT * FROM t TABLESAMPLE system(1)"));
    EXPECT_FALSE(strict("SELECT * FROM t TABLESAMPLE system_rows(10)"));
}

TEST(PostgresStrictFunctions, CatalogRows) {
    auto c = sample_catalog();
    EXPECT_TRUE(c.catalog_functions.contains("lower"));
    EXPECT_TRUE(c.catalog_volatile.contains("random"));
    EXPECT_FALSE(c.catalog_volatile.contains("now"));
    EXPECT_EQ(c.functions.count("lower"), 1U);
    EXPECT_EQ(c.operators.count("%"), 1U);
    EXPECT_TRUE(c.catalog_operators.contains("+"));
    EXPECT_TRUE(c.catalog_types.contains("int4"));
    EXPECT_EQ(c.types.count("email"), 1U);
    EXPECT_TRUE(catalog_from_rows(json::object()).catalog_functions.empty());
}

}  // namespace
