#pragma once
// Tiny binary payloads the fixtures return (generated for this project, valid files).

#include <string_view>

namespace mcpgw::backends::conformance {

/// A 1x1 red PNG.
inline constexpr std::string_view png_base64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP4z8AAAAMBAQD3A0FDAAAAAElFTkSuQmCC";

/// A WAV file: 8 kHz mono 16-bit PCM, four samples of silence.
inline constexpr std::string_view wav_base64 =
    "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQgAAAAAAAAAAAAAAA==";

}  // namespace mcpgw::backends::conformance
