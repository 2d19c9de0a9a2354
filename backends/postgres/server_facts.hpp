#pragma once
// What a source's connector learns from the server and the source's calls read: the
// function catalog of a strict_functions source (function_catalog.hpp), and whether the
// once-per-source reports were written. Connector and calls may run on different threads of
// the event loop (`threads: N`): a mutex guards it.

#include "function_catalog.hpp"

#include <memory>
#include <mutex>

namespace mcpgw::backends::postgres {

class server_facts {
public:
    std::shared_ptr<const function_catalog> catalog() const {
        std::lock_guard lock(m_);
        return catalog_;
    }
    void set_catalog(std::shared_ptr<const function_catalog> c) {
        std::lock_guard lock(m_);
        catalog_ = std::move(c);
    }
    /// True the first time only: the write-grants report runs once per source.
    bool take_grants_report() {
        std::lock_guard lock(m_);
        return !std::exchange(grants_reported_, true);
    }
    /// True the first time only: the allowed-privileged-role warning.
    bool take_privileged_warning() {
        std::lock_guard lock(m_);
        return !std::exchange(privileged_warned_, true);
    }

private:
    mutable std::mutex m_;
    std::shared_ptr<const function_catalog> catalog_;
    bool grants_reported_ = false;
    bool privileged_warned_ = false;
};

}  // namespace mcpgw::backends::postgres
