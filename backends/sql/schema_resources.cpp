#include "schema_resources.hpp"

#include <backends/core/tool_result.hpp>

#include <algorithm>

namespace mcpgw::backends::sql {
namespace {

namespace asio = boost::asio;

constexpr std::string_view uri_prefix = "mcpgw://schema/";

class schema_resources final : public resource_provider {
public:
    schema_resources(
        std::vector<std::shared_ptr<sql_source>> sources,
        std::chrono::milliseconds read_timeout
    )
        : sources_(std::move(sources)), read_timeout_(read_timeout) {}

    std::vector<json> resources() const override {
        std::vector<json> out;
        for (const auto& s : sources_) {
            out.push_back(
                {{"uri", schema_uri(s->name())},
                 {"name", s->name() + " schema"},
                 {"title", "Schema of " + s->name() + " (" + std::string(s->type()) + ")"},
                 {"description",
                  "Tables and views of SQL server '" + s->name() +
                      "' with their columns (name, type, nullable), read live."},
                 {"mimeType", "application/json"}}
            );
        }
        return out;
    }

    bool owns(const std::string& uri) const override { return find(uri) != nullptr; }

    asio::awaitable<lookup_result<json>> read(std::string uri) const override {
        auto src = find(uri);
        if (!src) {
            lookup_error missing{lookup_error::kind::not_found, "no resource " + uri};
            co_return missing;
        }
        auto deadline =
            std::chrono::steady_clock::now() + std::min(read_timeout_, src->call_timeout());
        auto schema = co_await src->schema(deadline);
        if (const json* e = error_of(schema)) {
            lookup_error failed{
                lookup_error::kind::failed,
                "reading the schema of '" + src->name() + "' failed: " + e->value("message", ""),
                e->value("code", std::string(error_code::internal)),
                e->value("retryable", false)};
            co_return failed;
        }
        json contents = json::array();
        contents.push_back(
            {{"uri", uri}, {"mimeType", "application/json"}, {"text", schema.dump(2)}}
        );
        json result = {{"contents", std::move(contents)}};
        co_return result;
    }

private:
    std::shared_ptr<sql_source> find(const std::string& uri) const {
        if (!uri.starts_with(uri_prefix)) {
            return nullptr;
        }
        auto name = std::string_view(uri).substr(uri_prefix.size());
        for (const auto& s : sources_) {
            if (s->name() == name) {
                return s;
            }
        }
        return nullptr;
    }

    std::vector<std::shared_ptr<sql_source>> sources_;
    std::chrono::milliseconds read_timeout_;
};

}  // namespace

std::string schema_uri(const std::string& server) {
    return std::string(uri_prefix) + server;
}

std::shared_ptr<const resource_provider> make_schema_resources(
    std::vector<std::shared_ptr<sql_source>> sources,
    std::chrono::milliseconds read_timeout
) {
    return std::make_shared<schema_resources>(std::move(sources), read_timeout);
}

}  // namespace mcpgw::backends::sql
