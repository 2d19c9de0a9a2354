#pragma once
// The precompiled form of a schema: a graph of nodes built once by compile_tree() and walked
// by validate_tree(). $ref edges may form cycles (recursive schemas), so nodes are owned by
// the tree and linked by plain pointers.

#include "json_schema.hpp"
#include "json_schema_regex.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcpgw::protocol::schema_detail {

using json = nlohmann::json;

/// Bit per JSON Schema type name; 0 in node::types means "any type".
enum type_bit : std::uint8_t {
    type_null = 1 << 0,
    type_boolean = 1 << 1,
    type_object = 1 << 2,
    type_array = 1 << 3,
    type_number = 1 << 4,
    type_integer = 1 << 5,
    type_string = 1 << 6,
};

struct node;

struct pattern_property {
    compiled_pattern pattern;
    const node* schema = nullptr;
};

struct node {
    bool reject_all = false;  // the boolean schema `false`
    const node* ref = nullptr;
    std::uint8_t types = 0;

    std::optional<json> const_value;
    std::optional<std::vector<json>> enum_values;

    // Numbers: bounds are kept as JSON so 64-bit integer comparisons stay exact.
    std::optional<json> minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of;

    std::optional<std::uint64_t> min_length, max_length;
    std::optional<compiled_pattern> pattern;

    std::vector<const node*> prefix_items;
    const node* items = nullptr;  // items after prefix_items
    std::optional<std::uint64_t> min_items, max_items;
    bool unique_items = false;

    std::map<std::string, const node*, std::less<>> properties;
    std::vector<pattern_property> pattern_properties;
    const node* additional_properties = nullptr;
    const node* property_names = nullptr;
    std::vector<std::string> required;
    std::optional<std::uint64_t> min_properties, max_properties;

    std::vector<const node*> all_of, any_of, one_of;
    const node* not_schema = nullptr;
    const node* if_schema = nullptr;
    const node* then_schema = nullptr;
    const node* else_schema = nullptr;
};

struct schema_tree {
    std::vector<std::unique_ptr<node>> nodes;  // owns every node; nodes[0] is the root
    const node* root() const { return nodes.front().get(); }
};

/// Builds the node graph; nullopt with `error` set ("at #/properties/x: ...") on a bad schema.
std::optional<schema_tree> compile_tree(const json& schema, std::string& error);

/// Walks the graph; the first violation, or nullopt. Never throws.
std::optional<schema_violation> validate_tree(const schema_tree& tree, const json& instance);

}  // namespace mcpgw::protocol::schema_detail
