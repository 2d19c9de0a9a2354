#include "read_clamp.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <dlfcn.h>
#include <sys/socket.h>
#include <sys/types.h>

namespace mcpgw::backends::postgres {
namespace {

struct clamp_state {
    int fd = -1;
    std::size_t left = 0;
    std::size_t used = 0;
};

thread_local clamp_state active;

using recv_fn = ssize_t (*)(int, void*, std::size_t, int);

recv_fn next_recv() {
    static const recv_fn fn = [] {
        void* sym = ::dlsym(RTLD_NEXT, "recv");
        recv_fn f = nullptr;
        std::memcpy(&f, &sym, sizeof f);  // object pointer to function pointer, as POSIX allows
        return f;
    }();
    return fn;
}

}  // namespace

read_clamp::read_clamp(int fd, std::size_t allowance) {
    active = {fd, allowance, 0};
}

read_clamp::~read_clamp() {
    active = {};
}

std::size_t read_clamp::used() const {
    return active.used;
}

}  // namespace mcpgw::backends::postgres

extern "C" ssize_t recv(int fd, void* buf, std::size_t len, int flags) {
    using mcpgw::backends::postgres::active;
    const bool clamped = fd >= 0 && fd == active.fd;
    if (clamped) {
        if (active.left == 0) {
            errno = EAGAIN;
            return -1;
        }
        len = std::min(len, active.left);
    }
    auto real = mcpgw::backends::postgres::next_recv();
    if (real == nullptr) {
        errno = ENOSYS;
        return -1;
    }
    ssize_t n = real(fd, buf, len, flags);
    if (clamped && n > 0) {
        active.left -= static_cast<std::size_t>(n);
        active.used += static_cast<std::size_t>(n);
    }
    return n;
}
