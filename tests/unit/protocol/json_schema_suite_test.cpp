// Runs the official JSON Schema Test Suite (draft7 files, Debian package
// json-schema-test-suite) against schema_validator: every test case of every keyword whose
// meaning did not change in 2020-12 becomes its own GTest case, e.g.
// Draft7/SchemaSuite.Case/minimum_g0_c2_boundary_point_is_valid.
//
// Draft-07 array-form "items" (+ "additionalItems") is run as is: the compiler reads it as
// 2020-12 prefixItems (+ items), which keeps refs such as "#/items/0" pointing where the
// suite expects.

#include <protocol/json_schema.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using mcpgw::protocol::schema_validator;
using nlohmann::json;

const char* const suite_dir = "/usr/share/json-schema-test-suite/tests/draft7/";

const char* const keyword_files[] = {
    "type",
    "properties",
    "required",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "patternProperties",
    "items",
    "additionalProperties",
    "propertyNames",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if-then-else",
    "boolean_schema",
    "definitions",
    "ref",
};

struct skipped_group {
    const char* file;
    const char* description;
    const char* reason;
};

// Groups we deliberately do not run (matched by file and group description).
const skipped_group skipped_groups[] = {
    {"definitions", "valid definition", "remote $ref to the draft-07 metaschema"},
    {"definitions", "invalid definition", "remote $ref to the draft-07 metaschema"},
    {"ref",
     "ref overrides any sibling keywords",
     "draft-07 ignores $ref siblings; 2020-12 (what we implement) applies them"},
    {"ref", "remote ref, containing refs itself", "remote $ref (http://json-schema.org/...)"},
    {"ref",
     "Recursive references between schemas",
     "relative $ref resolved against an $id base URI (only '#...' refs are supported)"},
};

struct suite_case {
    std::string name;  // GTest-safe
    std::string file;
    std::string group;
    std::string description;
    json schema;
    json data;
    bool valid = false;
    std::string skip_reason;
    std::string load_error;  // set when the suite could not be read: the case fails
};

void PrintTo(const suite_case& c, std::ostream* os) {
    *os << c.name;
}

std::string sanitise(const std::string& text, std::size_t max_len = 48) {
    std::string out;
    for (char ch : text) {
        bool alnum =
            (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        if (alnum) {
            out.push_back(ch);
        } else if (!out.empty() && out.back() != '_') {
            out.push_back('_');
        }
        if (out.size() >= max_len) {
            break;
        }
    }
    while (!out.empty() && out.back() == '_') {
        out.pop_back();
    }
    return out;
}

const char* skip_reason_for(const std::string& file, const std::string& description) {
    for (const auto& s : skipped_groups) {
        if (file == s.file && description == s.description) {
            return s.reason;
        }
    }
    return nullptr;
}

suite_case load_failure(std::string name, std::string why) {
    suite_case c;
    c.name = std::move(name);
    c.load_error = std::move(why);
    return c;
}

std::vector<suite_case> load_cases() {
    std::vector<suite_case> out;
    if (!std::filesystem::is_directory(suite_dir)) {
        out.push_back(load_failure(
            "suite_directory_missing",
            std::string(suite_dir) + " is missing: apt-get install json-schema-test-suite"
        ));
        return out;
    }
    for (const char* file : keyword_files) {
        std::ifstream in(std::string(suite_dir) + file + ".json");
        json groups = json::parse(in, nullptr, /*allow_exceptions=*/false);
        if (!groups.is_array()) {
            out.push_back(load_failure(sanitise(file) + "_unreadable", std::string(file) + ".json")
            );
            continue;
        }
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const json& group = groups[g];
            if (!group.is_object() || !group.contains("tests") || !group["tests"].is_array()) {
                out.push_back(load_failure(sanitise(file) + "_g" + std::to_string(g) + "_bad", file)
                );
                continue;
            }
            const json& tests = group["tests"];
            for (std::size_t t = 0; t < tests.size(); ++t) {
                suite_case c;
                c.file = file;
                c.group = group.value("description", "");
                c.description = tests[t].value("description", "");
                c.name = sanitise(file) + "_g" + std::to_string(g) + "_c" + std::to_string(t) +
                         "_" + sanitise(c.description);
                c.schema = group.value("schema", json());
                c.data = tests[t].value("data", json());
                c.valid = tests[t].value("valid", false);
                if (const char* reason = skip_reason_for(c.file, c.group)) {
                    c.skip_reason = reason;
                }
                out.push_back(std::move(c));
            }
        }
    }
    return out;
}

const std::vector<suite_case>& all_cases() {
    static const std::vector<suite_case> cases = load_cases();
    return cases;
}

/// The cases that run: every loaded case except the groups in the table above, which are
/// left out (not skipped at run time) for the reasons the table gives.
std::vector<suite_case> runnable_cases() {
    std::vector<suite_case> out;
    for (const auto& c : all_cases()) {
        if (c.skip_reason.empty()) {
            out.push_back(c);
        }
    }
    return out;
}

std::size_t excluded_cases() {
    return all_cases().size() - runnable_cases().size();
}

int cases_ran = 0;

class SchemaSuite : public ::testing::TestWithParam<suite_case> {};

TEST_P(SchemaSuite, Case) {
    const suite_case& c = GetParam();
    ASSERT_TRUE(c.load_error.empty()) << c.load_error;
    ++cases_ran;
    std::string error;
    auto validator = schema_validator::compile(c.schema, error);
    ASSERT_TRUE(validator.has_value()) << c.file << " / " << c.group << "\nschema "
                                       << c.schema.dump() << "\ncompile error: " << error;
    auto violation = validator->validate(c.data);
    EXPECT_EQ(!violation.has_value(), c.valid)
        << c.file << " / " << c.group << " / " << c.description << "\nschema " << c.schema.dump()
        << "\ndata " << c.data.dump()
        << (violation ? "\nviolation " + violation->instance_path + ": " + violation->message : "");
}

INSTANTIATE_TEST_SUITE_P(
    Draft7,
    SchemaSuite,
    ::testing::ValuesIn(runnable_cases()),
    [](const ::testing::TestParamInfo<suite_case>& param_info) {
        return param_info.param.name;
    }
);

// Every skip entry must still name a group in the installed suite, or the table is stale.
TEST(SchemaSuiteTable, SkipsMatchRealGroups) {
    ASSERT_TRUE(std::filesystem::is_directory(suite_dir)) << suite_dir << " is missing";
    for (const auto& s : skipped_groups) {
        bool found = false;
        for (const auto& c : all_cases()) {
            found = found || (c.file == s.file && c.group == s.description);
        }
        EXPECT_TRUE(found) << "skip entry matches no group: " << s.file << " / " << s.description;
    }
    // A truncated or empty install would otherwise pass vacuously.
    EXPECT_GT(all_cases().size(), 300u);
}

class SuiteSummary : public ::testing::Environment {
public:
    void TearDown() override {
        if (cases_ran > 0) {
            std::cout << "[ suite    ] JSON Schema Test Suite draft7: " << cases_ran
                      << " cases ran, " << excluded_cases() << " left out by the table (of "
                      << all_cases().size() << " loaded)\n";
        }
    }
};

const auto* const summary = ::testing::AddGlobalTestEnvironment(new SuiteSummary);

}  // namespace
