// The read clamp behind the wire cap (read_clamp.hpp): recv() on the clamped socket of this
// thread hands out at most the allowance, then EAGAIN; other sockets and other threads are
// untouched, and nothing changes once the clamp is gone.
#include <backends/postgres/read_clamp.hpp>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using mcpgw::backends::postgres::read_clamp;

struct socket_pair {
    int fd[2] = {-1, -1};
    socket_pair() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd), 0); }
    ~socket_pair() {
        ::close(fd[0]);
        ::close(fd[1]);
    }
    void fill(std::size_t n) {
        std::string data(n, 'x');
        ASSERT_EQ(::send(fd[1], data.data(), n, 0), static_cast<ssize_t>(n));
    }
};

TEST(PostgresReadClamp, CapsRecvOnTheClampedSocketOnly) {
    socket_pair a;
    socket_pair b;
    a.fill(1000);
    b.fill(1000);
    char buf[4096];
    {
        read_clamp clamp(a.fd[0], 300);
        EXPECT_EQ(::recv(a.fd[0], buf, sizeof buf, MSG_DONTWAIT), 300);
        errno = 0;
        EXPECT_EQ(::recv(a.fd[0], buf, sizeof buf, MSG_DONTWAIT), -1);
        EXPECT_EQ(errno, EAGAIN);
        EXPECT_EQ(clamp.used(), 300U);
        EXPECT_EQ(::recv(b.fd[0], buf, sizeof buf, MSG_DONTWAIT), 1000) << "another socket";
        ssize_t other_thread = 0;
        std::thread([&] {
            other_thread = ::recv(a.fd[0], buf, 100, MSG_DONTWAIT);
        }).join();
        EXPECT_EQ(other_thread, 100) << "the clamp is this thread's";
    }
    EXPECT_EQ(::recv(a.fd[0], buf, sizeof buf, MSG_DONTWAIT), 600) << "gone with the clamp";
}

TEST(PostgresReadClamp, PeekAndShortReadsCount) {
    socket_pair a;
    a.fill(100);
    char buf[64];
    read_clamp clamp(a.fd[0], 150);
    EXPECT_EQ(::recv(a.fd[0], buf, sizeof buf, MSG_DONTWAIT), 64);
    EXPECT_EQ(::recv(a.fd[0], buf, sizeof buf, MSG_DONTWAIT), 36);
    EXPECT_EQ(clamp.used(), 100U);
    errno = 0;
    EXPECT_EQ(::recv(a.fd[0], buf, sizeof buf, MSG_DONTWAIT), -1) << "nothing left to read";
    EXPECT_EQ(errno, EAGAIN);
}

}  // namespace
