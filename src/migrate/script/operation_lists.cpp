// split_operation_lists: a line scanner for the shape revision files are written in.
#include "migrate/script/operation_lists.hpp"

namespace migrate::script {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::size_t indent_of(const std::string& line) {
    std::size_t n = 0;
    while (n < line.size() && line[n] == ' ') ++n;
    return n;
}

bool blank_or_comment(const std::string& line) {
    std::size_t n = indent_of(line);
    return n == line.size() || line[n] == '#';
}

// The block list under lines[key] ("upgrade:" alone on its line), or nullopt when the list
// is in another style (flow, or items at column 0) and must be parsed whole.
std::optional<OperationList> block_list(const std::vector<std::string>& lines, std::size_t key) {
    OperationList list;
    list.key_line = key;
    std::size_t item_indent = 0;
    std::size_t i = key + 1;
    for (; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (blank_or_comment(line)) continue;
        std::size_t n = indent_of(line);
        if (n == 0) break;  // the next top-level key
        bool starts_item = line.compare(n, 2, "- ") == 0 || line.substr(n) == "-";
        if (item_indent == 0) {
            if (!starts_item) return std::nullopt;
            item_indent = n;
        }
        if (n < item_indent) return std::nullopt;
        if (n == item_indent) {
            if (!starts_item) return std::nullopt;
            if (!list.items.empty()) list.items.back().second = i;
            list.items.push_back({i, i + 1});
        }
    }
    if (list.items.empty()) return std::nullopt;
    // The last item runs to the next key, less the blank lines and comments before it.
    std::size_t end = i;
    while (end > list.items.back().first + 1 && blank_or_comment(lines[end - 1])) --end;
    list.items.back().second = end;
    return list;
}

}  // namespace

SplitRevisionText split_operation_lists(const std::string& text, std::size_t threshold) {
    SplitRevisionText split;
    if (text.size() <= threshold) {
        split.rest = text;
        return split;
    }
    split.lines = split_lines(text);
    std::vector<std::string> rest = split.lines;
    for (std::size_t i = 0; i < split.lines.size(); ++i) {
        const std::string& line = split.lines[i];
        const bool up = line == "upgrade:", down = line == "downgrade:";
        if (!up && !down) continue;
        auto& slot = up ? split.upgrade : split.downgrade;
        if (slot) continue;  // a duplicate key: the whole-file parse reports it
        auto list = block_list(split.lines, i);
        if (!list) continue;
        rest[i] = line + " []";
        for (const auto& [first, last] : list->items)
            for (std::size_t j = first; j < last; ++j) rest[j].clear();
        slot = std::move(list);
    }
    for (std::size_t i = 0; i < rest.size(); ++i) {
        split.rest += rest[i];
        if (i + 1 < rest.size()) split.rest += '\n';
    }
    return split;
}

std::string item_text(const SplitRevisionText& split, std::pair<std::size_t, std::size_t> item) {
    std::string text;
    for (std::size_t j = item.first; j < item.second; ++j) text += split.lines[j] + "\n";
    return text;
}

}  // namespace migrate::script
