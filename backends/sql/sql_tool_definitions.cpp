#include "sql_tool_definitions.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::sql {
namespace {

nlohmann::json object_schema(nlohmann::json properties, nlohmann::json required) {
    return {
        {"type", "object"},
        {"properties", std::move(properties)},
        {"required", std::move(required)},
        {"additionalProperties", false},
    };
}

// Metadata tools never write, whatever the servers' access mode.
nlohmann::json reading_annotations() {
    return {
        {"readOnlyHint", true},
        {"destructiveHint", false},
        {"idempotentHint", true},
        {"openWorldHint", true}};
}

}  // namespace

nlohmann::json query_tool_definition(
    const std::string& tool_name,
    const std::string& engine,
    const server_argument& servers
) {
    auto input = object_schema(
        {{"sql",
          {{"type", "string"},
           {"minLength", 1},
           {"maxLength", 100000},
           {"description", "One " + engine + " SQL statement (no second statement after ';')"}}}},
        {"sql"}
    );
    servers.add_to(input);
    return {
        {"name", tool_name},
        {"title", "Run a " + engine + " query"},
        {"description",
         "Runs one SQL statement on a configured " + engine +
             " server and returns the rows as a table. read_only servers refuse statements that "
             "write. Results are capped (max_rows, max_result_bytes) and say when they are "
             "truncated."},
        {"inputSchema", std::move(input)},
        {"outputSchema", table_output_schema()},
        {"annotations", servers.annotations()},
    };
}

nlohmann::json list_tables_definition(const server_argument& servers) {
    auto input = object_schema(nlohmann::json::object(), nlohmann::json::array());
    servers.add_to(input);
    return {
        {"name", "list_tables"},
        {"title", "List tables"},
        {"description", "Lists the tables and views of a configured SQL server (name and type)."},
        {"inputSchema", std::move(input)},
        {"outputSchema", table_output_schema()},
        {"annotations", reading_annotations()},
    };
}

nlohmann::json describe_table_definition(const server_argument& servers) {
    auto input = object_schema(
        {{"table",
          {{"type", "string"},
           {"minLength", 1},
           {"maxLength", 1024},
           {"description", "Table or view name, as list_tables shows it"}}}},
        {"table"}
    );
    servers.add_to(input);
    return {
        {"name", "describe_table"},
        {"title", "Describe a table"},
        {"description",
         "Describes the columns of a table or view on a configured SQL server: name, declared "
         "type, nullability, default and primary-key position."},
        {"inputSchema", std::move(input)},
        {"outputSchema", table_output_schema()},
        {"annotations", reading_annotations()},
    };
}

}  // namespace mcpgw::backends::sql
