// `crewstudio serve`'s own options (the settings flags are the command line's): declared on
// CLI11 with their bounds, into one struct.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

#include "studio/http_api.hpp"
#include "studio/storage.hpp"

namespace studio {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;
    bool auto_migrate = false;
    bool allow_unauthenticated = false;      // an open API on a non-loopback address, said aloud
    std::optional<std::string> tokens_file;  // --api-tokens-file, else CREWSTUDIO_API_TOKENS_FILE
    StorageOptions storage;
    ApiOptions api;
};

// Declares serve's options on app, filling options when the command line is parsed.
void declare_serve_options(CLI::App& app, const std::shared_ptr<ServeOptions>& options);

}  // namespace studio
