// The items of an import body, as the two kinds of real clients send them: a JSON array (`[ {...}, {...} ]`,
// the docs' form) or objects written back to back with no brackets or commas (the official .NET RestHelper's
// EnumeratorStream). The body is scanned once, item by item: each item is parsed on its own to check it and
// then dropped, so the largest parse tree held is one item's, never the whole body's.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "core/problem.hpp"
#include "json/value.hpp"

namespace norced::connect {

struct ItemScanOptions {
  size_t max_depth = 64;  // nesting within one item
};

// Calls `each(raw, value)` for every item, in order, with the item's exact text and its parse (which the
// callee may keep: it is the callee's to move). An item that is not a JSON object,
// malformed JSON, or anything between items but white space (and, in an array, one comma) is a 400 Problem
// naming the item by its position ("items[3]") and saying what is wrong. An empty body, `[]`, or white space
// only is zero items.
Status scan_items(std::string_view body, const std::function<void(std::string_view raw, json::Value& value)>& each,
                  const ItemScanOptions& options = {});
// The same scan and the same 400s, calling `each(raw)` without building a parse tree (json::validate): what
// the accept path needs, which keeps only the items' text.
Status check_items(std::string_view body, const std::function<void(std::string_view raw)>& each,
                   const ItemScanOptions& options = {});

}  // namespace norced::connect
