#pragma once
// The test:// resources (resources-list, -read-text, -read-binary, -templates-read,
// -subscribe/-unsubscribe on test://watched-resource) and completion of the template's {id}.

#include <backends/core/content_provider.hpp>

namespace mcpgw::backends::conformance {

inline constexpr std::string_view template_uri = "test://template/{id}/data";

class fixture_resources final : public resource_provider {
public:
    std::vector<json> resources() const override;
    std::vector<json> resource_templates() const override;
    bool owns(const std::string& uri) const override;
    boost::asio::awaitable<lookup_result<json>> read(std::string uri) const override;
    std::vector<std::string> complete(
        const std::string& uri_template,
        const std::string& argument,
        const std::string& prefix
    ) const override;
};

}  // namespace mcpgw::backends::conformance
