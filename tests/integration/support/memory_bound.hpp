#pragma once
// Issue 10, item 8: one call holds at most 4 x max_result_bytes + 16 MiB, measured as the
// gateway's peak resident size (VmHWM) around an attack. That bound holds for the release
// build. Under AddressSanitizer the allocator keeps freed blocks in quarantine (256 MiB) and
// pads every block with redzones, so resident size says nothing about what the gateway holds:
// there the attacks still run (ASan checks every byte they touch) and their answers are
// checked; the growth is printed and the bound is not asserted.
#include <cstddef>
#include <fstream>
#include <iostream>
#include <string>

#include <gtest/gtest.h>
#include <sys/types.h>

namespace mcpgw::itest {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool rss_bounds_apply = false;
#else
inline constexpr bool rss_bounds_apply = true;
#endif

/// The default max_result_bytes, and the bound of issue 10 for it, in KiB.
inline constexpr std::size_t default_max_result_bytes = 1024 * 1024;
inline constexpr std::size_t bound_kib = (4 * default_max_result_bytes + 16 * 1024 * 1024) / 1024;

/// A field of /proc/PID/status in KiB (VmHWM, VmRSS); 0 when absent.
inline std::size_t status_kib(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(field + ":", 0) == 0) {
            return std::stoul(line.substr(field.size() + 1));
        }
    }
    return 0;
}

/// EXPECT_LT(grown_kib, limit_kib), in builds where resident size means something.
inline void expect_within_bound(std::size_t grown_kib, std::size_t limit_kib) {
    if constexpr (rss_bounds_apply) {
        EXPECT_LT(grown_kib, limit_kib) << "KiB over the starting peak";
    } else {
        std::cout << "[ memory   ] ASan build: grew " << grown_kib / 1024 << " MiB (bound "
                  << limit_kib / 1024 << " MiB asserted in the release build only)\n";
    }
}

}  // namespace mcpgw::itest
