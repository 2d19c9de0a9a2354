// Public face of the validator: compile once into a node graph (json_schema_compile.cpp),
// validate many times by walking it (json_schema_validate.cpp).

#include "json_schema.hpp"

#include "json_schema_node.hpp"
#include "json_schema_values.hpp"

namespace mcpgw::protocol {

struct schema_validator::compiled {
    schema_detail::schema_tree tree;
};

std::string schema_violation::field() const {
    if (instance_path.empty()) {
        return "";
    }
    std::string_view rest = std::string_view(instance_path).substr(1);
    std::string out;
    if (!schema_detail::unescape_pointer_token(rest.substr(0, rest.find('/')), out)) {
        return "";
    }
    return out;
}

std::optional<schema_validator>
schema_validator::compile(const nlohmann::json& schema, std::string& error) {
    try {
        auto tree = schema_detail::compile_tree(schema, error);
        if (!tree) {
            return std::nullopt;
        }
        return schema_validator(std::make_unique<compiled>(compiled{std::move(*tree)}));
    } catch (const std::exception& e) {
        error = std::string("schema compilation failed: ") + e.what();
        return std::nullopt;
    }
}

std::optional<schema_violation> schema_validator::validate(const nlohmann::json& instance) const {
    if (!impl_) {
        return schema_violation{"", "validator was moved from"};
    }
    try {
        return schema_detail::validate_tree(impl_->tree, instance);
    } catch (const std::exception&) {
        // Only allocation failure can land here; reject rather than let it escape.
        return schema_violation{"", "validation failed"};
    }
}

schema_validator::schema_validator(std::unique_ptr<compiled> c) : impl_(std::move(c)) {}
schema_validator::schema_validator(schema_validator&&) noexcept = default;
schema_validator& schema_validator::operator=(schema_validator&&) noexcept = default;
schema_validator::~schema_validator() = default;

}  // namespace mcpgw::protocol
