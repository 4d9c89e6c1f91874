// The backup tests' revisions, as a developer would write them by hand.
#include "tests/support/backup_chain.hpp"

#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

void revision(const std::filesystem::path& dir, const std::string& id, const std::string& parent,
              const std::string& upgrade, const std::string& downgrade) {
    write_file(dir / ("20261127_0000_" + id + "_step.yaml"),
               "revision: " + id + "\ndown_revision: " + parent + "\nmessage: step " + id +
                   "\ncreated_at: 2026-11-27T00:00:00Z\nupgrade:\n" + upgrade + "downgrade:\n" +
                   downgrade);
}

}  // namespace

void write_backup_chain(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    revision(dir, "bb0000000001", "null",
             "  - create_table: {name: items, columns: [{name: id, type: integer, nullable: "
             "false}, {name: name, type: string(50)}, {name: note, type: text}], primary_key: "
             "{name: pk_items, columns: [id]}}\n"
             "  - bulk_insert: {table: items, columns: [id, name, note], rows: [[1, a, x], [2, "
             "b, y]]}\n",
             "  - drop_table: {name: items}\n");
    revision(dir, "bb0000000002", "bb0000000001",
             "  - add_column: {table: items, column: {name: extra, type: integer}}\n",
             "  - drop_column: {table: items, name: extra}\n");
    revision(dir, "bb0000000003", "bb0000000002", "  - drop_column: {table: items, name: note}\n",
             "  - add_column: {table: items, column: {name: note, type: text}}\n");
    revision(dir, "bb0000000004", "bb0000000003",
             "  - alter_column: {table: items, column: name, to: {nullable: false}, from: "
             "{nullable: true}}\n",
             "  - alter_column: {table: items, column: name, to: {nullable: true}, from: "
             "{nullable: false}}\n");
}

}  // namespace testing_support
