namespace mcpgw::backends {}
