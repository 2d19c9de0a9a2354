namespace mcpgw::resilience {}
