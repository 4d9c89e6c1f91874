// Large operation lists of a revision file, found in its text so that they can be parsed one
// item at a time: yaml-cpp's document tree costs about 50 times the text it holds.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace migrate::script {

// One top-level block list ("upgrade:" followed by "  - ..." items) as line ranges of the text.
struct OperationList {
    std::size_t key_line = 0;                                // 0-based line of "upgrade:"
    std::vector<std::pair<std::size_t, std::size_t>> items;  // [first, last) lines of each item
};

struct SplitRevisionText {
    // The file with each split list's key line replaced by "<key>: []" and its items blanked
    // (line numbers unchanged): the header and everything else, parsed as before.
    std::string rest;
    std::optional<OperationList> upgrade, downgrade;
    std::vector<std::string> lines;  // the file's lines, for the items
};

// Splits the upgrade and downgrade lists when the file is larger than threshold bytes and
// each list is a plain block sequence; anything unusual is left in rest, parsed whole.
SplitRevisionText split_operation_lists(const std::string& text, std::size_t threshold);

// An item's text alone; its line numbers are relative to item.first.
std::string item_text(const SplitRevisionText& split, std::pair<std::size_t, std::size_t> item);

}  // namespace migrate::script
