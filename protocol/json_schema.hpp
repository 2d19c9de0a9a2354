#pragma once
// JSON Schema (2020-12 subset) validator for tool arguments. Untrusted input: patterns go
// through RE2 (linear time), recursion is bounded.
//
// Supported keywords: type, properties, required, enum, const, minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength, pattern, items,
// prefixItems, minItems, maxItems, uniqueItems, additionalProperties, patternProperties,
// propertyNames, minProperties, maxProperties, allOf, anyOf, oneOf, not, if/then/else,
// $defs/definitions with local $ref ("#", "#/$defs/x", "#/definitions/x", JSON pointers),
// boolean schemas. Annotation-only keywords (title, description, default, examples, format,
// $schema, $id, $comment, readOnly, ...) are accepted and ignored.

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

namespace mcpgw::protocol {

struct schema_violation {
    std::string instance_path;  // JSON pointer into the instance, e.g. "/limit" ("" = root)
    std::string message;        // human-readable: "must be <= 100"

    /// The top-level property named by instance_path ("limit"), or "" for the root.
    std::string field() const;
};

class schema_validator {
public:
    /// Compiles a schema. Returns nullopt with `error` set when the schema itself is invalid
    /// (bad regex, unresolvable $ref, wrong keyword type).
    static std::optional<schema_validator>
    compile(const nlohmann::json& schema, std::string& error);

    /// First violation found, or nullopt when the instance is valid.
    std::optional<schema_violation> validate(const nlohmann::json& instance) const;

    schema_validator(schema_validator&&) noexcept;
    schema_validator& operator=(schema_validator&&) noexcept;
    ~schema_validator();

private:
    struct compiled;
    explicit schema_validator(std::unique_ptr<compiled> c);
    std::unique_ptr<compiled> impl_;
};

}  // namespace mcpgw::protocol
