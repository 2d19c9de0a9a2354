#include "catalog.hpp"

#include <algorithm>

namespace mcpgw::backends {

std::shared_ptr<const catalog> catalog::build(std::vector<contribution> parts) {
    auto c = std::make_shared<catalog>();
    std::vector<std::shared_ptr<const tool>> tools;
    for (auto& part : parts) {
        for (auto& s : part.sources) {
            c->sources_.push_back(std::move(s));
        }
        for (auto& t : part.tools) {
            tools.push_back(std::move(t));
        }
        for (auto& r : part.resources) {
            c->resources_.push_back(std::move(r));
        }
        for (auto& p : part.prompts) {
            c->prompts_.push_back(std::move(p));
        }
    }
    std::sort(tools.begin(), tools.end(), [](const auto& a, const auto& b) {
        return a->name() < b->name();
    });
    for (auto& t : tools) {
        const auto& name = t->name();
        if (c->tool_index_.contains(name)) {
            throw config_error("duplicate tool name: " + name);
        }
        std::string error;
        auto validator =
            protocol::schema_validator::compile(t->definition().at("inputSchema"), error);
        if (!validator) {
            throw config_error("tool " + name + ": invalid inputSchema: " + error);
        }
        c->tool_index_.emplace(name, c->tools_.size());
        c->tools_.push_back({std::move(t), std::move(*validator)});
    }
    std::sort(c->prompts_.begin(), c->prompts_.end(), [](const auto& a, const auto& b) {
        return a->name() < b->name();
    });
    for (std::size_t i = 1; i < c->prompts_.size(); ++i) {
        if (c->prompts_[i]->name() == c->prompts_[i - 1]->name()) {
            throw config_error("duplicate prompt name: " + c->prompts_[i]->name());
        }
    }
    std::vector<std::string> names;
    for (const auto& s : c->sources_) {
        names.push_back(s->name());
    }
    std::sort(names.begin(), names.end());
    if (auto dup = std::adjacent_find(names.begin(), names.end()); dup != names.end()) {
        throw config_error("duplicate server name: " + *dup);
    }
    return c;
}

const registered_tool* catalog::find_tool(std::string_view name) const {
    auto it = tool_index_.find(std::string(name));
    return it == tool_index_.end() ? nullptr : &tools_[it->second];
}

const source* catalog::find_source(std::string_view name) const {
    for (const auto& s : sources_) {
        if (s->name() == name) {
            return s.get();
        }
    }
    return nullptr;
}

const resource_provider* catalog::find_resource_owner(const std::string& uri) const {
    for (const auto& r : resources_) {
        if (r->owns(uri)) {
            return r.get();
        }
    }
    return nullptr;
}

const prompt* catalog::find_prompt(std::string_view name) const {
    auto it = std::lower_bound(
        prompts_.begin(),
        prompts_.end(),
        name,
        [](const auto& p, std::string_view n) {
            return p->name() < n;
        }
    );
    return (it != prompts_.end() && (*it)->name() == name) ? it->get() : nullptr;
}

}  // namespace mcpgw::backends
