// A four-revision chain for backup tests: what each revision does, and which lose data.
#pragma once

#include <filesystem>
#include <string>

namespace testing_support {

// Writes into dir (created):
//   bb01 create_table items (id, name, note) + bulk_insert two rows    -- keeps data
//   bb02 add_column items.extra                                        -- keeps data
//   bb03 drop_column items.note                                        -- loses data
//   bb04 alter_column items.name nullable false (a rebuild on SQLite)  -- SQLite rebuild
// Downgrades: bb04 alters back, bb03 adds note back, bb02 drops extra (loses data), bb01
// drops the table (loses data).
void write_backup_chain(const std::filesystem::path& dir);

}  // namespace testing_support
