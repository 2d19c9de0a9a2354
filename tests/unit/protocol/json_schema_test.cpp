// schema_validator on 2020-12 schemas: refs, recursion, tuples, violation paths and
// messages, RE2-only patterns, Unicode lengths, numeric edge cases and bad schemas.

#include <protocol/json_schema.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using mcpgw::protocol::schema_validator;
using mcpgw::protocol::schema_violation;
using nlohmann::json;

schema_validator must_compile(const json& schema) {
    std::string error;
    auto v = schema_validator::compile(schema, error);
    EXPECT_TRUE(v.has_value()) << schema.dump() << ": " << error;
    if (!v) {
        return std::move(*schema_validator::compile(true, error));
    }
    return std::move(*v);
}

std::string compile_error(const json& schema) {
    std::string error;
    auto v = schema_validator::compile(schema, error);
    EXPECT_FALSE(v.has_value()) << "compiled unexpectedly: " << schema.dump();
    return error;
}

// ---- $defs, $ref, recursion -------------------------------------------------------------

TEST(JsonSchema, DefsAndRef) {
    auto v = must_compile(json::parse(R"({
        "$defs": {"limit": {"type": "integer", "minimum": 1, "maximum": 100}},
        "type": "object",
        "properties": {"limit": {"$ref": "#/$defs/limit"}}
    })"));
    EXPECT_FALSE(v.validate(json{{"limit", 50}}));
    auto bad = v.validate(json{{"limit", 101}});
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->instance_path, "/limit");
    EXPECT_EQ(bad->message, "must be <= 100");
    EXPECT_EQ(bad->field(), "limit");
}

TEST(JsonSchema, RefSiblingsApplyIn2020_12) {
    auto v = must_compile(json::parse(R"({
        "$defs": {"arr": {"type": "array"}},
        "$ref": "#/$defs/arr", "maxItems": 2
    })"));
    EXPECT_FALSE(v.validate(json::array({1, 2})));
    EXPECT_TRUE(v.validate(json::array({1, 2, 3})));
    EXPECT_TRUE(v.validate(json::object()));
}

TEST(JsonSchema, EscapedAndPercentEncodedRefs) {
    auto v = must_compile(json::parse(R"({
        "$defs": {"a b": {"type": "string"}, "x/y": {"type": "integer"}, "t~": {"const": 1}},
        "properties": {
            "space": {"$ref": "#/$defs/a%20b"},
            "slash": {"$ref": "#/$defs/x~1y"},
            "tilde": {"$ref": "#/$defs/t~0"},
            "root": {"$ref": "#"}
        }
    })"));
    EXPECT_FALSE(v.validate(json{{"space", "s"}, {"slash", 2}, {"tilde", 1.0}}));
    EXPECT_EQ(v.validate(json{{"space", 1}})->instance_path, "/space");
    EXPECT_EQ(v.validate(json{{"slash", "s"}})->instance_path, "/slash");
    EXPECT_EQ(v.validate(json{{"tilde", 2}})->instance_path, "/tilde");
    EXPECT_EQ(
        v.validate(json{{"root", {{"root", {{"slash", 0.5}}}}}})->instance_path,
        "/root/root/slash"
    );
}

json tree_schema() {
    return json::parse(R"({
        "$defs": {
            "node": {
                "type": "object",
                "required": ["value"],
                "properties": {
                    "value": {"type": "integer"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}
                },
                "additionalProperties": false
            }
        },
        "$ref": "#/$defs/node"
    })");
}

TEST(JsonSchema, RecursiveTree) {
    auto v = must_compile(tree_schema());
    json tree = json::parse(R"({"value": 1, "children": [
        {"value": 2},
        {"value": 3, "children": [{"value": 4}, {"value": 5, "children": []}]}
    ]})");
    EXPECT_FALSE(v.validate(tree));

    tree["children"][1]["children"][1]["value"] = "five";
    auto bad = v.validate(tree);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->instance_path, "/children/1/children/1/value");
    EXPECT_EQ(bad->message, "must be integer");
    EXPECT_EQ(bad->field(), "children");
}

TEST(JsonSchema, RecursionDepthIsBounded) {
    auto v = must_compile(tree_schema());
    json deep = {{"value", 0}};
    for (int i = 0; i < 500; ++i) {
        deep = json{{"value", i}, {"children", json::array({std::move(deep)})}};
    }
    auto bad = v.validate(deep);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->message, "schema nesting too deep");

    // A ref cycle that never descends into the instance must also stop.
    auto loop = must_compile(json{{"$ref", "#"}});
    auto r = loop.validate(42);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message, "schema nesting too deep");
}

// ---- arrays -------------------------------------------------------------------------------

TEST(JsonSchema, PrefixItems) {
    auto v = must_compile(json::parse(R"({
        "type": "array",
        "prefixItems": [{"type": "string"}, {"type": "integer"}],
        "items": false
    })"));
    EXPECT_FALSE(v.validate(json::array({"a", 1})));
    EXPECT_FALSE(v.validate(json::array({"a"})));
    auto wrong = v.validate(json::array({"a", "b"}));
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->instance_path, "/1");
    auto extra = v.validate(json::array({"a", 1, true}));
    ASSERT_TRUE(extra);
    EXPECT_EQ(extra->instance_path, "/2");
    EXPECT_EQ(extra->message, "is not allowed");
}

TEST(JsonSchema, ItemsAfterPrefixItems) {
    auto v = must_compile(
        json::parse(R"({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}})")
    );
    EXPECT_FALSE(v.validate(json::array({"a", 1, 2})));
    EXPECT_EQ(v.validate(json::array({"a", 1, "x"}))->instance_path, "/2");
}

TEST(JsonSchema, Draft07TupleItemsAreReadAsPrefixItems) {
    auto v =
        must_compile(json::parse(R"({"items": [{"type": "string"}], "additionalItems": false})"));
    EXPECT_FALSE(v.validate(json::array({"a"})));
    EXPECT_TRUE(v.validate(json::array({1})));
    EXPECT_TRUE(v.validate(json::array({"a", "b"})));
    compile_error(json::parse(R"({"prefixItems": [true], "items": [true]})"));
}

TEST(JsonSchema, UniqueItemsUsesSchemaEquality) {
    auto v = must_compile(json{{"uniqueItems", true}});
    EXPECT_FALSE(v.validate(json::parse(R"([1, 2, "1", [1], {"a": 1}, true, null])")));
    auto dup = v.validate(json::parse(R"([1, 2, 1.0])"));
    ASSERT_TRUE(dup);
    EXPECT_EQ(dup->instance_path, "/2");
    EXPECT_TRUE(v.validate(json::parse(R"([{"a": 1, "b": [2]}, {"b": [2.0], "a": 1}])")));
    EXPECT_FALSE(v.validate(json::parse(R"([[1], [true]])")));
    EXPECT_FALSE(v.validate(json::parse(R"([0, false])")));

    json many = json::array();
    for (int i = 0; i < 100000; ++i) {
        many.push_back(i);
    }
    EXPECT_FALSE(v.validate(many));
    many.push_back(99999.0);
    EXPECT_EQ(v.validate(many)->instance_path, "/100000");
}

// ---- equality, numbers ---------------------------------------------------------------------

TEST(JsonSchema, EnumAndConstUseSchemaEquality) {
    auto e = must_compile(json::parse(R"({"enum": [1, {"a": [1, 2]}, "x"]})"));
    EXPECT_FALSE(e.validate(1.0));
    EXPECT_FALSE(e.validate(json::parse(R"({"a": [1.0, 2]})")));
    auto bad = e.validate("y");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->message, R"(must be one of [1,{"a":[1,2]},"x"])");
    EXPECT_TRUE(e.validate(true));

    auto c = must_compile(json::parse(R"({"const": {"b": 2, "a": 1}})"));
    EXPECT_FALSE(c.validate(json::parse(R"({"a": 1.0, "b": 2})")));
    EXPECT_TRUE(c.validate(json::parse(R"({"a": 1})")));
}

TEST(JsonSchema, IntegerType) {
    auto v = must_compile(json{{"type", "integer"}});
    for (const char* ok :
         {"1", "1.0", "-0.0", "18446744073709551615", "-9223372036854775808", "1e20"}) {
        EXPECT_FALSE(v.validate(json::parse(ok))) << ok;
    }
    for (const char* bad : {"1.5", "\"1\"", "true", "null", "[]"}) {
        EXPECT_TRUE(v.validate(json::parse(bad))) << bad;
    }
}

TEST(JsonSchema, BigIntegerBoundsAreExact) {
    auto v = must_compile(
        json::parse(R"({"maximum": 18446744073709551614, "minimum": -9223372036854775807})")
    );
    EXPECT_FALSE(v.validate(json::parse("18446744073709551614")));
    EXPECT_TRUE(v.validate(json::parse("18446744073709551615")));
    EXPECT_TRUE(v.validate(json::parse("-9223372036854775808")));
    EXPECT_FALSE(v.validate(json::parse("-9223372036854775807")));
    EXPECT_FALSE(v.validate(0.5));

    auto neg = must_compile(json::parse(R"({"exclusiveMaximum": -1})"));
    EXPECT_TRUE(neg.validate(json::parse("18446744073709551615")));
    EXPECT_FALSE(neg.validate(-2));
}

TEST(JsonSchema, MultipleOf) {
    auto cents = must_compile(json{{"multipleOf", 0.01}});
    for (double ok : {0.07, 19.99, 0.0, -3.1, 1e6}) {
        EXPECT_FALSE(cents.validate(ok)) << ok;
    }
    EXPECT_TRUE(cents.validate(0.075));
    auto three = must_compile(json{{"multipleOf", 3}});
    EXPECT_FALSE(three.validate(json::parse("18446744073709551615")));
    EXPECT_TRUE(three.validate(json::parse("18446744073709551614")));
    EXPECT_FALSE(three.validate(-9));
    EXPECT_FALSE(three.validate(6.0));
    EXPECT_EQ(three.validate(7)->message, "must be a multiple of 3");
    auto half = must_compile(json{{"multipleOf", 0.5}});
    EXPECT_FALSE(half.validate(4));
    EXPECT_TRUE(half.validate(4.25));
}

// ---- strings -------------------------------------------------------------------------------

TEST(JsonSchema, LengthCountsCodePoints) {
    auto v = must_compile(json{{"minLength", 2}, {"maxLength", 3}});
    EXPECT_FALSE(v.validate("h\u00e9\u00e9"));       // 5 bytes, 3 code points
    EXPECT_FALSE(v.validate("\u65e5\u672c\u8a9e"));  // 9 bytes, 3 code points
    EXPECT_TRUE(v.validate("\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"));
    EXPECT_FALSE(v.validate("\xF0\x9F\x98\x80\xF0\x9F\x98\x80"));
    auto short_one = v.validate("\u00e9");
    ASSERT_TRUE(short_one);
    EXPECT_EQ(short_one->message, "must be at least 2 characters");
}

TEST(JsonSchema, PatternIsAnUnanchoredSearch) {
    auto v = must_compile(json{{"pattern", "[0-9]{3}"}});
    EXPECT_FALSE(v.validate("abc123def"));
    auto bad = v.validate("ab12");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->message, "must match pattern '[0-9]{3}'");
    EXPECT_FALSE(v.validate(12));  // pattern only applies to strings
}

TEST(JsonSchema, PatternEcmaUnicodeEscape) {
    auto v = must_compile(json{{"pattern", "^\\u0041+\\\\u$"}});
    EXPECT_FALSE(v.validate("AAA\\u"));
    EXPECT_TRUE(v.validate("aaa\\u"));
}

TEST(JsonSchema, Re2RejectsBackreferencesAndLookaround) {
    for (const char* p : {"(a)\\1", "(?=a)b", "(?<!x)y"}) {
        std::string error = compile_error(json{{"pattern", p}});
        EXPECT_NE(error.find("pattern"), std::string::npos) << error;
        EXPECT_NE(error.find("RE2"), std::string::npos) << error;
    }
    std::string error = compile_error(json{{"patternProperties", {{"(x)\\1", true}}}});
    EXPECT_NE(error.find("patternProperties"), std::string::npos) << error;
}

TEST(JsonSchema, PathologicalPatternFinishes) {
    auto v = must_compile(json{{"pattern", "(a+)+$"}});
    std::string input(50000, 'a');
    input.push_back('b');
    EXPECT_TRUE(v.validate(input));  // no catastrophic backtracking: RE2 is linear
    input.pop_back();
    EXPECT_FALSE(v.validate(input));
}

// ---- objects, paths, messages --------------------------------------------------------------

json query_schema() {
    return json::parse(R"({
        "type": "object",
        "properties": {
            "sql": {"type": "string", "minLength": 1},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100},
            "mode": {"enum": ["read", "write"]},
            "filter": {
                "type": "object",
                "properties": {"tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3}}
            },
            "a/b~c": {"type": "boolean"}
        },
        "required": ["sql"],
        "additionalProperties": false
    })");
}

struct violation_case {
    const char* instance;
    const char* path;
    const char* message;
    const char* field;
};

TEST(JsonSchema, ViolationPathsAndMessages) {
    auto v = must_compile(query_schema());
    const violation_case cases[] = {
        {R"({})", "/sql", "required property 'sql' is missing", "sql"},
        {R"({"sql": "x", "extra": 1})", "/extra", "unexpected property", "extra"},
        {R"({"sql": "x", "limit": 101})", "/limit", "must be <= 100", "limit"},
        {R"({"sql": "x", "limit": 0})", "/limit", "must be >= 1", "limit"},
        {R"({"sql": "x", "limit": 2.5})", "/limit", "must be integer", "limit"},
        {R"({"sql": ""})", "/sql", "must be at least 1 characters", "sql"},
        {R"({"sql": "x", "mode": "drop"})", "/mode", R"(must be one of ["read","write"])", "mode"},
        {R"({"sql": "x", "filter": {"tags": ["a", 2]}})",
         "/filter/tags/1",
         "must be string",
         "filter"},
        {R"({"sql": "x", "filter": {"tags": ["a", "b", "c", "d"]}})",
         "/filter/tags",
         "must have at most 3 items",
         "filter"},
        {R"({"sql": "x", "a/b~c": 1})", "/a~1b~0c", "must be boolean", "a/b~c"},
        {R"([])", "", "must be object", ""},
    };
    for (const auto& c : cases) {
        auto r = v.validate(json::parse(c.instance));
        ASSERT_TRUE(r) << c.instance;
        EXPECT_EQ(r->instance_path, c.path) << c.instance;
        EXPECT_EQ(r->message, c.message) << c.instance;
        EXPECT_EQ(r->field(), c.field) << c.instance;
    }
    EXPECT_FALSE(v.validate(json::parse(R"({"sql": "select 1", "limit": 10, "a/b~c": true})")));
}

TEST(JsonSchema, FieldOfHandWrittenPaths) {
    EXPECT_EQ((schema_violation{"", "m"}).field(), "");
    EXPECT_EQ((schema_violation{"/limit", "m"}).field(), "limit");
    EXPECT_EQ((schema_violation{"/items/3", "m"}).field(), "items");
    EXPECT_EQ((schema_violation{"/x~1y~0z/1", "m"}).field(), "x/y~z");
    EXPECT_EQ((schema_violation{"/", "m"}).field(), "");
}

TEST(JsonSchema, PatternPropertiesAndPropertyNames) {
    auto v = must_compile(json::parse(R"({
        "patternProperties": {"^x-": {"type": "string"}},
        "propertyNames": {"maxLength": 5},
        "additionalProperties": {"type": "integer"}
    })"));
    EXPECT_FALSE(v.validate(json{{"x-a", "s"}, {"n", 1}}));
    EXPECT_EQ(v.validate(json{{"x-a", 1}})->instance_path, "/x-a");
    EXPECT_EQ(v.validate(json{{"n", "s"}})->instance_path, "/n");
    auto name = v.validate(json{{"toolong", 1}});
    ASSERT_TRUE(name);
    EXPECT_EQ(name->instance_path, "/toolong");
    EXPECT_EQ(name->message, "property name must be at most 5 characters");
}

TEST(JsonSchema, CombinatorMessages) {
    auto any = must_compile(json::parse(R"({"anyOf": [{"type": "string"}, {"type": "null"}]})"));
    EXPECT_FALSE(any.validate(nullptr));
    EXPECT_EQ(any.validate(1)->message, "must match at least one schema in anyOf");

    auto one = must_compile(json::parse(R"({"oneOf": [{"minimum": 0}, {"maximum": 10}]})"));
    EXPECT_FALSE(one.validate(-5));
    EXPECT_EQ(one.validate(5)->message, "must match exactly one schema in oneOf (matches several)");

    auto cond = must_compile(json::parse(R"({
        "if": {"properties": {"kind": {"const": "n"}}},
        "then": {"properties": {"v": {"type": "number"}}},
        "else": {"properties": {"v": {"type": "string"}}}
    })"));
    EXPECT_FALSE(cond.validate(json{{"kind", "n"}, {"v", 1}}));
    EXPECT_EQ(cond.validate(json{{"kind", "n"}, {"v", "x"}})->instance_path, "/v");
    EXPECT_EQ(cond.validate(json{{"kind", "s"}, {"v", 1}})->message, "must be string");

    auto no = must_compile(json::parse(R"({"not": {"type": "null"}})"));
    EXPECT_EQ(no.validate(nullptr)->message, "must not match the schema in 'not'");
}

TEST(JsonSchema, AnnotationsAreIgnored) {
    auto v = must_compile(json::parse(R"({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.com/tool.json",
        "$comment": "x", "title": "t", "description": "d", "default": 3,
        "examples": [1], "format": "email", "readOnly": true, "deprecated": false,
        "type": "integer"
    })"));
    EXPECT_FALSE(v.validate(7));
    EXPECT_TRUE(v.validate("not-an-email"));
}

TEST(JsonSchema, BooleanSchemas) {
    EXPECT_FALSE(must_compile(true).validate(json::parse(R"({"a": [1]})")));
    auto f = must_compile(false);
    EXPECT_EQ(f.validate(nullptr)->message, "is not allowed");
    EXPECT_FALSE(must_compile(json::object()).validate(42));
}

// ---- compile once, reuse -------------------------------------------------------------------

TEST(JsonSchema, CompiledValidatorSurvivesMoves) {
    std::vector<schema_validator> validators;
    for (int i = 0; i < 20; ++i) {
        validators.push_back(must_compile(tree_schema()));
    }
    schema_validator moved = std::move(validators[7]);
    validators.clear();
    EXPECT_FALSE(moved.validate(json::parse(R"({"value": 1, "children": [{"value": 2}]})")));
    EXPECT_TRUE(moved.validate(json::parse(R"({"value": 1, "children": [{}]})")));
}

// ---- bad schemas ---------------------------------------------------------------------------

struct bad_schema_case {
    const char* schema;
    const char* error_mentions;
};

TEST(JsonSchema, BadSchemasFailToCompile) {
    const bad_schema_case cases[] = {
        {R"({"$ref": "#/$defs/missing"})", "cannot be resolved"},
        {R"({"$defs": {"a": true}, "$ref": "#/$defs/a/b"})", "cannot be resolved"},
        {R"({"$ref": "#/$defs/~2"})", "cannot be resolved"},
        {R"({"$ref": "#/%zz"})", "percent"},
        {R"({"$ref": "http://example.com/s.json"})", "not local"},
        {R"({"$ref": "other.json#/a"})", "not local"},
        {R"({"$ref": "#anchor"})", "anchor"},
        {R"({"$ref": 5})", "$ref must be a string"},
        {R"({"minimum": "x"})", "minimum must be a number"},
        {R"({"exclusiveMaximum": true})", "exclusiveMaximum must be a number"},
        {R"({"multipleOf": 0})", "multipleOf must be greater than 0"},
        {R"({"minLength": -1})", "minLength must be a non-negative integer"},
        {R"({"maxItems": 1.5})", "maxItems must be a non-negative integer"},
        {R"({"type": "strnig"})", "type"},
        {R"({"type": []})", "type"},
        {R"({"required": "a"})", "required"},
        {R"({"required": [1]})", "required"},
        {R"({"enum": 1})", "enum must be an array"},
        {R"({"properties": []})", "properties"},
        {R"({"properties": {"a": 1}})", "schema must be an object or a boolean"},
        {R"({"allOf": []})", "allOf"},
        {R"({"anyOf": {}})", "anyOf"},
        {R"({"uniqueItems": "yes"})", "uniqueItems"},
        {R"({"pattern": 5})", "pattern must be a string"},
        {R"j({"$defs": {"x": {"pattern": "(?=a)"}}})j", "RE2"},
        {R"(42)", "schema must be an object or a boolean"},
    };
    for (const auto& c : cases) {
        std::string error = compile_error(json::parse(c.schema));
        EXPECT_NE(error.find(c.error_mentions), std::string::npos) << c.schema << " -> " << error;
    }
}

TEST(JsonSchema, CountsMayBeIntegralFloats) {
    auto v = must_compile(json::parse(R"({"minItems": 2.0, "maxLength": 1e30})"));
    EXPECT_TRUE(v.validate(json::array({1})));
    EXPECT_FALSE(v.validate(json::array({1, 2})));
    EXPECT_FALSE(v.validate(std::string(1000, 'x')));
}

TEST(JsonSchema, CompileErrorNamesTheLocation) {
    std::string error =
        compile_error(json::parse(R"({"properties": {"limit": {"minimum": "x"}}})"));
    EXPECT_EQ(error, "at '#/properties/limit': minimum must be a number");
}

}  // namespace
