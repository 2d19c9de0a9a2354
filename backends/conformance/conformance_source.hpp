#pragma once
// The `servers:` entry that switches the fixtures on: nothing upstream, always healthy.

#include <backends/core/source.hpp>

#include <string>

namespace mcpgw::backends::conformance {

class conformance_source final : public source {
public:
    explicit conformance_source(std::string name) : name_(std::move(name)) {}

    const std::string& name() const override { return name_; }
    std::string_view type() const override { return "conformance"; }
    access_mode access() const override { return access_mode::read_only; }
    std::string description() const override {
        return "MCP conformance-suite fixtures (test_* tools, test:// resources, prompts)";
    }
    source_health health() const override { return {}; }

private:
    std::string name_;
};

}  // namespace mcpgw::backends::conformance
