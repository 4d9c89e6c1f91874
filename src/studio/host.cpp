// The description crewstudio hands to migrate's command line.
#include "studio/host.hpp"

#include "studio/models.hpp"
#include "studio/serve.hpp"

#ifndef CREWSTUDIO_VERSION
#error "CREWSTUDIO_VERSION is set by src/studio/CMakeLists.txt"
#endif

namespace studio {

migrate::cli::Host host() {
    migrate::cli::Host h;
    h.program = "crewstudio";
    h.version = CREWSTUDIO_VERSION;
    h.summary = "crewstudio: the CrewAI Studio backend";
    h.help =
        "crewstudio serve runs the REST API; crewstudio db versions its database schema "
        "(docs/migrations.md).";
    h.settings.config_file = "crewstudio.toml";
    h.settings.default_url = "sqlite:///var/crewstudio.db";
    h.metadata = metadata;
    h.commands.push_back(serve_command());
    return h;
}

}  // namespace studio
