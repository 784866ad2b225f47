// Culture texts (Name, Description, ... of a resource) and how they are read and written.
// Reading: a text in the application's culture falls back to the client's default culture, and
// Is<Text>Inherited says so. Writing: see apply_text_writes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "json/value.hpp"
#include "management/rule_context.hpp"
#include "registry/model.hpp"

namespace norced::management {

// The culture's own text, or nullptr.
const std::optional<std::string>* own_text(const registry::Entity& e, const std::string& culture, int slot);
// The text shown in `culture`: its own, else the default culture's.
std::optional<std::string> effective_text(const registry::Entity& e, const std::string& culture,
                                          const std::string& default_culture, int slot);
// True when `culture` shows the default culture's text for the slot.
bool is_inherited(const registry::Entity& e, const std::string& culture, const std::string& default_culture, int slot);

// Sets (or clears, with nullopt) a culture's own text.
void set_own_text(registry::Entity& e, const std::string& culture, int slot, std::optional<std::string> value,
                  size_t slot_count);

// Applies the text members of a write to `next` (which starts as the current entity on update):
//  1. each Cultures[] entry writes that culture's texts (the culture must be one of the client's);
//  2. Default<Text> writes the default culture's text;
//  3. <Text> writes the application's culture's text.
// For a non-default culture, a value sent with Is<Text>Inherited=true that equals the default text keeps the
// text inherited (a client that reads, edits other members and writes back must not turn fallbacks into
// copies). A null or missing value clears the culture's own text. Cultures[] entries leave the members they
// do not carry, and the cultures they do not list, unchanged. A top-level value equal to what `original` (the
// stored entity; null on insert) shows is no change and does not override a Cultures[] entry.
void apply_text_writes(RuleContext& ctx, const registry::Resource& r, const json::Value& body,
                       const registry::Entity* original, registry::Entity& next, std::vector<FieldError>& errors);

}  // namespace norced::management
