// Fuzzes the revision-file reader: any input parses or throws migrate::Error, nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "migrate/script/revision.hpp"
#include "migrate/support/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        auto revision = migrate::script::parse_revision(text, "fuzz.yaml");
        // What parses must render and parse again to the same operations.
        auto again = migrate::script::parse_revision(migrate::script::render_revision(revision),
                                                     "again.yaml");
        if (again.upgrade != revision.upgrade || again.downgrade != revision.downgrade)
            __builtin_trap();
    } catch (const migrate::Error&) {
    }
    return 0;
}
