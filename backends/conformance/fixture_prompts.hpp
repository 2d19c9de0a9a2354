#pragma once
// The test_* prompts (prompts-list, prompts-get-*) and completion of their arguments
// (completion-complete asks for test_prompt_with_arguments / arg1).

#include <backends/core/content_provider.hpp>

#include <memory>
#include <vector>

namespace mcpgw::backends::conformance {

/// Builds a GetPromptResult from validated string arguments.
using prompt_body = lookup_result<json> (*)(const json& arguments);
/// Candidate values for one argument (before prefix filtering).
using prompt_candidates = std::vector<std::string> (*)(const std::string& argument);

class fixture_prompt final : public prompt {
public:
    fixture_prompt(json definition, prompt_body body, prompt_candidates candidates)
        : definition_(std::move(definition)), body_(body), candidates_(candidates) {}

    const json& definition() const override { return definition_; }
    boost::asio::awaitable<lookup_result<json>> get(json arguments) const override;
    std::vector<std::string> complete(const std::string& argument, const std::string& prefix)
        const override;

private:
    json definition_;
    prompt_body body_;
    prompt_candidates candidates_;  // may be null: nothing to complete
};

std::vector<std::shared_ptr<const prompt>> fixture_prompts();

}  // namespace mcpgw::backends::conformance
