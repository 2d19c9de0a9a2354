// Asio SSL's implementation, compiled once here (BOOST_ASIO_SEPARATE_COMPILATION) rather than in
// cmake/asio_impl.cpp, so only targets using TLS link OpenSSL.
#include <boost/asio/ssl/impl/src.hpp>
