// Walks the compiled node graph against an instance. The instance path is one string that
// grows and shrinks as the walk descends, so nothing is allocated per node unless a
// violation is reported.

#include "json_schema_node.hpp"
#include "json_schema_values.hpp"

#include <string_view>
#include <unordered_set>

namespace mcpgw::protocol::schema_detail {
namespace {

// Nested node evaluations (instance depth plus $ref/allOf hops). Bounds the stack on
// recursive schemas and on `{"$ref": "#"}` loops that never descend into the instance.
constexpr int max_depth = 128;

// Long enum/const values make useless messages; past this they are not quoted.
constexpr std::size_t max_quoted = 80;

using result = std::optional<schema_violation>;

struct by_value_hash {
    std::size_t operator()(const json* v) const { return json_hash(*v); }
};
struct by_value_equal {
    bool operator()(const json* a, const json* b) const { return json_equal(*a, *b); }
};

std::string type_names(std::uint8_t bits) {
    static constexpr std::pair<std::uint8_t, std::string_view> names[] = {
        {type_object, "object"},
        {type_array, "array"},
        {type_string, "string"},
        {type_number, "number"},
        {type_integer, "integer"},
        {type_boolean, "boolean"},
        {type_null, "null"},
    };
    std::string out;
    for (const auto& [bit, name] : names) {
        if (bits & bit) {
            out.append(out.empty() ? "" : " or ").append(name);
        }
    }
    return out;
}

bool type_matches(std::uint8_t bits, const json& v) {
    switch (v.type()) {
        case json::value_t::null:
            return bits & type_null;
        case json::value_t::boolean:
            return bits & type_boolean;
        case json::value_t::object:
            return bits & type_object;
        case json::value_t::array:
            return bits & type_array;
        case json::value_t::string:
            return bits & type_string;
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
            return (bits & type_number) || ((bits & type_integer) && is_integral(v));
        default:
            return false;
    }
}

std::string quoted(const json& v, std::string_view fallback) {
    std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
    return text.size() <= max_quoted ? text : std::string(fallback);
}

// Appends one segment to the instance path for the lifetime of the guard.
class path_segment {
public:
    path_segment(std::string& path, std::string_view token) : path_(path), size_(path.size()) {
        append_pointer_token(path_, token);
    }
    ~path_segment() { path_.resize(size_); }
    path_segment(const path_segment&) = delete;
    path_segment& operator=(const path_segment&) = delete;

private:
    std::string& path_;
    std::size_t size_;
};

class walker {
public:
    result check(const node& n, const json& v, int depth) {
        if (depth > max_depth) {
            return fail("schema nesting too deep");
        }
        if (n.reject_all) {
            return fail("is not allowed");
        }
        if (n.types != 0 && !type_matches(n.types, v)) {
            return fail("must be " + type_names(n.types));
        }
        if (n.const_value && !json_equal(*n.const_value, v)) {
            return fail("must be equal to " + quoted(*n.const_value, "the constant value"));
        }
        if (n.enum_values && !in_enum(*n.enum_values, v)) {
            return fail("must be one of " + quoted(json(*n.enum_values), "the allowed values"));
        }
        if (n.ref != nullptr) {
            if (auto r = check(*n.ref, v, depth + 1)) {
                return r;
            }
        }
        result r;
        if (v.is_number()) {
            r = numbers(n, v);
        } else if (v.is_string()) {
            r = strings(n, v.get_ref<const std::string&>());
        } else if (v.is_array()) {
            r = arrays(n, v, depth);
        } else if (v.is_object()) {
            r = objects(n, v, depth);
        }
        return r ? r : combinators(n, v, depth);
    }

private:
    std::string path_;

    result fail(std::string message) const { return schema_violation{path_, std::move(message)}; }

    static bool in_enum(const std::vector<json>& values, const json& v) {
        for (const auto& e : values) {
            if (json_equal(e, v)) {
                return true;
            }
        }
        return false;
    }

    result numbers(const node& n, const json& v) const {
        if (n.minimum && compare_numbers(v, *n.minimum) < 0) {
            return fail("must be >= " + n.minimum->dump());
        }
        if (n.maximum && compare_numbers(v, *n.maximum) > 0) {
            return fail("must be <= " + n.maximum->dump());
        }
        if (n.exclusive_minimum && compare_numbers(v, *n.exclusive_minimum) <= 0) {
            return fail("must be > " + n.exclusive_minimum->dump());
        }
        if (n.exclusive_maximum && compare_numbers(v, *n.exclusive_maximum) >= 0) {
            return fail("must be < " + n.exclusive_maximum->dump());
        }
        if (n.multiple_of && !is_multiple_of(v, *n.multiple_of)) {
            return fail("must be a multiple of " + n.multiple_of->dump());
        }
        return std::nullopt;
    }

    result strings(const node& n, const std::string& s) const {
        if (n.min_length || n.max_length) {
            std::size_t length = code_points(s);
            if (n.min_length && length < *n.min_length) {
                return fail("must be at least " + std::to_string(*n.min_length) + " characters");
            }
            if (n.max_length && length > *n.max_length) {
                return fail("must be at most " + std::to_string(*n.max_length) + " characters");
            }
        }
        if (n.pattern && !n.pattern->search(s)) {
            return fail("must match pattern '" + n.pattern->source + "'");
        }
        return std::nullopt;
    }

    result arrays(const node& n, const json& v, int depth) {
        if (n.min_items && v.size() < *n.min_items) {
            return fail("must have at least " + std::to_string(*n.min_items) + " items");
        }
        if (n.max_items && v.size() > *n.max_items) {
            return fail("must have at most " + std::to_string(*n.max_items) + " items");
        }
        for (std::size_t i = 0; i < v.size(); ++i) {
            const node* schema = i < n.prefix_items.size() ? n.prefix_items[i] : n.items;
            if (schema == nullptr) {
                continue;
            }
            path_segment seg(path_, std::to_string(i));
            if (auto r = check(*schema, v[i], depth + 1)) {
                return r;
            }
        }
        if (n.unique_items) {
            // Hashing keeps this linear; a pairwise scan would be quadratic in untrusted input.
            std::unordered_set<const json*, by_value_hash, by_value_equal> seen;
            seen.reserve(v.size());
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (!seen.insert(&v[i]).second) {
                    path_segment seg(path_, std::to_string(i));
                    return fail("duplicates an earlier item (items must be unique)");
                }
            }
        }
        return std::nullopt;
    }

    result objects(const node& n, const json& v, int depth) {
        if (n.min_properties && v.size() < *n.min_properties) {
            return fail("must have at least " + std::to_string(*n.min_properties) + " properties");
        }
        if (n.max_properties && v.size() > *n.max_properties) {
            return fail("must have at most " + std::to_string(*n.max_properties) + " properties");
        }
        for (const auto& name : n.required) {
            if (!v.contains(name)) {
                path_segment seg(path_, name);
                return fail("required property '" + name + "' is missing");
            }
        }
        for (const auto& [key, value] : v.items()) {
            path_segment seg(path_, key);
            if (auto r = property(n, key, value, depth)) {
                return r;
            }
        }
        return std::nullopt;
    }

    result property(const node& n, const std::string& key, const json& value, int depth) {
        if (n.property_names != nullptr) {
            if (auto r = check(*n.property_names, json(key), depth + 1)) {
                r->message = "property name " + r->message;
                return r;
            }
        }
        bool matched = false;
        if (auto it = n.properties.find(key); it != n.properties.end()) {
            matched = true;
            if (auto r = check(*it->second, value, depth + 1)) {
                return r;
            }
        }
        for (const auto& pp : n.pattern_properties) {
            if (pp.pattern.search(key)) {
                matched = true;
                if (auto r = check(*pp.schema, value, depth + 1)) {
                    return r;
                }
            }
        }
        if (matched || n.additional_properties == nullptr) {
            return std::nullopt;
        }
        if (n.additional_properties->reject_all) {
            return fail("unexpected property");
        }
        return check(*n.additional_properties, value, depth + 1);
    }

    result combinators(const node& n, const json& v, int depth) {
        for (const node* s : n.all_of) {
            if (auto r = check(*s, v, depth + 1)) {
                return r;
            }
        }
        if (!n.any_of.empty()) {
            bool any = false;
            for (const node* s : n.any_of) {
                if (!check(*s, v, depth + 1)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return fail("must match at least one schema in anyOf");
            }
        }
        if (!n.one_of.empty()) {
            int matches = 0;
            for (const node* s : n.one_of) {
                if (!check(*s, v, depth + 1) && ++matches > 1) {
                    return fail("must match exactly one schema in oneOf (matches several)");
                }
            }
            if (matches == 0) {
                return fail("must match exactly one schema in oneOf (matches none)");
            }
        }
        if (n.not_schema != nullptr && !check(*n.not_schema, v, depth + 1)) {
            return fail("must not match the schema in 'not'");
        }
        if (n.if_schema != nullptr) {
            const node* branch = check(*n.if_schema, v, depth + 1) ? n.else_schema : n.then_schema;
            if (branch != nullptr) {
                return check(*branch, v, depth + 1);
            }
        }
        return std::nullopt;
    }
};

}  // namespace

std::optional<schema_violation> validate_tree(const schema_tree& tree, const json& instance) {
    walker w;
    return w.check(*tree.root(), instance, 0);
}

}  // namespace mcpgw::protocol::schema_detail
