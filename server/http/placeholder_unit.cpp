// Removed once the HTTP layer lands.
namespace mcpgw::server {}
