// `crewstudio serve`'s command line: flags, their bounds, and what they become.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "studio/http_api.hpp"
#include "studio/settings.hpp"
#include "studio/storage.hpp"

namespace studio {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;
    bool auto_migrate = false;
    bool allow_unauthenticated = false;      // an open API on a non-loopback address, said aloud
    std::optional<std::string> tokens_file;  // --api-tokens-file, else CREWSTUDIO_API_TOKENS_FILE
    std::string log_format = "text";
    StorageOptions storage;
    ApiOptions api;
    Overrides overrides;
};

// Parses the arguments after "serve"; nullopt after printing the error (or --help) to err.
std::optional<ServeOptions> parse_serve_options(const std::vector<std::string>& args,
                                                std::ostream& err);

// Every option serve accepts (the parser rejects others), for shell completion.
const std::vector<std::string>& serve_options();

}  // namespace studio
