// Schema JSON -> node graph. Every subschema is built once and remembered by its JSON pointer,
// so a $ref to a schema already built (or being built: recursion) reuses the same node.

#include "json_schema_node.hpp"
#include "json_schema_ref.hpp"
#include "json_schema_values.hpp"

#include <string_view>
#include <unordered_map>

namespace mcpgw::protocol::schema_detail {
namespace {

// Bounds compile-time recursion on deeply nested (or long $ref chains of) schemas.
constexpr int max_compile_depth = 128;

std::uint8_t type_from_name(std::string_view name) {
    static constexpr std::pair<std::string_view, std::uint8_t> names[] = {
        {"null", type_null},
        {"boolean", type_boolean},
        {"object", type_object},
        {"array", type_array},
        {"number", type_number},
        {"integer", type_integer},
        {"string", type_string},
    };
    for (const auto& [n, bit] : names) {
        if (n == name) {
            return bit;
        }
    }
    return 0;
}

class compiler {
public:
    explicit compiler(const json& root) : root_(root) {}

    std::optional<schema_tree> run(std::string& error) {
        if (build(root_, "", 0) == nullptr) {
            error = std::move(error_);
            return std::nullopt;
        }
        return std::move(tree_);
    }

private:
    const json& root_;
    schema_tree tree_;
    std::unordered_map<std::string, node*> by_pointer_;
    std::string error_;

    bool fail(const std::string& ptr, const std::string& msg) {
        if (error_.empty()) {
            error_ = "at '#" + ptr + "': " + msg;
        }
        return false;
    }

    static std::string child_ptr(const std::string& ptr, std::string_view kw) {
        std::string p = ptr;
        append_pointer_token(p, kw);
        return p;
    }

    const node* build(const json& s, const std::string& ptr, int depth) {
        if (auto it = by_pointer_.find(ptr); it != by_pointer_.end()) {
            return it->second;
        }
        if (depth > max_compile_depth) {
            fail(ptr, "schema nesting too deep");
            return nullptr;
        }
        if (!s.is_object() && !s.is_boolean()) {
            fail(ptr, "a schema must be an object or a boolean");
            return nullptr;
        }
        // Registered before the children are built so that a recursive $ref finds it.
        node* n = tree_.nodes.emplace_back(std::make_unique<node>()).get();
        by_pointer_.emplace(ptr, n);
        if (s.is_boolean()) {
            n->reject_all = !s.get<bool>();
            return n;
        }
        bool ok = generic(s, ptr, *n, depth) && numeric(s, ptr, *n) && string(s, ptr, *n) &&
                  array(s, ptr, *n, depth) && object(s, ptr, *n, depth) &&
                  combinators(s, ptr, *n, depth) && definitions(s, ptr, depth);
        return ok ? n : nullptr;
    }

    // Builds s[kw] as a subschema when present; false on error.
    bool
    child(const json& s, std::string_view kw, const std::string& ptr, int depth, const node*& out) {
        auto it = s.find(kw);
        if (it == s.end()) {
            return true;
        }
        out = build(*it, child_ptr(ptr, kw), depth + 1);
        return out != nullptr;
    }

    bool child_list(
        const json& s,
        std::string_view kw,
        const std::string& ptr,
        int depth,
        std::vector<const node*>& out
    ) {
        auto it = s.find(kw);
        if (it == s.end()) {
            return true;
        }
        std::string base = child_ptr(ptr, kw);
        if (!it->is_array() || it->empty()) {
            return fail(base, std::string(kw) + " must be a non-empty array of schemas");
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const node* c = build((*it)[i], child_ptr(base, std::to_string(i)), depth + 1);
            if (c == nullptr) {
                return false;
            }
            out.push_back(c);
        }
        return true;
    }

    bool count(
        const json& s,
        std::string_view kw,
        const std::string& ptr,
        std::optional<std::uint64_t>& out
    ) {
        auto it = s.find(kw);
        if (it == s.end()) {
            return true;
        }
        if (!it->is_number() || !is_integral(*it) || it->get<double>() < 0) {
            return fail(ptr, std::string(kw) + " must be a non-negative integer");
        }
        if (!it->is_number_float()) {
            out = it->get<std::uint64_t>();
        } else {
            // 2.0 is a valid count; huge floats saturate instead of overflowing the cast.
            double d = it->get<double>();
            out = d >= 18446744073709551615.0 ? UINT64_MAX : static_cast<std::uint64_t>(d);
        }
        return true;
    }

    bool
    number(const json& s, std::string_view kw, const std::string& ptr, std::optional<json>& out) {
        auto it = s.find(kw);
        if (it == s.end()) {
            return true;
        }
        if (!it->is_number()) {
            return fail(ptr, std::string(kw) + " must be a number");
        }
        out = *it;
        return true;
    }

    bool regex(std::string_view source, const std::string& ptr, compiled_pattern& out) {
        std::string why;
        return compile_pattern(source, out, why) || fail(ptr, why);
    }

    bool types(const json& t, const std::string& ptr, node& n) {
        auto add = [&](const json& name) {
            std::uint8_t bit = name.is_string() ? type_from_name(name.get<std::string>()) : 0;
            if (bit == 0) {
                return fail(ptr, "type must name JSON types (got " + name.dump() + ")");
            }
            n.types |= bit;
            return true;
        };
        if (t.is_array() && !t.empty()) {
            for (const auto& name : t) {
                if (!add(name)) {
                    return false;
                }
            }
            return true;
        }
        return t.is_array() ? fail(ptr, "type must not be an empty array") : add(t);
    }

    bool generic(const json& s, const std::string& ptr, node& n, int depth) {
        if (auto t = s.find("type"); t != s.end() && !types(*t, ptr, n)) {
            return false;
        }
        if (auto c = s.find("const"); c != s.end()) {
            n.const_value = *c;
        }
        if (auto e = s.find("enum"); e != s.end()) {
            if (!e->is_array()) {
                return fail(ptr, "enum must be an array");
            }
            n.enum_values = e->get<std::vector<json>>();
        }
        if (auto r = s.find("$ref"); r != s.end()) {
            n.ref = resolve_ref(*r, ptr, depth);
            return n.ref != nullptr;
        }
        return true;
    }

    bool numeric(const json& s, const std::string& ptr, node& n) {
        if (!number(s, "minimum", ptr, n.minimum) || !number(s, "maximum", ptr, n.maximum) ||
            !number(s, "exclusiveMinimum", ptr, n.exclusive_minimum) ||
            !number(s, "exclusiveMaximum", ptr, n.exclusive_maximum) ||
            !number(s, "multipleOf", ptr, n.multiple_of)) {
            return false;
        }
        if (n.multiple_of && n.multiple_of->get<double>() <= 0) {
            return fail(ptr, "multipleOf must be greater than 0");
        }
        return true;
    }

    bool string(const json& s, const std::string& ptr, node& n) {
        if (!count(s, "minLength", ptr, n.min_length) ||
            !count(s, "maxLength", ptr, n.max_length)) {
            return false;
        }
        auto p = s.find("pattern");
        if (p == s.end()) {
            return true;
        }
        if (!p->is_string()) {
            return fail(ptr, "pattern must be a string");
        }
        return regex(p->get<std::string>(), child_ptr(ptr, "pattern"), n.pattern.emplace());
    }

    bool array(const json& s, const std::string& ptr, node& n, int depth) {
        if (!count(s, "minItems", ptr, n.min_items) || !count(s, "maxItems", ptr, n.max_items)) {
            return false;
        }
        if (auto u = s.find("uniqueItems"); u != s.end()) {
            if (!u->is_boolean()) {
                return fail(ptr, "uniqueItems must be a boolean");
            }
            n.unique_items = u->get<bool>();
        }
        auto items = s.find("items");
        if (items != s.end() && items->is_array()) {
            // Draft-07 tuple form: items[] is 2020-12's prefixItems, additionalItems its items.
            if (s.contains("prefixItems")) {
                return fail(ptr, "items must be a schema when prefixItems is present");
            }
            return child_list(s, "items", ptr, depth, n.prefix_items) &&
                   child(s, "additionalItems", ptr, depth, n.items);
        }
        return child_list(s, "prefixItems", ptr, depth, n.prefix_items) &&
               child(s, "items", ptr, depth, n.items);
    }

    bool object(const json& s, const std::string& ptr, node& n, int depth) {
        if (!count(s, "minProperties", ptr, n.min_properties) ||
            !count(s, "maxProperties", ptr, n.max_properties) ||
            !child(s, "additionalProperties", ptr, depth, n.additional_properties) ||
            !child(s, "propertyNames", ptr, depth, n.property_names)) {
            return false;
        }
        if (auto r = s.find("required"); r != s.end()) {
            if (!r->is_array()) {
                return fail(ptr, "required must be an array of strings");
            }
            for (const auto& name : *r) {
                if (!name.is_string()) {
                    return fail(ptr, "required must be an array of strings");
                }
                n.required.push_back(name.get<std::string>());
            }
        }
        if (auto p = s.find("properties"); p != s.end()) {
            std::string base = child_ptr(ptr, "properties");
            if (!p->is_object()) {
                return fail(base, "properties must be an object of schemas");
            }
            for (const auto& [name, sub] : p->items()) {
                const node* c = build(sub, child_ptr(base, name), depth + 1);
                if (c == nullptr) {
                    return false;
                }
                n.properties.emplace(name, c);
            }
        }
        if (auto p = s.find("patternProperties"); p != s.end()) {
            std::string base = child_ptr(ptr, "patternProperties");
            if (!p->is_object()) {
                return fail(base, "patternProperties must be an object of schemas");
            }
            for (const auto& [source, sub] : p->items()) {
                std::string at = child_ptr(base, source);
                pattern_property pp;
                if (!regex(source, at, pp.pattern)) {
                    return false;
                }
                pp.schema = build(sub, at, depth + 1);
                if (pp.schema == nullptr) {
                    return false;
                }
                n.pattern_properties.push_back(std::move(pp));
            }
        }
        return true;
    }

    bool combinators(const json& s, const std::string& ptr, node& n, int depth) {
        return child_list(s, "allOf", ptr, depth, n.all_of) &&
               child_list(s, "anyOf", ptr, depth, n.any_of) &&
               child_list(s, "oneOf", ptr, depth, n.one_of) &&
               child(s, "not", ptr, depth, n.not_schema) &&
               child(s, "if", ptr, depth, n.if_schema) &&
               child(s, "then", ptr, depth, n.then_schema) &&
               child(s, "else", ptr, depth, n.else_schema);
    }

    // Definitions are built even when unreferenced so that their errors surface at compile().
    bool definitions(const json& s, const std::string& ptr, int depth) {
        for (std::string_view kw : {"$defs", "definitions"}) {
            auto d = s.find(kw);
            if (d == s.end()) {
                continue;
            }
            std::string base = child_ptr(ptr, kw);
            if (!d->is_object()) {
                return fail(base, std::string(kw) + " must be an object of schemas");
            }
            for (const auto& [name, sub] : d->items()) {
                if (build(sub, child_ptr(base, name), depth + 1) == nullptr) {
                    return false;
                }
            }
        }
        return true;
    }

    const node* resolve_ref(const json& ref, const std::string& ptr, int depth) {
        if (!ref.is_string()) {
            fail(ptr, "$ref must be a string");
            return nullptr;
        }
        std::string why;
        auto target = resolve_local_ref(root_, ref.get_ref<const std::string&>(), why);
        if (!target) {
            fail(ptr, why);
            return nullptr;
        }
        return build(*target->schema, target->pointer, depth + 1);
    }
};

}  // namespace

std::optional<schema_tree> compile_tree(const json& schema, std::string& error) {
    return compiler(schema).run(error);
}

}  // namespace mcpgw::protocol::schema_detail
